"""One sentence in ACLED's style for each event, naming any disagreement.

"On 7 July 2021, Taliban stormed Qala-i-Naw (Badghis) ... Reports disagree on
the number of prisoners freed: some 600 (Voice of America) vs dozens (The New
York Times)."
"""
from __future__ import annotations

from datetime import date

from ..records import Event

VERB = {
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Air/drone strike": "carried out air/drone strikes on",
    "Shelling/artillery/missile attack": "shelled",
    "Remote explosive/landmine/IED": "detonated an explosive device targeting",
    "Suicide bomb": "carried out a suicide bombing targeting",
    "Grenade": "threw a grenade at",
    "Chemical weapon": "used a chemical weapon against",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Sexual violence": "sexually assaulted",
    "Peaceful protest": "protested",
    "Protest with intervention": "protested and were met by",
    "Excessive force against protesters": "used excessive force against",
    "Violent demonstration": "rioted, confronting",
    "Mob violence": "attacked, as a mob,",
    "Agreement": "reached an agreement with",
    "Arrests": "arrested",
    "Change to group/activity": "changed their activity concerning",
    "Disrupted weapons use": "disrupted weapons use by",
    "Headquarters or base established": "established a base",
    "Looting/property destruction": "looted or destroyed property of",
    "Non-violent transfer of territory": "handed over territory to",
    "Other": "acted concerning",
}
PLOVER_VERB = {
    "REQUEST": "made a demand of", "REJECT": "rejected", "ACCUSE": "accused", "THREATEN": "threatened",
    "CONSULT": "held talks with", "SUPPORT": "expressed support for", "AID": "gave aid to",
    "SANCTION": "imposed a sanction on", "MOBILIZE": "mobilised against", "AGREE": "agreed with",
    "CONCEDE": "announced a concession to", "RETREAT": "released or withdrew from",
}
QUANTITY_WORDS = {
    "prisoners_released": "prisoners released", "prisoners_freed": "prisoners freed",
    "prisoners_demanded": "prisoners demanded", "killed": "people killed", "injured": "people injured",
    "arrested": "people arrested", "abducted": "people abducted", "captured": "people captured",
    "participants": "participants", "fled": "people who fled", "displaced": "people displaced",
    "fatalities": "fatalities",
}
STATUS_WORDS = {"planned": "planned to", "demanded": "demanded that", "threatened": "threatened to", "denied": "denied that", "claimed": "reportedly"}


def human_date(value: str | None, precision: int | None) -> str:
    if not value:
        return "On an unknown date"
    parts = value.split("-")
    try:
        if len(parts) == 3:
            d = date(int(parts[0]), int(parts[1]), int(parts[2]))
            day = f"{d.day} {d:%B %Y}"
            return f"In the week of {day}" if precision == 2 else f"On {day}"
        if len(parts) == 2:
            return f"In {date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    except ValueError:
        return f"On {value}"
    return f"In {parts[0]}"


def write_notes(ev: Event) -> str:
    when = human_date(ev.event_date, ev.time_precision)
    who = ev.actor1 or "Unidentified actors"
    whom = ev.actor2 or ""
    verb = VERB.get(ev.sub_event_type or "", None) or PLOVER_VERB.get(ev.plover_type or "", "were involved in an event with")
    p = ev.place
    if p.location and p.admin1 and p.location != p.admin1:
        where = f" in {p.location} ({p.admin1}, {p.country})" if p.country else f" in {p.location} ({p.admin1})"
    elif p.location:
        where = f" in {p.location}"
    else:
        where = ""
    if not whom:
        # "handed over territory to" needs someone to hand it to
        for dangling in (" to", " from", " with", " of", " at", " on", " against", " by", " concerning", " as a mob,"):
            if verb.endswith(dangling):
                verb = verb[: -len(dangling)]
                break
    status = STATUS_WORDS.get(ev.status, "")
    sentence = f"{when}, {who} {status + ' ' if status else ''}{verb}{(' ' + whom) if whom else ''}{where}".replace("  ", " ")
    counts = [f"{v:,} {QUANTITY_WORDS.get(k, k)}" for k, v in sorted(ev.quantities.items()) if k != "killed"]
    if ev.fatalities:
        counts.insert(0, f"{ev.fatalities:,} fatalities")
    if counts:
        sentence += f" ({'; '.join(counts)})"
    sentence += "."
    for dispute in ev.disputes:
        field = dispute["field"].removeprefix("quantities.")
        label = "the date" if field == "event_date" else f"the number of {QUANTITY_WORDS.get(field, field)}"
        publishers = {m.document: (m.publisher or m.document) for m in ev.mentions}
        values = " vs ".join(f"{v['text']} ({publishers.get(v['document'], v['document'])})" for v in dispute["values"])
        sentence += f" Reports disagree on {label}: {values}."
    return sentence
