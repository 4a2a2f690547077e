"""Status of an event trigger from the parse: examples written for these tests."""

from __future__ import annotations

import pytest

from tidings.stages import nlp
from tidings.stages.eventstatus import status


def _status(sentence: str, trigger: str) -> str:
    doc = nlp.parse(sentence)
    tok = next(t for t in doc if t.text == trigger)
    return status(tok)


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("Rebels attacked the convoy near the border on Tuesday.", "attacked", "occurred"),
        ("The army is shelling the eastern districts.", "shelling", "ongoing"),
        ("Police did not arrest the organisers.", "arrest", "negated"),
        ("The minister said the country isn't involved in the war.", "involved", "negated"),
        ("No attacks were reported overnight.", "attacks", "negated"),
        ("The group denied that it attacked the camp.", "attacked", "denied"),
        ("If talks fail, the coalition would send more troops.", "send", "conditional"),
        ("The militia could attack the airport at any time.", "attack", "conditional"),
        ("The rebels threatened to attack the capital.", "attack", "threatened"),
        ("The government will deploy soldiers to the region next week.", "deploy", "planned"),
        ("Both sides agreed to withdraw their forces.", "withdraw", "planned"),
        ("The ministry offered to mediate between the parties.", "mediate", "planned"),
        ("Protesters continued marching through the city.", "marching", "ongoing"),
        # the infinitive of a report tells the event, not a plan
        ("Iran is said to have sent troops to Syria.", "sent", "occurred"),
        ("Iran Said to Send Troops to Bolster Syria", "Send", "occurred"),
        ("Iran said to send troops to bolster Syria", "send", "occurred"),
        ("Rebels are thought to have seized the base.", "seized", "occurred"),
        ("Government troops appear to have withdrawn from the town.", "withdrawn", "occurred"),
        ("Iran was reported to be sending advisers.", "sending", "ongoing"),
        ("The army is expected to deploy soldiers.", "deploy", "planned"),
        ("The president told aides to send more troops.", "send", "planned"),
        # a definite or possessed noun is given: the clause is about what is done to it
        ("If Syria fails to put down the uprising, Iran would send help.", "uprising", "occurred"),
        ("The regime threatened to crush the protests by force.", "protests", "occurred"),
        ("If attacks continue, the army will respond.", "attacks", "conditional"),
        ("The government will hold talks with the rebels.", "talks", "planned"),
        # a verb of intention does not carry its noun's tense: the act is planned
        ("Officials plan new talks next week.", "talks", "planned"),
        ("The general ordered an attack on the town.", "attack", "planned"),
        ("The army launched an attack on the town.", "attack", "occurred"),
        ("Rebels did not plan the attack.", "attack", "negated"),
    ],
)
def test_status(sentence: str, trigger: str, expected: str) -> None:
    assert _status(sentence, trigger) == expected
