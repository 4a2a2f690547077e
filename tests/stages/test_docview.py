"""Per-document values read once: the same as spaCy's own attributes."""

from __future__ import annotations

import gc

from tidings.stages import docview, nlp

TEXT = (
    "Rebels   seized the town on Friday.\n\nOfficials said: \u201cWe will respond.\u201d  Café owners fled."
)


def test_text_and_token_starts_equal_spacys_own(seed_pages) -> None:
    model = nlp.load()
    for text in [TEXT, "", "   ", *seed_pages[:1]]:
        doc = model(text)
        assert docview.text(doc) == doc.text == text
        assert list(docview.token_starts(doc)) == [t.idx for t in doc]


def test_parse_records_the_text_and_each_doc_keeps_its_own() -> None:
    a = nlp.parse(TEXT)
    b = nlp.load()("Another text, parsed elsewhere.")
    assert docview._TEXT.get(a) == TEXT  # recorded by parse, never joined from tokens
    assert docview.text(b) == "Another text, parsed elsewhere."
    assert docview.token_starts(a) != docview.token_starts(b)


def test_values_go_with_their_document() -> None:
    doc = nlp.load()("A short text that is dropped.")
    docview.token_starts(doc)
    docview.text(doc)
    before = len(docview._STARTS)
    del doc
    gc.collect()
    assert len(docview._STARTS) == before - 1
