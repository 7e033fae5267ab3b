"""The words and patterns place reading relies on: what stands before a place
("in", "near", "from"), what follows a person's name and never a place's,
how reports define a place ("X, the capital of Y province"), and the
capitals known by another name. Shared by ``places`` (the resolver) and
``place_names`` (finding names in text)."""
from __future__ import annotations

import re

Entity = tuple[int, int, str, str]  # (start, end, text, spaCy label), document offsets

PLACE_LABELS = {"GPE", "LOC", "FAC"}

# What stands between a place and the one it is measured from: ", about 20
# miles (32 km) north of ", " some 10 km east of the city of "
_OFFSET = re.compile(
    r",?\s+(?:(?:about|some|around|roughly|nearly|approximately|almost|just|only|over|under|less than|more than)\s+)?"
    r"(?P<n>\d+(?:[.,]\d+)?)(?:\s*-\s*\d+)?\s*(?P<unit>km|kms|kilomet(?:re|er)s?|miles?|mi)\b\.?"
    r"(?:\s*\([^)]{1,20}\))?"
    r"\s+(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+of\s+"
    r"(?:(?:the\s+)?(?:\w+\s+)?(?:city|town|village|capital|province|district)\s+of\s+|the\s+)?",
    re.I)

# ", Ecuador's newly inaugurated president", ", the army's chief of staff",
# ", a former minister": what follows a person's name, never a place's
_TITLE_APPOSED = re.compile(
    r",\s+(?:the|a|an|[A-Z][\w.'’-]*(?:'s|’s))\s+(?:[\w-]+\s+){0,3}?"
    r"(?:president|prime minister|minister|leader|spokesman|spokeswoman|spokesperson|commander|chief|governor|mayor|"
    r"general|colonel|lawmaker|senator|envoy|ambassador|cleric|warlord|king|queen|emir|sheikh)\b(?!['’]s)"
    # (closed like an apposition: "Sinaloa, the gang boss known as ..." is a place and a subject)
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?\s*[,;)]")

# ------------------------------------------------------------------ word lists
# Lists of ordinary English function words; they describe how a sentence uses a
# name, not any particular place or document.

# Prepositions that put an event at a place.
LOCATIVE = {"in", "at", "on", "inside", "within", "across", "throughout", "near", "outside",
            "around", "along", "between", "among", "amid", "beside", "behind", "beyond"}
# Words saying the event was close to, not at, the place (ACLED precision 2).
NEAR = {"near", "outside", "around", "outskirts", "vicinity", "suburb", "suburbs", "edge",
        "km", "kilometres", "kilometers", "miles", "mi", "close", "nearby", "beyond",
        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
        "north-east", "north-west", "south-east", "south-west"}
ORIGIN = {"from"}
DESTINATION = {"into", "to", "towards", "toward"}
TOPIC = {"about", "regarding", "concerning", "with", "over", "against"}
# Words that may stand between a preposition and the name it governs:
# "in the war-torn border province of Badakhshan", "in parts of Fort Nau".
FILLER = {
    "the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "of",
    "northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
    "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern",
    "south-western", "province", "provinces", "provincial", "city", "cities", "town", "towns",
    "village", "villages", "district", "districts", "capital", "border", "restive", "remote",
    "key", "strategic", "neighbouring", "neighboring", "volatile", "embattled", "besieged",
    "contested", "troubled", "mountainous", "outlying", "same", "rural", "urban", "area",
    "areas", "part", "parts", "region", "regions", "heart", "center", "centre", "downtown",
    "nearby", "main", "major", "small", "large", "ancient", "historic", "strategically",
    "important", "northernmost", "southernmost", "coastal", "desert", "southern-most",
}
# Parts of a place: "Afrin's entrances", "Kabul's western outskirts" are the place.
PLACE_PARTS = {
    "entrance", "entrances", "outskirts", "suburb", "suburbs", "streets", "street", "centre",
    "center", "downtown", "neighbourhood", "neighbourhoods", "neighborhood", "neighborhoods",
    "districts", "edge", "gates", "gate", "countryside", "villages", "markets", "market",
    "airport", "outskirt", "city", "port", "prison", "checkpoints", "roads", "road", "highway",
}

# Nouns after a name that make the name an actor or an adjective, not a place:
# "Pakistan officials", "Afghan forces", "Kabul government".
ACTOR_NOUNS = {
    "forces", "force", "troops", "soldiers", "army", "military", "police", "officials", "official",
    "government", "governments", "authorities", "authority", "side", "ministry", "minister",
    "president", "spokesman", "spokesperson", "spokeswoman", "leaders", "leader", "leadership",
    "delegation", "team", "embassy", "ambassador", "administration", "security", "intelligence",
    "commander", "commanders", "governor", "parliament", "negotiators", "envoy", "envoys",
    "representatives", "regime", "diplomats", "prime", "foreign", "defence", "defense",
    "interior", "state", "air", "navy", "national", "nationals", "citizens", "border-guards",
}
# Verbs after a name that make it the speaker or doer: "Kabul said", "Kabul agreed".
REPORTING_VERBS = {
    "said", "says", "say", "told", "tells", "claimed", "claims", "announced", "announces",
    "agreed", "agrees", "accused", "accuses", "denied", "denies", "stated", "states", "added",
    "reported", "insisted", "insists", "warned", "warns", "demanded", "demands", "rejected",
    "rejects", "urged", "urges", "called", "calls", "asked", "asks", "wants", "wanted",
    "confirmed", "confirms", "believes", "hopes", "pressured", "threatened", "threatens",
    "vowed", "vows", "promised", "promises", "signed", "signs", "released", "releases", "freed",
    "frees", "sent", "sends", "deployed", "deploys", "condemned", "condemns", "welcomed",
    "welcomes", "responded", "argued", "argues", "noted", "notes", "blamed", "blames",
}
AUXILIARIES = {"was", "is", "were", "are", "has", "had", "have", "will", "would", "should",
               "must", "can", "could", "may", "might", "did", "does"}
# Titles before a capitalised word make it a person's name: "Governor Shams".
TITLES = {"mr", "mrs", "ms", "dr", "president", "general", "gen", "governor", "minister",
          "mullah", "maulvi", "mawlawi", "sheikh", "haji", "commander", "spokesman", "lt",
          "col", "colonel", "captain", "capt", "sgt", "major", "maj", "prince", "king", "queen",
          "judge", "senator", "sen", "rep", "imam", "qari", "sir", "lord", "saint", "st"}
# Lower-case words that may stand inside a place name: "Qala i Naw", "Dar es Salaam".
CONNECTORS = {"i", "e", "ye", "al", "el", "ad", "as", "ash", "an", "ar", "at", "az", "ul", "ur",
              "de", "du", "la", "le", "les", "des", "del", "da", "di", "do", "dos", "das", "of",
              "and", "y", "bin", "ben", "wa", "sur", "am", "der", "den", "van", "von", "es", "en",
              "ed", "on", "upon"}

# Words an appositive name pattern may sweep up before the name: "On Tuesday, ...".
TRIM_WORDS = {
    "on", "in", "at", "after", "before", "since", "meanwhile", "however", "but", "and", "when",
    "while", "last", "next", "this", "that", "earlier", "later", "the", "a", "an", "of", "from",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "today", "yesterday", "officials", "residents", "sources", "police",
}

# The connectors that only occur inside names (not English "and", "of", "on").
# "of" in the languages whose place-named landmarks reporters copy
ROMANCE_OF = {"de", "del", "da", "do", "dos", "das", "di", "du", "des"}
# words before "de" that make "X de Name" the place itself
PLACE_WORDS_BEFORE_OF = {"provincia", "departamento", "estado", "municipio", "distrito", "ciudad", "cidade",
                         "región", "region", "comuna", "cantón", "canton", "département", "departement",
                         "commune", "ville", "città", "citta", "provincia", "área", "area", "zona"}
NAME_CONNECTORS = {"i", "e", "ye", "al", "el", "ad", "ash", "ar", "az", "ul", "ur", "de", "du", "la",
                   "le", "les", "des", "del", "da", "di", "dos", "das", "bin", "ben", "wa", "der",
                   "van", "von"}

# News agencies credited in brackets after a dateline: "(AP)" is no province
# (Andhra Pradesh), "(AFP)" no place at all
NEWS_AGENCIES = {"ap", "afp", "upi", "reuters", "ians", "pti", "ani", "efe", "dpa", "xinhua", "anadolu",
                 "aa", "tass", "apa", "kuna", "wam", "spa", "irna", "nna", "kna", "mena", "bernama",
                 "yonhap", "kyodo", "ips", "cna", "bbc", "cnn", "sana", "ina", "mna", "isna", "qna"}

ROLE_ORDER = {"locative": 0, "origin": 1, "bare": 2, "destination": 3, "qualifier": 4, "topic": 5}

# a country as whose people or rulers: "the leader of (neighbouring) Colombia", "the army of Mali"
_WHOSE = re.compile(r"\b(?:leaders?|president|presidents|government|prime minister|king|ruler|rulers|regime|"
                    r"(?:foreign|interior|defen[cs]e) minister|ambassador|embassy|army|forces|troops|people|citizens|nationals)"
                    r"\s+of\s+(?:the\s+)?(?:neighbou?ring\s+)?$", re.I)
# who gave or asked something: "under pressure from Washington", "with support from Moscow"
_FROM_WHOM = re.compile(r"\b(?:pressure|demands?|calls?|requests?|criticism|support|help|aid|backing|funding|mediation|"
                        r"approval|permission|orders?|instructions?|envoys?|delegations?|officials|diplomats)\s+from\s+(?:the\s+)?$", re.I)
# "neighbouring Colombia", "neighbouring countries": a neighbour of where the report is
_NEIGHBOURING = re.compile(r"\bneighbou?ring\s+$", re.I)
# a country's money is priced everywhere: "the US dollar" says nothing of where
_CURRENCY = re.compile(r"\s+(?:dollars?|pounds?|liras?|euros?|rupees?|roubles?|rubles?|dinars?|rials?|riyals?|yuan|pesos?|currency|bonds?|stocks?|markets?)\b", re.I)

# (and a way named after a place lies elsewhere: "the Quetta Road in Karachi",
# "Azadi Square in Tehran"; an airport or a university is where it is named)
_THING_AFTER = re.compile(r"\s+(?:cocktails?|rifles?|(?:Square|Street|Road|Avenue|Boulevard|Highway|Lane|Gate|Roundabout)\b(?!\s+(?:area|district|neighbou?rhood)))", re.I)

_ARABIC_ARTICLE = re.compile(r"(?:al|el|ar|as|ash|ad|an|at|az|ath|adh) (?=\S{3})")

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'’‘ʼ`]*(?:-[^\W_][\w'’‘ʼ`]*)*")

_NAME = r"(?<![\w'’‘ʼ`-])(?:[A-Z]|[a-z][A-Z])[\w'’‘ʼ`]*(?:-[\w'’‘ʼ`]+)*(?:[ ](?:(?:i|e|ye|al|el|ad|ul|ur|de|du|la)[ ])?[A-Z][\w'’‘ʼ`]*(?:-[\w'’‘ʼ`]+)*){0,3}"
_ADM = r"(?:province|state|region|governorate|district|county|prefecture|department|oblast|parish|countryside)"
_SUBUNIT = r"(?:district|sub-?district|subdivision|county|LGA|municipality|township|upazila|division|tehsil|department)"
_CAPITAL = r"(?:(?:provincial|regional|state|district|administrative)\s+)?capital"
_REGION_WORDS = r"(?:(?:[a-z-]+\s+){0,2}" + _ADM + r"\s+of\s+)?"
# Words every appositive pattern contains; the patterns only run near them.
_APPOSITIVE_TRIGGER = re.compile(rf"\bcapital\b|\b{_ADM}\b|\(")
# Appositive definitions: each names X and the region Y it belongs to.
APPOSITIVES: list[tuple[str, re.Pattern]] = [
    # "Fort Nau, the capital of Badghis province"
    ("capital", re.compile(rf"(?P<x>{_NAME}),\s+(?:the|its)\s+{_CAPITAL}\s+of\s+(?:the\s+)?{_REGION_WORDS}(?P<y>{_NAME})(?:\s+{_ADM})?")),
    # "the capital of Badghis, Qala-i-Naw"
    ("capital", re.compile(rf"\b{_CAPITAL}\s+of\s+(?:the\s+)?{_REGION_WORDS}(?P<y>{_NAME})(?:\s+{_ADM})?,\s+(?P<x>{_NAME})")),
    # "Badghis's capital, Qala-i-Naw", "the Qatari capital of Doha"
    ("capital", re.compile(rf"(?P<y>{_NAME})(?:['’]s)?\s+{_CAPITAL}(?:\s+of|,)?\s+(?P<x>{_NAME})")),
    # "Spin Boldak district of Kandahar province", "Lashkar Gah in Helmand province"
    ("in", re.compile(rf"(?P<x>{_NAME})(?:\s+(?P<kind>district|town|city|village|area))?,?\s+(?:in|of)\s+(?:the\s+)?(?:[a-z-]+\s+){{0,2}}(?P<y>{_NAME})\s+{_ADM}\b")),
    # "Nad Ali district of Helmand"
    ("district", re.compile(rf"(?P<x>{_NAME})\s+district\s+(?:of|in)\s+(?:the\s+)?(?P<y>{_NAME})")),
    # "Lashkar Gah, Helmand province"
    ("in", re.compile(rf"(?P<x>{_NAME}),\s+(?P<y>{_NAME})\s+{_ADM}\b")),
    # ACLED's own convention: "Lulimba village (Fizi, Sud-Kivu)", "Qala-i-Naw (Badghis)"
    # "Wagoora city (Budgam district, J&K)", "Mankote sector area (Poonch district, J&K)"
    ("in", re.compile(rf"(?P<x>{_NAME})(?:\s+(?:[a-z]+\s+)?(?P<kind>district|town|city|village|area))?\s+\("
                      rf"(?:(?P<z>{_NAME})(?:\s+{_SUBUNIT})?,\s+)?(?P<y>{_NAME}|[A-Z]&[A-Z])\)")),
]


# "in Burundi's capital", "the Somali capital", "Colombia capital", "the
# capital of Mali": a country's or province's capital named by its role alone
# (when a name follows, "Kenya's capital Nairobi", an appositive above defines it)
_NOT_A_NAME_NEXT = r"(?!(?:[ \t]*,)?[ \t]+(?:of[ \t]+|city[ \t]+of[ \t]+)?(?:the[ \t]+)?[A-Z])"
CAPITAL_PHRASES = [
    re.compile(rf"(?P<y>{_NAME})(?:['’]s)?\s+capital\b{_NOT_A_NAME_NEXT}"),
    re.compile(rf"\bcapital\s+of\s+(?:the\s+)?(?P<y>{_NAME})\b(?!\s*,\s*[A-Z])"),
]
# Where the news still says "the capital" of a city that no longer is one, or
# means the seat of government rather than the official capital: when the
# report names this city, "Burundi's capital" is it (a 2015 report's Bujumbura,
# not Gitega)
ALTERNATIVE_CAPITALS = {
    "BI": "Bujumbura", "TZ": "Dar es Salaam", "CI": "Abidjan", "MM": "Yangon", "BO": "La Paz",
    "BJ": "Cotonou", "LK": "Colombo", "NG": "Lagos", "KZ": "Almaty", "ZA": "Pretoria",
}
