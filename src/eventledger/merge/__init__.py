"""One real event, one record: mentions from different reports are joined,
their fields fused, and their disagreements kept as ``disputes``.

``cluster`` is a pure function of a set of mentions. Candidate pairs (same
family, country and month: ``blocking_keys``) are scored by ``same_event``;
the best pairs are joined first, and two groups join only if no pair across
them is vetoed (different places, dates, actors...), so a chain of loose
resemblances cannot glue distinct events together. Everything is sorted
before it is decided, so the result does not depend on arrival order, and an
event's id comes from its date and its earliest report (``fuse.event_id_for``).

``merge_new`` brings a store up to date after new mentions arrive: it reads
only the mentions near the new ones (same countries, nearby dates), the events
they belong to, re-clusters that neighbourhood and writes what changed, with a
log of joins, merges and splits.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from ..records import Event, Mention, id_digest
from .fuse import event_id_for, fuse
from .rules import MergeDecision, blocking_keys, day_gap, family_of, mention_range, places_agree, same_event, year_keys

__all__ = ["merge", "cluster", "merge_new", "by_country", "same_event", "MergeDecision", "fuse"]


def _sort_key(m: Mention) -> tuple:
    return (m.published or "", m.document, m.sentence.start, m.id or "")


def _signature(m: Mention) -> tuple:
    """What two tellings must share to be one telling copied: the same words,
    coding, date, place, sides and counts (a syndicated report)."""
    return (" ".join(m.sentence.text.split()), m.event_type, m.sub_event_type, m.plover_type, m.status,
            m.event_date, m.time_precision, m.place.location, m.place.country, m.place.admin1,
            m.actor1, m.actor2, m.fatalities, tuple(sorted(m.quantities.items())), tuple(sorted(m.raw.items())))


def _two_towns(a: Mention, b: Mention) -> bool:
    """Whether two mentions are placed in two different towns, both named by
    their own sentences or one told as another site than the other ("another
    facility called B"), not a place borrowed from the paragraph or the report
    for a sentence that names none."""
    if a.place.location == b.place.location or not (a.place.precision == b.place.precision == 1):
        return False
    if not (a.place.is_town and b.place.is_town):
        return False
    return ("location" not in a.raw and "location" not in b.raw) or "location.other_site" in a.raw or "location.other_site" in b.raw


def cluster(mentions: Iterable[Mention]) -> tuple[list[list[Mention]], dict[str, tuple[str, str, float]]]:
    """Groups of mentions that tell one event, and for each mention that joined
    a group, (the mention it was matched with, why, score).

    Copies (mentions of different reports with one ``_signature``, as
    syndicated reports give) are compared once, through the first of them:
    whatever holds between two tellings holds between their copies, except
    what depends on the reports themselves (a report that tells both apart,
    or tells the other's day), which is asked of every report the copies
    come from.
    """
    everything = sorted(mentions, key=_sort_key)
    for m in everything:
        if m.id is None:
            m.id = m.key()
    copies_of: dict[tuple, list[Mention]] = {}
    for m in everything:
        copies_of.setdefault(_signature(m), []).append(m)
    ms: list[Mention] = []  # one telling per signature, compared for all its copies
    copies: list[list[Mention]] = []
    for group in copies_of.values():
        first, documents = len(ms), {group[0].document}
        ms.append(group[0])
        copies.append([group[0]])
        for m in group[1:]:
            if m.document in documents:
                ms.append(m)  # the same words twice in one report: a telling of its own
                copies.append([m])
            else:
                copies[first].append(m)
                documents.add(m.document)
    order = sorted(range(len(ms)), key=lambda k: _sort_key(ms[k]))
    ms = [ms[k] for k in order]
    copies = [copies[k] for k in order]
    n = len(ms)
    blocks: dict[tuple, list[int]] = {}
    for i, m in enumerate(ms):
        for key in blocking_keys(m):
            blocks.setdefault(key, []).append(i)

    decided: dict[tuple[int, int], MergeDecision] = {}
    documents_of = [{c.document for c in group} for group in copies]
    by_document: dict[str, list[int]] = {}
    for i, docs in enumerate(documents_of):
        for doc in docs:
            by_document.setdefault(doc, []).append(i)

    def tells_other_day(i: int, j: int) -> bool:
        """Whether a report telling i also tells an event like j on j's day,
        at j's place: then it told the two days apart ("protests began on
        Monday ... on the second day ...")."""
        return any(k != i and family_of(ms[k]) == family_of(ms[j]) and day_gap(ms[k], ms[j]) == 0
                   and places_agree(ms[k], ms[j]) is not False
                   for doc in documents_of[i] for k in by_document[doc])

    def decide(i: int, j: int) -> MergeDecision:
        key = (i, j) if i < j else (j, i)
        if key not in decided:
            a, b = key
            shared = documents_of[a] & documents_of[b]
            tolerant = lambda: not shared and not tells_other_day(a, b) and not tells_other_day(b, a)  # noqa: E731
            d = same_event(ms[a], ms[b], day_apart_ok=tolerant)
            if shared and not d.same:
                # one report told them apart: only their own resemblance may rejoin them
                d = MergeDecision(False, 0.0, "told apart by the same report: " + d.reason)
            elif shared and _two_towns(ms[a], ms[b]):
                # and a report that names a town for each is not telling one incident twice
                d = MergeDecision(False, 0.0, f"told apart by the same report, in two towns "
                                              f"({ms[a].place.location} and {ms[b].place.location})")
            decided[key] = d
        return decided[key]

    candidate_pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        for a, i in enumerate(members):
            for j in members[a + 1 :]:
                candidate_pairs.add((i, j) if i < j else (j, i))
    for i, m in enumerate(ms):  # narrow dates meet the year-only dates of their year
        for key in year_keys(m):
            for j in blocks.get(key, ()):
                candidate_pairs.add((i, j) if i < j else (j, i))
    edges: list[tuple[float, str, str, int, int]] = []
    for i, j in sorted(candidate_pairs):
        if documents_of[i] == documents_of[j] and len(documents_of[i]) == 1:
            continue  # two tellings of one report are never joined across reports
        d = decide(i, j)
        if d.same:
            # equal scores in the order of the ids' hashes (not their date stamps), as ever
            edges.append((-d.score, id_digest(ms[i].id), id_digest(ms[j].id), i, j))
    edges.sort()

    parent = list(range(n))
    members_of: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joined: dict[str, tuple[str, str, float]] = {}
    for i, group in enumerate(copies):
        for copy in group[1:]:
            joined[copy.id] = (group[0].id, "a copy: the same words, coding, date, place, sides and counts", 1.0)
    # two groups found to contradict each other stay so until one of them grows:
    # remembered by the groups' sizes (a group only ever grows)
    refused: set[tuple[int, int, int, int]] = set()
    for neg_score, _, _, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        key = (ri, rj, len(members_of[ri]), len(members_of[rj])) if ri < rj else (rj, ri, len(members_of[rj]), len(members_of[ri]))
        if key in refused:
            continue
        # complete link: nobody in one group may contradict anybody in the other
        if any(decide(x, y).veto for x in members_of[ri] for y in members_of[rj]):
            refused.add(key)
            continue
        keep, gone = min(ri, rj), max(ri, rj)
        parent[gone] = keep
        members_of[keep].extend(members_of.pop(gone))
        later = j if _sort_key(ms[j]) > _sort_key(ms[i]) else i
        earlier = i if later == j else j
        joined[ms[later].id] = (ms[earlier].id, decide(i, j).reason, -neg_score)
    groups = [sorted((c for i in idx for c in copies[i]), key=_sort_key) for idx in members_of.values()]
    groups.sort(key=lambda g: _sort_key(g[0]))
    return groups, joined


def merge(mentions: Iterable[Mention]) -> tuple[list[Event], list[dict]]:
    """Events from mentions (all at once), and a log of why mentions were joined."""
    groups, joined = cluster(mentions)
    events = [fuse(g) for g in groups]
    log = []
    for e in events:
        for m in e.mentions:
            if m.id in joined:
                other, reason, score = joined[m.id]
                log.append({"action": "join", "event_id": e.event_id, "mention_id": m.id, "other_mention_id": other, "reason": reason, "score": score})
    events.sort(key=lambda e: (e.event_date or "", e.event_id))
    return events, log


def _window(mentions: Sequence[Mention]) -> tuple[str, str]:
    ranges = [r for r in (mention_range(m) for m in mentions) if r is not None]
    if not ranges:
        return "0001-01-01", "0001-01-01"
    lo = min(r[0] for r in ranges) - 2
    hi = max(r[1] for r in ranges) + 2
    return date.fromordinal(lo).isoformat(), date.fromordinal(hi).isoformat()


def neighbourhoods(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """New mentions grouped by country and month, so each group reads only its
    own stretch of the store."""
    groups: dict[tuple, list[Mention]] = {}
    for m in mentions:
        r = mention_range(m)
        month = date.fromordinal(r[0]).strftime("%Y-%m") if r else None
        groups.setdefault((m.place.country or "", month), []).append(m)
    return [groups[k] for k in sorted(groups, key=lambda k: (k[0], k[1] or ""))]


def by_country(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Mentions by country, unplaced ones together. No candidate pair crosses a
    country (``blocking_keys``), so no event does: each group's ``merge_new``
    touches its own part of the store only, and the groups can be merged in
    parallel with the result of merging them one after another."""
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.place.country or "", []).append(m)
    return [groups[k] for k in sorted(groups)]


def merge_new(store, new_mentions: Sequence[Mention], progress: bool = False) -> tuple[int, list[dict]]:
    """Merge stored new mentions into the store's events, touching only their
    neighbourhoods. Returns (events written, log entries). With ``progress``
    a bar counts the neighbourhoods on a terminal."""
    written, log = 0, []
    groups = neighbourhoods(new_mentions)
    if progress and len(groups) > 1:
        import sys

        from tqdm import tqdm

        groups = tqdm(groups, disable=None, unit="neighbourhood", desc="merge", file=sys.stderr, leave=False)
    for group in groups:
        n, entries = _merge_neighbourhood(store, group)
        written += n
        log.extend(entries)
    return written, log


def _merge_neighbourhood(store, new_mentions: Sequence[Mention]) -> tuple[int, list[dict]]:
    date_from, date_to = _window(new_mentions)
    countries = {m.place.country for m in new_mentions}
    stored = {m.id: m for m in store.mentions_near(countries, date_from, date_to)}
    nearby = dict(stored)
    for m in new_mentions:
        nearby.setdefault(m.id, m)
    old_events = store.events_of_mentions(nearby, known=stored)
    pool = dict(nearby)
    for e in old_events:
        for m in e.mentions:
            pool.setdefault(m.id, m)
    groups, joined = cluster(pool.values())
    events = [fuse(g) for g in groups]

    old_of = {m.id: e.event_id for e in old_events for m in e.mentions}
    old_members = {e.event_id: {m.id for m in e.mentions} for e in old_events}
    new_ids = {e.event_id for e in events}
    log: list[dict] = []
    changed: list[Event] = []
    for e in events:
        ids = {m.id for m in e.mentions}
        before = sorted({old_of[i] for i in ids if i in old_of})
        if len(before) == 1 and old_members[before[0]] == ids and before[0] == e.event_id:
            continue  # untouched
        changed.append(e)
        for other in before:
            if other != e.event_id:
                log.append({"action": "merge", "event_id": e.event_id, "other_event_id": other,
                            "reason": f"{other} now part of {e.event_id}"})
        for m in e.mentions:
            if m.id in old_of:
                continue
            if m.id in joined:
                other, reason, score = joined[m.id]
                log.append({"action": "join", "event_id": e.event_id, "mention_id": m.id, "other_mention_id": other, "reason": reason, "score": score})
            elif len(e.mentions) == 1:
                log.append({"action": "create", "event_id": e.event_id, "mention_id": m.id, "reason": "no stored event matches"})
    home_of = {m.id: e.event_id for e in events for m in e.mentions}
    for old_id, ids in old_members.items():
        homes = {home_of[i] for i in ids if i in home_of}
        if len(homes) > 1:
            log.append({"action": "split", "event_id": old_id, "other_event_id": ",".join(sorted(homes)),
                        "reason": "a new report showed these were different events"})
    removed = sorted(set(old_members) - new_ids)
    if changed or removed:
        store.upsert_events(changed, removed, log)
    return len(changed), log


__all__ += ["event_id_for"]
