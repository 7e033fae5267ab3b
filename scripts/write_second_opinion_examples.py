"""Write the second opinion's training sentences (src/eventledger/data/second_opinion_examples.jsonl).

Every sentence is composed here, from the ACLED codebook's sub-event type
definitions and PLOVER's event type definitions: a few templates per type,
written for this file, filled with invented places, people, groups and
numbers. No sentence comes from any evaluation set, gold file or news text.
Deterministic (a fixed seed): running it again writes the same file.

    python scripts/write_second_opinion_examples.py
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "eventledger" / "data" / "second_opinion_examples.jsonl"

SLOTS = {
    "TOWN": ["Varnelo", "Tuzmak", "Kelmoro", "Sutani", "Dravik", "Ammaro", "Belkesh", "Oruzan", "Mendava", "Pilosk",
             "Hadrana", "Zeluk", "Kastorin", "Umbaro", "Rovenka", "Falumbe", "Tashvel", "Ngorossa", "Idrimo", "Quelva"],
    "REGION": ["Kessra province", "North Ulvan region", "Delmar district", "the Tamaro valley", "Upper Bessin state",
               "the eastern Halvek region", "Sorun county", "the southern Marvo province"],
    "COUNTRY": ["Veldoria", "Ostrania", "Kaluria", "Sembia", "Taravia", "Norland", "Ezmir", "Galdova"],
    "ARMY": ["the army", "government troops", "soldiers", "the armed forces", "army units", "the military",
             "government forces", "troops"],
    "REBEL": ["rebels", "militants", "insurgents", "fighters of the Ranu Liberation Front", "the Sovek Brigade",
              "jihadist fighters", "gunmen of the Black Hawk militia", "members of the Ulvan Patriotic Army", "separatists"],
    "GUNMEN": ["gunmen", "unknown assailants", "armed men", "suspected militants", "bandits", "masked attackers",
               "men on motorbikes", "an armed gang"],
    "CIV": ["villagers", "farmers", "a teacher", "two women", "a local trader", "displaced families", "a shepherd",
            "a village chief", "herders", "a nurse", "passengers of a minibus", "worshippers"],
    "PERSON": ["Amaru Tessen", "Ilse Varga", "Okoro Dandel", "Mirel Sadko", "Hana Belkis", "Tomas Ruvelo",
               "Samir Okonde", "Leyla Darov", "Pavo Linsk", "Ruth Amadi"],
    "POLICE": ["police", "riot police", "officers", "the gendarmerie", "security forces", "anti-riot units"],
    "CROWD": ["hundreds of people", "students", "workers", "residents", "opposition supporters", "traders",
              "teachers", "farmers", "dozens of women", "thousands of demonstrators", "nurses", "taxi drivers"],
    "GOV": ["the government of Veldoria", "Ostrania's foreign minister", "President Amaru Tessen", "the Kalurian cabinet",
            "Sembia's prime minister", "the Taravian defence ministry", "Norland's president", "the interior minister"],
    "GOV2": ["neighbouring Ezmir", "the Galdovan government", "Ostrania", "the president of Kaluria",
             "a delegation from Sembia", "Taravia's leaders", "the rebel leadership", "the opposition alliance"],
    "ORG": ["the United Nations", "an aid agency", "the Red Crescent", "a regional bloc", "the World Food Programme",
            "a medical charity", "the European Union", "the African Union"],
    "N": ["two", "three", "four", "five", "six", "seven", "eight", "10", "12", "15", "at least 20", "nearly 30",
          "dozens of", "a dozen"],
    "DAY": ["on Monday", "on Tuesday", "late on Wednesday", "on Thursday night", "on Friday", "early on Saturday",
            "on Sunday", "overnight", "on 12 March", "on 3 June", "yesterday", "this morning"],
    "ISSUE": ["fuel prices", "the killing of a student", "unpaid wages", "the election results", "power cuts",
              "a new tax", "the arrest of a journalist", "water shortages", "land seizures", "corruption"],
}


def _types(sub):
    """ACLED event type and PLOVER type of an ACLED sub-event type, as coding.py maps them."""
    from eventledger.extract.coding import EVENT_TYPE_OF_SUBTYPE, PLOVER_OF_SUBTYPE

    return EVENT_TYPE_OF_SUBTYPE[sub], PLOVER_OF_SUBTYPE[sub][0]


# ACLED sub-event types: templates written from the codebook's definitions.
ACLED = {
    # two organised armed groups fight; no territory changes hands
    "Armed clash": [
        "{ARMY} clashed with {REBEL} near {TOWN} {DAY}.",
        "Heavy fighting broke out between {ARMY} and {REBEL} in {REGION} {DAY}.",
        "{N} soldiers and several rebels were killed in a gun battle outside {TOWN}.",
        "{REBEL} ambushed an army convoy on the road to {TOWN}, sparking a firefight that lasted hours.",
        "Troops exchanged fire with {REBEL} at a checkpoint in {TOWN} {DAY}.",
        "Two rival militias fought for control of the market in {TOWN}, leaving {N} fighters dead.",
        "{REBEL} attacked an army post in {REGION} and were repelled after heavy fighting.",
        "Police and a drug cartel's gunmen traded fire for two hours in {TOWN}.",
    ],
    "Government regains territory": [
        "{ARMY} recaptured {TOWN} from {REBEL} {DAY}.",
        "Government forces retook control of {TOWN} after a week-long offensive against {REBEL}.",
        "The army said it had regained the district of {TOWN}, driving out {REBEL}.",
        "Troops recovered the border town of {TOWN}, which {REBEL} had held since last year.",
        "Soldiers regained control of the {TOWN} airport following clashes with {REBEL}.",
        "{ARMY} liberated {TOWN} from insurgent control, the defence ministry announced.",
    ],
    "Non-state actor overtakes territory": [
        "{REBEL} seized the town of {TOWN} after government troops withdrew {DAY}.",
        "{REBEL} captured {TOWN} following heavy fighting with {ARMY}.",
        "Insurgents took control of the district headquarters in {TOWN}.",
        "{REBEL} overran an army base near {TOWN} and raised their flag over it.",
        "Militants stormed and captured the town of {TOWN} in {REGION} {DAY}.",
        "The rebels said they now controlled {TOWN} after the army fled.",
    ],
    "Chemical weapon": [
        "A chlorine gas attack on {TOWN} left {N} people struggling to breathe.",
        "Residents of {TOWN} said a shell released a toxic gas that killed {N} civilians.",
        "{ARMY} were accused of dropping sarin on a rebel-held district of {TOWN}.",
        "Doctors treated dozens for symptoms of a nerve agent after an attack on {TOWN}.",
        "A chemical weapon was used against fighters in {TOWN}, according to medics.",
    ],
    "Air/drone strike": [
        "An airstrike hit a market in {TOWN} {DAY}, killing {N} people.",
        "A drone strike killed {N} militants in a vehicle near {TOWN}.",
        "Warplanes bombed rebel positions around {TOWN} {DAY}.",
        "Fighter jets struck a suspected weapons depot in {REGION}.",
        "A helicopter gunship fired on a convoy outside {TOWN}, killing its passengers.",
        "An unmanned aircraft targeted a house in {TOWN}, killing a commander of {REBEL}.",
        "Air raids on {TOWN} destroyed several houses and a school.",
    ],
    "Suicide bomb": [
        "A suicide bomber blew himself up at a checkpoint in {TOWN}, killing {N} people.",
        "A suicide car bomb exploded outside a police station in {TOWN} {DAY}.",
        "A woman wearing an explosive vest detonated it in a crowded market in {TOWN}.",
        "{N} soldiers died when a suicide attacker rammed an explosives-laden truck into their base near {TOWN}.",
        "An attacker detonated his suicide belt inside a mosque in {TOWN} during Friday prayers.",
    ],
    "Shelling/artillery/missile attack": [
        "Artillery shells landed in a residential area of {TOWN} {DAY}, killing {N} people.",
        "{REBEL} fired mortars at an army base near {TOWN}.",
        "Rockets struck the centre of {TOWN}, damaging a hospital.",
        "{ARMY} shelled villages around {TOWN} throughout the night.",
        "A ballistic missile hit an oil depot in {TOWN} {DAY}.",
        "Mortar rounds fell on a camp for displaced people near {TOWN}, wounding {N}.",
        "Heavy shelling pounded the outskirts of {TOWN} {DAY}.",
    ],
    "Remote explosive/landmine/IED": [
        "A roadside bomb killed {N} soldiers on patrol near {TOWN} {DAY}.",
        "A landmine exploded under a minibus in {REGION}, killing {N} passengers.",
        "An improvised explosive device went off near a police vehicle in {TOWN}.",
        "A car bomb exploded in a busy street of {TOWN} {DAY}, killing {N} people.",
        "A bomb planted on a motorbike exploded outside a bank in {TOWN}.",
        "{N} herders were killed when their cart hit a mine near {TOWN}.",
        "An IED struck a military truck on the highway between {TOWN} and {TOWN}.",
    ],
    "Grenade": [
        "An attacker threw a grenade into a bar in {TOWN}, wounding {N} people.",
        "A hand grenade was hurled at a police post in {TOWN} {DAY}.",
        "Unknown men lobbed a grenade into the courtyard of a house in {TOWN}.",
        "A grenade attack on a bus station in {TOWN} injured {N} travellers.",
        "Militants tossed a grenade at an army patrol in {TOWN}.",
    ],
    "Sexual violence": [
        "Soldiers raped {N} women in {TOWN}, a rights group said.",
        "{GUNMEN} sexually assaulted a girl on her way to fetch water near {TOWN}.",
        "Militiamen raped a woman in front of her family during a raid on {TOWN}.",
        "{N} women were raped by fighters of the Sovek Brigade in {TOWN}.",
        "A displaced woman was sexually abused by armed men near a camp in {REGION}.",
    ],
    "Attack": [
        "{GUNMEN} shot dead {CIV} in {TOWN} {DAY}.",
        "{GUNMEN} killed {N} villagers in a raid on {TOWN}.",
        "{GUNMEN} opened fire on {CIV} in {TOWN}, killing two.",
        "A local journalist was shot and killed outside his home in {TOWN}.",
        "{GUNMEN} attacked a village in {REGION}, burning homes and killing {N} people.",
        "Soldiers beat and killed {CIV} at a checkpoint in {TOWN}.",
        "The body of a farmer who had been hacked to death was found in {TOWN}.",
        "{GUNMEN} stabbed a community leader to death in {TOWN} {DAY}.",
    ],
    "Abduction/forced disappearance": [
        "{GUNMEN} kidnapped {N} students from a school in {TOWN} {DAY}.",
        "{GUNMEN} abducted {CIV} on the road to {TOWN}.",
        "A local official was abducted from his home in {TOWN} by unknown men.",
        "{REBEL} seized {N} aid workers near {TOWN} and took them to an unknown location.",
        "Relatives said {CIV} disappeared after being taken by men in uniform in {TOWN}.",
        "{N} travellers were kidnapped by bandits on the highway near {TOWN}.",
    ],
    "Peaceful protest": [
        "{CROWD} marched through {TOWN} {DAY} to protest against {ISSUE}.",
        "{CROWD} demonstrated outside parliament in {TOWN} against {ISSUE}.",
        "{CROWD} held a sit-in in {TOWN} over {ISSUE}.",
        "Protesters gathered peacefully in the main square of {TOWN} to denounce {ISSUE}.",
        "{CROWD} staged a rally in {TOWN} calling for the release of political prisoners.",
        "{CROWD} went on strike and rallied in {TOWN} over {ISSUE}.",
        "A vigil was held in {TOWN} to protest against {ISSUE}.",
    ],
    "Protest with intervention": [
        "{POLICE} dispersed a protest by {CROWD} in {TOWN} with tear gas.",
        "{POLICE} broke up a demonstration against {ISSUE} in {TOWN} and detained {N} protesters.",
        "{CROWD} protesting {ISSUE} in {TOWN} were dispersed by {POLICE} firing rubber bullets.",
        "{POLICE} used water cannon to scatter demonstrators in {TOWN} {DAY}.",
        "A march by {CROWD} in {TOWN} was stopped by {POLICE}, who arrested its organisers.",
    ],
    "Excessive force against protesters": [
        "{POLICE} opened fire on protesters in {TOWN}, killing {N} of them.",
        "Security forces shot dead {N} demonstrators during a protest against {ISSUE} in {TOWN}.",
        "Soldiers fired live ammunition at a peaceful march in {TOWN}, killing a student.",
        "A protester was beaten to death by {POLICE} during a rally in {TOWN}.",
        "{N} protesters were killed when troops fired on a crowd demonstrating against {ISSUE}.",
    ],
    "Violent demonstration": [
        "{CROWD} protesting {ISSUE} set fire to tyres and threw stones at {POLICE} in {TOWN}.",
        "Angry protesters torched a police station in {TOWN} {DAY}.",
        "Demonstrators clashed with {POLICE} in {TOWN}, smashing shop windows.",
        "Rioters burned government offices in {TOWN} over {ISSUE}.",
        "Protesters against {ISSUE} blocked roads with burning barricades and stoned police cars in {TOWN}.",
        "Youths rioted in {TOWN} after {ISSUE}, looting shops and attacking officers.",
    ],
    "Mob violence": [
        "A mob lynched a suspected thief in {TOWN} {DAY}.",
        "Villagers beat to death two men accused of witchcraft in {TOWN}.",
        "An angry crowd attacked and burned the house of a suspected kidnapper in {TOWN}.",
        "A mob set upon {CIV} in {TOWN} after rumours of a child abduction, killing one.",
        "Residents of {TOWN} stoned a man accused of theft until he died.",
        "Rival groups of villagers fought with machetes over farmland near {TOWN}.",
    ],
    "Agreement": [
        "{ARMY} and {REBEL} agreed to a ceasefire in {REGION} {DAY}.",
        "The government and the rebels signed a peace deal in {TOWN}.",
        "{N} prisoners were released in an exchange between the army and {REBEL}.",
        "{REBEL} freed {N} captured soldiers under a deal brokered by local elders.",
        "Warring clans in {REGION} signed a truce ending months of fighting.",
        "The two sides agreed on a prisoner swap at talks in {TOWN}.",
    ],
    "Arrests": [
        "{POLICE} arrested {N} suspected militants in {TOWN} {DAY}.",
        "An opposition leader, {PERSON}, was detained by police in {TOWN}.",
        "Security forces rounded up {N} people in a raid on {TOWN}.",
        "A journalist was arrested in {TOWN} and accused of spreading false news.",
        "{POLICE} detained {N} activists at their homes in {TOWN}.",
        "The authorities arrested a local mayor, {PERSON}, on charges of aiding the rebels.",
    ],
    "Change to group/activity": [
        "{REBEL} announced that they had joined a new alliance of armed groups.",
        "A faction split from {REBEL} and named a new commander.",
        "The government ordered a curfew in {TOWN} {DAY}.",
        "The army deployed reinforcements to {TOWN}.",
        "{N} fighters of {REBEL} surrendered their weapons and joined a government programme in {TOWN}.",
        "Authorities declared a state of emergency in {REGION}.",
        "{REBEL} named {PERSON} as their new leader.",
    ],
    "Disrupted weapons use": [
        "Soldiers defused a roadside bomb near {TOWN} {DAY}.",
        "Police found and destroyed an arms cache in {TOWN}.",
        "The army seized weapons and ammunition from a rebel hideout in {REGION}.",
        "Bomb experts defused an explosive device planted outside a school in {TOWN}.",
        "Air defences intercepted a drone over {TOWN}.",
        "Security forces thwarted a planned car bomb attack in {TOWN}, seizing the explosives.",
    ],
    "Headquarters or base established": [
        "{REBEL} set up a new base in the hills outside {TOWN}.",
        "The army established a military camp near {TOWN}.",
        "Militants opened a training camp in a forest in {REGION}.",
        "{REBEL} established their headquarters in an abandoned school in {TOWN}.",
        "Troops built a new forward operating base at {TOWN}.",
    ],
    "Looting/property destruction": [
        "{GUNMEN} looted shops and burned houses in {TOWN} {DAY}.",
        "{REBEL} destroyed a telecommunications tower near {TOWN}.",
        "Unknown people vandalised a church in {TOWN}.",
        "Soldiers looted livestock from villages around {TOWN}.",
        "Arsonists set fire to a polling station in {TOWN} overnight.",
        "{GUNMEN} stole cattle and destroyed crops in {REGION}.",
    ],
    "Non-violent transfer of territory": [
        "{ARMY} withdrew from {TOWN}, handing it over to {REBEL} without a fight.",
        "{REBEL} took over {TOWN} after troops pulled out {DAY}.",
        "Foreign troops handed control of their base near {TOWN} to the local army.",
        "The militia left {TOWN} and local police took charge of it.",
        "{REBEL} entered {TOWN} unopposed after the garrison abandoned its positions.",
    ],
}

# PLOVER types with no ACLED sub-event: templates written from PLOVER's definitions.
PLOVER = {
    "CONSULT": [
        "{GOV} met {GOV2} in {TOWN} to discuss the border dispute.",
        "{GOV} held talks with {GOV2} on trade and security.",
        "{GOV} visited {COUNTRY} for talks with its leaders.",
        "{GOV} spoke by telephone with {GOV2} about the crisis.",
        "Delegations from {COUNTRY} and {COUNTRY} began a round of negotiations in {TOWN}.",
        "{GOV} hosted {GOV2} for a two-day summit.",
    ],
    "AGREE": [
        "{GOV} and {GOV2} signed a trade agreement in {TOWN}.",
        "{GOV} agreed to hold talks with {GOV2} next month.",
        "{COUNTRY} and {COUNTRY} reached a deal on sharing water from the river.",
        "{GOV} accepted an invitation from {GOV2} to mediate.",
        "The two countries agreed to restore diplomatic relations.",
        "{GOV} signed a memorandum of understanding with {GOV2} on energy.",
    ],
    "SUPPORT": [
        "{GOV} praised {GOV2} for its role in the peace process.",
        "{GOV} expressed support for the new government of {COUNTRY}.",
        "{GOV} endorsed the candidacy of {PERSON}.",
        "{GOV} welcomed the release of the detained journalists.",
        "{GOV} backed a proposal by {GOV2} for a regional summit.",
        "{GOV} voiced solidarity with the people of {COUNTRY} after the floods.",
    ],
    "COOPERATE": [
        "{GOV} and {GOV2} agreed to share intelligence on armed groups.",
        "{COUNTRY} and {COUNTRY} launched joint patrols along their border.",
        "{GOV} signed a defence cooperation pact with {GOV2}.",
        "The police forces of {COUNTRY} and {COUNTRY} will cooperate to fight smuggling.",
        "{GOV} extradited a suspect to {COUNTRY} at its request.",
    ],
    "AID": [
        "{ORG} delivered food aid to {N} families in {TOWN}.",
        "{COUNTRY} sent medical supplies to the victims of the earthquake.",
        "{ORG} provided $5 million in humanitarian assistance to {COUNTRY}.",
        "Aid convoys reached displaced people in {REGION} {DAY}.",
        "{GOV} pledged emergency relief for flood victims in {COUNTRY}.",
        "{ORG} opened a field hospital for refugees near {TOWN}.",
    ],
    "RETREAT": [
        "{COUNTRY} withdrew its troops from the disputed border area.",
        "{GOV} released {N} detained fishermen from {COUNTRY}.",
        "{COUNTRY} pulled its ambassador out of the talks and went home.",
        "{GOV} returned the seized ship to {COUNTRY}.",
        "{COUNTRY} lifted its blockade of the port of {TOWN}.",
        "{GOV} freed the jailed opposition activist {PERSON}.",
    ],
    "REQUEST": [
        "{GOV} called on {GOV2} to release the detained sailors.",
        "{ORG} appealed for a humanitarian pause in {REGION}.",
        "{GOV} urged both sides to return to the negotiating table.",
        "{GOV} demanded that {COUNTRY} withdraw its troops from the border.",
        "{GOV} asked {ORG} to send observers to the elections.",
        "{CROWD} called for the resignation of the interior minister.",
    ],
    "ACCUSE": [
        "{GOV} accused {GOV2} of arming the rebels.",
        "{GOV} condemned the attack on the embassy.",
        "{ORG} criticised {GOV} for the treatment of detainees.",
        "{GOV} blamed {COUNTRY} for the collapse of the talks.",
        "{GOV} denounced the election as fraudulent.",
        "{ORG} opened an investigation into alleged abuses by {ARMY} in {REGION}.",
    ],
    "REJECT": [
        "{GOV} rejected a proposal by {GOV2} for new talks.",
        "{GOV} refused to recognise the results of the vote.",
        "{GOV} turned down a request from {ORG} to visit the prisons.",
        "{GOV} dismissed the accusations made by {GOV2}.",
        "{REBEL} rejected the government's offer of a ceasefire.",
        "{GOV} vetoed the resolution on {COUNTRY}.",
    ],
    "THREATEN": [
        "{GOV} threatened to impose sanctions on {COUNTRY}.",
        "{GOV} warned {GOV2} of a military response if its troops crossed the border.",
        "{REBEL} threatened to attack {TOWN} unless the army withdrew.",
        "{GOV} said it would expel the ambassador of {COUNTRY} if the detainees were not freed.",
        "{GOV} issued an ultimatum to {REBEL} to lay down their arms.",
    ],
    "SANCTION": [
        "{GOV} imposed sanctions on officials of {COUNTRY}.",
        "{GOV} expelled {N} diplomats from {COUNTRY}.",
        "{COUNTRY} cut diplomatic ties with {COUNTRY}.",
        "{GOV} banned imports from {COUNTRY}.",
        "{GOV} suspended aid to {COUNTRY} after the coup.",
        "{GOV} recalled its ambassador from {COUNTRY} in protest.",
    ],
    "MOBILIZE": [
        "{COUNTRY} put its troops on high alert along the border.",
        "{GOV} mobilised reservists as tensions rose with {COUNTRY}.",
        "{COUNTRY} massed tanks near the frontier with {COUNTRY}.",
        "{GOV} ordered warships to the disputed waters.",
        "{COUNTRY} held large military exercises near the border with {COUNTRY}.",
    ],
    "COERCE": [
        "{GOV} deported {N} foreign workers to {COUNTRY}.",
        "{GOV} shut down the independent newspaper in {TOWN}.",
        "{GOV} banned the main opposition party.",
        "The authorities confiscated the property of exiled dissidents.",
        "{GOV} blocked access to social media across the country.",
    ],
}

# No event: statements of views, analysis, background, plans, forecasts, everyday news.
NONE = [
    "Analysts say the conflict in {REGION} is unlikely to end soon.",
    "The war has displaced more than a million people since it began in 2014.",
    "{TOWN} is a market town of about 40,000 people on the banks of the river.",
    "{PERSON} said the economy would grow by three percent next year.",
    "The region has long been a stronghold of {REBEL}.",
    "Experts believe the drought will worsen food shortages in {REGION}.",
    "The report will be presented to parliament in September.",
    "{PERSON}, who has led the party since 2010, is expected to run again.",
    "Elections are scheduled for next spring.",
    "The football team of {TOWN} won the national cup.",
    "Prices of bread have doubled over the past year.",
    "{GOV} said the situation in {TOWN} was calm.",
    "Critics say the reforms do not go far enough.",
    "The festival in {TOWN} attracts thousands of visitors every summer.",
    "It was not immediately clear who was behind the violence.",
    "The ministry of health reported new cases of cholera in {REGION}.",
    "The group is believed to have several hundred fighters.",
    "Heavy rains are forecast for {REGION} this week.",
    "The new road will link {TOWN} to the capital.",
    "{PERSON} is a professor of history at the university of {TOWN}.",
    "According to the census, most residents of {TOWN} are farmers.",
    "The central bank kept interest rates unchanged.",
    "Officials said an investigation was under way.",
    "Schools in {TOWN} will reopen next week after the holidays.",
    "The insurgency began more than a decade ago.",
    "The company announced record profits for the year.",
    "{PERSON} will travel to {COUNTRY} next month.",
    "Doctors in {TOWN} say the hospital lacks basic medicines.",
    "The conflict has cost the economy billions of dollars.",
    "Many residents fear that violence could return.",
    "The army has been fighting the insurgency for years.",
    "A spokesman declined to comment on the matter.",
    "More details are expected in the coming days.",
    "The dam will provide electricity to half a million homes.",
    "Security remains a concern ahead of the vote.",
    # accidents and disasters: harm that no one inflicted
    "A fire broke out at a warehouse in {TOWN} {DAY}.",
    "A bus overturned on the road to {TOWN}, killing {N} passengers.",
    "Floods swept away houses in {REGION} {DAY}.",
    "An earthquake struck {REGION}, damaging hundreds of buildings.",
    "A gas cylinder exploded in a restaurant kitchen in {TOWN}, injuring two cooks.",
    "A building collapsed in {TOWN} after days of heavy rain.",
    "A cargo ship ran aground off the coast near {TOWN}.",
    "Fighting between the two football clubs' fans was avoided thanks to heavy rain in {TOWN}.",
]

TEMPLATES_PER_FILL = 3  # fills of each template


def fill(template: str, rng: random.Random) -> str:
    def one(match: re.Match) -> str:
        return rng.choice(SLOTS[match.group(1)])

    text = re.sub(r"\{([A-Z0-9]+)\}", one, template)
    text = re.sub(r"\s+", " ", text).replace(" .", ".").replace(" ,", ",")
    return text[0].upper() + text[1:]


def main() -> None:
    rng = random.Random(14)
    rows = []
    for sub, templates in ACLED.items():
        event_type, plover = _types(sub)
        for t_index, template in enumerate(templates):
            for text in sorted({fill(template, rng) for _ in range(TEMPLATES_PER_FILL)}):
                rows.append({"text": text, "event_type": event_type, "sub_event_type": sub, "plover_type": plover,
                             "template": f"{sub}/{t_index}"})
    for plover, templates in PLOVER.items():
        for t_index, template in enumerate(templates):
            for text in sorted({fill(template, rng) for _ in range(TEMPLATES_PER_FILL)}):
                rows.append({"text": text, "event_type": None, "sub_event_type": None, "plover_type": plover,
                             "template": f"{plover}/{t_index}"})
    for t_index, template in enumerate(NONE):
        for text in sorted({fill(template, rng) for _ in range(2)}):
            rows.append({"text": text, "event_type": None, "sub_event_type": None, "plover_type": None,
                         "template": f"none/{t_index}"})
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} examples -> {OUT}")


if __name__ == "__main__":
    main()
