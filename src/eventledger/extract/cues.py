"""What the coder reads a sentence by: word lists and patterns (cues of a
demonstration, of counted fire, of a ban), and clues from the parse (a body
found, a bomb found unexploded, a clause that is only an aim).

Kept apart from ``document`` so the rules there read as rules; a cue that
needs the whole document lives with ``DocumentExtractor``.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from ..normalise.numbers import Count, parse_count

VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
REMOTE = {"air": "Air/drone strike", "shelling": "Shelling/artillery/missile attack", "explosive": "Remote explosive/landmine/IED", "suicide": "Suicide bomb", "grenade": "Grenade", "chemical": "Chemical weapon"}
AGREEMENT_GOVERNORS = {"sign", "reach", "strike", "conclude", "negotiate", "agree", "broker", "seal", "finalize", "finalise", "announce", "accept", "implement"}
TALK_GOVERNORS = {"hold", "host", "begin", "start", "resume", "attend", "join", "open", "launch", "convene", "continue"}
ESCAPE_WORDS = {"escape", "break out", "breakout", "jailbreak", "prison break"}
# where the reporter filed from, opening the story: "KABUL, Afghanistan -",
# "BUJUMBURA, Burundi (AFP) -", "TRIPOLI:", "Maiduguri, Nigeria —",
# "GAZA CITY, Gaza Strip (AP)", "Juliaca (Peru) –"
_DATELINE_NAME = r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}"
_DATELINE_DAY = r"(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}|\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?)(?:,?[ \t]+\d{4})?"
DATELINE = re.compile(
    rf"[ \t]*(?P<place>{_DATELINE_NAME})(?:,[ \t]*(?P<region>{_DATELINE_NAME}))?(?:,[ \t]*{_DATELINE_DAY})?[ \t]*"
    r"(?:\((?P<paren>[^)\n]{1,30})\)[ \t]*(?:[–—:-]{1,2}[ \t])?|[–—-]{1,2}[ \t]|:[ \t])")
# a dated dateline: "Jan. 10 (UPI) --", "10 January (AFP) -", "LAGOS, May 8 (Reuters) -":
# when the story was filed
DATED_DATELINE = re.compile(rf"[ \t]*(?:{_DATELINE_NAME},[ \t]*)?{_DATELINE_DAY}"
                            r"[ \t]*\([A-Z][\w.&/ -]{1,20}\)[ \t]*[–—-]{1,2}[ \t]")
# an organisation's name and the acronym the report will use: "National Liberation Army (ELN)"
ACRONYM_DEFINED = re.compile(r"\b([A-Z][\w'’-]*(?:\s+(?:of|for|the|and|de|du|la|al|el|des|del)?\s*[A-Z][\w'’-]*){1,6})\s+\(([A-Z][A-Z0-9-]{1,8})\)")
# who told it, and when: a date in "according to reports by officials on Saturday" dates the telling
ATTRIBUTION = re.compile(r"\b(?:according to|citing|cited by|(?:unconfirmed |media |news |local )?reports? (?:by|from|of|in))\b[^,;.()]*$", re.I)
# a date that is part of an organisation's name: "the March 23 Movement", "the 6 April Youth Movement"
ORG_AFTER_DATE = re.compile(r"\s+(?:[A-Z][a-z]+\s+){0,2}(?:Movement|Brigade|Front|Party|Alliance|Coalition|Group|Battalion|Army|Revolution|Uprising)\b"
                            # and a year that names a past event: "the 2011 revolution", "the 2020 deal"
                            r"|(?<=\d{4})\s+(?i:revolution|uprising|elections?|polls?|vote|war|coup|protests?|riots?|massacre|attacks?|bombings?|"
                            r"invasion|deal|agreement|accord|ceasefire|truce|referendum|crisis|earthquake|floods?|world cup|olympics|games)\b")
# a state's troops: "withdrawing 400 troops" moves its forces
MILITARY_WORDS = {"troop", "soldier", "force", "battalion", "unit", "contingent", "peacekeeper", "marine", "army"}
# what a state's or a group's forces shoot: "Israeli fire" is Israel's forces
FIRE_NOUNS = {"fire", "gunfire", "shelling", "strike", "airstrike", "bombardment", "bullet", "shell", "artillery", "missile", "rocket", "drone"}
# the people an organisation is made of: "fighters of X" act as X
MEMBER_NOUNS = {"fighter", "member", "militant", "gunman", "combatant", "element", "unit", "faction", "wing",
                "cell", "operative", "insurgent", "rebel", "militiaman", "troop", "soldier", "man", "men"}
# how far into a report a dateline may open a paragraph (after a headline and standfirst)
DATELINE_REACH = 800
VAGUE_PERIOD = re.compile(r"\brecent|\bpast (?:few|several)|\bover the (?:years|decades)|\bfor (?:years|decades|months)", re.I)
VAGUE_PLACE = re.compile(r"\b(?:several|many|various|multiple|numerous|some)\s+(?:\w+\s+){0,2}(?:cities|towns|provinces|districts|areas|regions|villages)\b|\bacross the country\b|\bnationwide\b|\bthroughout the country\b", re.I)
DESTINATION = re.compile(r"\b(?:into|to|toward|towards)\s+(?:the\s+)?(?:neighbo(?:u)?ring\s+)?$", re.I)
# a demonstration told: crowd violence within it is a violent demonstration
DEMONSTRATION_CUE = re.compile(
    r"\b(?:demonstrat\w*|protest\w*|demand(?:ed|ing|s)?|rall(?:y|ies|ied)|(?-i:march(?:ed|ing|es)?)|sit-ins?|rioters?|"
    r"blocked (?:the |a )?(?:main )?(?:road|roads|highway|street)|burn(?:ed|t|ing)? (?:\w+ )?(?:tyres|tires))\b", re.I)
EITHER_GROUP = re.compile(r"\b([A-Z][\w'-]*(?: [A-Z][\w'-]*)*)\s*(?:\bor\b|/)\s*([A-Z][\w'-]*(?: [A-Z][\w'-]*)*)")
SLASHED_GROUP = re.compile(r"\s*/\s*([A-Z][\w'-]*(?: [A-Z][\w'-]*)*)")
# the marks organised crime leaves on its victims: ACLED's "Unidentified Gang"
# rather than an unidentified armed group
GANG_HALLMARKS = re.compile(
    r"\b(?:mutilat\w*|dismember\w*|decapitat\w*|beheaded|(?:human )?heads? (?:was|were) found|"
    r"(?:hands|feet|wrists) (?:were |was )?(?:tied|bound)|(?:had|with) the hands tied|bound and gagged|blindfolded|handcuffed|"
    r"narco-?messages?|narcomantas?|threatening messages?)\b", re.I)
ARMED_WORD = re.compile(r"\barmed\b|\bgunm[ae]n\b|\bassailants?\b|\battackers?\b", re.I)
MUTUAL_FIGHTS = {"clash", "fight", "fighting", "battle", "scuffle", "brawl", "skirmish", "confrontation", "confront", "exchange blows", "fistfight"}
RECIPROCAL = re.compile(r"\b(?:one another|each other)\b", re.I)
BODY_NOUNS = {"body of", "bodies of", "corpse"}
# (bodies that "lie" or "were laid" in a street were seen, as found ones were)
BODY_VERBS = {"find", "discover", "dump", "recover", "retrieve", "exhume", "uncover", "locate", "lie", "lay", "litter", "pile", "leave"}
BODIES_FOUND = {"body be find", "body find", "bodies be find", "head be find", "remains be find", "find dead"}
DESTRUCTION_WORDS = {"torch", "vandalise", "vandalize", "ransack"}
DISRUPT_VERBS = {"find", "discover", "uncover", "recover", "locate", "defuse", "diffuse", "dismantle", "seize",
                 "confiscate", "neutralise", "neutralize", "disarm", "destroy", "detect", "spot", "remove"}
FAILED_BLAST = re.compile(r"\b(?:did not|didn't|failed to|fail to|could not|couldn't)\s+(?:explode|detonate|go off)\b", re.I)
# a bomb, mine or device named: an explosion is then that device going off
DEVICE_WORDS = re.compile(r"\b(?:IEDs?|(?:car |roadside |suicide )?bombs?|(?:land)?mines?|devices?|grenades?|explosives|booby|VBIED|RCIED|suicide)\b", re.I)
SMALL_ARMS = re.compile(r"\bsmall[- ]arms?\b|\bassault rifles?\b|\bgunshots?\b", re.I)
COUNTED_ONLY = {"projectile", "burst of fire", "shot"}
TWO_SIDED = re.compile(r"\bboth directions\b|\bexchang(?:e|ed|ing) (?:of )?fire\b|\bboth sides\b", re.I)
# what may stand before a date that opens a sentence: "On", "Around", "As reported on", a label
SENTENCE_FRAME = re.compile(r"\s*(?:[A-Z][\w ]{0,30}:\s*)?(?:(?:as reported |reportedly )?(?:on|around|in|by|late on|early on)\s+)?(?:the\s+)?", re.I)
HISTORY_YEARS = 3  # events this long before the report are background, not news
DATED_HISTORY_YEARS = 10  # unless dated to the day within this many years: an incident the report recalls
BUILDING_NOUNS = {"school", "church", "mosque", "temple", "house", "home", "shop", "store", "building", "office", "domicile", "property", "market", "clinic", "hospital", "vehicle", "car", "truck", "bus", "crop", "field", "tower", "antenna", "bridge", "pipeline", "plant", "mall", "warehouse", "bank"}
COUNT_NOUNS = {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score", "scores", "many", "several", "some", "most", "all"}
# "security forces" who make arrests are the police (ACLED's arrests are the police's)
POLICE_HELD_SITES = re.compile(r"\b(?:prisons?|jails?|penitentiar(?:y|ies)|(?:police|gendarmerie) (?:stations?|posts?|"
                               r"headquarters|barracks)|detention (?:centres?|centers?|facilit(?:y|ies)))\b", re.I)
SECURITY_FORCES = re.compile(r"\bsecurity (?:forces|services|personnel)\b", re.I)
SETTLEMENT_NOUNS = {"village", "hamlet", "settlement"}
PROPERTY_NOUNS = {"vehicle", "car", "truck", "boat", "goods", "marijuana", "cocaine", "drug", "heroin", "cannabis", "food", "livestock", "cattle", "goat", "cow", "property", "land", "house", "shop", "money", "cash", "fuel", "equipment", "aid", "motorcycle"}
# who told the report is no side of what it tells: "residents said", "according to villagers"
_TOLD_BY_PEOPLE = re.compile(r"\b(?:residents|villagers|witnesses)\s+(?:said|say|says|told|reported|recounted)\b|"
                             r"\b(?:according to|told|said) (?:local |several |some )?(?:residents|villagers)\b", re.I)


def mob_cue(text: str) -> bool:
    """Whether a sentence tells of an unorganised crowd's fight (see ``MOB_CUE``),
    leaving out the people who only told the report of it."""
    return MOB_CUE.search(_TOLD_BY_PEOPLE.sub(" ", text)) is not None


MOB_CUE = re.compile(r"\b(?:two groups|rival groups|supporters|members of|villagers|residents|mob|machetes?|sticks?|axes?|stones|knives|bows|arrows|land dispute|clashed with each other|fought one another|fought each other)\b", re.I)
# Trigger classes of violence: a movement told beside them is part of the attack.
VIOLENT_CLASSES = {"clash", "kill", "air", "shelling", "explosive", "suicide", "grenade", "chemical", "sexual", "abduct", "seize", "regain", "loot"}
# Nouns a weapon word only modifies when it names equipment or a place, not a strike.
WEAPON_SYSTEM_NOUNS = {"battery", "launcher", "system", "unit", "position", "base", "depot", "site", "factory",
                       "defense", "defence", "brigade", "regiment", "program", "programme", "test", "stockpile"}
GENERIC_ATTACKS = {"attack", "target", "strike", "fire", "fire on", "fire at", "open fire on", "hit", "bombard", "raid", "firing", "gunfire"}
BASE_NOUNS = {"base", "post", "outpost", "camp", "checkpoint", "headquarters", "position", "observation", "barracks", "garrison", "station"}
PROTEST_CUE = re.compile(r"\b(?:protest|demonstrat|against|demand|denounc|pressure|rall(?:y|ied)|petition|grievance|to (?:file|call)|in support of|condemn|to (?:reject|repudiate|oppose|denounce))", re.I)
AIR_WORDS = re.compile(r"\b(?:aerial|air ?force|aircrafts?|warplanes?|jets?|drones?|helicopters?|air ?strikes?|air raids?|planes?|UAVs?|bombers?)\b", re.I)
SHELL_WORDS = re.compile(r"\b(?:artillery|mortars?|shell(?:s|ed|ing)?|rockets?|missiles?|howitzers?|grads?|katyushas?|heavy weapons?|tank fire|"
                         r"heavy machine ?guns?|grenade launchers?|IFVs?|BMPs?|ATGMs?|anti-tank|cannons?)\b", re.I)


def weapon_of(text: str) -> str | None:
    """The kind of remote violence a sentence names, if any."""
    if AIR_WORDS.search(text):
        return "air"
    if SHELL_WORDS.search(text):
        return "shelling"
    return None


# People on the move whose flight or return ACLED records as a development
# (Strategic developments / Other), never as fighting.
DISPLACED_NOUNS = {"villager", "family", "resident", "civilian", "people", "person", "household", "inhabitant",
                   "refugee", "migrant", "idp", "returnee", "individual", "citizen", "evacuee"}
# Those who move only by returning home: a refugee's return is news, a resident's is not.
RETURNING_NOUNS = {"refugee", "migrant", "idp", "returnee", "evacuee"}
# Ordnance left from a past war: an accident, not an attack by anyone now.
WAR_REMNANT = re.compile(
    r"\b(?:unexploded|remnants? of (?:the )?war|left ?over|laid (?:during|in) (?:the )?|accidentally (?:stepp|trigger|detonat|struck|hit)\w*|"
    r"(?:from|during) (?:the )?(?:previous|past|former|old|civil|\w+-\w+) (?:war|fighting|conflict)|"
    r"where fighting (?:occurred|took place) in the (?:19|20)\d0s)", re.I)
# Shots fired with no one as their target.
SHOTS_IN_THE_AIR = re.compile(r"\bwarning shots?\b|\bshots?\b[^.]{0,40}\b(?:in|into) the air\b|\bfir(?:ed|ing)\b[^.]{0,30}\b(?:in|into) the air\b", re.I)

# "in", "at", "near", "in the village of", "on the outskirts of" right before a name
LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|inside|outside|around|on)\s+(?:the\s+)?(?:(?:[a-z-]+\s+){0,3}of\s+(?:the\s+)?)?$", re.I)
THE_PLACE = re.compile(r"\bthe (?:city|town|village|provincial capital|capital|district|province)\b"
                       # "in another neighbourhood", "elsewhere in the city": a part of the report's own town
                       r"|\b(?:another|other|a nearby|a neighbouring|a neighboring) (?:neighbou?rhoods?|districts?|suburbs?|part of the city)\b", re.I)
GENERIC_ACTORS = {"Protesters", "Rioters", "Civilians", "Unidentified Armed Group"}
EXCESSIVE_FORCE = re.compile(r"\bopen(?:ed|ing)? fire (?:on|at) (?:the )?(?:protesters|demonstrators|protestors)|\b(?:police|security forces|soldiers|troops|officers)\b[^.]{0,60}\b(?:killed|shot dead|shot and killed|beat|beaten|injured|wounded)\b[^.]{0,40}\b(?:protesters|demonstrators|protestors)|\b(?:protesters|demonstrators|protestors)\b[^.]{0,30}\b(?:were|was)\s+(?:killed|shot|beaten|injured)", re.I)
CROWD_VIOLENCE = re.compile(r"\b(?:burn(?:ed|t|ing)?\s+(?:\w+\s+)?(?:tyres|tires|objects|vehicles?|cars?|wood|mattresses)|with burning|set (?:\w+\s+){1,3}on fire|scuffles?|brawls?|"
                            r"clash(?:es|ed)? (?:\w+\s+){0,3}(?:with|between)|battl(?:ed|ing|es?) (?:with )?(?:the )?(?:riot )?(?:police|security|soldiers|troops)|storm(?:ed|ing)|broke into|forced (?:their|its) way into|overr(?:an|un)|thr(?:ew|owing)\s+(?:stones|rocks|bricks|petrol|molotov)|pelt(?:ed|ing)|vandali[sz](?:ed|ing)|clash(?:ed)? with (?:the )?(?:police|security)|torch(?:ed|ing)|set (?:fire|ablaze)|barricades?|attack(?:ed)? (?:the )?(?:police|officers)|ransack(?:ed)?|damag(?:ed|ing)\s+(?:\w+\s+)?(?:vehicles|property|shops|buildings))", re.I)
INTERVENTION = re.compile(
    r"\b(?:dispers(?:ed|e|ing)|tear ?gas|water cannons?|rubber bullets|intervened|baton|lathi|used force|use of force|"
    r"control the crowd|(?:arrested|detained) (?:\w+ ){0,3}(?:protesters|demonstrators|participants|people|them|activists|students|workers|residents)|"
    r"(?:protesters|demonstrators|participants)\b[^.]{0,30}\b(?:were|was) (?:arrested|detained)|"
    r"fired (?:shots )?(?:in the air|into the air|warning shots)|broke up|prevented|blocked the (?:protesters|march))", re.I)
HUMAN_NOUNS = {"people", "person", "man", "woman", "child", "civilian", "resident", "villager", "student", "worker", "farmer", "protester", "demonstrator", "journalist", "driver", "trader", "family", "boy", "girl", "teacher", "doctor",
               "youth", "teenager", "vendor", "passenger", "shepherd", "herder", "fisherman", "miner", "nurse", "pastor", "priest", "imam", "guard", "motorist", "villager", "local"}


def bodies_told(trig, sent) -> Count | None:
    """How many bodies "two human heads were found" or "the body of a woman
    was found" tells: the number on the noun, else one for a singular noun."""
    noun = next((t for t in sent.doc[trig.start : trig.end] if t.pos_ == "NOUN"), sent.doc[trig.start])
    # "the bodies of two men": the number is on whose bodies they are
    owners = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    for holder in [noun, *owners]:
        for c in holder.children:
            if c.dep_ == "nummod":
                found = parse_count(c.text)
                if found is not None:
                    return Count(value=found.value, text=c.text, start=c.idx, end=c.idx + len(c.text))
    if noun.tag_ == "NN":
        return Count(value=1, text=noun.text, start=noun.idx, end=noun.idx + len(noun.text))
    return None


def _verb_above(tok, through: tuple[str, ...], limit: int):
    """The first verb above ``tok``, climbing only through ``through`` relations."""
    cur = tok
    for _ in range(limit):
        if cur.dep_ not in through:
            return None
        cur = cur.head
        if cur.pos_ == "VERB" and cur.dep_ != "prep":  # "including" works as a preposition
            return cur
    return None


# words of a takeover that need not be fought ("took control of"); "overran", "recaptured" are
PEACEFUL_TAKEOVERS = {"take control", "take over", "takeover", "gain control", "seize", "capture", "take", "occupy", "enter"}
FIGHTING_LEMMAS = {"fight", "fighting", "clash", "battle", "attack", "assault", "offensive", "kill", "killing", "shell", "shelling",
                   "fire", "gunfire", "die", "dead", "wound", "injure", "casualty", "resistance", "airstrike", "bomb", "bombing",
                   "storm", "overrun", "ambush", "raid", "explosion", "mortar", "rocket", "skirmish", "gunfight", "siege"}
MEASURE_NOUNS = {"ton", "tonne", "kilogram", "kilo", "kg", "gram", "pound", "lb", "package", "packet", "bag", "sack",
                 "load", "quantity", "amount", "consignment", "shipment", "haul", "batch", "cache", "stockpile", "lot"}
# people named only as men: a band of them, unlike a crowd ("residents", "a mob"), is not a riot
UNNAMED_ASSAILANTS = {"man", "men", "individual", "person", "assailant", "attacker", "stranger"}
BAN_WORDS = {"ban", "prohibition", "prohibit", "outlaw", "forbid", "restriction", "restrict", "moratorium"}


def forbidden(head) -> bool:
    """Whether a noun is what a ban forbids: "banned rallies", "a ban on all
    forms of marches, protests and sit-ins"."""
    cur = head
    for _ in range(8):  # (a long list climbs one step a member)
        if cur.dep_ not in ("dobj", "obj", "pobj", "prep", "conj", "compound", "appos", "nsubjpass"):
            return False
        if cur.dep_ == "prep" and cur.lower_ == "on" and any(
                c.dep_ in ("dobj", "obj") and c.lemma_.lower() in BAN_WORDS for c in cur.head.children):
            return True  # "extended the ban on ...", the parser hanging "on" from the verb
        cur = cur.head
        if cur.lemma_.lower() in BAN_WORDS:
            return True
    return False


def found_body(head) -> bool:
    """"the body of a woman was found dumped", "police discovered two corpses"."""
    verb = _verb_above(head, ("nsubjpass", "dobj", "obj", "nsubj", "pobj", "prep"), 3)
    return verb is not None and verb.lemma_.lower() in BODY_VERBS


def found_not_fired(head):
    """The verb by which a weapon was found, not fired: "an IED was found",
    "discovered a cache of explosives", "defused a bomb"; else None."""
    verb = _verb_above(head, ("dobj", "obj", "nsubjpass", "pobj", "prep", "compound", "conj", "appos"), 7)
    return verb if verb is not None and verb.lemma_.lower() in DISRUPT_VERBS else None


def counted_fire(head, sentence: str) -> bool:
    """"120 explosions", "explosions were heard", and no bomb, mine or device named."""
    if DEVICE_WORDS.search(sentence) or head.tag_ not in ("NNS", "NNPS"):
        return False
    # the number may sit on the last of a list ("120 projectiles/explosions/shots")
    counted = any(c.dep_ == "nummod" for c in head.children) or (
        head.dep_ in ("nmod", "compound", "conj") and any(c.dep_ == "nummod" for c in head.head.children))
    return counted or head.head.lemma_.lower() in ("hear", "observe", "record", "report", "register")


def counted_fire_subtype(sentence: str) -> str:
    """What counted fire is: a clash when small arms or both sides fire, else
    the heavy weapons' shelling."""
    two_sided = TWO_SIDED.search(sentence) or SMALL_ARMS.search(sentence)
    return "Armed clash" if two_sided else "Shelling/artillery/missile attack"


def is_definite(noun) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its", "their", "his", "her") for c in noun.children)


def is_headline(sent_text: str, sent_start: int, first_line_end: int) -> bool:
    """A title or bullet line: no closing punctuation, or the report's first line."""
    text = sent_text.strip()
    if not text:
        return False
    first_line = sent_start < first_line_end
    return text[-1] not in ".!?\"”’'" or (first_line and text[-1] not in ".!?")


def in_purpose_clause(head) -> bool:
    """Inside an infinitive of purpose or intent ("came to Kabul to meet ...")."""
    cur = head
    for _ in range(4):
        if cur.dep_ in ("advcl", "xcomp", "acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            return cur.dep_ != "xcomp" or cur.head.lemma_.lower() not in ("agree", "begin", "start", "continue", "decide_past")
        if cur.dep_ not in ("conj", "dobj", "pobj", "prep", "xcomp", "compound") or cur.head == cur:
            return False
        cur = cur.head
    return False


def clause_verb(tok):
    """The verb whose clause a token belongs to."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("aux", "auxpass"):
            return cur
        if cur.head == cur:
            return cur
        cur = cur.head
    return cur


# verbs of saying: a date on one dates the saying, not what is said ("IS said
# Thursday it carried out Wednesday's bombings")
SAYING_LEMMAS = {"say", "tell", "announce", "claim", "report", "add", "state", "confirm", "insist", "allege",
                 "declare", "deny", "accuse", "warn", "explain", "note", "disclose", "reveal", "acknowledge", "admit"}


def clause_chain(tok) -> list:
    """The trigger's clause verb and the verbs above it."""
    out, cur = [], clause_verb(tok)
    for _ in range(6):
        out.append(cur)
        if cur.head == cur:
            break
        cur = clause_verb(cur.head)
        if cur in out:
            break
    return out


def governed_by(tok, gov, limit: int = 5) -> bool:
    cur = tok
    for _ in range(limit):
        if cur.head == cur:
            return False
        cur = cur.head
        if cur.i == gov.i:
            return True
    return False


# one person, told of as such: "a man", "an activist", "one student"
ONE_INDIVIDUAL = re.compile(r"(?i)(?:a|an|one)\s+(?!number\b|group\b|few\b|lot\b|series\b|wave\b|total\b)[a-z-]+(?:\s+[a-z-]+)?$")

# "the device was planted by X": who laid a device that went off is its author
PLANTING_VERBS = {"plant", "lay", "place", "set", "leave", "hide", "bury"}
DEVICE_NOUNS = {"device", "ied", "bomb", "mine", "landmine", "explosive", "explosives", "charge", "it"}


# the note on a protest the report itself calls peaceful (see ``called_peaceful``)
CALLED_PEACEFUL = "the report calls it peaceful"
# the note on a crowd's riot when others than the state's forces fired on it
FIRED_ON_BY_OTHERS = "a crowd fired on by others than the state's forces"


def called_peaceful(head: Token) -> bool:
    """Whether a protest's own noun is called peaceful ("largely peaceful
    rallies", "huge and peaceful marches")."""
    if head.pos_ != "NOUN":
        return False
    words = [c for c in head.children if c.dep_ == "amod"]
    words += [w for c in words for w in c.children if w.dep_ == "conj"]
    return any(w.lemma_.lower() == "peaceful" for w in words)
