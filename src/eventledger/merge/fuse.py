"""Fuse the mentions of one event into one record, keeping disagreements.

The fused record takes the most precise place and date the reports agree on,
fatalities by ACLED's rule (the lowest credible figure), and lists in
``disputes`` every field where reports disagree beyond what their wording
allows ("some 600" vs "dozens" is a dispute; 1,600 vs "more than a thousand"
is not).
"""
from __future__ import annotations

import hashlib
from collections import Counter

from ..extract.coding import PRECEDENCE
from ..normalise.numbers import Count, compatible
from ..records import Event, Mention, date_stamp, id_digest
from .notes import write_notes


COPY_SIMILARITY = 0.9


def event_id_for(mentions: list[Mention], event_date: str | None) -> str:
    """``EL``, the event's date, a hash of its earliest report's mention id
    (``EL20210705-3F82F03E31``): the same whatever the arrival order. Ids sort
    by the event's date, so a live feed's new events are written side by side
    in the store's indexes. The hash is of the mention id without its day, as
    before ids carried dates: within a date events keep the order they had."""
    first = min(mentions, key=lambda m: (m.published or "9999", m.document, m.sentence.start))
    digest = hashlib.sha1(id_digest(first.id or first.key()).encode()).hexdigest()[:10].upper()
    return f"EL{date_stamp(event_date)}-{digest}"


def _independent(mentions: list[Mention]) -> int:
    """Reports that copy one another count once: a syndicated article tells the
    event in the same words (whatever the site's boilerplate around them)."""
    from .wording import similarity

    groups: list[list[Mention]] = []
    for m in mentions:
        for g in groups:
            if any(o.document != m.document and similarity(o.sentence.text, m.sentence.text) >= COPY_SIMILARITY for o in g):
                g.append(m)
                break
        else:
            groups.append([m])
    # one report telling the event twice is still one source
    documents_of = [{m.document for m in g} for g in groups]
    merged: list[set[str]] = []
    for docs in documents_of:
        for seen in merged:
            if seen & docs:
                seen |= docs
                break
        else:
            merged.append(set(docs))
    return len(merged)


def fuse(mentions: list[Mention]) -> Event:
    ms = sorted(mentions, key=lambda m: (m.published or "", m.document, m.sentence.start))
    ev = Event(event_id="", mentions=ms)  # named once its date is known

    # type: ACLED's precedence among the sub-types reported
    subs = [m.sub_event_type for m in ms if m.sub_event_type]
    ranked = sorted(subs, key=lambda s: PRECEDENCE.index(s) if s in PRECEDENCE else 50)
    best = next((m for m in ms if m.sub_event_type == ranked[0]), ms[0]) if ranked else ms[0]
    ev.event_type, ev.sub_event_type = best.event_type, best.sub_event_type
    ev.plover_type, ev.plover_mode = best.plover_type, best.plover_mode
    statuses = [m.status for m in ms]
    ev.status = "occurred" if "occurred" in statuses else Counter(statuses).most_common(1)[0][0]

    # actors: the most reported; named beats generic
    for field_name in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"):
        values = [getattr(m, field_name) for m in ms if getattr(m, field_name)]
        if values:
            named = [v for v in values if not v.startswith("Unidentified")] or values
            setattr(ev, field_name, Counter(named).most_common(1)[0][0])

    # place: the most precise one a report names for this event (a place carried
    # over from the paragraph comes last)
    placed = [m for m in ms if m.place.precision is not None and m.place.kind != "country"]
    if placed:
        ev.place = min(placed, key=lambda m: ("location" in m.raw, m.place.precision)).place
    else:
        ev.place = next((m.place for m in ms if m.place.country), ms[0].place)

    # date: the most precise stated date; dates inferred from publication last
    dated = [m for m in ms if m.event_date]
    if dated:
        stated = [m for m in dated if "event_date" not in m.raw] or dated
        chosen = min(stated, key=lambda m: (m.time_precision or 9, m.event_date))
        ev.event_date, ev.time_precision = chosen.event_date, chosen.time_precision
        precise = [m for m in stated if m.time_precision == 1 and m.event_date]
        days = sorted({m.event_date for m in precise})
        if len(days) > 1:
            # reports disagree on the day: take the day most reports give (the
            # earliest on a tie), and list the disagreement
            ev.disputes.append({
                "field": "event_date",
                "values": [{"value": m.event_date, "text": m.evidence["event_date"].text if "event_date" in m.evidence else m.event_date, "document": m.document} for m in precise],
            })
            votes = Counter(m.event_date for m in precise)
            ev.event_date = min(days, key=lambda d: (-votes[d], d))

    ev.event_id = event_id_for(ms, ev.event_date)

    # counts: lowest credible figure; a dispute when wordings cannot both be true
    fat = [m for m in ms if m.fatalities is not None]
    if fat:
        # a report that names no death does not contradict one that counts them
        reported = [m for m in fat if m.fatalities]
        ev.fatalities = _lowest_credible(reported, "fatalities") if reported else 0
        _dispute_counts(ev, reported, "fatalities")
    keys = sorted({k for m in ms for k in m.quantities})
    for key in keys:
        holders = [m for m in ms if key in m.quantities]
        ev.quantities[key] = _lowest_credible(holders, key)
        _dispute_counts(ev, holders, key)

    ev.independent_sources = _independent(ms)
    ev.notes = write_notes(ev)
    return ev


def _lowest_credible(holders: list[Mention], key: str) -> int:
    """ACLED's rule across reports: the lowest figure a report states; a vague
    word ("many", "dozens") only where no report gives a figure."""
    stated = [(m.stated(key), m) for m in holders]
    figures = [c for c, _ in stated if not (isinstance(c, Count) and c.vague)]
    pool = figures or [c for c, _ in stated]
    return min(c.value if isinstance(c, Count) else int(c) for c in pool)


def _dispute_counts(ev: Event, holders: list[Mention], key: str) -> None:
    if len({m.document for m in holders}) < 2:
        return
    counts = [(m, m.stated(key)) for m in holders]
    clash = any(
        not compatible(ca, cb)
        for i, (ma, ca) in enumerate(counts)
        for mb, cb in counts[i + 1 :]
        if ma.document != mb.document
    )
    if clash:
        field = key if key == "fatalities" else f"quantities.{key}"
        ev.disputes.append({
            "field": field,
            "values": [
                {"value": (c.value if isinstance(c, Count) else c), "text": (c.text if isinstance(c, Count) else str(c)), "document": m.document}
                for m, c in counts
            ],
        })
