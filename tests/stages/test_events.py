"""Event coding on sentences written for these tests (not from any eval set)."""

from __future__ import annotations

import pytest

from tidings.evaluation.events import sentence_article
from tidings.records import Article, Event
from tidings.stages import events, resolve


def _code(text: str) -> Article:
    return events.add_events(resolve.resolve(sentence_article(text)))


def test_shelling_with_deaths_is_one_assault_with_counts() -> None:
    art = _code("Government forces shelled the village of Karsa on Monday, killing five civilians.")
    assault = [e for e in art.events if e.type == "ASSAULT"]
    assert len(assault) == 1
    ev = assault[0]
    assert ev.mode == "heavy-weapons"
    assert ev.acled_subtype == "Shelling/artillery/missile attack"
    assert ev.dead == 5
    assert ev.date is not None
    assert ev.status == "occurred" and ev.happened


def test_arrest_of_protesters() -> None:
    art = _code("Police arrested 12 protesters outside the parliament in Nairobi.")
    ev = next(e for e in art.events if e.type == "COERCE")
    assert ev.mode == "arrest"
    assert ev.acled_subtype == "Arrests"
    assert ev.detained == 12
    assert ev.place is not None and art.places[ev.place].name == "Nairobi"


def test_signing_an_agreement_is_support_and_a_promise_to_sign_is_agree() -> None:
    # PLOVER 3.3: signing or ratifying an agreement is SUPPORT; promises to sign are AGREE
    art = _code("Kenya and Uganda signed a border agreement in Kampala.")
    assert [e.type for e in art.events] == ["SUPPORT"]  # the agreement noun is part of the signing
    ev = art.events[0]
    assert {"KEN", "UGA"} <= set(ev.actors)
    assert ev.acled_subtype == "Agreement"
    assert ev.quad_class == 1 and ev.goldstein > 0
    promise = _code("Kenya will sign the border treaty next month.")
    assert [e.type for e in promise.events] == ["AGREE"]
    assert promise.events[0].status == "planned"


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("The governor shortened the nightly curfew by two hours.", "shortened", "CONCEDE"),
        ("The agency reduced food aid to the northern camps.", "reduced", "SANCTION"),
        ("Militants violated the ceasefire on Sunday.", "violated", "REJECT"),
    ],
)
def test_verbs_acting_on_event_nouns(text: str, trigger: str, expected: str) -> None:
    art = _code(text)
    assert [(e.trigger, e.type) for e in art.events] == [(trigger, expected)]
    assert art.events[0].reason.startswith("operator:")


def test_denied_attack_is_not_reported_as_happened() -> None:
    art = _code("The militia denied that it attacked the convoy.")
    ev = next(e for e in art.events if e.type == "ASSAULT")
    assert ev.status == "denied"
    assert not ev.happened


def test_stated_threat_of_force_is_threaten() -> None:
    art = _code("The rebels will attack the capital unless the army withdraws.")
    types = {e.type for e in art.events}
    assert "THREATEN" in types
    assert all(e.type != "ASSAULT" for e in art.events if e.trigger == "attack")


@pytest.mark.parametrize(
    "text",
    [
        "The company fired 20 employees after the merger.",
        "The weather in the capital was sunny and mild.",
        "A passenger plane crashed shortly after take-off, officials said.",
    ],
)
def test_no_conflict_event(text: str) -> None:
    art = _code(text)
    assert not [e for e in art.events if e.type in ("ASSAULT", "COERCE", "PROTEST")], art.events


def test_every_code_is_consistent() -> None:
    art = _code("Troops opened fire on demonstrators in the capital, wounding dozens.")
    for ev in art.events:
        assert len(ev.cameo) == 2 and 1 <= ev.quad_class <= 4
        assert -10 <= ev.goldstein <= 10
        assert 0 < ev.confidence <= 1
        assert ev.reason.startswith(("lexicon:", "operator:"))


def test_what_is_asked_for_is_content_not_an_event() -> None:
    # PLOVER 3.8: a request's mode comes from what is asked for; the ceasefire did not happen
    art = _code("The envoy called for a ceasefire in the north.")
    assert [(e.type, e.mode) for e in art.events] == [("REQUEST", "yield")]
    assert "content: ceasefire" in art.events[0].reason
    art = _code("The province has not asked for assistance yet.")
    assert [(e.type, e.mode, e.status) for e in art.events] == [("REQUEST", "assist", "negated")]


def test_a_framing_order_keeps_the_ordered_event() -> None:
    art = _code("The governor ordered patrols by police in the capital.")
    assert "MOBILIZE" in {e.type for e in art.events}


def test_a_pronoun_actor_is_the_speaker_of_the_report() -> None:
    art = _code("Kenya said on Monday it had halted all trade with Uganda.")
    ev = next(e for e in art.events if e.type == "SANCTION")
    assert ev.actors == ("KEN",)
    assert "UGA" in ev.recipients


def test_weapons_seized_are_not_attacks() -> None:
    art = _code("Soldiers defused a roadside bomb near the market.")
    assert [(e.type, e.mode, e.acled_subtype) for e in art.events] == [
        ("COERCE", "seize", "Disrupted weapons use")
    ]


def test_kind_nouns_are_not_events_and_conjoined_verbs_share_one_event() -> None:
    assert _code("Rescue workers searched the rubble.").events == ()
    art = _code("Gunmen killed four villagers and wounded six others in the raid on Tuesday.")
    assault = [e for e in art.events if e.type == "ASSAULT"]
    assert len(assault) == 1 and assault[0].dead == 4


def test_what_one_side_says_another_must_do_is_its_request() -> None:
    art = _code("Kenya said that Uganda must reopen the border crossing.")
    req = [e for e in art.events if e.type == "REQUEST"]
    assert req and req[0].actors == ("KEN",) and "UGA" in req[0].recipients
    assert not [e for e in art.events if e.happened and e.type != "REQUEST"]


def test_a_noun_before_an_eventive_head_is_the_event() -> None:
    art = _code("The Arab League undertook a mediation mission between Kenya and Uganda.")
    ev = next(e for e in art.events if e.type == "CONSULT")
    assert ev.mode == "third-party"
    assert ev.actors and {"KEN", "UGA"} <= set(ev.recipients)


def test_the_verb_acting_on_a_noun_counts_for_its_entry() -> None:
    art = _code("The supreme court opened a hearing on Monday into the detention of three reporters.")
    assert "ACCUSE" in {e.type for e in art.events}


def test_a_single_body_protesting_is_an_accusation() -> None:
    art = _code("The ministry protested on Tuesday.")
    assert [(e.type, e.mode) for e in art.events] == [("ACCUSE", "disapprove")]
    art = _code("Thousands of students protested in the capital on Tuesday.")
    assert [e.type for e in art.events] == ["PROTEST"]


def test_a_protest_is_directed_at_whom_its_demand_addresses() -> None:
    art = _code("Thousands of workers marched in Nairobi to demand the resignation of the Kenyan president.")
    assert [e.type for e in art.events] == ["PROTEST"]  # the demand and its content are the protest's topic
    assert art.events[0].recipients and art.events[0].recipients[0].startswith("KEN")


def test_the_recipient_is_the_first_candidate_that_names_an_actor() -> None:
    # the object ("electricity") names no actor; the "to" phrase does
    art = _code("Uganda threatened to cut off electricity to Kenya over unpaid bills.")
    ev = next(e for e in art.events if e.type == "THREATEN")
    assert "KEN" in ev.recipients


def test_who_charges_is_the_source_not_the_recipient() -> None:
    art = _code("Border guards beat Kenyan migrants at the crossing, a rights group charged on Saturday.")
    ev = next(e for e in art.events if e.type == "ASSAULT")
    assert "KEN-CVL" in ev.recipients and "NGO" not in ev.recipients


# --- recipients: who an event is directed at (sentences written for these tests)


def _event(art: Article, type_: str) -> Event:
    return next(e for e in art.events if e.type == type_)


def test_the_addressee_of_a_light_verb_is_the_recipient() -> None:
    # "paid compensation to X": the to-phrase hangs on the verb, the trigger is the noun
    art = _code("Tanzania paid compensation to Kenyan farmers last year.")
    assert [r[:3] for r in _event(art, "AID").recipients] == ["KEN"]


def test_an_adjective_of_intent_takes_its_complement_s_recipient() -> None:
    art = _code("Kenya is willing to forgive Uganda.")
    assert "UGA" in _event(art, "AGREE").recipients


def test_a_protest_with_no_target_is_directed_at_the_protesters_own_state() -> None:
    # PLOVER 3.12: protests are directed at an other group or the authorities
    art = _code("Kenyan teachers began a hunger strike outside the ministry.")
    ev = _event(art, "PROTEST")
    assert ev.recipients == ("KEN",)
    assert "own state" in ev.reason


def test_a_party_s_own_troops_are_not_the_recipient_of_their_withdrawal() -> None:
    art = _code("Uganda withdrew its troops from Kenya.")
    ev = next(e for e in art.events if e.trigger == "withdrew")
    assert ev.recipients == ("KEN",)


@pytest.mark.parametrize(
    "text",
    [
        "Kenya complained to the African Union over Ugandan air raids.",  # not the addressee
        "Kenya complained on Tuesday about Ugandan air raids near the border.",
        "Kenyan police opened an investigation into killings committed by Ugandan soldiers.",
    ],
)
def test_an_accusation_is_directed_at_the_accused_not_the_audience(text: str) -> None:
    # PLOVER 3.9: complaints and inquiries target the party responsible
    ev = _event(_code(text), "ACCUSE")
    assert [r[:3] for r in ev.recipients] == ["UGA"]


def test_who_condemns_an_attack_is_not_its_actor_but_who_launches_it_is() -> None:
    condemned = _event(_code("Kenya condemned the attacks on Sunday."), "ASSAULT")
    assert "KEN" not in condemned.actors
    launched = _event(_code("Uganda launched an attack on the border town."), "ASSAULT")
    assert launched.actors == ("UGA",)


def test_a_count_after_up_to_still_names_the_object() -> None:
    # the parse the model sometimes gives: "up" (prt) "to" (prep) "advisers" (pobj)
    from spacy.tokens import Doc

    from tidings.stages import eventargs, nlp

    words = ["Rebels", "kidnapped", "up", "to", "16", "Kenyan", "advisers", "."]
    heads = [1, 1, 1, 2, 6, 6, 3, 1]
    deps = ["nsubj", "ROOT", "prt", "prep", "nummod", "amod", "pobj", "punct"]
    pos = ["NOUN", "VERB", "ADP", "ADP", "NUM", "ADJ", "NOUN", "PUNCT"]
    doc = Doc(nlp.load().vocab, words=words, heads=heads, deps=deps, pos=pos)
    objects = eventargs._verb_recipient_candidates(doc[1])[1]
    assert [t.text for t in objects] == ["advisers"]


def test_being_opposed_to_is_the_subject_s_stance() -> None:
    art = _code("Kenya is opposed to Ugandan mediation in the talks with Tanzania.")
    ev = _event(art, "REJECT")
    assert ev.actors == ("KEN",)
    assert [r[:3] for r in ev.recipients] == ["UGA"]


def test_who_is_defied_is_the_recipient() -> None:
    art = _code("Thousands of people blocked roads in Mombasa in defiance of Ugandan authorities.")
    assert [r[:3] for r in _event(art, "PROTEST").recipients] == ["UGA"]


def test_a_helper_named_with_with_is_not_the_recipient() -> None:
    art = _code("Kenya would tighten the naval blockade of Somalia with Ethiopia's help.")
    ev = next(e for e in art.events if e.trigger == "blockade" or "blockade" in e.reason)
    assert "ETH" not in ev.recipients and "SOM" in ev.recipients


def test_who_is_put_under_an_act_is_its_recipient() -> None:
    art = _code("A Kenyan diplomat has been put under investigation in Uganda.")
    assert [r[:3] for r in _event(art, "ACCUSE").recipients] == ["KEN"]


def test_whom_a_refusal_would_have_allowed_is_its_recipient() -> None:
    art = _code("The rebels refused to allow Kenyan planes to land in the north.")
    assert [r[:3] for r in _event(art, "REJECT").recipients] == ["KEN"]


def test_a_trailing_report_protest_is_about_the_main_clause_subject() -> None:
    # parsed as "..., a group | protested" (a participle on an apposition)
    art = _code(
        "Kenyan authorities are failing to protect the homes of refugees,"
        " a human rights group protested here Monday."
    )
    ev = next(e for e in art.events if e.trigger == "protested")
    assert [r[:3] for r in ev.recipients] == ["KEN"]
    assert "KEN" not in (a[:3] for a in ev.actors)


def test_an_offender_charged_with_a_crime_is_not_a_trailing_report() -> None:
    art = _code("Officials met the lawyer of Mr. Otieno, a trader charged with smuggling weapons.")
    assert all("KEN" not in e.recipients for e in art.events if e.trigger == "charged")


def test_an_unidentified_recipient_gets_the_place_s_country_too() -> None:
    art = _code("Gunmen attacked soldiers in Mombasa on Monday.")
    ev = _event(art, "ASSAULT")
    assert "KEN" in ev.recipients and any(r.startswith("doc:unknown-") for r in ev.recipients)


def test_an_adjective_of_readiness_lends_its_subject_to_the_act() -> None:
    art = _code("Kenya is ready to send 500 troops to Somalia.")
    ev = next(e for e in art.events if e.trigger == "send")
    assert ev.actors == ("KEN",)


def test_conjoined_acts_of_different_modes_stay_two_events() -> None:
    art = _code("Rebels kidnapped six Kenyan engineers and exploded two bombs in Mogadishu.")
    kinds = {e.trigger: e.mode for e in art.events if e.type == "ASSAULT"}
    assert kinds.get("kidnapped") == "abduct" and "exploded" in kinds


def test_a_country_that_is_a_party_elsewhere_is_not_the_place() -> None:
    # Uganda is the object of "put", not where the unrest is
    art = _code("Kenya's unrest has put Uganda in a difficult position.")
    ev = _event(art, "PROTEST")
    assert ev.place is None or art.places[ev.place].country != "UGA"
    assert "UGA" not in ev.recipients


def test_a_country_owning_an_uprising_is_whom_it_rises_against() -> None:
    ev = _event(_code("Kenya's uprising worried its neighbours."), "PROTEST")
    assert ev.actors == () and ev.recipients == ("KEN",)


def test_whoever_crushes_a_protest_did_not_protest_but_was_opposed() -> None:
    ev = _event(_code("Kenyan police broke up the protest in Nairobi."), "PROTEST")
    assert "KEN-COP" not in ev.actors and "KEN-COP" in ev.recipients


def test_the_clause_of_a_demand_names_its_addressee() -> None:
    # the parser hangs "that Uganda ease ..." on the verb, not on "demand"
    art = _code("The African Union reiterated its demand today that Uganda ease restrictions on traders.")
    ev = _event(art, "REQUEST")
    assert [r[:3] for r in ev.recipients] == ["UGA"]
    assert "took place" not in ev.reason  # named by the text, not the place's default


def test_where_a_withdrawal_leaves_is_not_whom_the_demand_addresses() -> None:
    art = _code("Kenya demanded the withdrawal of Ugandan forces from Somalia on Monday.")
    assert [r[:3] for r in _event(art, "REQUEST").recipients] == ["UGA"]


def test_the_means_of_a_killing_is_the_same_event_and_gives_its_mode() -> None:
    art = _code("A Kenyan journalist was killed in a car bomb explosion in Mogadishu on Monday.")
    assault = [e for e in art.events if e.type == "ASSAULT"]
    assert len(assault) == 1
    assert assault[0].mode == "explosives"
    # the journalist is named: the explosion's default (the place's country) does not join
    assert "SOM" not in assault[0].recipients and "took place" not in assault[0].reason


@pytest.mark.parametrize(
    ("quality", "act", "trigger", "type_"),
    [
        # a degree adverb makes the participle a quality of the soldiers, not a training given
        ("The militia's fighters are much better trained than the army's recruits.",
         "French officers trained Malian soldiers in Bamako.", "trained", "COOPERATE"),
        ("Highly trained police officers guarded the court.",
         "The army trained police officers in the capital last year.", "trained", "COOPERATE"),
        # an attributive participle of leaving office is a status, not a resignation
        ("The retired general criticized the peace deal.",
         "The general retired from the army last month.", "retired", "RETREAT"),
        # a population's approval is an opinion, not an actor's act of support
        ("The president's popular support has waned since the election.",
         "The minister voiced support for the peace plan.", "support", "SUPPORT"),
    ],
)  # fmt: skip
def test_qualities_and_opinions_are_not_acts(quality: str, act: str, trigger: str, type_: str) -> None:
    assert not [e for e in _code(quality).events if e.trigger == trigger]
    assert [e.type for e in _code(act).events if e.trigger == trigger] == [type_]


def test_an_uprising_has_no_single_acled_sub_event_but_a_march_does() -> None:
    uprising = next(e for e in _code("The uprising against the president spread to the capital.").events)
    assert uprising.type == "PROTEST" and uprising.acled_subtype is None and uprising.acled_type is None
    march = next(e for e in _code("Thousands of students marched peacefully through the capital.").events)
    assert march.type == "PROTEST" and march.acled_subtype == "Peaceful protest"


@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        ("Officials described Tehran's stepped-up efforts to aid the army of Syria.", "aid", "IRN"),
        ("The decision by Kenya to deploy troops to Somalia was criticized.", "deploy", "KEN"),
        ("Russia's plan to send warships to the Baltic worried Sweden.", "send", "RUS"),
    ],
)
def test_whose_effort_decision_or_plan_it_is_does_the_act(text: str, trigger: str, actor: str) -> None:
    art = _code(text)
    by = {a.id: a for a in art.actors}
    ev = next(e for e in art.events if e.trigger == trigger)
    assert actor in {by[a].country for a in ev.actors}


def test_a_country_owning_another_act_is_not_where_this_one_happens() -> None:
    art = _code("Iran's support for the Syrian army in its fight against the rebels has grown.")
    fight = next(e for e in art.events if e.trigger == "fight")
    assert fight.place is None or art.places[fight.place].country != "IRN"
    # the possessor of a noun of conduct is a party; of a place noun, a place
    from tidings.stages import eventplace, nlp

    doc = nlp.parse("Iran's support grew in Syria's north.")
    assert eventplace.party(doc[0]) and not eventplace.party(doc[5])


def test_the_place_default_never_makes_the_actor_its_own_recipient() -> None:
    # "help from Qatar": Qatar gives; the country where it happens is Qatar
    # only by the "from" phrase, and help from Qatar is not help to Qatar
    art = _code("Constant help from Qatar is being sent to the fighters.")
    ev = next(e for e in art.events if e.trigger.lower() == "help")
    assert "QAT" in ev.actors and not set(ev.actors) & set(ev.recipients)


def test_a_passive_conjunct_with_its_own_subject_does_not_share_the_first_subject() -> None:
    text = "The EU is collecting weapons and help is being given to the rebels."
    art = _code(text)
    given = next(e for e in art.events if e.trigger == "given")
    assert "EUR" not in {a.country for a in art.actors if a.id in given.actors}


def test_it_in_a_reported_readiness_is_the_speaker() -> None:
    art = _code("Kenya's government announced that it is prepared to impose a curfew in Nairobi.")
    ev = next(e for e in art.events if e.trigger in ("impose", "curfew"))
    assert "KEN" in {a.country for a in art.actors if a.id in ev.actors}


def test_they_is_not_a_single_speaker() -> None:
    # "they" in what one person says is other people: here the governors
    text = "President Ruto said the governors will get help only if they are willing to stop the strike."
    art = _code(text)
    ruto = {a.id for a in art.actors if a.kind == "person"}
    assert all(not ruto & set(e.actors) for e in art.events if e.trigger == "willing")
    # a group speaks of itself as "they"
    art = _code("A group of senators said they had reached an agreement on the budget.")
    ev = next(e for e in art.events if e.trigger == "reached")
    assert ev.actors


def test_he_in_a_reported_plan_is_the_speaker_of_a_nominal_act() -> None:
    art = _code("President Ruto announced on Sunday that he will extend the curfew in Mombasa.")
    ev = next(e for e in art.events if e.trigger == "curfew")
    assert {a.country for a in art.actors if a.id in ev.actors} == {"KEN"}


@pytest.mark.parametrize(
    ("text", "trigger", "actor", "recipient"),
    [
        ("Kenya received aid from Britain.", "aid", "GBR", "KEN"),
        ("Uganda won support from the African Union for its plan.", "support", "IGO", "UGA"),
    ],
)
def test_who_receives_an_act_is_its_recipient_and_the_giver_its_actor(
    text: str, trigger: str, actor: str, recipient: str
) -> None:
    art = _code(text)
    by = {a.id: a for a in art.actors}
    ev = next(e for e in art.events if e.trigger == trigger)
    assert [by[a].country for a in ev.actors] == [actor]
    assert [by[a].country for a in ev.recipients] == [recipient]


def test_who_faces_an_act_does_not_do_it() -> None:
    art = _code("The Kenyan government is facing fresh criticism over the deal.")
    ev = next(e for e in art.events if e.trigger == "criticism")
    assert "KEN-GOV" not in ev.actors


def test_he_is_not_the_newspaper_that_reports() -> None:
    text = "Ruto knew of the complaint before he released the prisoners, the New York Times reported."
    art = _code(text)
    ev = next(e for e in art.events if e.trigger == "released")
    assert not {a.id for a in art.actors if "Times" in (a.name or "")} & set(ev.actors)


@pytest.mark.parametrize(
    ("text", "trigger", "type_", "mode"),
    [
        # PLOVER 3.13.3: withdrawing non-military resources (observers, peacekeepers) is SANCTION
        ("Canada withdrew its peacekeepers from Cyprus on Monday.", "withdrew", "SANCTION", "withdraw"),
        ("Canada withdrew its troops from Cyprus on Monday.", "withdrew", "RETREAT", "withdraw"),
        ("The government expelled UN weapons inspectors last week.", "expelled", "SANCTION", "expel"),
        ("The United States prohibited aid to the rebels in March.", "prohibited", "SANCTION", "discontinue"),
        # PLOVER 3.3: defending a decision or a right in words is support
        ("The minister defended the decision to close the border.", "defended", "SUPPORT", None),
    ],
)
def test_withdrawals_expulsions_bans_and_defences(
    text: str, trigger: str, type_: str, mode: str | None
) -> None:
    ev = next(e for e in _code(text).events if e.trigger == trigger)
    assert (ev.type, ev.mode) == (type_, mode)


def test_a_gift_given_in_the_passive_is_not_its_recipient() -> None:
    # "help from Qatar is being given to fighters": Qatar gives, the help is the gift
    art = _code("Constant help from Qatar and Turkey is being given to the fighters.")
    by = {a.id: a for a in art.actors}
    ev = next(e for e in art.events if e.trigger == "given")
    assert {by[a].country for a in ev.actors} == {"QAT", "TUR"}
    assert not {by[a].country for a in ev.recipients} & {"QAT", "TUR"}


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Police patrols were stepped up in the capital.", "police"),
        ("Army patrols entered the town on Monday.", "troops"),
    ],
)
def test_patrols_are_mobilized_by_whoever_patrols(text: str, mode: str) -> None:
    ev = next(e for e in _code(text).events if e.trigger == "patrols")
    assert (ev.type, ev.mode) == ("MOBILIZE", mode)


def test_exporting_an_ideology_is_not_trade() -> None:
    text = "Its main task is exporting the revolution's ideology abroad."
    assert not [e for e in _code(text).events if e.trigger == "exporting"]
    assert [e.type for e in _code("Iran exported oil to China last year.").events] == ["COOPERATE"]


@pytest.mark.parametrize(
    "text",
    [
        "Sanctions that had been lifted under the 2015 nuclear deal were restored on Friday.",
        "Kenya would send troops based on a mutual defense agreement between the two countries.",
        "The rebels handed over their weapons as part of the peace agreement.",
    ],
)
def test_an_agreement_framing_another_act_is_not_an_agreement_made(text: str) -> None:
    assert not [e for e in _code(text).events if e.trigger in ("deal", "agreement") and e.type == "AGREE"]
    made = _code("The two parties reached an agreement on Monday.")
    assert "AGREE" in {e.type for e in made.events}


@pytest.mark.parametrize(
    ("text", "trigger", "country"),
    [
        ("The decision to send Iranian personnel came after a wave of attacks.", "send", "IRN"),
        ("Russian troops were deployed to the border on Monday.", "deployed", "RUS"),
        ("Iran sent Iraqi fighters to Syria.", "sent", "IRN"),  # a named sender keeps the act
    ],
)
def test_a_deployment_naming_no_one_else_is_by_the_forces_own_country(
    text: str, trigger: str, country: str
) -> None:
    art = _code(text)
    by = {a.id: a for a in art.actors}
    ev = next(e for e in art.events if e.trigger == trigger)
    assert ev.type == "MOBILIZE"
    assert [by[a].country for a in ev.actors] == [country]
    assert all(by[a].country != country for a in ev.recipients)
