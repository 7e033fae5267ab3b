"""ACLED and PLOVER codes for a trigger in context, with ACLED's precedence rules.

Rules come from the ACLED codebook's definitions:
- Battles are violent interactions between two organised armed groups; when
  territory changes hands the battle is "Non-state actor overtakes territory"
  or "Government regains territory" depending on who takes it.
- Violence by an armed group against unarmed people is "Violence against
  civilians" (Attack, Abduction/forced disappearance, Sexual violence).
- Remote violence (air/drone strikes, shelling, remote explosives, grenades,
  suicide bombs, chemical weapons) is coded as such whoever the target; a car
  bomb is a remote explosive unless a suicide attack is reported.
- Demonstrations are Protests when peaceful (with intervention when forces
  disperse or arrest them, excessive force when they kill or maim them) and
  Riots when demonstrators or a mob use violence.
- Strategic developments record non-violent but significant acts: agreements
  (including prisoner releases and exchanges, ceasefires, peace deals), arrests
  by the state, looting/property destruction, non-violent transfers of
  territory, bases established, changes to groups, disrupted weapons use.
Verbal events (demands, denials, accusations, threats, talks) are outside
ACLED's scope and get only PLOVER codes.
"""
from __future__ import annotations

from dataclasses import dataclass

ARMED_KINDS = {"state_military", "state_police", "rebel", "militia", "identity_militia", "unidentified", "external"}
STATE_KINDS = {"state_military", "state_police", "government"}
UNARMED_KINDS = {"civilians", "protesters"}

TERRITORY_NOUNS = {
    "city", "town", "district", "village", "area", "territory", "base", "post", "checkpoint",
    "crossing", "border", "province", "capital", "headquarters", "facility", "outpost",
    "control", "position", "airport", "region", "road", "highway", "bridge", "dam", "port",
    "county", "locality", "neighbourhood", "neighborhood", "camp", "hill", "valley",
    "stronghold", "compound", "building", "station", "garrison", "barracks", "prison",
    "centre", "center", "airfield", "airbase", "municipality", "settlement", "zone",
}
PRISONER_NOUNS = {"prisoner", "captive", "detainee", "inmate", "hostage", "convict", "militant", "fighter", "member"}
WEAPON_NOUNS = {"weapon", "arm", "ammunition", "munition", "explosive", "bomb", "ied", "mine", "cache", "rocket", "missile", "drone", "gun", "rifle", "pistol", "grenade", "mortar", "firearm", "rpg", "detonator"}
MILITARY_NOUNS = {"troop", "soldier", "force", "army", "military", "commando", "unit", "officer", "policeman", "police", "guard", "personnel"}

PLOVER_OF_SUBTYPE = {
    "Armed clash": ("ASSAULT", "firearms"),
    "Government regains territory": ("ASSAULT", "firearms"),
    "Non-state actor overtakes territory": ("ASSAULT", "firearms"),
    "Chemical weapon": ("ASSAULT", "CBRN"),
    "Air/drone strike": ("ASSAULT", "aerial"),
    "Suicide bomb": ("ASSAULT", "suicide-attack"),
    "Shelling/artillery/missile attack": ("ASSAULT", "heavy-weapons"),
    "Remote explosive/landmine/IED": ("ASSAULT", "explosives"),
    "Grenade": ("ASSAULT", "explosives"),
    "Sexual violence": ("ASSAULT", "sexual"),
    "Attack": ("ASSAULT", "firearms"),
    "Abduction/forced disappearance": ("ASSAULT", "abduct"),
    "Peaceful protest": ("PROTEST", "demo"),
    "Protest with intervention": ("PROTEST", "demo"),
    "Excessive force against protesters": ("COERCE", "violent-repression"),
    "Violent demonstration": ("PROTEST", "riot"),
    "Mob violence": ("ASSAULT", "primitive"),
    "Agreement": ("AGREE", None),
    "Arrests": ("COERCE", "arrest"),
    "Change to group/activity": ("MOBILIZE", None),
    "Disrupted weapons use": ("COERCE", "seize"),
    "Headquarters or base established": ("MOBILIZE", "troops"),
    "Looting/property destruction": ("ASSAULT", "destroy"),
    "Non-violent transfer of territory": ("RETREAT", "withdraw"),
    "Other": (None, None),
}

EVENT_TYPE_OF_SUBTYPE = {
    **dict.fromkeys(["Armed clash", "Government regains territory", "Non-state actor overtakes territory"], "Battles"),
    **dict.fromkeys(["Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"], "Explosions/Remote violence"),
    **dict.fromkeys(["Sexual violence", "Attack", "Abduction/forced disappearance"], "Violence against civilians"),
    **dict.fromkeys(["Peaceful protest", "Protest with intervention", "Excessive force against protesters"], "Protests"),
    **dict.fromkeys(["Violent demonstration", "Mob violence"], "Riots"),
    **dict.fromkeys(["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"], "Strategic developments"),
}

VERBAL_PLOVER = {
    "demand": ("REQUEST", None),
    "reject": ("REJECT", None),
    "accuse": ("ACCUSE", None),
    "threaten": ("THREATEN", None),
    "consult": ("CONSULT", None),
    "support": ("SUPPORT", None),
    "aid": ("AID", None),
    "sanction": ("SANCTION", None),
    "mobilize": ("MOBILIZE", None),
}

# Which sub-types describe one event when triggered in the same sentence, and
# which wins (ACLED's precedence: the most specific, consequential reading).
FAMILY = {
    "Battles": "battle",
    "Violence against civilians": "vac",
    "Protests": "demo",
    "Riots": "demo",
}
PRECEDENCE = [
    "Non-state actor overtakes territory", "Government regains territory", "Armed clash",
    "Sexual violence", "Abduction/forced disappearance", "Attack",
    "Excessive force against protesters", "Mob violence", "Violent demonstration",
    "Protest with intervention", "Peaceful protest",
]


@dataclass(slots=True)
class Coding:
    event_type: str | None
    sub_event_type: str | None
    plover_type: str | None
    plover_mode: str | None

    @classmethod
    def acled(cls, sub: str, plover: tuple[str | None, str | None] | None = None) -> "Coding":
        p = plover or PLOVER_OF_SUBTYPE[sub]
        return cls(EVENT_TYPE_OF_SUBTYPE[sub], sub, p[0], p[1])

    @classmethod
    def verbal(cls, plover: str, mode: str | None = None) -> "Coding":
        return cls(None, None, plover, mode)


def family(coding: Coding) -> str:
    if coding.event_type in FAMILY:
        return FAMILY[coding.event_type]
    return f"{coding.event_type}|{coding.sub_event_type}|{coding.plover_type}"


def stronger(a: Coding, b: Coding) -> Coding:
    """The sub-type that ACLED's precedence keeps when two describe one event."""
    ra = PRECEDENCE.index(a.sub_event_type) if a.sub_event_type in PRECEDENCE else 99
    rb = PRECEDENCE.index(b.sub_event_type) if b.sub_event_type in PRECEDENCE else 99
    return a if ra <= rb else b
