"""Event types (tidings.stages.acled): ACLED sub-event types plus the CASE 2021 extras.

Every sentence here was written for these tests from the ACLED Codebook
definitions; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest

from tidings.stages import acled

CASES = [
    # Explosions/Remote violence
    ("Warplanes carried out airstrikes on the rebel-held town overnight, residents said.", "AIR_STRIKE"),
    ("A drone strike hit a vehicle carrying two commanders near the border.", "AIR_STRIKE"),
    (
        "Government forces shelled the eastern districts with mortars and artillery on Monday.",
        "ART_MISS_ATTACK",
    ),
    ("Several rockets were fired at the airport from across the river.", "ART_MISS_ATTACK"),
    ("A roadside bomb struck a police vehicle on the highway, wounding three officers.", "REM_EXPLOS"),
    ("Two farmers were killed when their tractor hit a landmine near the village.", "REM_EXPLOS"),
    ("An assailant threw a hand grenade into a crowded bus station, injuring five people.", "GRENADE"),
    ("A suicide bomber blew himself up at the entrance of a mosque during Friday prayers.", "SUIC_BOMB"),
    ("Doctors said patients showed signs of exposure to chlorine gas after the attack.", "CHEM_WEAP"),
    # Battles
    ("Heavy clashes broke out between the army and insurgents in the mountains.", "ARMED_CLASH"),
    ("Militants attacked an army checkpoint, killing four soldiers before retreating.", "ARMED_CLASH"),
    (
        "Government troops recaptured the town from the militants after a week of fighting.",
        "GOV_REGAINS_TERIT",
    ),
    (
        "Rebels seized control of the provincial capital after government forces fled.",
        "NON_STATE_ACTOR_OVERTAKES_TER",
    ),
    (
        "Peacekeepers withdrew from the buffer zone and handed over their positions to the local police.",
        "NON_VIOL_TERRIT_TRANSFER",
    ),
    # Violence against civilians
    ("Unidentified gunmen shot dead three villagers on their farm late on Sunday.", "ATTACK"),
    ("Armed men kidnapped a teacher and demanded a ransom from his family.", "ABDUCT_DISSAP"),
    ("Soldiers were accused of raping women during the raid on the camp.", "SEX_VIOL"),
    # Protests and riots
    ("Thousands of teachers marched peacefully to parliament to demand higher wages.", "PEACE_PROTEST"),
    ("Police fired tear gas to disperse students protesting against tuition fees.", "PROTEST_WITH_INTER"),
    ("Security forces opened fire with live ammunition on protesters, killing six.", "FORCE_AGAINST_PROTEST"),
    ("Protesters hurled stones at police and set tyres on fire in the city centre.", "VIOL_DEMONSTR"),
    ("An angry mob lynched a man suspected of stealing a motorbike.", "MOB_VIOL"),
    # Strategic developments
    ("The two factions signed a ceasefire agreement in the capital on Tuesday.", "AGREEMENT"),
    ("Police arrested the opposition leader at his home early on Wednesday.", "ARREST"),
    ("Two rival armed groups announced they would merge under a new leader.", "CHANGE_TO_GROUP_ACT"),
    ("The army bomb squad defused an explosive device found under a bridge.", "DISR_WEAP"),
    ("Troops discovered a weapons cache containing rifles and ammunition.", "DISR_WEAP"),
    ("The militia set up a new base in the hills overlooking the valley.", "HQ_ESTABLISHED"),
    ("Fighters looted shops and torched houses after the residents fled.", "PROPERTY_DISTRUCT"),
    ("The army staged a coup and suspended the constitution.", "OTHER"),
    # CASE 2021 extra types
    ("A magnitude 6.1 earthquake struck the coastal region, collapsing homes.", "NATURAL_DISASTER"),
    ("Flash floods after torrential rain swept away bridges in the north.", "NATURAL_DISASTER"),
    ("A gas leak caused an explosion at a chemical factory, killing two workers.", "MAN_MADE_DISASTER"),
    ("A passenger train derailed near the station, injuring dozens.", "MAN_MADE_DISASTER"),
    ("Police seized two tonnes of cocaine and dismantled a drug trafficking network.", "ORG_CRIME"),
    ("The foreign minister met his counterpart to discuss bilateral trade relations.", "DIPLO"),
    ("The group claimed responsibility for the bombing in a statement on social media.", "ATTRIB"),
]


# Labels broadened from the ACLED Codebook definitions (sentences written for these tests).
BROADENED = [
    # Mob violence: crowds punishing suspects, communal clashes of residents, a mob's damage
    ("A mob lynched two men accused of stealing goats in the market.", "MOB_VIOL"),
    ("Angry villagers beat a suspected thief to death and set his body on fire.", "MOB_VIOL"),
    (
        "Residents took the law into their own hands and burned the house of a woman accused of witchcraft.",
        "MOB_VIOL",
    ),
    (
        "Communal clashes between residents of two neighbouring villages left three people injured.",
        "MOB_VIOL",
    ),
    ("An enraged mob vandalised a church and several shops in the old town.", "MOB_VIOL"),
    # Non-violent transfer of territory: handed over, taken after a withdrawal, without a fight
    ("The army withdrew from the town and handed control to a local militia.", "NON_VIOL_TERRIT_TRANSFER"),
    ("Rebels moved into the base after government troops abandoned it.", "NON_VIOL_TERRIT_TRANSFER"),
    (
        "Militants took control of the district without a fight after soldiers retreated.",
        "NON_VIOL_TERRIT_TRANSFER",
    ),
    (
        "Peacekeepers completed a peaceful handover of the airport to the national army.",
        "NON_VIOL_TERRIT_TRANSFER",
    ),
    (
        "Government troops took over the town without a fight after the rebels left.",
        "NON_VIOL_TERRIT_TRANSFER",
    ),
    # Change to group/activity: formation, alliances, leadership, recruitment, troop movements
    ("The two rebel factions announced the formation of a new alliance.", "CHANGE_TO_GROUP_ACT"),
    ("The government dispatched additional troops to the northern province.", "CHANGE_TO_GROUP_ACT"),
    ("The militia announced it had chosen a new commander after its leader resigned.", "CHANGE_TO_GROUP_ACT"),
    ("The party quit the ruling coalition on Monday.", "CHANGE_TO_GROUP_ACT"),
    ("The armed group changed its name and launched a recruitment drive.", "CHANGE_TO_GROUP_ACT"),
    ("A new militia was formed in the eastern province.", "CHANGE_TO_GROUP_ACT"),
    ("Foreign troops withdrew from their base near the border on Sunday.", "CHANGE_TO_GROUP_ACT"),
    # Agreement (concluded) vs Diplomatic event (talks, visits, calls)
    ("The two sides signed a peace agreement after months of talks in the capital.", "AGREEMENT"),
    ("Negotiators reached a deal on a prisoner swap on Friday.", "AGREEMENT"),
    ("Both parties agreed to a ceasefire starting at midnight.", "AGREEMENT"),
    ("Ten fighters surrendered to the army with their weapons.", "AGREEMENT"),
    ("The foreign ministers met in Geneva to discuss a possible ceasefire.", "DIPLO"),
    ("The envoy called for a ceasefire during his visit to the capital.", "DIPLO"),
    # Protests: who is violent, and how the authorities respond
    ("Protesters threw stones at police and torched a police vehicle.", "VIOL_DEMONSTR"),
    ("Demonstrators clashed with police and smashed shop windows.", "VIOL_DEMONSTR"),
    ("The protest turned violent when demonstrators stormed the governor's office.", "VIOL_DEMONSTR"),
    ("Violent protests erupted in several cities on Tuesday.", "VIOL_DEMONSTR"),
    (
        "Police shot dead three protesters during a demonstration against fuel prices.",
        "FORCE_AGAINST_PROTEST",
    ),
    (
        "Security forces used live ammunition against peaceful demonstrators, wounding dozens.",
        "FORCE_AGAINST_PROTEST",
    ),
    ("Workers staged a sit-in outside the ministry to demand unpaid salaries.", "PEACE_PROTEST"),
    ("Police used tear gas and water cannon to disperse the protesters.", "PROTEST_WITH_INTER"),
    # Territory: the actor's side, "gained ground", a capture after fighting
    ("Rebels gained ground in the northern districts.", "NON_STATE_ACTOR_OVERTAKES_TER"),
    (
        "Taliban fighters captured the district headquarters after heavy fighting.",
        "NON_STATE_ACTOR_OVERTAKES_TER",
    ),
]


@pytest.mark.parametrize(("text", "code"), BROADENED)
def test_classifies_broadened_labels(text: str, code: str) -> None:
    result = acled.classify_text(text)
    assert result.code == code, result.reason


@pytest.mark.parametrize(("text", "code"), CASES)
def test_classifies_written_examples(text: str, code: str) -> None:
    result = acled.classify_text(text)
    assert result.code == code, result.reason


PRECEDENCE = [
    # ACLED: a suicide bombing is a suicide bomb, though it is also an explosion
    ("A suicide car bomb exploded at a checkpoint, killing ten soldiers and two civilians.", "SUIC_BOMB"),
    # chemical weapons take precedence over the delivery (a helicopter, shells)
    ("A helicopter dropped barrel bombs filled with chlorine on the neighbourhood.", "CHEM_WEAP"),
    # a defused explosive was not used
    ("Engineers defused a roadside bomb planted near the school.", "DISR_WEAP"),
    # who acted decides territorial events
    ("Jihadist fighters overran the army post and captured the town.", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("The army captured the town from jihadist fighters.", "GOV_REGAINS_TERIT"),
    # remote violence is coded by weapon even when civilians die
    ("An airstrike on a market killed twelve civilians, including children.", "AIR_STRIKE"),
    # arrests at a protest are an intervention, not an arrest event
    ("Police arrested dozens of demonstrators at the sit-in outside the ministry.", "PROTEST_WITH_INTER"),
    # violent demonstrators make a riot whatever the response
    ("Rioters torched cars and police responded with tear gas.", "VIOL_DEMONSTR"),
]


@pytest.mark.parametrize(("text", "code"), PRECEDENCE)
def test_acled_precedence(text: str, code: str) -> None:
    result = acled.classify_text(text)
    assert result.code == code, result.reason


NEGATIVES = [
    # "no group claimed responsibility" is not a claim
    ("No group has claimed responsibility for the roadside bomb that wounded two soldiers.", "ATTRIB"),
    ("The ambassador denied that any bombs had been found.", "REM_EXPLOS"),
    # a hyphenated "non-" turns a cue off
    ("Non-violent activists held a silent vigil in the square.", "VIOL_DEMONSTR"),
    # "Bank", "according", "officers" must not trigger "ban", "accord", "office"
    ("The West Bank office reopened, according to officers.", "AGREEMENT"),
    # what a protest is about is not what happened at it
    ("Students marched peacefully against the killing of a classmate by police.", "FORCE_AGAINST_PROTEST"),
    ("Hundreds protested outside the court over the arrest of the journalist.", "PROTEST_WITH_INTER"),
    ("Hundreds protested outside the court over the arrest of the journalist.", "ARREST"),
    # a call for, or a breach of, a ceasefire is not an agreement
    ("The envoy called for a ceasefire during his visit to the capital.", "AGREEMENT"),
    ("The ceasefire was violated within hours as shelling resumed.", "AGREEMENT"),
    # a protest that ends by itself was not dispersed
    ("The rally dispersed peacefully after the speeches.", "PROTEST_WITH_INTER"),
    # "breakaway" names a region or group, not a split
    ("Fighters from the breakaway region attacked an army post.", "CHANGE_TO_GROUP_ACT"),
    # an attempt to capture is not a capture
    (
        "An attack by militants to capture the army base was repelled by soldiers.",
        "NON_STATE_ACTOR_OVERTAKES_TER",
    ),
    # armed groups fighting are not a mob
    ("Militia fighters clashed with rebels near the river crossing.", "MOB_VIOL"),
    # a withdrawal of troops with nobody taking over is a change of activity, not a transfer
    ("Foreign troops withdrew from their base near the border on Sunday.", "NON_VIOL_TERRIT_TRANSFER"),
    # remote violence near an embassy is not a diplomatic event
    ("Two rockets struck near the embassy compound on Sunday morning.", "DIPLO"),
]


@pytest.mark.parametrize(("text", "not_code"), NEGATIVES)
def test_negated_or_lookalike_cues_do_not_fire(text: str, not_code: str) -> None:
    result = acled.classify_text(text)
    assert result.code != not_code, result.reason


def test_no_cue_falls_back_to_other() -> None:
    result = acled.classify_text("The weather was mild and the shops opened on time.")
    assert result.code in ("OTHER", "NATURAL_DISASTER")
    empty = acled.classify_text("Hello.")
    assert empty.code == "OTHER"
    assert empty.score == 0.0
    assert "no cue" in empty.reason


def test_result_shape_and_reason() -> None:
    result = acled.classify_text("Warplanes carried out an airstrike on the depot.")
    assert result.label == "Air/drone strike"
    assert result.event_type == "Explosions/Remote violence"
    assert 0.0 < result.score <= 1.0
    assert "airstrike" in result.reason
    assert result.scores[0][0] == "AIR_STRIKE"
    assert len(result.scores) <= 5
    assert all(a[1] >= b[1] for a, b in zip(result.scores, result.scores[1:], strict=False))
    with pytest.raises(AttributeError):
        result.code = "OTHER"  # type: ignore[misc]


def test_precedence_is_explained() -> None:
    result = acled.classify_text("A suicide bomber detonated his explosives vest at a checkpoint.")
    assert result.code == "SUIC_BOMB"
    assert "precedence" in result.reason


def test_labels_are_the_case_2021_set() -> None:
    assert len(acled.LABELS) == 30
    extras = {c for c, (etype, _) in acled.LABELS.items() if etype is None}
    assert extras == {"NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "DIPLO", "ATTRIB"}
    assert acled.LABELS["AIR_STRIKE"] == ("Explosions/Remote violence", "Air/drone strike")
    assert acled.LABELS["OTHER"] == ("Strategic developments", "Other")
    assert acled.LABELS["DIPLO"] == (None, "Diplomatic event")
    assert acled.LABELS["ART_MISS_ATTACK"][1] == "Shelling/artillery/missile attack"
    assert acled.LABELS["REM_EXPLOS"][1] == "Remote explosive/landmine/IED"
    assert acled.LABELS["GOV_REGAINS_TERIT"][1] == "Government regains territory"
    assert acled.LABELS["ABDUCT_DISSAP"][1] == "Abduction/forced disappearance"
    event_types = {etype for etype, _ in acled.LABELS.values() if etype}
    assert event_types == {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }


def test_acled_names() -> None:
    assert acled.acled_names("GRENADE") == ("Explosions/Remote violence", "Grenade")
    assert acled.acled_names("ATTRIB") == (None, "Claim of responsibility")
    with pytest.raises(KeyError, match="known"):
        acled.acled_names("NOPE")


def test_classifies_a_span() -> None:
    from tidings.stages import nlp

    doc = nlp.parse("The weather was fine. Rebels ambushed an army patrol near the river.")
    sent = list(doc.sents)[1]
    assert acled.classify_doc(sent).code == "ARMED_CLASH"


def test_version() -> None:
    assert acled.VERSION == "2"
