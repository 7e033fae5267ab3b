"""ACLED's actor types ("inter" codes) and the type of their interaction.

ACLED files every actor under one of eight types. Its exports since 2023 write
them as text in ``inter1``/``inter2`` ("State forces", "Rebel group", ...) and
the pair in ``interaction`` ("State forces-Rebel group", "Protesters only");
older exports and many scripts use the numbers (1-8; 12, 60, ...).

The type of a named actor comes from the same data that names it
(``data/actors.json`` plus ``$EVENTLEDGER_ACTORS``): a group's ``inter``, a
class of actors ("Protesters ({country})": 6), a state's forces (1, or 8 when
they act outside their own country, as ACLED files foreign forces), a named
military operation or mission abroad (8).

    types = ActorTypes.load()
    types.code("Military Forces of the United States (2021-)", "Afghanistan")  # 8
    interaction_label(1, 2)   # 'State forces-Rebel group'
"""
from __future__ import annotations

import re
from functools import lru_cache

from eventledger.normalise.actors import ActorResolver

LABELS = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
CIVILIANS = 7
_PAIR = " and/or "
_PLACEHOLDER = re.compile(r"\{(country|name)\}")
_COUNTRY_SUFFIX = " ({country})"


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's numeric interaction: the two codes, lower first (1 and 3: 13); one actor alone: 10, 20, ..."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def interaction_label(inter1: int | None, inter2: int | None) -> str | None:
    """ACLED's text interaction: "State forces-Rebel group", "Protesters only".

    Types are written in code order, except that civilians always come last
    ("External/Other forces-Civilians" is ACLED's 78).
    """
    codes = sorted((c for c in (inter1, inter2) if c), key=lambda c: (c == CIVILIANS, c))
    if not codes:
        return None
    if len(codes) == 1:
        return f"{LABELS[codes[0]]} only"
    return "-".join(LABELS[c] for c in codes)


class ActorTypes:
    """The ACLED type (1-8) of an actor name, read from the actor data."""

    def __init__(self, resolver: ActorResolver) -> None:
        self._exact: dict[str, tuple[int, str | None]] = {}
        self._patterns: list[tuple[re.Pattern[str], int]] = []
        for group in resolver.groups.values():
            if not group.inter:
                continue
            names = {group.name} if group.name else set()
            for dated in ([group.names] if group.names else []) + list(group.by_country.values()):
                names.update(name for _start, _end, name in dated)
            for name in names:
                self._add(name, group.inter, group.country)
        for cls in resolver.classes.values():
            if cls.get("inter"):
                for template in (cls.get("name"), cls.get("named")):
                    if template:
                        self._add(template, cls["inter"], None)
        self._state_country: dict[str, str] = {}
        self._faction_inter: dict[tuple[str, str], int] = {}
        for country, info in resolver.countries.items():
            self._state_country[info.actor_name] = country
            self._state_country.setdefault(country, country)
            for operation in info.operations.values():
                self._exact.setdefault(operation, (8, None))
            for _faction, (_periods, suffix, inter) in info.factions.items():
                if inter and isinstance(suffix, str):
                    self._faction_inter[(country, suffix)] = inter
        prefixes = sorted({t.split("{country}")[0].strip() for t in resolver.templates.values()}, key=len, reverse=True)
        self._state = re.compile(
            r"^(?:" + "|".join(re.escape(p) for p in prefixes) + r")\s+(?P<country>.+?)"
            r"(?:\s+\((?P<period>[^)]*)\))?(?:\s+(?P<suffix>.+))?$"
        ) if prefixes else None

    @classmethod
    def load(cls) -> "ActorTypes":
        """From the bundled actor data and ``$EVENTLEDGER_ACTORS`` (cached as the resolver is)."""
        return _types_of(ActorResolver.load())

    def _add(self, name: str, inter: int, home: str | None) -> None:
        if not _PLACEHOLDER.search(name):
            self._exact.setdefault(name, (inter, home))
            return
        # "Protesters ({country})" is also written "Protesters" when no country is known
        pattern = ""
        rest = name
        optional_country = rest.endswith(_COUNTRY_SUFFIX)
        if optional_country:
            rest = rest[: -len(_COUNTRY_SUFFIX)]
        for piece in _PLACEHOLDER.split(rest):
            if piece in ("country", "name"):
                pattern += ".+?"
            else:
                pattern += re.escape(piece)
        if optional_country:
            pattern += r"(?: \(.+\))?"
        self._patterns.append((re.compile(f"^{pattern}$"), inter))

    def code(self, actor: str | None, event_country: str | None = None) -> int | None:
        """The actor's type in an event in ``event_country``; None when the data does not know the name."""
        if not actor:
            return None
        if _PAIR in actor:  # "A and/or B": ACLED files the pair under the first one's type
            codes = [self.code(part, event_country) for part in actor.split(_PAIR)]
            return next((c for c in codes if c), None)
        found = self._exact.get(actor)
        if found is not None:
            return found[0]
        state = self._state.match(actor) if self._state else None
        if state is not None:
            country = self._state_country.get(state.group("country"), state.group("country"))
            inter = self._faction_inter.get((country, state.group("suffix") or ""), 1)
            # a state's forces outside their own country are ACLED's external forces
            if event_country and country != event_country and inter == 1:
                return 8
            return inter
        for pattern, inter in self._patterns:
            if pattern.match(actor):
                return inter
        return None


@lru_cache(maxsize=4)
def _types_of(resolver: ActorResolver) -> ActorTypes:
    return ActorTypes(resolver)
