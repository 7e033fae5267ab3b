"""One real event, one record: mentions from different reports are joined,
their fields fused, and their disagreements kept as ``disputes``.

``merge`` is a pure function of the set of mentions: pairs are decided by
``same_event`` (a rule over type, date window, place and counts), joined with
union-find, and every event is rebuilt from its members in a fixed order, so
the result does not depend on the order in which reports arrive.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..records import Event, Mention
from .fuse import fuse
from .rules import MergeDecision, blocking_keys, same_event

__all__ = ["merge", "same_event", "MergeDecision", "fuse"]


def _sort_key(m: Mention) -> tuple:
    return (m.published or "", m.document, m.sentence.start, m.id or "")


def merge(mentions: Iterable[Mention]) -> tuple[list[Event], list[dict]]:
    """Events from mentions, and a log of why mentions were joined."""
    ms = sorted(mentions, key=_sort_key)
    for m in ms:
        if m.id is None:
            m.id = m.key()
    parent = list(range(len(ms)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    log: list[dict] = []
    blocks: dict[tuple, list[int]] = {}
    for i, m in enumerate(ms):
        for key in blocking_keys(m):
            blocks.setdefault(key, []).append(i)
    seen_pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        for a_pos, i in enumerate(members):
            for j in members[a_pos + 1 :]:
                if (i, j) in seen_pairs or ms[i].document == ms[j].document:
                    continue
                seen_pairs.add((i, j))
                decision = same_event(ms[i], ms[j])
                if decision.same:
                    ri, rj = find(i), find(j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)
                        log.append({"action": "join", "mention_id": ms[j].id, "other_mention_id": ms[i].id, "reason": decision.reason, "score": round(decision.score, 3)})
    groups: dict[int, list[Mention]] = {}
    for i, m in enumerate(ms):
        groups.setdefault(find(i), []).append(m)
    events = [fuse(members) for members in groups.values()]
    ids = {m.id: e.event_id for e in events for m in e.mentions}
    for entry in log:
        entry["event_id"] = ids.get(entry["mention_id"])
    events.sort(key=lambda e: (e.event_date or "", e.event_id))
    return events, log
