from __future__ import annotations

import pytest

import tidings
from tidings.errors import ConfigError
from tidings.stages import nlp
from tidings.stages.resolve import document_countries, publication_date, resolve


def test_sentences_stay_inside_paragraphs_and_offsets_point_into_the_text() -> None:
    art = tidings.process_text(
        "Troops enter Goma\n\nRebels said they had withdrawn from Goma on Monday\n\n"
        "The army said it controls the city.",
        stages=tidings.stages.registry.INGEST,
    )
    doc = nlp.parse(art.text)
    sents = nlp.sentences(doc, art.segments)
    assert [art.text[s.start : s.end] for s in sents] == [
        "Troops enter Goma",
        "Rebels said they had withdrawn from Goma on Monday",
        "The army said it controls the city.",
    ]
    assert [s.segment for s in sents] == ["title", "body", "body"]
    assert all(art.text[t.idx : t.idx + len(t.text)] == t.text for t in doc)


def test_the_model_is_a_setting_and_a_missing_one_says_how_to_fix_it() -> None:
    assert nlp.load() is nlp.load(nlp.DEFAULT_MODEL)  # loaded once per process
    with pytest.raises(ConfigError, match="not installed"):
        nlp.load("xx_no_such_model")


def test_non_english_pages_are_not_analysed() -> None:
    art = tidings.process_text(
        "Les rebelles entrent dans Goma\n\nLes rebelles sont entrés lundi dans la ville de Goma, "
        "selon des habitants joints par téléphone.",
        stages=tidings.stages.registry.INGEST,
    )
    assert art.language == "fr"
    out = resolve(art)
    assert out.mentions == () and out.sentences == ()
    assert dict(out.versions)["resolve"]


def test_helpers() -> None:
    assert str(publication_date("2012-08-27T10:00:00+03:00")) == "2012-08-27"
    assert publication_date("not a date") is None
    assert document_countries((), ()) == []


def test_texts_parsed_together_are_the_parses_of_each_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [
        "Rebels entered Goma on Monday.",
        "Police fired tear gas in Nairobi.\n\nTwo were hurt.",
        "x " * 40,
    ]
    alone = [nlp.load()(t) for t in texts]
    nlp.preparse(texts, batch_size=2)
    try:
        together = [nlp.parse(t) for t in texts]
        assert all(nlp.parse(t) is d for t, d in zip(texts, together, strict=True)), "kept until cleared"
    finally:
        nlp.clear_preparsed()
    assert [d.to_json() for d in together] == [d.to_json() for d in alone]
    # One text spaCy refuses fails the whole pipe: the others are parsed one by one,
    # and the refused one raises again when its stage parses it.
    monkeypatch.setattr(nlp.load(), "max_length", 70)
    nlp.preparse(texts)
    try:
        assert sorted(t for _, t in nlp._PREPARSED) == sorted(texts[:2])
        with pytest.raises(ValueError, match="E088"):
            nlp.parse(texts[2])
    finally:
        nlp.clear_preparsed()


def test_pipe_batches_hold_few_texts_and_characters_and_a_long_text_alone() -> None:
    texts = ["a" * n for n in (1, 2, 3, 4, 40, 100)]
    assert [[len(t) for t in b] for b in nlp._batches(texts, 3, 50)] == [[1, 2, 3], [4, 40], [100]]
