"""Name actors as ACLED names them.

The extractor finds actor *phrases* ("Afghan National Army soldiers", "the
Taliban", "unidentified gunmen", "Kabul") and asks :class:`ActorResolver` for the
ACLED actor behind each one::

    resolver = ActorResolver.load()
    ctx = resolver.document_context(document_text, country="Afghanistan")
    resolver.resolve("insurgents", "2021-07-06", ctx)
    # Actor(name='Taliban', kind='rebel', inter=2, country='Afghanistan', generic=True, ...)
    resolver.resolve("U.S. troops", "2021-07-06", ctx).name
    # 'Military Forces of the United States (2021-)'

ACLED's naming conventions that the data encodes
------------------------------------------------
* State forces are named by country and the regime in power:
  ``Military Forces of {country} ({period})``, ``Police Forces of ...``,
  ``Government of ...``; the period is the years of the head of state,
  government or ruling party, e.g. ``(2014-2021)`` for Ghani's Afghanistan.
  Units ACLED names separately get a suffix
  (``Police Forces of India (2014-) Border Security Force``); a rival
  authority is a faction of the state (``Military Forces of Yemen (2017-) Houthi``).
* A period is written open (``2021-``) until the regime ends. ACLED rewrites
  the names when it closes a period, so what a name looks like depends on
  when the data was exported. ``naming_as_of`` fixes that date: periods that
  ended after it are written open. The bundled value (2022-01-01) matches the
  names of late 2021 (Afghanistan ``2014-2021`` closed, United States ``2021-``
  and Pakistan ``2018-`` open); ``"latest"`` closes every period the data knows.
* Security forces count as military unless police are named; border guards
  are police unless a country's units say otherwise (Bangladesh's BGB is coded
  as military).
* Non-state groups are named as ACLED lists them (``Al Shabaab``,
  ``JNIM: Jama'at Nasr al-Islam wal Muslimin``); the Islamic State takes the
  name of its branch in the event's country (``Islamic State (Afghanistan)``).
* Unattributed armed men are ``Unidentified Armed Group ({country})``;
  people are ``Civilians ({country})``, crowds ``Protesters``/``Rioters ({country})``,
  and the specific group goes to the associated actor
  (``Journalists ({country})``, ``Labour Group ({country})``, ...).

The data file (``eventledger/data/actors.json``)
-----------------------------------------------
A user file is merged over the bundled one, either with
``ActorResolver.load(extra=[path])`` or the ``EVENTLEDGER_ACTORS`` environment
variable (paths separated by ``os.pathsep``). JSON or TOML. A minimal one::

    {
      "groups": [
        {"name": "Jaysh al-Fatah", "aliases": ["Army of Conquest", "Jaish al-Fateh"],
         "kind": "rebel", "inter": 2, "country": "Syria", "generic": ["insurgent", "islamist"]}
      ],
      "countries": {
        "Peru": {"periods": [{"from": "2023-01-01"}]}
      }
    }

Merging rules: a group with the same ``id`` (or, without one, the same
``name``) as a bundled group updates it; lists (aliases, cues) are extended
and single values replaced. A country's fields replace the bundled ones,
except that lists of names (adjectives, capitals, ...) are extended;
``periods`` are always replaced. Cue lists are extended.

Group fields: ``name`` (ACLED name; may contain ``{country}``), ``aliases``
(matched case-insensitively, plurals and hyphens tolerated), ``cased``
(acronyms matched only in capitals, e.g. ``IS``), ``kind``, ``inter``,
``country``, ``generic`` (names of ``generic_sets`` whose words may refer to
the group: "insurgent", "islamist", ...), and optionally ``names`` (dated names
``[{"to": date, "name": ...}, {"from": date, "name": ...}]``), ``default``
(true: what the group's generic words mean in its country when a report names
no group, e.g. Mozambique's "Islamic militants"), ``by_country``
(name per event country) and ``as_state`` (``{"country", "faction"?, "from"?,
"to"?, "kinds"?}``: in that window the group *is* the state, e.g. the Taliban
from 2021-08-15).

Country fields: ``actor_name`` ("the United States"), ``names``,
``cased``, ``adjectives``, ``people`` (plural nouns: "Afghans"), ``capitals``
(metonyms: "Kabul" for the government), ``leaders``, ``periods``
(``{"from": "YYYY-MM-DD", "to"?: exclusive end, "suffix"?: str or
{kind: str}, "start_label"?, "named_before"?}``; ``named_before``
(``{"date", "start_label"?, "suffix"?}``) is how exports made before that date
named the period, e.g. ACLED's "(2016-) Supreme Political Council" for what
later exports call "(2017-) Houthi"), ``units`` (``{"kind", "aliases", "cased"?,
"suffix"?, "faction"?, "local"?}``: named forces such as "Afghan National Police";
``local`` units, whose names are common nouns elsewhere, apply only to events
in their country, e.g. Brazil's "military police") and
``factions`` (rival authorities with their own ``periods`` and ``suffix``) and
``operations`` (``{event country: name}``: the operation ACLED names the
country's forces by when they act there, e.g. Saudi forces in Yemen).

Class fields (``classes``: the actors ACLED names by kind, not by name):
``name`` (with ``{country}``), ``kind``, ``inter``, ``cues``, and optionally
``named`` (the name when a proper name comes right before a cue, with
``{name}``: "Al Hayash tribesmen" are the "Al Hayash Tribal Militia (Yemen)")
and ``not_names`` (words that are no such name: "Sunni tribesmen").

``pairs``: the names ACLED gives an act of one of two groups, "A and/or B",
in its own order whichever way a report puts them.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date as _date
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from unidecode import unidecode

BUNDLED_DATA = Path(__file__).resolve().parent.parent / "data" / "actors.json"
ENV_VAR = "EVENTLEDGER_ACTORS"

KINDS = (
    "state_military", "state_police", "government", "rebel", "militia", "identity_militia",
    "rioters", "protesters", "civilians", "unidentified", "external",
)
STATE_KINDS = ("state_military", "state_police", "government")
ROLES = ("rioters", "protesters", "civilians")

# Words after a country that make it someone else's sponsor, not the actor:
# "American-trained Afghan units" are Afghan.
_SPONSOR_WORDS = frozenset(
    "backed trained led funded supported sponsored allied aligned armed equipped installed".split()
)
# a group named as another's patron ("Al Qaeda-linked", "IS-affiliated") is not told acting
_AFFILIATION_WORDS = _SPONSOR_WORDS | frozenset("linked affiliated affiliate inspired loyal allegiance".split())
# a country's money ("the US dollar", "the Lebanese pound") is priced everywhere
_CURRENCY_WORDS = frozenset(
    "dollar dollars pound pounds lira liras euro euros rupee rupees rouble roubles ruble rubles "
    "dinar dinars rial rials riyal riyals yuan peso pesos currency".split()
)
# A relative clause or a time clause ends the noun phrase: in "people who tried
# to force their way" the word "force" is a verb, not the military.
_CLAUSE_WORDS = frozenset(
    "who which that whom whose where when while after before because until since".split()
)
_IRREGULAR = {"men": "man", "children": "child", "people": "people", "police": "police", "mujahideen": "mujahideen"}
_NO_STEM = frozenset({"hamas", "news", "gas", "bus", "abbas", "paris", "texas", "analysis", "us", "isis", "jas"})


class ActorDataError(ValueError):
    """An actor data file is malformed; the message names the file."""


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as ACLED names it.

    ``generic`` is True when the phrase did not name the actor itself and the
    name was completed from the document (the dominant group for "insurgents",
    the document's country for "security forces" or "residents").
    ``associated`` is the assoc_actor ACLED would add ("Journalists (India)"
    for "journalists"); ``flags`` notes guesses, e.g. ``"no-period"`` when the
    data has no regime period for the country.
    """

    name: str
    kind: str
    inter: int | None
    country: str | None
    generic: bool
    associated: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorContext:
    """What a document says about who is around: the country and named groups.

    ``mentions`` holds ``(group id, count, first offset)`` for every named
    group in the text; ``countries`` holds ``(country, count)``. Hashable, so
    resolutions can be cached per document.
    """

    country: str | None
    mentions: tuple[tuple[str, int, int], ...] = ()
    countries: tuple[tuple[str, int], ...] = ()

    def count(self, group_id: str) -> int:
        """How often the group with this id is mentioned."""
        return next((n for gid, n, _ in self.mentions if gid == group_id), 0)


# --------------------------------------------------------------------------
# Text helpers


# The nouns that head an armed organisation's name, and the kind of actor ACLED
# makes of it: "X Liberation Front" rebels, "616 Brigade" a militia, "X Cartel" a gang
_ORGANISATION_KINDS = {
    "front": "rebel", "movement": "rebel", "liberation": "rebel", "resistance": "rebel", "mujahideen": "rebel",
    "jihad": "rebel", "insurgency": "rebel", "tigers": "rebel", "rebellion": "rebel",
    "army": "rebel", "brigade": "militia", "battalion": "militia", "regiment": "militia", "force": "militia",
    "forces": "militia", "militia": "militia", "guard": "militia", "guards": "militia", "unit": "militia",
    "division": "militia", "corps": "militia", "commando": "militia", "squad": "militia", "legion": "militia",
    "defenders": "militia", "vigilantes": "militia", "vigilante": "militia",
    "cartel": "gang", "gang": "gang", "mafia": "gang", "syndicate": "gang", "clan": "gang", "posse": "gang",
}

# the nouns that end an armed organisation's name ("... Brigade", "... Front")
ORGANISATION_HEADS = frozenset(_ORGANISATION_KINDS)
# words a state names its own units with ("Rapid Reaction Force", "Presidential
# Guard", "Joint Task Force"): a name made only of these, the file's cues, numbers
# and connectors is no organisation's own name
_STATE_UNIT_WORDS = frozenset("""
national republican presidential royal federal special elite rapid quick reaction response intervention task joint
air naval marine mobile reserve auxiliary interior internal border coast security defence defense armed military
police army territorial regional state local provincial district central tactical strike infantry mechanized
mechanised armoured armored airborne mountain operations operational support protection counter anti terrorism
counterterrorism terrorist intelligence guard guards unit units command government revolutionary people peoples
popular islamic democratic united nations international coalition allied peacekeeping multinational first second
third fourth fifth sixth seventh eighth ninth tenth north south east west northern southern eastern western
""".split())


def _singular(word: str) -> str:
    """A crude singular, good enough to match "forces"/"force", "militias"/"militia"."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _NO_STEM or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_ACRONYM_DOTS = re.compile(r"(?<![A-Za-z])((?:[A-Z]\.){2,})")
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s?\b")
_TOKEN = re.compile(r"[A-Za-z0-9]+")


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _plain(text: str) -> str:
    """The text tokens are read from: transliterated, "U.S." as "US" and
    possessives blanked (both rewrites keep the length)."""
    # only the non-ASCII stretches go through unidecode (it maps ASCII to
    # itself, one character at a time): a report is ASCII but for its quotes
    text = _NON_ASCII.sub(lambda m: unidecode(m.group(0)), text)
    text = _ACRONYM_DOTS.sub(lambda m: m.group(1).replace(".", "") + " " * m.group(1).count("."), text)
    return _POSSESSIVE.sub(lambda m: " " * len(m.group(0)), text)


def _tokenize(text: str) -> tuple[list[str], list[str], list[int]]:
    """Tokens as written (for acronyms), normalised keys, and start offsets.

    "U.S.-backed Afghan soldiers' base" -> written ["US", "backed", "Afghan",
    "soldiers", "base"], keys ["us", "backed", "afghan", "soldier", "base"].
    Offsets refer to ``_plain(text)``, which has the same length as the input
    for almost all text.
    """
    return _tokens(_plain(text))


def _tokens(plain: str) -> tuple[list[str], list[str], list[int]]:
    written, keys, starts = [], [], []
    for m in _TOKEN.finditer(plain):
        tok = m.group(0)
        written.append(tok)
        keys.append(_singular(tok.lower()))
        starts.append(m.start())
    return written, keys, starts


def _phrase_keys(text: str, cased: bool = False) -> tuple[str, ...]:
    written, keys, _ = _tokenize(text)
    return tuple(written if cased else keys)


def _parse_date(value: str | _date | None) -> _date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; a partial date stands for its middle."""
    if value is None or value == "":
        return None
    if isinstance(value, _date):
        return value
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[T ].*)?\s*", str(value))
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is None:
        return _date(year, 7, 1)
    if day is None:
        return _date(year, int(month), 15)
    return _date(year, int(month), int(day))


def _strict_date(value: Any, where: str) -> _date:
    try:
        return _date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def _in_window(day: _date | None, start: _date | None, end: _date | None) -> bool:
    """Whether a day falls in [start, end); no day means 'now', after every start."""
    if day is None:
        return end is None
    return (start is None or day >= start) and (end is None or day < end)


# --------------------------------------------------------------------------
# Loading, validating and merging data files


def _read_file(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ActorDataError(f"{path}: cannot read actor data ({exc.strerror or exc})") from None
    try:
        if path.suffix.lower() == ".toml":
            import tomllib  # only users with TOML files pay for the import

            data = tomllib.loads(raw.decode("utf-8"))
        else:
            data = json.loads(raw.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise ActorDataError(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except UnicodeDecodeError:
        raise ActorDataError(f"{path}: not UTF-8 text") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise ActorDataError(f"{path}: invalid TOML: {exc}") from None
    if not isinstance(data, dict):
        raise ActorDataError(f"{path}: actor data must be an object with keys such as 'groups' and 'countries'")
    try:
        _validate(data)
    except ValueError as exc:
        raise ActorDataError(f"{path}: {exc}") from None
    return data


def _expect_str_list(value: Any, where: str) -> None:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValueError(f"{where} must be a list of strings")


def _validate_dated_names(value: Any, where: str) -> None:
    if isinstance(value, str):
        return
    if not isinstance(value, list):
        raise ValueError(f"{where} must be a name or a list of {{'from'?, 'to'?, 'name'}}")
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ValueError(f"{where}[{i}] needs a 'name'")
        for key in ("from", "to"):
            if key in item:
                _strict_date(item[key], f"{where}[{i}].{key}")


def _validate(data: dict[str, Any]) -> None:
    """Check the shape of a data file; raise ValueError with a short reason."""
    groups = data.get("groups", [])
    if not isinstance(groups, list):
        raise ValueError("'groups' must be a list")
    for i, group in enumerate(groups):
        where = f"groups[{i}]"
        if not isinstance(group, dict):
            raise ValueError(f"{where} must be an object")
        label = group.get("id") or group.get("name")
        if label:
            where = f"group {label!r}"
        if group.get("name") is not None and not isinstance(group["name"], str):
            raise ValueError(f"{where}: 'name' must be a string")
        if not (group.get("id") or group.get("name")):
            raise ValueError(f"{where} needs a 'name' (or an 'id' naming a bundled group)")
        for key in ("aliases", "cased", "generic"):
            if key in group:
                _expect_str_list(group[key], f"{where}: '{key}'")
        if not isinstance(group.get("default", False), bool):
            raise ValueError(f"{where}: 'default' must be true or false")
        if "kind" in group and group["kind"] not in KINDS:
            raise ValueError(f"{where}: kind {group['kind']!r} is not one of {', '.join(KINDS)}")
        inter = group.get("inter")
        if inter is not None and (not isinstance(inter, int) or isinstance(inter, bool) or not 1 <= inter <= 8):
            raise ValueError(f"{where}: 'inter' must be an ACLED inter code 1-8")
        if "names" in group:
            _validate_dated_names(group["names"], f"{where}: 'names'")
        if "by_country" in group:
            if not isinstance(group["by_country"], dict):
                raise ValueError(f"{where}: 'by_country' must map countries to names")
            for country, names in group["by_country"].items():
                _validate_dated_names(names, f"{where}: by_country[{country!r}]")
        state = group.get("as_state")
        if state is not None:
            if not isinstance(state, dict) or not isinstance(state.get("country"), str):
                raise ValueError(f"{where}: 'as_state' needs a 'country'")
            for key in ("from", "to"):
                if key in state:
                    _strict_date(state[key], f"{where}: as_state.{key}")
    countries = data.get("countries", {})
    if not isinstance(countries, dict):
        raise ValueError("'countries' must be an object keyed by country name")
    for name, country in countries.items():
        where = f"country {name!r}"
        if not isinstance(country, dict):
            raise ValueError(f"{where} must be an object")
        for key in ("names", "cased", "adjectives", "people", "capitals", "leaders"):
            if key in country:
                _expect_str_list(country[key], f"{where}: '{key}'")
        _validate_periods(country.get("periods", []), where)
        for j, unit in enumerate(country.get("units", [])):
            if not isinstance(unit, dict) or unit.get("kind") not in STATE_KINDS:
                raise ValueError(f"{where}: units[{j}] needs a 'kind' of {', '.join(STATE_KINDS)}")
            _expect_str_list(unit.get("aliases", []), f"{where}: units[{j}].aliases")
            if not isinstance(unit.get("local", False), bool):
                raise ValueError(f"{where}: units[{j}].local must be true or false")
        operations = country.get("operations", {})
        if not isinstance(operations, dict) or not all(isinstance(v, str) and v for v in operations.values()):
            raise ValueError(f"{where}: 'operations' must map event countries to names")
        factions = country.get("factions", {})
        if not isinstance(factions, dict):
            raise ValueError(f"{where}: 'factions' must be an object")
        for fname, faction in factions.items():
            if not isinstance(faction, dict):
                raise ValueError(f"{where}: faction {fname!r} must be an object")
            _validate_periods(faction.get("periods", []), f"{where}: faction {fname!r}")
    pairs = data.get("pairs", [])
    _expect_str_list(pairs, "'pairs'")
    for pair in pairs:
        if len(pair.split(" and/or ")) != 2:
            raise ValueError(f"pairs: {pair!r} must be two actor names joined by ' and/or '")
    for key in ("state_cues", "cues", "generic_sets"):
        section = data.get(key, {})
        if not isinstance(section, dict):
            raise ValueError(f"'{key}' must be an object of word lists")
        for name, words in section.items():
            _expect_str_list(words, f"{key}.{name}")
    classes = data.get("classes", {})
    if not isinstance(classes, dict):
        raise ValueError("'classes' must be an object")
    for name, cls in classes.items():
        if not isinstance(cls, dict):
            raise ValueError(f"classes.{name} must be an object")
        if "kind" in cls and cls["kind"] not in KINDS:
            raise ValueError(f"classes.{name}: kind {cls['kind']!r} is not one of {', '.join(KINDS)}")
        if "cues" in cls:
            _expect_str_list(cls["cues"], f"classes.{name}.cues")
        if "named" in cls and (not isinstance(cls["named"], str) or "{name}" not in cls["named"]):
            raise ValueError(f"classes.{name}.named must be a string with {{name}} in it")
        if "not_names" in cls:
            _expect_str_list(cls["not_names"], f"classes.{name}.not_names")
    associated = data.get("associated", [])
    if not isinstance(associated, list):
        raise ValueError("'associated' must be a list")
    for i, item in enumerate(associated):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ValueError(f"associated[{i}] needs a 'name'")
        _expect_str_list(item.get("cues", []), f"associated[{i}].cues")
    if "templates" in data and not isinstance(data["templates"], dict):
        raise ValueError("'templates' must be an object")
    as_of = data.get("naming_as_of")
    if as_of is not None and as_of != "latest":
        _strict_date(as_of, "naming_as_of")
    if "other_countries" in data:
        _expect_str_list(data["other_countries"], "other_countries")


def _validate_periods(periods: Any, where: str) -> None:
    if not isinstance(periods, list):
        raise ValueError(f"{where}: 'periods' must be a list")
    for j, period in enumerate(periods):
        if not isinstance(period, dict) or "from" not in period:
            raise ValueError(f"{where}: periods[{j}] needs a 'from' date")
        start = _strict_date(period["from"], f"{where}: periods[{j}].from")
        if "to" in period and _strict_date(period["to"], f"{where}: periods[{j}].to") <= start:
            raise ValueError(f"{where}: periods[{j}] ends before it starts")
        former = period.get("named_before")
        if former is not None:
            if not isinstance(former, dict) or "date" not in former:
                raise ValueError(f"{where}: periods[{j}].named_before needs a 'date'")
            _strict_date(former["date"], f"{where}: periods[{j}].named_before.date")


def _extend(base: list, extra: list) -> list:
    seen = set(map(json.dumps, base))
    return base + [x for x in extra if json.dumps(x) not in seen]


def _merge_fields(base: dict, extra: dict, replace: Iterable[str] = ()) -> dict:
    """Lists are extended, everything else replaced (unless listed in ``replace``)."""
    merged = dict(base)
    for key, value in extra.items():
        if key not in replace and isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = _extend(merged[key], value)
        else:
            merged[key] = value
    return merged


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key in ("naming_as_of", "format", "about"):
        if key in extra:
            merged[key] = extra[key]
    merged["templates"] = {**base.get("templates", {}), **extra.get("templates", {})}
    for key in ("state_cues", "cues", "generic_sets"):
        section = {k: list(v) for k, v in base.get(key, {}).items()}
        for name, words in extra.get(key, {}).items():
            section[name] = _extend(section.get(name, []), words)
        merged[key] = section
    classes = dict(base.get("classes", {}))
    for name, cls in extra.get("classes", {}).items():
        classes[name] = _merge_fields(classes.get(name, {}), cls)
    merged["classes"] = classes
    associated = [dict(a) for a in base.get("associated", [])]
    for item in extra.get("associated", []):
        same = next((a for a in associated if a["name"] == item["name"]), None)
        if same is None:
            associated.append(dict(item))
        else:
            same.update(_merge_fields(same, item))
    merged["associated"] = associated
    groups = [dict(g) for g in base.get("groups", [])]
    for group in extra.get("groups", []):
        same = next(
            (g for g in groups if (group.get("id") and g.get("id") == group["id"])
             or (not group.get("id") and group.get("name") and g.get("name") == group["name"])),
            None,
        )
        if same is None:
            groups.append(dict(group))
        else:
            same.update(_merge_fields(same, group))
    merged["groups"] = groups
    countries = dict(base.get("countries", {}))
    for name, country in extra.get("countries", {}).items():
        countries[name] = _merge_fields(countries.get(name, {}), country, replace=("periods",))
    merged["countries"] = countries
    merged["other_countries"] = _extend(list(base.get("other_countries", [])), extra.get("other_countries", []))
    merged["pairs"] = _extend(list(base.get("pairs", [])), extra.get("pairs", []))
    return merged


# --------------------------------------------------------------------------
# Compiled data


@dataclass(frozen=True, slots=True)
class _Period:
    start: _date
    end: _date | None  # exclusive
    suffix: str | dict | None = None
    start_label: str | None = None
    named_before: dict | None = None  # {"date": date, "start_label"?, "suffix"?}

    def former(self, as_of: _date | None) -> dict:
        """The older naming that applies at the naming date, if any."""
        if self.named_before and as_of is not None and as_of < self.named_before["date"]:
            return self.named_before
        return {}

    def label(self, as_of: _date | None) -> str:
        """"2014-2021" once the period has ended (as of the naming date), else "2014-"."""
        first = self.former(as_of).get("start_label") or self.start_label or str(self.start.year)
        if self.end is not None and (as_of is None or self.end <= as_of):
            return f"{first}-{(self.end - timedelta(days=1)).year}"
        return f"{first}-"

    def suffix_for(self, kind: str) -> str | None:
        if isinstance(self.suffix, dict):
            return self.suffix.get(kind)
        return self.suffix


def _periods(raw: list[dict]) -> tuple[_Period, ...]:
    periods = [
        _Period(
            start=_date.fromisoformat(p["from"]),
            end=_date.fromisoformat(p["to"]) if p.get("to") else None,
            suffix=p.get("suffix"),
            start_label=p.get("start_label"),
            named_before=(
                {**p["named_before"], "date": _date.fromisoformat(p["named_before"]["date"])}
                if p.get("named_before") else None
            ),
        )
        for p in raw
    ]
    return tuple(sorted(periods, key=lambda p: p.start))


@dataclass(frozen=True, slots=True)
class _Country:
    name: str
    actor_name: str
    periods: tuple[_Period, ...]
    factions: dict  # name -> (periods, suffix, inter)
    operations: dict = field(default_factory=dict)  # event country -> the operation its forces act as there


@dataclass(frozen=True, slots=True)
class _Group:
    id: str
    name: str | None
    kind: str
    inter: int | None
    country: str | None
    generic: frozenset[str]
    names: tuple | None  # dated names: ((start, end, name), ...)
    by_country: dict
    as_state: dict | None
    default: bool = False  # what its generic words mean in its country when the report names no group


def _dated(value: str | list) -> tuple[tuple[_date | None, _date | None, str], ...]:
    if isinstance(value, str):
        return ((None, None, value),)
    return tuple(
        (_date.fromisoformat(v["from"]) if v.get("from") else None,
         _date.fromisoformat(v["to"]) if v.get("to") else None,
         v["name"])
        for v in value
    )


def _pick_dated(options: tuple, day: _date | None) -> str | None:
    for start, end, name in options:
        if _in_window(day, start, end):
            return name
    return options[-1][2] if day is None and options else None


class _Index:
    """Phrase -> payloads, keyed by normalised token tuples (and written tokens for acronyms)."""

    def __init__(self) -> None:
        self.caseless: dict[tuple[str, ...], list[tuple]] = {}
        self.cased: dict[tuple[str, ...], list[tuple]] = {}
        # the lengths of the phrases starting with each first token: only those are looked up
        self.lengths_caseless: dict[str, set[int]] = {}
        self.lengths_cased: dict[str, set[int]] = {}
        self.max_len = 1

    def add(self, phrase: str, payload: tuple, cased: bool = False) -> None:
        key = _phrase_keys(phrase, cased=cased)
        if not key:
            return
        table, lengths = (self.cased, self.lengths_cased) if cased else (self.caseless, self.lengths_caseless)
        bucket = table.setdefault(key, [])
        if payload not in bucket:
            bucket.append(payload)
        lengths.setdefault(key[0], set()).add(len(key))
        self.max_len = max(self.max_len, len(key))

    def matches(self, written: list[str], keys: list[str]) -> list[tuple[int, int, list[tuple]]]:
        """Every match as (start, end, payloads), minus those nested inside a longer match."""
        found: list[tuple[int, int, list[tuple]]] = []
        n = len(keys)
        for i in range(n):
            caseless_lengths = self.lengths_caseless.get(keys[i], ())
            cased_lengths = self.lengths_cased.get(written[i], ())
            if not (caseless_lengths or cased_lengths):
                continue
            for end in range(min(n, i + self.max_len), i, -1):
                payloads = []
                if end - i in caseless_lengths:
                    payloads += self.caseless.get(tuple(keys[i:end]), [])
                if end - i in cased_lengths:
                    payloads += self.cased.get(tuple(written[i:end]), [])
                if payloads:
                    found.append((i, end, payloads))
        # "armed men" is not also "men"; "Syrian Democratic Forces" is not also "Syrian":
        # a match is dropped when another covers it and is longer, i.e. one
        # starting earlier reaches as far, or one starting with it reaches further
        # (found is in start order, each start's matches longest first)
        kept: list[tuple[int, int, list[tuple]]] = []
        reach_before = -1  # the furthest end of the matches starting before this start
        reach_here, start = -1, None
        for m in found:
            if m[0] != start:
                reach_before, reach_here, start = max(reach_before, reach_here), -1, m[0]
            if reach_before < m[1] and reach_here <= m[1]:
                kept.append(m)
            reach_here = max(reach_here, m[1])
        return kept


@dataclass
class _Analysis:
    """What a phrase contains: groups, units, countries and cue categories, in order."""

    groups: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, group id)
    units: list[tuple[int, str, int]] = field(default_factory=list)
    countries: list[tuple[int, int, str, str]] = field(default_factory=list)  # (start, end, country, how)
    cues: dict[str, int] = field(default_factory=dict)  # category -> first position
    state: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    generic_sets: set[str] = field(default_factory=set)
    associated: list[tuple[int, str]] = field(default_factory=list)
    size: int = 0
    written: list[str] = field(default_factory=list)
    matched: set[int] = field(default_factory=set)  # token positions some entry of the file matched
    hyphened: set[int] = field(default_factory=set)  # positions joined to the next by a hyphen


class ActorResolver:
    """Turns actor phrases into ACLED actor names. Build it with :meth:`load`."""

    def __init__(self, data: dict[str, Any], as_of: str | _date | None = "data") -> None:
        if as_of == "data":
            as_of = data.get("naming_as_of")
        self.as_of: _date | None = None if as_of in (None, "latest") else _parse_date(as_of)
        self.templates: dict[str, str] = data.get("templates", {})
        self.classes: dict[str, dict] = data.get("classes", {})
        self._pairs = {frozenset(p.split(" and/or ")): p for p in data.get("pairs", [])}
        self._build_countries(data)
        self._build_groups(data)
        self._build_index(data)
        self._resolve_cached = lru_cache(maxsize=65536)(self._resolve)

    # ---------------------------------------------------------------- loading

    @classmethod
    def load(
        cls, extra: list[str | Path] | None = None, as_of: str | _date | None = "data"
    ) -> "ActorResolver":
        """The bundled data, with ``extra`` files and ``$EVENTLEDGER_ACTORS`` merged over it.

        ``as_of`` is the naming date (see the module docstring); by default the
        data file's ``naming_as_of``; ``"latest"`` closes every ended period.
        Cached: the same files (unchanged) give the same resolver.
        Raises :class:`ActorDataError` with a one-line message naming a bad file.
        """
        paths = [Path(p) for p in (extra or [])]
        env = os.environ.get(ENV_VAR, "")
        paths += [Path(p) for p in env.split(os.pathsep) if p.strip()]
        stamps = []
        for path in paths:
            try:
                stamps.append((str(path.resolve()), path.stat().st_mtime_ns))
            except OSError:
                raise ActorDataError(f"{path}: actor data file not found") from None
        return _load_cached(tuple(stamps), as_of)

    @staticmethod
    def clear_cache() -> None:
        """Forget loaded resolvers (after editing a data file in place)."""
        _load_cached.cache_clear()

    def _build_countries(self, data: dict[str, Any]) -> None:
        self.countries: dict[str, _Country] = {}
        for name, raw in data.get("countries", {}).items():
            factions = {
                fname: (_periods(f.get("periods", [])), f.get("suffix"), f.get("inter"))
                for fname, f in raw.get("factions", {}).items()
            }
            self.countries[name] = _Country(
                name=name,
                actor_name=raw.get("actor_name", name),
                periods=_periods(raw.get("periods", [])),
                factions=factions,
                operations=dict(raw.get("operations", {})),
            )
        for name in data.get("other_countries", []):
            self.countries.setdefault(name, _Country(name, name, (), {}))
        self.units: dict[tuple[str, int], dict] = {
            (name, i): unit
            for name, raw in data.get("countries", {}).items()
            for i, unit in enumerate(raw.get("units", []))
        }

    def _build_groups(self, data: dict[str, Any]) -> None:
        self.groups: dict[str, _Group] = {}
        self._group_aliases: list[tuple[str, dict]] = []
        for raw in data.get("groups", []):
            gid = raw.get("id") or re.sub(r"\W+", "_", (raw.get("name") or "").lower()).strip("_")
            self._group_aliases.append((gid, raw))
            kind = raw.get("kind", "rebel")
            generic = raw.get("generic")
            if generic is None:  # an unlabelled rebel group is what "insurgents" may mean
                generic = ["insurgent"] if kind == "rebel" else (["militia"] if "militia" in kind else [])
            self.groups[gid] = _Group(
                id=gid,
                name=raw.get("name"),
                kind=kind,
                inter=raw.get("inter"),
                country=raw.get("country"),
                generic=frozenset(generic),
                names=_dated(raw["names"]) if raw.get("names") else None,
                by_country={c: _dated(v) for c, v in raw.get("by_country", {}).items()},
                as_state=raw.get("as_state"),
                default=bool(raw.get("default", False)),
            )

    def _build_index(self, data: dict[str, Any]) -> None:
        index = _Index()
        for gid, raw in self._group_aliases:
            if raw.get("name") and "{" not in raw["name"]:
                index.add(raw["name"], ("group", gid))
            for alias in raw.get("aliases", []):
                index.add(alias, ("group", gid))
            for alias in raw.get("cased", []):
                index.add(alias, ("group", gid), cased=True)
        for (country, i), unit in self.units.items():
            for alias in unit.get("aliases", []):
                index.add(alias, ("unit", country, i))
            for alias in unit.get("cased", []):
                index.add(alias, ("unit", country, i), cased=True)
        for name, raw in data.get("countries", {}).items():
            index.add(name, ("country", name, "name"))
            for how in ("names", "adjectives", "people", "capitals", "leaders"):
                for word in raw.get(how, []):
                    index.add(word, ("country", name, how))
            for word in raw.get("cased", []):
                index.add(word, ("country", name, "names"), cased=True)
        for name in data.get("other_countries", []):
            index.add(name, ("country", name, "names"))
        for kind, words in data.get("state_cues", {}).items():
            for word in words:
                index.add(word, ("state", kind))
        for category, words in data.get("cues", {}).items():
            for word in words:
                index.add(word, ("cue", category))
        for set_name, words in data.get("generic_sets", {}).items():
            for word in words:
                index.add(word, ("generic", set_name))
        for class_name, cls in self.classes.items():
            for word in cls.get("cues", []):
                index.add(word, ("class", class_name))
        for item in data.get("associated", []):
            for word in item.get("cues", []):
                index.add(word, ("assoc", item["name"]))
        self._index = index
        # Plural people-nouns ("Afghans") mean civilians, unlike the adjective "Afghan".
        self._people_words = {
            _phrase_keys(w, cased=True)[-1].lower()
            for raw in data.get("countries", {}).values() for w in raw.get("people", [])
        }

    # ---------------------------------------------------------------- context

    def document_context(self, text: str, country: str | None = None) -> ActorContext:
        """Named groups mentioned in a document (with counts) and its country.

        Without ``country``, the most mentioned country (names, demonyms,
        capitals, leaders, and the home countries of named groups) is taken.
        """
        written, keys, starts = _tokenize(text or "")
        group_counts: dict[str, list[int]] = {}
        country_counts: dict[str, list[int]] = {}
        for start, end, payloads in self._index.matches(written, keys):
            sponsor = end < len(keys) and keys[end] in _SPONSOR_WORDS | _CURRENCY_WORDS
            for payload in payloads:
                if payload[0] == "group" and end < len(keys) and keys[end] in _AFFILIATION_WORDS:
                    continue  # "the Al Qaeda-linked JNIM": JNIM is the group told of
                if payload[0] == "group":
                    entry = group_counts.setdefault(payload[1], [0, starts[start]])
                    entry[0] += 1
                    home = self.groups[payload[1]].country
                    if home:
                        country_counts.setdefault(home, [0, starts[start]])[0] += 1
                elif payload[0] == "country" and not sponsor:
                    country_counts.setdefault(payload[1], [0, starts[start]])[0] += 1
                elif payload[0] == "unit":
                    country_counts.setdefault(payload[1], [0, starts[start]])[0] += 1
        if country is None and country_counts:
            country = min(country_counts.items(), key=lambda kv: (-kv[1][0], kv[1][1]))[0]
        return ActorContext(
            country=country,
            mentions=tuple(sorted(((g, n, first) for g, (n, first) in group_counts.items()), key=lambda t: t[2])),
            countries=tuple(sorted(((c, n) for c, (n, _) in country_counts.items()), key=lambda t: -t[1])),
        )

    # ---------------------------------------------------------------- resolve

    def resolve(
        self,
        phrase: Any,
        date: str | _date | None = None,
        ctx: ActorContext | None = None,
        country: str | None = None,
        role: str | None = None,
    ) -> Actor | None:
        """The ACLED actor for an actor phrase, or None if the phrase names no actor.

        ``phrase``: text, or anything with a ``.text`` (a spaCy span).
        ``date``: the event date (YYYY, YYYY-MM or YYYY-MM-DD) that picks the
        regime period; None picks the latest. ``country``: the event's country,
        else ``ctx.country``. ``role``: "rioters", "protesters" or "civilians"
        when the caller knows what a crowd was doing ("hundreds of people" who
        stormed a border post are rioters).
        """
        text = phrase if isinstance(phrase, str) else getattr(phrase, "text", None)
        if not text or not text.strip():
            return None
        if role is not None and role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        day = _parse_date(date)
        return self._resolve_cached(" ".join(text.split()), day, ctx, country, role)

    def _analyse(self, text: str) -> _Analysis:
        plain = _plain(text)
        written, keys, starts = _tokens(plain)
        hyphened = {i for i in range(len(written) - 1) if plain[starts[i] + len(written[i]):starts[i + 1]] == "-"}
        # Keep the noun phrase only: "people who tried to force their way" -> "people".
        for i, key in enumerate(keys):
            if i > 0 and key in _CLAUSE_WORDS:
                written, keys = written[:i], keys[:i]
                break
        found = _Analysis(size=len(keys), written=written, hyphened=hyphened)
        for start, end, payloads in self._index.matches(written, keys):
            found.matched.update(range(start, end))
            sponsor = end < len(keys) and keys[end] in _SPONSOR_WORDS | _CURRENCY_WORDS
            # "anti-government protesters" are protesters; an "anti-Taliban stronghold" is not the Taliban.
            opposed = start > 0 and keys[start - 1] == "anti"
            for payload in payloads:
                tag = payload[0]
                if opposed and tag in ("group", "unit", "country", "state"):
                    continue
                if tag == "group":
                    found.groups.append((start, end, payload[1]))
                elif tag == "unit":
                    found.units.append((start, payload[1], payload[2]))
                elif tag == "country" and not sponsor:
                    how = payload[2]
                    if how == "people" and written[end - 1].lower() not in self._people_words:
                        how = "adjectives"  # "Afghan" matched the key of "Afghans"
                    found.countries.append((start, end, payload[1], how))
                elif tag == "state":
                    found.state.setdefault(payload[1], start)
                elif tag == "cue":
                    if payload[1] == "unidentified_modifier" and end < len(keys) and keys[end] in ("number", "amount"):
                        continue  # "an unknown number of civilians" are not unknown gunmen
                    found.cues.setdefault(payload[1], start)
                elif tag == "class":
                    found.classes.setdefault(payload[1], start)
                elif tag == "generic":
                    found.generic_sets.add(payload[1])
                    found.cues.setdefault("non_state", start)
                elif tag == "assoc":
                    found.associated.append((start, payload[1]))
        return found

    def _resolve(
        self, text: str, day: _date | None, ctx: ActorContext | None, event_country: str | None, role: str | None
    ) -> Actor | None:
        found = self._analyse(text)
        event_country = event_country or (ctx.country if ctx else None)
        phrase_country = self._phrase_country(found)
        country = phrase_country or event_country
        from_context = phrase_country is None  # the name was completed from outside the phrase
        state_kind = self._state_kind(found)
        cues = found.cues

        # 1. A named group or a named state unit.
        if found.groups:
            # English puts the head last: in "Taliban and Haqqani fighters" either will do,
            # in "Islamic State's Afghan affiliate" the group is still the named one.
            start, end, gid = found.groups[-1]
            actor = self._group_actor(self.groups[gid], day, event_country or phrase_country, state_kind, generic=False)
            if actor is not None:
                return self._sub_faction(actor, found, start, end)
        # a "local" unit's name is a common noun elsewhere ("military police"
        # is Brazil's Polícia Militar only in Brazil); and a unit is not one of
        # a country whose name or adjective the phrase puts before it
        # ("Turkish border police")
        def named_before(start: int) -> set[str]:
            return {cc for s, _, cc, how in found.countries if s < start and how in ("names", "adjectives")}

        units = [(c, i) for start, c, i in found.units
                 if (not self.units[(c, i)].get("local") or c in (phrase_country, event_country))
                 and named_before(start) <= {c}]
        for start, c, i in found.units:
            if (c, i) not in units:
                # elsewhere the words are a plain cue of the state's forces
                found.state.setdefault(self.units[(c, i)]["kind"], start)
        if state_kind is None and found.state:
            state_kind = self._state_kind(found)
        if units:
            unit_country, i = units[-1]
            unit = self.units[(unit_country, i)]
            kind = unit["kind"]
            return self._state_actor(
                unit_country, kind, day, event_country, generic=False,
                faction=unit.get("faction"), unit_suffix=unit.get("suffix"),
            )

        # 2. Unattributed armed men, and unknown aircraft.
        unknown = "unidentified_modifier" in cues
        armed = any(k in cues for k in ("unidentified", "non_state", "militia")) or "state_military" in found.state
        if "unidentified" in cues or (unknown and (armed or self._people_like(found))):
            if unknown and ("air_asset" in cues or "state_military" in found.state):
                return self._class_actor("unidentified_military", None, from_context)
            return self._class_actor("unidentified", country, from_context)

        # 3. Militias of a kind ACLED names by class (communal, tribal, clan; gangs).
        if found.classes:
            name, start = min(found.classes.items(), key=lambda kv: kv[1])
            proper = self._proper_name_before(found, start, self.classes[name]) if "named" in self.classes[name] else None
            if proper and country is not None:
                # "Al Hayash tribesmen": ACLED names a tribe's militia after it
                return self._class_actor(name, country, from_context, named=proper)
            return self._class_actor(name, country, from_context)

        # 4. Militias: pro-government ones, or the militia the document is about.
        if "militia" in cues:
            if "pro_government" in cues:
                return self._class_actor("pro_government_militia", country, from_context)
            group = self._dominant(ctx, {"militia"}, phrase_country)
            if group is not None:
                actor = self._group_actor(group, day, event_country or phrase_country, None, generic=True)
                if actor is not None:
                    return actor
            return self._class_actor("unidentified", country, from_context)

        # 5. State forces and governments: police > military > government, so
        #    "government forces" are military and "police officials" police.
        #    A non-state word in front of a role noun keeps the phrase non-state:
        #    a "militant spokesman" speaks for the militants.
        non_state_first = "non_state" in cues and cues["non_state"] < min(found.state.values(), default=1 << 30)
        if state_kind is not None and not non_state_first:
            if country is None:
                return None
            return self._state_actor(country, state_kind, day, event_country, generic=from_context)

        # 6. "Insurgents", "militants": the group the document is about, else the
        #    group such words mean in the event's country, else unidentified.
        if "non_state" in cues:
            group = self._dominant(ctx, found.generic_sets, phrase_country) or self._default_group(found.generic_sets, country)
            if group is not None:
                actor = self._group_actor(group, day, event_country or phrase_country, None, generic=True)
                if actor is not None:
                    return actor
            return self._class_actor("unidentified", country, True)

        # 7. Crowds and people.
        crowd_class = None
        if "rioters" in cues:
            crowd_class = "rioters"
        elif "protesters" in cues:
            crowd_class = "protesters"
        elif "civilians" in cues or self._is_people_noun(found):
            crowd_class = "civilians"
        elif "crowd" in cues:
            crowd_class = "protesters"
        elif "quantity" in cues and role is not None:
            crowd_class = role
        if crowd_class == "civilians" and "armed_modifier" in cues and role is None:
            # "four armed inmates", "armed farmers": people who bear arms to
            # attack are an armed group ACLED cannot name
            return self._class_actor("unidentified", country, from_context)
        if crowd_class is not None:
            if role is not None:
                crowd_class = role
            return self._class_actor(crowd_class, country, from_context, self._associated(found, country))

        # 8. A country, its capital or its leader standing for its government, but
        #    only as the head of the phrase: "Kabul" or "a reluctant Washington",
        #    not "the Afghan border" or "several Afghan cities".
        if found.countries and found.countries[-1][1] == found.size:
            return self._state_actor(found.countries[-1][2], "government", day, event_country, generic=False)
        return None

    # ---------------------------------------------------------------- pieces

    def _phrase_country(self, found: _Analysis) -> str | None:
        """The country the phrase names, nearest the head noun."""
        if found.countries:
            return found.countries[-1][2]
        return None

    @staticmethod
    def _state_kind(found: _Analysis) -> str | None:
        for kind in ("state_police", "state_military", "government"):
            if kind in found.state:
                return kind
        return None

    @staticmethod
    def _people_like(found: _Analysis) -> bool:
        return "civilians" in found.cues or "crowd" in found.cues

    @staticmethod
    def _is_people_noun(found: _Analysis) -> bool:
        """'Afghans' (people) rather than 'Afghan' (an adjective) or 'Afghanistan'."""
        return bool(found.countries) and found.countries[-1][3] == "people"

    @staticmethod
    def _proper_name_before(found: _Analysis, start: int, cls: dict) -> str | None:
        """The capitalised words right before position ``start`` that no entry of
        the file knows ("Al Hayash" in "the Al Hayash tribesmen"), unless the
        class lists one of them as no name ("Sunni tribesmen")."""
        i = start
        while i > 0 and found.written[i - 1][:1].isupper() and i - 1 not in found.matched:
            i -= 1
        words = found.written[i:start]
        not_names = {w.lower() for w in cls.get("not_names", ())}
        if not words or any(w.lower() in not_names for w in words):
            return None
        return " ".join(words)

    def _associated(self, found: _Analysis, country: str | None) -> str | None:
        if not found.associated or country is None:
            return None
        return found.associated[0][1].format(country=country)

    def _dominant(self, ctx: ActorContext | None, sets: set[str], phrase_country: str | None) -> _Group | None:
        """The most mentioned named group that a generic word may refer to."""
        if ctx is None:
            return None
        best = None
        for gid, count, first in ctx.mentions:
            group = self.groups.get(gid)
            if group is None or not (group.generic & sets):
                continue
            if phrase_country and group.country not in (None, phrase_country):
                continue  # "Pakistani militants" are not the Afghan Taliban
            if best is None or count > best[0]:
                best = (count, group)
        return best[1] if best else None

    @staticmethod
    def _sub_faction(actor: Actor, found: _Analysis, start: int, end: int) -> Actor:
        """A faction named as a group's name with a hyphened leader or place
        ("Raia Mutomboki-Lukoba"): ACLED writes it inside the group's brackets,
        "Mayi Mayi Militia (Raia Mutomboki-Lukoba)"."""
        words = found.written
        if (end - 1 in found.hyphened and end < len(words) and words[end][:1].isupper() and end not in found.matched
                and actor.name.endswith(f"({' '.join(words[start:end])})")):
            return replace(actor, name=f"{actor.name[:-1]}-{words[end]})")
        return actor

    def _default_group(self, sets: set[str], country: str | None) -> _Group | None:
        """The group a country's reports mean by "militants" when they name none
        (a group marked ``default`` in the data file)."""
        if country is None:
            return None
        return next((g for g in self.groups.values() if g.default and g.country == country and g.generic & sets), None)

    def _group_actor(
        self, group: _Group, day: _date | None, event_country: str | None, state_kind: str | None, generic: bool
    ) -> Actor | None:
        state = group.as_state
        if state is not None:
            start = _date.fromisoformat(state["from"]) if state.get("from") else None
            end = _date.fromisoformat(state["to"]) if state.get("to") else None
            kind = state_kind or "state_military"
            kinds = state.get("kinds")
            if _in_window(day, start, end) and (kinds is None or kind in kinds):
                return self._state_actor(state["country"], kind, day, event_country, generic, faction=state.get("faction"))
        name = group.name
        home = group.country
        if group.names:
            name = _pick_dated(group.names, day) or name
        if group.by_country:
            where = event_country or group.country
            if where in group.by_country:
                name = _pick_dated(group.by_country[where], day) or name
                if group.kind != "external":  # the coalition in Yemen is not Yemeni
                    home = where
        if name is None:
            return None
        if "{country}" in name:
            where = event_country or group.country
            if where is None:
                return None
            name = name.format(country=where)
            home = where
        return Actor(name=name, kind=group.kind, inter=group.inter, country=home, generic=generic)

    def _state_actor(
        self,
        country: str,
        kind: str,
        day: _date | None,
        event_country: str | None,
        generic: bool,
        faction: str | None = None,
        unit_suffix: str | None = None,
    ) -> Actor:
        info = self.countries.get(country) or _Country(country, country, (), {})
        operation = info.operations.get(event_country) if kind == "state_military" and event_country != country else None
        if operation:
            # ACLED names a state's forces abroad by the operation they serve in
            # ("Operation Restoring Hope" for Saudi forces in Yemen)
            return Actor(name=operation, kind="external", inter=8, country=event_country, generic=generic)
        periods, faction_suffix, inter = info.periods, None, None
        if faction and faction in info.factions:
            periods, faction_suffix, inter = info.factions[faction]
        period = None
        if day is None:
            period = periods[-1] if periods else None
        else:
            period = next((p for p in periods if _in_window(day, p.start, p.end)), None)
        template = self.templates[kind]
        flags: tuple[str, ...] = ()
        if period is not None:
            name = template.format(country=info.actor_name, period=period.label(self.as_of))
        else:
            name = re.sub(r"\s*\(\{period\}\)", "", template).format(country=info.actor_name)
            flags = ("no-period",)
        suffix = faction_suffix if faction_suffix is not None else (period.suffix_for(kind) if period else None)
        former = period.former(self.as_of) if period is not None else {}
        if "suffix" in former:
            suffix = former["suffix"]
        if isinstance(suffix, dict):
            suffix = suffix.get(kind)
        tail = " - ".join(s for s in (suffix, unit_suffix) if s)
        if tail:
            name = f"{name} {tail}"
        # Foreign state forces are ACLED's 'external/other forces'.
        inter = inter or 1
        if event_country and event_country != country:
            inter = 8
        return Actor(name=name, kind=kind, inter=inter, country=country, generic=generic, flags=flags)

    def _class_actor(
        self, class_name: str, country: str | None, generic: bool, associated: str | None = None,
        named: str | None = None,
    ) -> Actor:
        cls = self.classes[class_name]
        template = cls["name"] if named is None else cls["named"].replace("{name}", named)
        flags: tuple[str, ...] = ()
        if "{country}" in template:
            if country is None:
                template = re.sub(r"\s*\(\{country\}\)", "", template)
                flags = ("no-country",)
            name = template.format(country=country)
        else:
            name = template
        return Actor(
            name=name, kind=cls.get("kind", class_name), inter=cls.get("inter"),
            country=country if "{country}" in template else None,
            generic=generic, associated=associated, flags=flags,
        )

    def distinctly_named(self, name: str) -> bool:
        """Whether a capitalised organisation's name has a word of its own, one
        that is no cue of the actor file, country, number or word states name
        their units with: "the Al-Nour Force" has, "the Presidential Guard",
        "the 55th Brigade" and "the Rapid Reaction Force" have not."""
        found = self._analyse(name)
        for i, word in enumerate(found.written):
            if i in found.matched or not word[:1].isupper():
                continue
            if word.lower() in _STATE_UNIT_WORDS or _singular(word.lower()) in _STATE_UNIT_WORDS or \
                    word.lower() in ("the", "of", "for", "and"):
                continue
            return True
        return False

    def named_organisation(self, name: str, country: str | None, acronyms: dict[str, str] | None = None,
                           distinct: bool = True) -> Actor | None:
        """An armed organisation the report names but the actor file does not
        know keeps the report's name ("the Al-Nour Force", "the Hill Star Brigade"),
        with ACLED's "ACRONYM: Full Name" where the report expands an acronym;
        its kind comes from the noun that heads the name. None when the name
        is no armed organisation's ("the Interior Ministry", "Reuters"), or, with
        ``distinct``, a name a state's unit could bear ("the Presidential
        Guard", "the 616 Brigade": see ``distinctly_named``; a report that
        calls them "armed groups" says otherwise, and passes ``distinct=False``)."""
        words = _plain(name).split()
        if words and words[0].lower() in ("a", "an"):
            return None  # "a Home Guard": one of its men, not the organisation
        while words and words[0].lower() == "the":
            words = words[1:]
        # a proper name: every word capitalised but its connectors ("Army of
        # the Men of the Naqshbandi Order"), not a common phrase at a sentence's
        # start ("Security forces")
        connectors = {"of", "for", "the", "and", "de", "du", "la", "al", "el", "des", "del", "in", "on"}
        if not words or not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in connectors for w in words):
            return None
        if len(words) == 1 and not (words[0].isupper() and len(words[0]) >= 2):
            return None  # "Army": a common noun
        known = self._analyse(" ".join(words))
        if known.countries or known.groups or known.units:
            return None  # a name with a state or group the file knows ("Nigerian Armed Forces"): not ours to rename
        heads = [w.lower() for w in words]
        kind = next((_ORGANISATION_KINDS[h] for h in reversed(heads) if h in _ORGANISATION_KINDS and h not in connectors), None)
        clean = " ".join(words)
        acronyms = acronyms or {}
        if kind is None and clean in acronyms:
            # "ELN" defined by the report as "National Liberation Army (ELN)"
            return self.named_organisation(acronyms[clean], country, acronyms)
        if kind is None or (distinct and not self.distinctly_named(clean)):
            return None
        short = next((a for a, full in acronyms.items() if full == clean), None)
        shown = f"{short}: {clean}" if short else clean
        inter = {"rebel": 2, "militia": 3, "gang": 3}[kind]
        return Actor(name=shown, kind="militia" if kind == "gang" else kind, inter=inter, country=country,
                     generic=False, flags=("named-in-report",))

    def pair(self, first: str, second: str) -> str:
        """The name ACLED gives an attack by one of two groups ("JNIM or ISGS
        militants"): its own, whichever way round the report names them."""
        return self._pairs.get(frozenset((first, second)), f"{first} and/or {second}")

    # ---------------------------------------------------------------- facts

    def period(self, country: str, date: str | _date | None = None, faction: str | None = None) -> str | None:
        """The regime period label ACLED uses for a country on a date, e.g. '2014-2021'."""
        info = self.countries.get(country)
        if info is None:
            return None
        periods = info.factions[faction][0] if faction else info.periods
        day = _parse_date(date)
        if day is None:
            return periods[-1].label(self.as_of) if periods else None
        p = next((p for p in periods if _in_window(day, p.start, p.end)), None)
        return p.label(self.as_of) if p else None

    def country_of(self, phrase: str) -> str | None:
        """The country a phrase names through a name, demonym, capital or leader."""
        return self._phrase_country(self._analyse(phrase))


@lru_cache(maxsize=16)
def _load_cached(stamps: tuple[tuple[str, int], ...], as_of: Any) -> ActorResolver:
    data = _read_bundled()
    for path, _mtime in stamps:
        data = _merge(data, _read_file(Path(path)))
    return ActorResolver(data, as_of=as_of)


@lru_cache(maxsize=1)
def _read_bundled() -> dict[str, Any]:
    return _read_file(BUNDLED_DATA)
