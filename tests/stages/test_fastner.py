"""The fast entity recognizer gives spaCy's entities exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.pipeline import EntityRecognizer

from tidings.stages import fastner, nlp

#: Texts written for this test: entities at sentence ends and at the last
#: token, entities next to whitespace tokens and blank lines (which start
#: sentences), one-token and empty docs, and many entities in a row.
TEXTS = [
    "Barack Obama met Angela Merkel in Berlin on Monday.",
    "Protesters gathered in Nairobi, Kenya. Police fired tear gas in Mombasa",
    "The talks were held in New York City",
    "Obama",
    "Paris",
    "",
    " ",
    "\n\n",
    "Kenya\n\nUganda\n\nTanzania",
    "He flew to New\n\nYork and then to Los Angeles.",
    "Troops   entered   Goma .\n\n\n  The United Nations said 12 people died on 3 March 2024 .  ",
    "  \n Joe Biden \n\n  Donald Trump  \n",
    "France, Germany, Italy, Spain, Poland, Sweden, Norway, Japan, China, India, Brazil, "
    "Mexico, Canada, Egypt, Nigeria, Ethiopia, Kenya, Ghana, Peru and Chile signed; "
    "Macron, Scholz, Meloni, Sanchez, Tusk, Kishida, Xi, Modi, Lula and AMLO spoke for "
    "$5 billion, 40%, 3 km, the 2nd time, at 5 p.m. on Tuesday, under the Paris Agreement.",
    "PROTESTERS CLASHED WITH POLICE IN NAIROBI ON MONDAY, OFFICIALS SAID.",
    "the world health organization and the european union met in geneva",
    "Dr. Tedros Adhanom Ghebreyesus of the World Health Organization (WHO) said so. He left.",
    "A\nB\nC. The U.N.-backed Government of National Accord's forces seized Tripoli's airport",
]


def _rows(doc: Any) -> list[tuple[Any, ...]]:
    return [(t.ent_iob_, t.ent_type_, t.ent_kb_id_) for t in doc]


def _ents(doc: Any) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def _same(want: Any, got: Any) -> None:
    assert _rows(got) == _rows(want), want.text[:60]
    assert _ents(got) == _ents(want), want.text[:60]
    assert got.to_bytes() == want.to_bytes(), want.text[:60]


def test_the_fast_ner_replaces_spacys_under_the_same_name(pipelines: tuple[Any, Any]) -> None:
    ref, fast = pipelines
    assert fast.pipe_names == ref.pipe_names
    assert isinstance(fast.get_pipe("ner"), fastner.FastEntityRecognizer)
    assert fast.get_pipe("ner").labels == ref.get_pipe("ner").labels


def test_entities_are_spacys_token_by_token(pipelines: tuple[Any, Any], seed_pages: list[str]) -> None:
    ref, fast = pipelines
    texts = TEXTS + seed_pages
    tokens = ents = 0
    for text in texts:
        want = ref(text)
        _same(want, fast(text))
        tokens, ents = tokens + len(want), ents + len(want.ents)
    assert tokens > 300 and ents > 60
    for size in (1, 3, 32):  # ner sub-batches of 1, 2 and 8 docs of mixed lengths
        batches = ref.pipe(texts, batch_size=size), fast.pipe(texts, batch_size=size)
        for want, got in zip(*batches, strict=True):
            _same(want, got)


def test_seed_pages_are_compared_when_present(seeds_dir: Path, seed_pages: list[str]) -> None:
    assert seed_pages, f"no seed pages in {seeds_dir}"


def test_docs_with_preset_entities_get_spacys_decoding(pipelines: tuple[Any, Any]) -> None:
    from spacy.tokens import Span

    ref, fast = pipelines
    text = "Barack Obama met Angela Merkel in Berlin on Monday."
    docs = []
    for pipeline in (ref, fast):
        doc = pipeline(text, disable=["ner"])
        doc.set_ents([Span(doc, 3, 5, label="ORG")], default="missing")
        docs.append(pipeline.get_pipe("ner")(doc))
    _same(*docs)
    assert (3, 5, "ORG") in _ents(docs[1])


def _random_ner(labels: list[str], fast: bool, inside: float = 0.0) -> Any:
    """A small NER with random weights (seeded): many entities, and
    decisions no trained model would make."""
    import numpy as np
    from thinc.api import fix_random_seed

    fix_random_seed(7)
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    ner = blank.add_pipe("ner", config={"model": {"hidden_width": 16, "maxout_pieces": 3}})
    for label in labels:
        ner.add_label(label)
    blank.initialize()
    rng = np.random.default_rng(7)
    for layer in (ner.model.get_ref("lower"), ner.model.get_ref("upper")):
        for name in ("W", "b", "pad"):
            if layer.has_param(name):
                shape = layer.get_param(name).shape
                layer.set_param(name, rng.normal(0, 1, shape).astype("float32"))
    upper_b = ner.model.get_ref("upper").get_param("b")
    moves = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
    upper_b[[i for i, move in enumerate(moves) if move[:2] in ("B-", "I-")]] += inside
    if fast:
        fastner.install(blank)
    return blank


@pytest.mark.parametrize("inside", [0.0, 100.0])
def test_another_ner_model_is_decoded_exactly(inside: float) -> None:
    labels = ["A", "B-C", "LONG_LABEL"]
    ref, fast = _random_ner(labels, False, inside), _random_ner(labels, True, inside)
    assert isinstance(fast.get_pipe("ner"), fastner.FastEntityRecognizer)
    texts = [*TEXTS, " ".join(TEXTS) * 3]
    found, longest = 0, 0
    for want, got in zip(ref.pipe(texts, batch_size=8), fast.pipe(texts, batch_size=8), strict=True):
        _same(want, got)
        found += len(want.ents)
        longest = max([longest, *map(len, want.ents)])
    assert found > 150
    assert longest > 8 or not inside  # entities longer than one look-ahead chunk


def test_a_beam_ner_keeps_spacys_component() -> None:
    blank = spacy.blank("en")
    beam = blank.add_pipe("beam_ner")
    beam.add_label("X")
    blank.initialize()
    fastner.install(blank)
    assert blank.get_pipe("beam_ner") is beam
    assert type(beam) is EntityRecognizer


def test_the_stock_switch_keeps_all_of_spacys_components(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(nlp.STOCK_ENV, "1")
    stock = nlp._load.__wrapped__(nlp.DEFAULT_MODEL)  # past the per-process cache
    assert type(stock.get_pipe("ner")) is EntityRecognizer
    assert not any(type(p).__module__.startswith("tidings") for _, p in stock.pipeline)
