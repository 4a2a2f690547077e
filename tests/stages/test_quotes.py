"""Quotations and attributions (tidings.stages.quotes).

Sentences are written for these tests; seed tests use ../shared/seeds and
skip where it is absent. Mentions for seed tests are built by hand (the
actor stage is tested on its own).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tidings.records import Mention, Quote
from tidings.stages import nlp
from tidings.stages.quotes import VERSION, find_quotes, quote_marks


def quotes_of(text: str, mentions: tuple[Mention, ...] = ()) -> tuple[Any, list[Quote]]:
    doc = nlp.parse(text)
    return doc, find_quotes(doc, mentions)


def mentions_for(text: str, names: dict[str, str]) -> tuple[Mention, ...]:
    out = [
        Mention(m.start(), m.end(), m.group(), actor, "dictionary")
        for name, actor in names.items()
        for m in re.finditer(re.escape(name), text)
    ]
    return tuple(sorted(out, key=lambda m: m.start))


def content(text: str, q: Quote) -> str:
    return text[q.content_start : q.content_end]


def test_version() -> None:
    assert VERSION == "1"


# (text, (kind, speaker text, cue, content, anonymous))
ATTRIBUTIONS = [
    # direct quotations
    (
        '"We will not retreat," Gen. Ali Reza, commander of the Fifth Brigade, told reporters.',
        ("direct", "Gen. Ali Reza, commander of the Fifth Brigade", "told", "We will not retreat", False),
    ),
    ('"The siege is over," he said.', ("direct", "he", "said", "The siege is over", False)),
    (
        'The minister said: "We are ready to negotiate with all parties."',
        ("direct", "The minister", "said", "We are ready to negotiate with all parties.", False),
    ),
    (
        '"Nobody will be spared," said the rebel commander.',
        ("direct", "the rebel commander", "said", "Nobody will be spared", False),
    ),
    # reported speech
    (
        "The foreign minister said that the talks had failed.",
        ("reported", "The foreign minister", "said", "the talks had failed", False),
    ),
    (
        "The army has withdrawn from the town, these people say.",
        ("reported", "these people", "say", "The army has withdrawn from the town", True),
    ),
    (
        "The regime relies on a core of loyalists, say opposition members and rebel fighters.",
        (
            "reported",
            "opposition members and rebel fighters",
            "say",
            "The regime relies on a core of loyalists",
            True,
        ),
    ),
    (
        "Officials who spoke on condition of anonymity said the strike killed 12 people.",
        (
            "reported",
            "Officials who spoke on condition of anonymity",
            "said",
            "the strike killed 12 people",
            True,
        ),
    ),
    (
        "A person familiar with the talks said the deal was close.",
        ("reported", "A person familiar with the talks", "said", "the deal was close", True),
    ),
    (
        "Sources said the convoy was attacked near the border.",
        ("reported", "Sources", "said", "the convoy was attacked near the border", True),
    ),
    ("Iran denied the report.", ("reported", "Iran", "denied", "the report", False)),
    (
        "The president announced a ceasefire on Sunday.",
        ("reported", "The president", "announced", "a ceasefire on Sunday", False),
    ),
    (
        "Iran at first denied the kidnapped Iranians had any link with the IRGC.",
        ("reported", "Iran", "denied", "the kidnapped Iranians had any link with the IRGC", False),
    ),
    (  # the addressee is not content
        "The attorney general told federal prosecutors that they should examine the allegations.",
        ("reported", "The attorney general", "told", "they should examine the allegations", False),
    ),
    (
        "The ministry announced on Monday the transfer of the prisoner.",
        ("reported", "The ministry", "announced", "the transfer of the prisoner", False),
    ),
    (
        '"Stop the war," read a banner held by protesters.',
        ("direct", "a banner held by protesters", "read", "Stop the war", False),
    ),
    # according to, citing, reported by
    (
        "The town fell on Monday, according to the Associated Press.",
        ("according_to", "the Associated Press", "according to", "The town fell on Monday", False),
    ),
    (
        "According to two people in the IRGC familiar with the movements, troops were sent.",
        (
            "according_to",
            "two people in the IRGC familiar with the movements",
            "According to",
            "troops were sent",
            True,
        ),
    ),
    (
        "The attack, reported by state media, killed five soldiers.",
        ("according_to", "state media", "reported by", "The attack", False),
    ),
]


@pytest.mark.parametrize(("text", "expected"), ATTRIBUTIONS)
def test_attributions(text: str, expected: tuple[str, str, str, str, bool]) -> None:
    _, qs = quotes_of(text)
    assert len(qs) == 1, qs
    q = qs[0]
    assert (q.kind, q.speaker_text, q.cue, content(text, q), q.anonymous) == expected


def test_quoted_as_saying_names_the_person_quoted() -> None:
    text = "Two Iranian newspapers quoted Defense Minister Ahmad Vahidi as saying that Iran would help Syria."
    _, qs = quotes_of(text)
    assert [(q.kind, q.speaker_text, q.cue, content(text, q)) for q in qs] == [
        ("reported", "Defense Minister Ahmad Vahidi", "quoted", "Iran would help Syria")
    ]


def test_citing() -> None:
    text = "State television, citing a military source, said the helicopter crashed."
    _, qs = quotes_of(text)
    by_cue = {q.cue: q for q in qs}
    assert by_cue["citing"].speaker_text == "a military source"
    assert by_cue["citing"].anonymous
    assert by_cue["said"].speaker_text == "State television"
    assert not by_cue["said"].anonymous


@pytest.mark.parametrize(
    "text",
    [
        'The so-called "axis of resistance" held a meeting in Damascus.',  # scare quotes, "called"
        'Residents called the shelling a "massacre".',  # one-word scare quote
        'The book "War and Peace" was banned by the censors.',  # a title, no speaker
        '"This headline stands alone without anyone speaking it at all"',  # no speaker
        "Iran said to send troops to bolster Syria",  # "said to": a hedge, not a speaker
        "The army shelled the town on Monday.",  # no attribution
        "Syria hadn't asked for assistance.",  # "ask" only cues quotations
        "Iran would announce a surprise peace plan.",  # no statement was made
        "He did not say whether the talks would resume.",  # negated speech
        "Rebels have a say in the new council.",  # "say" as a noun
        "",
    ],
)
def test_no_attribution(text: str) -> None:
    assert quotes_of(text)[1] == []


def test_quote_continues_across_paragraphs() -> None:
    text = 'The spokesman said:\n\n"We will fight on.\n\n"We will never surrender."\n\nThe war went on.'
    _, qs = quotes_of(text)
    assert len(qs) == 1
    q = qs[0]
    assert (q.kind, q.speaker_text, q.cue) == ("direct", "The spokesman", "said")
    assert content(text, q).startswith("We will fight on.")
    assert content(text, q).endswith("We will never surrender.")


def test_quote_marks_pairing() -> None:
    text = '"One.\n\n"Two." Then "three"\n\n"Stray'
    assert quote_marks(text) == [(0, 12), (19, 25)]


def test_second_quote_takes_the_speaker_of_the_first() -> None:
    text = '"Syria is strong," the minister said. "It will win this war."'
    _, qs = quotes_of(text)
    assert [(q.speaker_text, content(text, q)) for q in qs] == [
        ("the minister", "Syria is strong"),
        ("the minister", "It will win this war."),
    ]


def test_pronoun_resolves_to_previous_person() -> None:
    text = 'Defense Minister Ahmad Vahidi spoke on Thursday. "Syria is managing well," he said.'
    mentions = mentions_for(text, {"Ahmad Vahidi": "person:ahmad-vahidi"})
    _, qs = quotes_of(text, mentions)
    assert [(q.speaker_text, q.speaker) for q in qs] == [("he", "person:ahmad-vahidi")]
    _, qs = quotes_of(text)  # no mentions: the pronoun is still the speaker text
    assert [(q.speaker_text, q.speaker) for q in qs] == [("he", None)]


def test_pronoun_left_unresolved_when_ambiguous() -> None:
    text = 'Ahmad Vahidi met Ali Haidar in Tehran on Monday. "We are ready," he said.'
    mentions = mentions_for(text, {"Ahmad Vahidi": "person:vahidi", "Ali Haidar": "person:haidar"})
    _, qs = quotes_of(text, mentions)
    assert [(q.speaker_text, q.speaker) for q in qs] == [("he", None)]


def test_pronoun_prefers_the_previous_speaker() -> None:
    text = '"Assad must go," Ali Haidar said. "He has lost," he added.'
    mentions = mentions_for(text, {"Ali Haidar": "person:haidar", "Assad": "person:assad"})
    _, qs = quotes_of(text, mentions)
    assert [q.speaker for q in qs] == ["person:haidar", "person:haidar"]


def test_speaker_gets_mention_actor_of_its_head_phrase_only() -> None:
    text = (
        "Troops were sent, according to an IRGC member in Tehran. "
        "Arms were sent, according to the people familiar with the IRGC."
    )
    _, qs = quotes_of(text, mentions_for(text, {"IRGC": "IRN-IRGC", "Tehran": "IRN"}))
    assert [(q.speaker_text, q.speaker, q.anonymous) for q in qs] == [
        ("an IRGC member in Tehran", "IRN-IRGC", True),
        ("the people familiar with the IRGC", None, True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        '"We will not retreat," Gen. Ali Reza told reporters. Officials said the town fell, according to AP.',
        'The minister said: "We are ready."\n\n"We will win," he added, citing the army.',
    ],
)
def test_offsets_are_consistent(text: str) -> None:
    _, qs = quotes_of(text)
    assert qs
    for q in qs:
        assert q.start <= q.content_start < q.content_end <= q.end
        assert q.speaker_text == text[q.speaker_start : q.speaker_end]
        assert q.cue == text[q.cue_start : q.cue_end]
        assert q.start <= min(q.speaker_start or 0, q.cue_start or 0)


# --- seeds -------------------------------------------------------------------

SEED_NAMES = {
    "Mohammad Saleh Jokar": "person:jokar",
    "Salar Abnoush": "person:abnoush",
    "Mohsen Sazegara": "person:sazegara",
    "Mr. Sazegara": "person:sazegara",
    "Ahmad Vahidi": "person:vahidi",
    "Ali Akbar Salehi": "person:salehi",
    "Mr. Salehi": "person:salehi",
    "Ali Haidar": "person:haidar",
    "Mr. Haidar": "person:haidar",
    "Associated Press": "AP",
    "IRGC": "IRN-IRGC",
}


def seed(seeds_dir: Path, prefix: str) -> tuple[str, Any, list[Quote]]:
    import tidings
    from tidings.stages import registry

    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    text = tidings.process_text(path.read_text("utf-8"), stages=registry.INGEST).text
    doc, qs = quotes_of(text, mentions_for(text, SEED_NAMES))
    return text, doc, qs


def starting(text: str, qs: list[Quote], prefix: str) -> Quote:
    found = [q for q in qs if content(text, q).startswith(prefix)]
    assert found, f"no quote starts with {prefix!r}"
    return found[0]


def test_seed_001(seeds_dir: Path) -> None:
    text, _, qs = seed(seeds_dir, "001")
    q = starting(text, qs, "Today we are involved in fighting")
    assert (q.kind, q.speaker_text, q.cue, q.speaker) == (
        "direct",
        "Gen. Salar Abnoush, commander of IRGC's Saheb al-Amr unit",
        "told",
        "person:abnoush",
    )
    q = starting(text, qs, "One of Iran's wings")
    assert (q.speaker_text or "").startswith("Mohsen Sazegara") and q.cue == "said"
    assert q.speaker == "person:sazegara"
    q = starting(text, qs, "Syria is managing this situation")
    assert (q.speaker_text, q.speaker, q.cue) == ("he", "person:vahidi", "said")
    q = starting(text, qs, "Solaimani has convinced")
    assert (q.speaker_text, q.anonymous) == ("the IRGC member in Tehran", True)
    corps = [q for q in qs if q.speaker_text == "current and former members of the corps"]
    assert corps and all(q.kind == "according_to" and q.anonymous for q in corps)
    ap = [q for q in qs if q.speaker_text == "the Associated Press"]
    assert len(ap) == 1 and ap[0].kind == "according_to" and not ap[0].anonymous and ap[0].speaker == "AP"
    q = starting(text, qs, "If Syria fails")
    assert (q.speaker_text, q.cue, q.speaker) == ("Defense Minister Ahmad Vahidi", "quoted", "person:vahidi")
    q = starting(text, qs, "Iran is now sending hundreds")
    assert q.speaker_text == "two people in the IRGC familiar with the movements" and q.anonymous


def test_seed_001_without_mentions(seeds_dir: Path) -> None:
    import tidings
    from tidings.stages import registry

    path = next(seeds_dir.glob("001_*.txt"))
    text = tidings.process_text(path.read_text("utf-8"), stages=registry.INGEST).text
    _, qs = quotes_of(text)
    q = starting(text, qs, "Syria is managing this situation")
    assert (q.speaker_text, q.speaker) == ("he", None)


def test_seed_000(seeds_dir: Path) -> None:
    text, _, qs = seed(seeds_dir, "000")
    q = starting(text, qs, "We must not abandon the people of Syria")
    assert q.kind == "direct"
    assert (q.speaker_text or "").startswith("Mohammad Saleh Jokar") and q.speaker == "person:jokar"
    assert q.cue == "According to"
    q = starting(text, qs, "Today our main war front")
    assert (q.speaker_text, q.cue, q.speaker) == ("He", "emphasized", "person:jokar")
