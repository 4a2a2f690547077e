"""The fast attribute ruler and lemmatizer give spaCy's annotations exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy

from tidings.stages import fastnlp

#: Texts written for this test: the ruler's special cases (contractions,
#: multi-token patterns, whitespace tokens, pronoun case by dependency) and
#: the lemmatizer's (exceptions, base forms, all caps, unknown words).
TEXTS = [
    "We're gonna win, y'all. I ain't scared and he ain't either; they aint ready.",
    "Let's go! C'mon, you gotta see 'em. It'll be doin' nothin' for ol' Bob, 'nuff said.",
    "I'd have gone. You'd better go. She'd said it's fine and there's no way it's over.",
    "They can't, won't and shan't. Nobody's been here; being late, he gets what he got.",
    "There are 3 options. There is one. There were two, there was none, there's more.",
    "But she left. He did, but she did not. Do you have it? I do. He has it; he had it.",
    "Give it to me and him, not to us or them. I saw you. You saw it. It saw I.",
    "PROTESTERS CLASHED WITH POLICE IN NAIROBI ON MONDAY, OFFICIALS SAID.",
    "Troops   entered the town.\n\n\nResidents fled\tto the hills.  \n  Two were hurt.",
    "The  man ,who  said that , left .\n \nThat is what that means : this , those , these .",
    "Rebels seized Goma (the capital) on 12 March 2024 -- reports said -- after clashes.",
    "Mice, geese and oxen were better; the best-known ones ran faster than the fastest.",
    "He himself told themselves, ourselves and yourself: mine, yours, hers, ours, theirs.",
    "Xyzzyfied blorps quuxed the frobnicators' widgetry unbeknownst to el pueblo.",
    "Whether or not they agree, since it rained, the march, which was planned, went on.",
    "",
    " ",
    "\n\n",
]


def _rows(doc: Any) -> list[tuple[Any, ...]]:
    return [
        (
            t.text,
            t.tag_,
            t.pos_,
            str(t.morph),
            t.lemma_,
            t.dep_,
            t.head.i,
            t.ent_iob_,
            t.ent_type_,
            t.is_sent_start,
        )
        for t in doc
    ]


def test_the_fast_components_replace_spacys_under_the_same_names(pipelines: tuple[Any, Any]) -> None:
    ref, fast = pipelines
    assert fast.pipe_names == ref.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), fastnlp.FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), fastnlp.FastLemmatizer)


def test_annotations_are_spacys_token_by_token(pipelines: tuple[Any, Any], seed_pages: list[str]) -> None:
    ref, fast = pipelines
    texts = TEXTS + seed_pages
    tokens = 0
    for text in texts:
        want, got = ref(text), fast(text)
        assert _rows(got) == _rows(want), text[:60]
        assert got.to_bytes() == want.to_bytes()
        tokens += len(want)
    assert tokens > 300
    batched = list(fast.pipe(texts, batch_size=4))
    assert [_rows(d) for d in batched] == [_rows(ref(t)) for t in texts]


def test_seed_pages_are_compared_when_present(seeds_dir: Path, seed_pages: list[str]) -> None:
    assert seed_pages, f"no seed pages in {seeds_dir}"


RULER_PATTERNS: list[dict[str, Any]] = [
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "SP", "POS": "SPACE", "MORPH": "_"}},
    {"patterns": [[{"IS_PUNCT": True}]], "attrs": {"TAG": "P", "POS": "PUNCT"}},
    {"patterns": [[{"LOWER": {"IN": ["a", "the"]}}]], "attrs": {"POS": "DET", "MORPH": "PronType=Art"}},
    {"patterns": [[{"LOWER": {"REGEX": "^[aeiou]"}, "IS_ALPHA": True}]], "attrs": {"LEMMA": "vowel"}},
    {"patterns": [[{"TEXT": "Goma"}], [{"ORTH": "Bukavu"}]], "attrs": {"POS": "PROPN", "TAG": "NNP"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {
        "patterns": [[{"LOWER": "new"}, {"LOWER": "york"}, {"LOWER": "city"}]],
        "attrs": {"LEMMA": "NYC"},
        "index": 1,
    },
    {"patterns": [[{"SHAPE": "Xxxxx", "LOWER": {"NOT_IN": ["goma", "the"]}}]], "attrs": {"MORPH": "Cap=Yes"}},
    {
        "patterns": [[{"LOWER": "the"}, {"IS_SPACE": False, "LOWER": {"REGEX": "y$"}}]],
        "attrs": {"POS": "NOUN"},
    },
]


def _blank_with_ruler(patterns: list[dict[str, Any]], fast: bool) -> Any:
    blank = spacy.blank("en")
    blank.add_pipe("attribute_ruler").add_patterns(patterns)
    if fast:
        fastnlp.install(blank)
    return blank


def test_a_ruler_of_other_patterns_is_compiled_and_exact() -> None:
    ref, fast = _blank_with_ruler(RULER_PATTERNS, False), _blank_with_ruler(RULER_PATTERNS, True)
    assert isinstance(fast.get_pipe("attribute_ruler"), fastnlp.FastAttributeRuler)
    texts = [
        "The city of Goma and Bukavu: gonna gonna see New York City in   the city, "
        "The Army ate an apple.\n\nA  heavy day, the ivy!",
        *TEXTS,
    ]
    for text in texts:
        assert _rows(fast(text)) == _rows(ref(text)), text[:60]


@pytest.mark.parametrize(
    "pattern",
    [
        {"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}},
        {"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"LOWER": "a"}]], "attrs": {"NORM": "an"}},
        {"patterns": [[{"LOWER": "a"}]], "attrs": {"POS": "DET"}, "index": 1},
        {"patterns": [[{"_": {"flag": True}}]], "attrs": {"POS": "X"}},
    ],
)
def test_a_ruler_with_unsupported_patterns_keeps_spacys_component(pattern: dict[str, Any]) -> None:
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Token

    if not Token.has_extension("flag"):
        Token.set_extension("flag", default=False)
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    try:
        ruler.add_patterns([RULER_PATTERNS[0], pattern])
    except ValueError:
        pytest.skip("spaCy itself rejects this pattern")
    fastnlp.install(blank)
    assert type(blank.get_pipe("attribute_ruler")) is AttributeRuler


def test_a_lookup_lemmatizer_keeps_spacys_component() -> None:
    blank = spacy.blank("en")
    lookup = blank.add_pipe("lemmatizer", config={"mode": "lookup"})
    fastnlp.install(blank)
    assert blank.get_pipe("lemmatizer") is lookup
