"""A readable account of a store, for people: what happened, where, when, who says so."""
from __future__ import annotations

from collections import Counter


def summary(store) -> str:
    events = store.events()
    documents = store.documents()
    lines = [f"{len(documents)} documents, {len(events)} events", ""]

    lines.append("Events by type")
    by_type = Counter((e.event_type or f"(verbal) {e.plover_type}") for e in events)
    for kind, n in by_type.most_common():
        lines.append(f"  {n:4d}  {kind}")
    lines.append("")

    lines.append("Events by date")
    by_date = Counter((e.event_date or "unknown")[:7] for e in events)
    for when, n in sorted(by_date.items()):
        lines.append(f"  {when:10s} {'#' * n} {n}")
    lines.append("")

    merged = [e for e in events if len({m.document for m in e.mentions}) > 1]
    lines.append(f"Events told by more than one report ({len(merged)})")
    for e in merged:
        lines.append(f"  {e.event_id}  {e.event_date}  {e.sub_event_type or e.plover_type}  {e.place.location or ''}")
        lines.append(f"      {e.notes}")
        for m in e.mentions:
            lines.append(f"      - {m.publisher or m.document} ({m.published}): \"{_clip(m.sentence.text)}\"")
    lines.append("")

    disputed = [e for e in events if e.disputes]
    lines.append(f"Disputes ({len(disputed)})")
    for e in disputed:
        for d in e.disputes:
            values = "; ".join(f"{v['text']} [{v['document']}]" for v in d["values"])
            lines.append(f"  {e.event_id} {d['field']}: {values}")
    lines.append("")

    lines.append("All events")
    for e in events:
        where = e.place.location or "?"
        lines.append(
            f"  {e.event_date or '?':10s} {(e.sub_event_type or e.plover_type or '?')[:34]:34s} {e.status:9s} "
            f"{(e.actor1 or '-')[:40]:40s} {where[:22]:22s} src={len(e.mentions)}"
        )
    return "\n".join(lines)


def _clip(text: str, n: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
