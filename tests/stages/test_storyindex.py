"""The incremental story clusterer: joins, windows, index rebuild."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

from tidings.linking import doc_terms
from tidings.stages import storyindex
from tidings.stages.storyindex import Settings, StoryIndex

IDLIB = "Government warplanes struck a market in Maarat al-Numan in Idlib province, killing twelve civilians."
IDLIB_2 = (
    "An airstrike on a market in Maarat al-Numan, Idlib province, killed fifteen civilians, monitors said."
)
NAIROBI = (
    "Thousands of protesters marched through Nairobi to demand lower fuel taxes after petrol prices rose."
)
FILLER = [
    "The central bank raised interest rates to curb inflation in the eurozone economy.",
    "A football club signed a striker from Brazil for a record transfer fee.",
    "Scientists found water ice in craters near the lunar south pole.",
    "Farmers in Punjab protested against new rules on wheat procurement.",
]


def _doc(doc_id: str, text: str, day: int | None = None):
    title, _, body = text.partition(",")
    return storyindex.DocTerms(
        doc_id, Counter(storyindex.words(body)), Counter(storyindex.words(title)), day=day
    )


def test_reports_of_one_happening_join_and_others_open_stories() -> None:
    index = StoryIndex()
    placed = [index.add(_doc(f"f{i}", t)) for i, t in enumerate(FILLER)]
    a = index.add(_doc("a", IDLIB))
    b = index.add(_doc("b", IDLIB_2))
    c = index.add(_doc("c", NAIROBI))
    assert all(p.new for p in placed)
    assert a.new and not b.new and b.story_id == "a" and 0.2 <= b.similarity < 1.0
    assert c.new and c.story_id == "c"
    assert index.stories["a"].size == 2


def test_a_clear_lead_joins_below_the_threshold_but_a_tie_does_not() -> None:
    index = StoryIndex()
    assert index.joins(0.22, 0.21)  # at the threshold the runner-up does not matter
    assert index.joins(0.16, 0.05)  # below it, a story far ahead of the others
    assert not index.joins(0.16, 0.12)  # ... but not one the runner-up nearly ties
    assert not index.joins(0.12, 0.0)  # and never under the lead threshold
    assert not index.joins(0.16, None)  # a lone candidate has nothing to lead
    strict = StoryIndex(Settings(lead_threshold=1.0))
    assert not strict.joins(0.16, 0.05)


def test_ranked_gives_the_best_story_and_the_runner_up() -> None:
    index = StoryIndex()
    for i, text in enumerate(FILLER):
        index.add(_doc(f"f{i}", text))
    index.add(_doc("a", IDLIB))
    index.add(_doc("n", "Rebels shelled an army checkpoint in Idlib province, wounding three soldiers."))
    vec = index.vector(_doc("q", IDLIB_2))
    story, sim, second = index.ranked(vec, None)
    assert story is not None and story.id == "a" and second is not None and sim > second >= 0.0
    alone = StoryIndex()
    alone.add(_doc("a", IDLIB))
    assert alone.ranked(vec, None)[2] is None


def test_a_story_closes_after_its_time_window() -> None:
    index = StoryIndex(Settings(window_days=3))
    index.add(_doc("a", IDLIB, day=100))
    late = index.add(_doc("b", IDLIB, day=110))  # the same words ten days later: a new story
    assert late.new
    near = index.add(_doc("c", IDLIB, day=112))
    assert near.story_id == "b"


def test_undated_documents_use_arrival_order_as_the_window() -> None:
    index = StoryIndex(Settings(window_docs=3))
    index.add(_doc("a", IDLIB))
    for i, text in enumerate(FILLER):
        index.add(_doc(f"f{i}", text))
    assert index.add(_doc("b", IDLIB)).new  # four documents later: story "a" is closed


def test_only_documents_sharing_a_telling_term_are_compared() -> None:
    index = StoryIndex()
    index.add(_doc("a", IDLIB))
    vec = index.vector(_doc("x", "Nothing here is shared with the other text at all, friends."))
    assert index.candidates(vec, None) == []
    assert [s.id for s in index.candidates(index.vector(_doc("y", IDLIB_2)), None)] == ["a"]


def test_restoring_placements_rebuilds_the_same_state() -> None:
    docs = [_doc(f"f{i}", t) for i, t in enumerate(FILLER)] + [_doc("a", IDLIB), _doc("c", NAIROBI)]
    live = StoryIndex()
    placements = [live.add(d) for d in docs]
    rebuilt = StoryIndex()
    for d, p in zip(docs, placements, strict=True):
        rebuilt.restore(storyindex.decode(d.doc_id, storyindex.encode(d)), p.story_id)
    nxt = _doc("b", IDLIB_2)
    assert rebuilt.add(nxt) == live.add(nxt)


def test_doc_terms_reads_title_lead_and_entities() -> None:
    terms = doc_terms(
        "d", "Strike in Idlib", "Strike in Idlib\n\nWarplanes hit Idlib.", actors=["SYR-MIL"],
        places=["Idlib"], published="2024-03-04T10:00:00",
    )  # fmt: skip
    assert terms.title == Counter({"strike": 1, "idlib": 1})
    assert terms.words == Counter({"warplanes": 1, "hit": 1, "idlib": 1})
    assert terms.entities == frozenset({"actor:SYR-MIL", "place:idlib"})
    assert terms.day == 19786


def _unit(*values: float) -> np.ndarray:
    v = np.zeros(8, dtype=np.float32)
    v[: len(values)] = values
    return v / np.linalg.norm(v)


def test_text_embeddings_join_reports_that_share_few_words() -> None:
    # two reports of one protest worded apart: they share one telling word,
    # which makes them candidates, but their terms alone do not join them
    first = "Kenyan police fired tear gas at fuel protesters in Nairobi, on Tuesday evening."
    second = "Officers used teargas to disperse demonstrators angry over petrol prices, in Nairobi."
    for embedded in (False, True):
        index = StoryIndex()
        for i, text in enumerate(FILLER):
            index.add(replace(_doc(f"f{i}", text), embedding=_unit(0.0, 0.0, 1.0, i) if embedded else None))
        index.add(replace(_doc("a", first), embedding=_unit(1.0, 0.1) if embedded else None))
        b = index.add(replace(_doc("b", second), embedding=_unit(0.95, 0.2) if embedded else None))
        assert b.new is not embedded, embedded
    # unrelated embeddings keep apart reports whose terms alone would join them
    index = StoryIndex()
    index.add(replace(_doc("a", IDLIB), embedding=_unit(1.0)))
    plain = StoryIndex()
    plain.add(_doc("a", IDLIB))
    assert not plain.add(_doc("b", IDLIB_2)).new
    assert index.add(replace(_doc("b", IDLIB_2), embedding=_unit(0.0, 1.0))).new


def test_similarity_blends_term_and_embedding_cosines() -> None:
    index = StoryIndex(Settings(embedding_weight=0.5, embedding_shift=0.4))
    index.add(replace(_doc("a", IDLIB), embedding=_unit(1.0)))
    doc = replace(_doc("b", IDLIB_2), embedding=_unit(1.0, 1.0))
    vec = index.vector(doc)
    story = index.stories["a"]
    terms_only = index.similarity(vec, None, story)
    dense = float(_unit(1.0, 1.0) @ _unit(1.0))
    assert index.similarity(vec, doc.embedding, story) == pytest.approx(
        0.5 * terms_only + 0.5 * (dense - 0.4)
    )


def test_embeddings_survive_encoding_and_rebuild_the_same_state() -> None:
    docs = [replace(_doc(f"f{i}", t), embedding=_unit(0.0, 1.0, i)) for i, t in enumerate(FILLER)]
    docs += [replace(_doc("a", IDLIB), embedding=_unit(1.0)), _doc("c", NAIROBI)]
    for d in docs:
        back = storyindex.decode(d.doc_id, storyindex.encode(d))
        assert (back.embedding is None) == (d.embedding is None)
        if d.embedding is not None:
            assert back.embedding is not None and np.array_equal(back.embedding, d.embedding)
    live = StoryIndex()
    placements = [live.add(d) for d in docs]
    rebuilt = StoryIndex()
    for d, p in zip(docs, placements, strict=True):
        rebuilt.restore(storyindex.decode(d.doc_id, storyindex.encode(d)), p.story_id)
    nxt = replace(_doc("b", IDLIB_2), embedding=_unit(1.0, 0.2))
    assert rebuilt.add(nxt) == live.add(nxt)


def test_the_join_model_decides_when_both_sides_have_embeddings() -> None:
    from tidings.stages.storyjoin import JoinModel

    def run(model: JoinModel | None, embedded: bool):
        index = StoryIndex(Settings(join_model=model is not None), model=model)
        for i, text in enumerate(FILLER):
            index.add(replace(_doc(f"f{i}", text), embedding=_unit(0.0, 0.0, 1.0, i) if embedded else None))
        index.add(replace(_doc("a", IDLIB), embedding=_unit(1.0) if embedded else None))
        placed = index.add(replace(_doc("b", IDLIB_2), embedding=_unit(1.0, 0.3) if embedded else None))
        return index, placed

    # the thresholds join these two reports (see above); a model that never joins keeps them apart
    never = JoinModel((0.0, 0.0, 0.0, 0.0, 0.0), -10.0)
    index, placed = run(None, True)
    assert not placed.new and index.last_choice is not None and index.last_choice.probability is None
    index, placed = run(never, True)
    choice = index.last_choice
    assert placed.new and choice is not None and choice.story is not None and choice.story.id == "a"
    assert choice.probability is not None and choice.probability < 0.5 and not choice.joins
    # without embeddings the model cannot decide: the thresholds do
    index, placed = run(never, False)
    assert not placed.new and index.last_choice is not None and index.last_choice.features is None
    # nor can it for a lone candidate, which has no lead over a runner-up
    alone = StoryIndex(model=never)
    alone.add(replace(_doc("a", IDLIB), embedding=_unit(1.0)))
    assert not alone.add(replace(_doc("b", IDLIB_2), embedding=_unit(1.0, 0.3))).new
    assert alone.last_choice is not None and alone.last_choice.probability is None
    # the features are the ones the model documents
    assert choice.features is not None
    terms, mean, best, log_size, lead = choice.features
    cosine = float(_unit(1.0, 0.3) @ _unit(1.0))
    assert mean == pytest.approx(cosine) and best == pytest.approx(cosine) and log_size == 0.0
    assert 0.0 < terms < 1.0 and lead > 0.0


def test_a_story_near_by_embedding_is_a_candidate_without_shared_terms() -> None:
    football = "A football club signed a striker from Brazil, for a record fee."
    doc = replace(_doc("q", football), embedding=_unit(0.9, 0.1))
    for nearest in (3, 0):
        index = StoryIndex(Settings(embedding_candidates=nearest, join_model=False))
        index.add(replace(_doc("a", IDLIB), embedding=_unit(1.0)))
        index.add(replace(_doc("n", NAIROBI), embedding=_unit(0.0, 1.0)))
        vec = index.vector(doc)
        assert index.candidates(vec, None) == []  # no telling word in common
        story, _, second = index.ranked(vec, None, doc.embedding)
        if nearest:
            assert story is not None and story.id == "a" and second is not None  # Nairobi: runner-up
        else:
            assert story is None


def test_the_dense_index_reuses_the_rows_of_closed_stories() -> None:
    dense = storyindex._DenseIndex()
    for i in range(70):  # past the first allocation of 64 rows
        dense.put(f"s{i}", _unit(1.0, i / 70))
    assert dense.nearest(_unit(1.0), 3) == ["s0", "s1", "s2"]
    dense.remove("s0")
    assert dense.nearest(_unit(1.0), 2) == ["s1", "s2"]
    dense.put("t", _unit(1.0))
    assert dense.rows["t"] == 0 and dense.nearest(_unit(1.0), 1) == ["t"]
    dense.put("t", _unit(0.0, 1.0))  # a story's mean moves when it grows
    assert dense.nearest(_unit(0.0, 1.0), 1) == ["t"]
    assert dense.nearest(np.ones(3, dtype=np.float32), 2) == []  # another width: nothing to compare


def test_closing_a_story_frees_its_embeddings() -> None:
    index = StoryIndex(Settings(window_docs=2, join_model=False))
    index.add(replace(_doc("a", IDLIB), embedding=_unit(1.0)))
    for i, text in enumerate(FILLER):
        index.add(replace(_doc(f"f{i}", text), embedding=_unit(0.0, 1.0, i)))
    index._sweep()
    story = index.stories["a"]
    assert story.members == [] and story.embedded is None and "a" not in index.dense.rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Employers added 850,000 jobs", ["employers", "added", "jobs", "850000"]),
        ("unemployment at 5.9%, down from 14.7% in 2020.", ["unemployment", "5.9%", "14.7%", "2020"]),
        ("48 hostages and 3 soldiers", ["hostages", "soldiers"]),  # short counts: too many stories share them
        ("Biden's and Biden’s staff, the rebels' base", ["biden", "biden", "staff", "rebels", "base"]),
        ("a $1.9 trillion bill; v1.2 of COVID-19", ["trillion", "bill", "v1", "covid-19", "1.9"]),
    ],
)
def test_words_keep_telling_numbers(text: str, expected: list[str]) -> None:
    assert storyindex.words(text) == expected


def test_a_recurring_report_is_told_apart_by_its_figures() -> None:
    """Two weekly jobless-claims reports share every word but the figures."""
    index = StoryIndex()
    for i, t in enumerate(FILLER):
        index.add(_doc(f"f{i}", t))

    def vector(title: str, body: str) -> dict[str, float]:
        words = storyindex.words
        return index.vector(storyindex.DocTerms("d", Counter(words(body)), Counter(words(title))))

    march = vector("Jobless claims rise", "6,648,000 Americans filed for unemployment last week")
    april = vector("Jobless claims fall", "4,427,000 Americans filed for unemployment last week")
    again = vector("Weekly jobless claims", "6,648,000 filed for unemployment as layoffs spread")

    def cosine(vec: dict[str, float]) -> float:
        return sum(v * again.get(t, 0.0) for t, v in vec.items())

    assert cosine(march) > cosine(april) + 0.05  # the words alone tie them
