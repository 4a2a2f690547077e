"""Who asserts each sentence, how hedged, how verified (tidings.stages.assertions)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tidings.records import Assertion, Mention, Segment, Sentence
from tidings.stages import nlp
from tidings.stages.assertions import VERSION, assert_sentences
from tidings.stages.quotes import find_quotes


def run(
    text: str, segments: tuple[Segment, ...] | None = None, mentions: tuple[Mention, ...] = ()
) -> tuple[list[Sentence], list[Assertion]]:
    doc = nlp.parse(text)
    sents = nlp.sentences(doc, segments or (Segment("body", 0, len(text)),))
    return sents, assert_sentences(doc, sents, find_quotes(doc, mentions), mentions)


def one(text: str) -> Assertion:
    sents, out = run(text)
    assert len(sents) == 1, sents
    return out[0]


def test_version() -> None:
    assert VERSION == "1"


@pytest.mark.parametrize(
    ("text", "source_text", "anonymous"),
    [
        ("The army shelled the town on Monday.", None, False),
        ("Rebels seized the town, officials said.", "officials", True),
        ("The town fell on Monday, according to the Associated Press.", "the Associated Press", False),
        ('"We will not retreat," Gen. Ali Reza told reporters.', "Gen. Ali Reza", False),
        ('The so-called "axis of resistance" held a meeting.', None, False),
        # the claim is the ambassador's; the media relay it
        ("The ambassador said the hostages were found, Iranian media reported.", "The ambassador", False),
        ('"We are grateful," Mr. Haidar said, according to Iranian media.', "Mr. Haidar", False),
    ],
)
def test_source(text: str, source_text: str | None, anonymous: bool) -> None:
    a = one(text)
    assert (a.source_text, a.anonymous) == (source_text, anonymous)
    assert (a.quote is None) == (source_text is None)


@pytest.mark.parametrize(
    ("text", "hedges"),
    [
        ("Rebels reportedly seized the town.", ("reportedly",)),
        ("Iran said to send troops to bolster Syria", ("said to",)),
        ("He said to reporters that the town fell.", ()),
        ("The commander appeared to offer an acknowledgment.", ("appeared to",)),
        ("The group claimed responsibility for the attack.", ()),
        ("The group claimed that the attack killed 12.", ("claimed",)),
        (
            "The militants may have fled, according to unconfirmed reports.",
            ("may have", "according to unconfirmed reports"),
        ),
        (
            "The jet was allegedly shot down; it is believed the pilot survived.",
            ("allegedly", "it is believed"),
        ),
        ("The town is calm.", ()),
    ],
)
def test_hedges(text: str, hedges: tuple[str, ...]) -> None:
    assert one(text).hedges == hedges


@pytest.mark.parametrize(
    ("text", "verification"),
    [
        ("The video couldn't be independently verified.", "unverified"),
        ("Reuters could not independently confirm the account.", "unverified"),
        ("The claim has not been verified.", "unverified"),
        ("Iran denied the report.", "disputed"),
        ("The ministry rejected the claims as lies.", "disputed"),
        ("The ministry rejected the proposal.", None),
        ("The man was denied entry at the border.", None),
        ("Officials confirmed the strike.", None),
    ],
)
def test_verification(text: str, verification: str | None) -> None:
    assert one(text).verification == verification


def test_unverified_propagates_to_the_claim_referred_to() -> None:
    text = (
        'The army shelled the town. "We hit the depot and the airport," the commander said. '
        "The comments couldn't be independently verified."
    )
    _, out = run(text)
    assert [a.verification for a in out] == [None, "unverified", "unverified"]
    assert out[1].hedges == ("couldn't be independently verified",)


def test_unverified_with_own_content_does_not_propagate() -> None:
    # "a claim that ..." carries its own content: nothing to refer back to
    text = (
        "The army shelled the town. Rebels said they killed 40 soldiers, a claim that could not be verified."
    )
    _, out = run(text)
    assert [a.verification for a in out] == [None, "unverified"]


def test_unverified_covers_a_quotation_spanning_sentences() -> None:
    text = '"We won. The city is ours," the commander said. The claims could not be verified.'
    _, out = run(text)
    assert [a.verification for a in out] == ["unverified", "unverified", "unverified"]


def test_contradiction_is_disputed() -> None:
    text = (
        '"We are involved in the war," the general said. '
        "Top officials had previously said the country isn't involved in the conflict."
    )
    _, out = run(text)
    assert [a.verification for a in out] == [None, "disputed"]


def test_same_speaker_negation_is_not_disputed() -> None:
    text = (
        "The minister said Iran would help Syria. Syria hadn't asked for assistance yet, the minister added."
    )
    _, out = run(text)
    assert [a.verification for a in out] == [None, None]


def test_modes_follow_segments() -> None:
    text = "Iran recruits volunteers\n\nA drive has started.\n\nMy Take:\n\nThis is serious."
    segs = (
        Segment("title", 0, 24),
        Segment("body", 26, 46),
        Segment("commentary", 48, 56),
        Segment("commentary", 58, 74),
    )
    _, out = run(text, segs)
    assert [a.mode for a in out] == ["reporting", "reporting", "commentary", "commentary"]
    assert [a.sentence for a in out] == [0, 1, 2, 3]


def test_empty() -> None:
    assert run("", (Segment("body", 0, 0),))[1] == []


# --- seeds -------------------------------------------------------------------


def seed(seeds_dir: Path, prefix: str, names: dict[str, str]) -> tuple[str, list[Sentence], list[Assertion]]:
    import tidings
    from tidings.stages import registry

    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    article = tidings.process_text(path.read_text("utf-8"), stages=registry.INGEST)
    text = article.text
    mentions = tuple(
        sorted(
            (
                Mention(m.start(), m.end(), m.group(), actor, "dictionary")
                for name, actor in names.items()
                for m in re.finditer(re.escape(name), text)
            ),
            key=lambda m: m.start,
        )
    )
    doc: Any = nlp.parse(text)
    sents = nlp.sentences(doc, article.segments)
    return text, sents, assert_sentences(doc, sents, find_quotes(doc, mentions), mentions)


def find(text: str, sents: list[Sentence], out: list[Assertion], prefix: str) -> Assertion:
    for s, a in zip(sents, out, strict=True):
        if text[s.start : s.end].lstrip('"').startswith(prefix):
            return a
    raise AssertionError(f"no sentence starts with {prefix!r}")


def test_seed_001(seeds_dir: Path) -> None:
    names = {"Salar Abnoush": "person:abnoush", "Ahmad Vahidi": "person:vahidi", "Associated Press": "AP"}
    text, sents, out = seed(seeds_dir, "001", names)
    assert len(out) == len(sents)
    hedge = "couldn't be independently verified"
    a = find(text, sents, out, "Today we are involved in fighting")
    assert (a.source, a.verification) == ("person:abnoush", "unverified") and hedge in a.hedges
    a = find(text, sents, out, "The comments, reported by the Daneshjoo")
    assert (a.source, a.verification) == (None, "unverified") and hedge in a.hedges
    a = find(text, sents, out, "Top Iranian officials had previously said")
    assert (a.verification, a.anonymous) == ("disputed", True)
    a = find(text, sents, out, "Iran at first denied")
    assert a.verification == "disputed"
    a = find(text, sents, out, "Syria is managing this situation")
    assert (a.source, a.source_text) == ("person:vahidi", "he")
    a = find(text, sents, out, "On Monday, a Syrian military helicopter crashed")
    assert (a.source, a.source_text, a.anonymous) == ("AP", "the Associated Press", False)
    a = find(text, sents, out, "BEIRUT")
    assert (a.source_text, a.anonymous) == ("current and former members of the corps", True)
    assert find(text, sents, out, "Iran said to send troops").hedges == ("said to",)
    assert find(text, sents, out, "Syria's uprising has placed").source is None


def test_seed_000(seeds_dir: Path) -> None:
    text, sents, out = seed(seeds_dir, "000", {"Mohammad Saleh Jokar": "person:jokar"})
    assert find(text, sents, out, "We must not abandon").source == "person:jokar"
    assert find(text, sents, out, "He then emphasized").source == "person:jokar"
    assert find(text, sents, out, "Today our main war front").source == "person:jokar"
    assert find(text, sents, out, "Iran Starts Recruitment Drive").mode == "reporting"
    assert find(text, sents, out, "My Take").mode == "commentary"
    assert find(text, sents, out, "On the surface").mode == "commentary"
    assert find(text, sents, out, "On the surface").source is None
    assert find(text, sents, out, "A public recruitment drive").mode == "reporting"
