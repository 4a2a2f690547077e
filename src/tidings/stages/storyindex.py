"""Incremental story clustering: each new document joins a story or opens one.

A one-pass clusterer of the kind used in topic detection and tracking: a
document is a weighted term vector (TF-IDF with document frequencies counted
as the stream goes, so no corpus is needed in advance) plus the resolved
actors and places it names; a story keeps the sum of its documents' vectors,
and a document's similarity to a story is its mean cosine to the story's
documents (the dot product with that sum over their number), blended with
the mean cosine of its text embedding to theirs when an encoder gave one
(see ``Settings``). A new document is compared only with the stories
that share one of its most telling terms (an inverted index), plus, with
embeddings, the few whose mean embedding is nearest, and that are still
open: last seen within ``window_days`` of the document's date, or, for
undated streams, within the last ``window_docs`` documents. Cost per document
is therefore bounded by the postings it touches and the open stories, not by
the number of stories seen. Whether the document joins its most similar
story is decided by a logistic model (:mod:`tidings.stages.storyjoin`) when
both have embeddings and another story is a candidate too, else by
thresholds on the similarity.

Pure: no files, no database; :mod:`tidings.linking` feeds it and stores what
it decides.
"""

from __future__ import annotations

import base64
import json
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from tidings.stages import storyjoin

VERSION = "stories/6"  # 6: embeddings by MiniLM with the news layers (minilm.NEWS_LAYERS)

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
#: A number as written (``850,000``, ``14.7%``, ``2020``).
_NUMBER = re.compile(r"(?<![\w.,])\d[\d,.]*\d%?|(?<![\w.,])\d%?")
#: Words that say nothing about which story a text is (function words and
#: the verbs of reporting, which every news story uses).
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told according reported report reports new
    one two three year years week weeks day days monday tuesday wednesday thursday friday saturday
    sunday mr mrs ms people time first last get got may might must like many much made make us news
    """.split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class DocTerms:
    """What the clusterer knows of a document.

    ``words`` and ``title`` are word counts of the lead text and title;
    ``entities`` are resolved actor and place keys (e.g. ``actor:IRNMIL``,
    ``place:Damascus``); ``day`` is the publication day (days since
    1970-01-01) when known; ``embedding`` the unit-length text embedding of
    title and lead, when an encoder made one (else terms alone compare).
    """

    doc_id: str
    words: Counter[str]
    title: Counter[str]
    entities: frozenset[str] = frozenset()
    day: int | None = None
    embedding: np.ndarray | None = field(default=None, compare=False)


def encode(doc: DocTerms) -> bytes:
    """``doc`` as compact bytes (what the store keeps to rebuild the index)."""
    data: dict[str, object] = {"w": doc.words, "t": doc.title, "e": sorted(doc.entities), "d": doc.day}
    if doc.embedding is not None:
        data["m"] = base64.b64encode(np.asarray(doc.embedding, dtype="<f4").tobytes()).decode("ascii")
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def decode(doc_id: str, blob: bytes) -> DocTerms:
    data = json.loads(zlib.decompress(blob))
    emb = np.frombuffer(base64.b64decode(data["m"]), dtype="<f4").astype(np.float32) if "m" in data else None
    return DocTerms(doc_id, Counter(data["w"]), Counter(data["t"]), frozenset(data["e"]), data["d"], emb)


def _word(token: str) -> str:
    """A word as a term: lower case, without a possessive ending ("Biden's",
    "Biden’s" and "Biden" are one term)."""
    word = token.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


def words(text: str) -> list[str]:
    """Lower-cased content words of ``text`` (no stopwords, no possessive
    endings), then its telling numbers: those of three or more characters
    without thousands separators, or percentages (``850000``, ``14.7%``;
    not ``3`` or ``48``, which too many stories share). A figure tells apart
    the stories that recur with the same words: a month's jobs report, a new
    death toll."""
    out = [w for w in (_word(m.group(0)) for m in _WORD.finditer(text)) if w not in STOPWORDS and len(w) > 1]
    for m in _NUMBER.finditer(text):
        number = m.group(0).replace(",", "")
        if len(number) >= 3 or number.endswith("%"):
            out.append(number)
    return out


@dataclass(frozen=True, slots=True)
class Settings:
    """Tuning of the clusterer (defaults measured on the AllSides dev set).

    ``threshold``: least mean cosine between a document and a story's
    documents for it to join; ``lead_threshold`` and ``lead_margin``: a
    document also joins its most similar story at a lower cosine when it
    leads every other candidate (there must be one) by ``lead_margin`` (a
    report that is clearly closer to one story than to any other is a
    follow-up of it);
    ``title_weight`` and ``entity_weight`` scale title words and resolved
    entities against body words; ``lookup_terms``: how many of a
    document's heaviest terms find its candidate stories; ``story_terms``:
    how many of a story's terms index it; ``embedding_weight`` and
    ``embedding_shift``: with text embeddings, the similarity is
    ``(1 - weight) * term cosine + weight * (embedding cosine - shift)``
    (the shift puts the embeddings' cosines, high even between unrelated
    news, on the term cosines' scale, so one threshold serves both);
    ``embedding_candidates``: how many open stories nearest by mean
    embedding join the candidates the terms found; ``join_model``: whether
    the logistic model decides the joins it can (both sides embedded),
    the thresholds deciding the rest; ``member_embeddings``: how many of a
    story's latest embeddings its highest cosine is taken over.
    """

    threshold: float = 0.22
    lead_threshold: float = 0.15
    lead_margin: float = 0.08
    title_weight: float = 2.0
    entity_weight: float = 0.75
    lookup_terms: int = 12
    story_terms: int = 40
    max_df: float = 0.05
    window_days: int = 14
    window_docs: int = 500
    max_postings: int = 500
    max_candidates: int = 20
    embedding_weight: float = 0.5
    embedding_shift: float = 0.41
    embedding_candidates: int = 3
    join_model: bool = True
    member_embeddings: int = 64


@dataclass(slots=True)
class Story:
    """A story as the clusterer holds it: the sum of its documents' vectors,
    their number, its last day and arrival, and the terms that index it."""

    id: str
    total: dict[str, float] = field(default_factory=dict)
    size: int = 0
    last_day: int | None = None
    last_seq: int = 0
    indexed: set[str] = field(default_factory=set)
    embedded: np.ndarray | None = None  # sum of the members' embeddings
    embedded_n: int = 0
    members: list[np.ndarray] = field(default_factory=list)  # the latest embeddings


@dataclass(frozen=True, slots=True)
class Choice:
    """The decision on a document: the most similar open story (None when
    no story is a candidate), the blended similarity to it, whether the
    document joins it; the join model's features when it could decide (both
    sides embedded, a runner-up), and its probability when it did."""

    story: Story | None
    similarity: float
    joins: bool
    features: tuple[float, ...] | None = None
    probability: float | None = None


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a document went: its story, its cosine to that story (1.0 for
    the first document of a new story), whether the story is new, and the
    join model's probability when it decided (else None)."""

    doc_id: str
    story_id: str
    similarity: float
    new: bool
    seq: int
    probability: float | None = None


class StoryIndex:
    """The clusterer's state. ``add`` places one document; ``stories`` holds
    the open and closed stories (closed ones are no longer candidates)."""

    def __init__(self, settings: Settings | None = None, model: storyjoin.JoinModel | None = None) -> None:
        self.settings = settings or Settings()
        self.model = model if model is not None or not self.settings.join_model else storyjoin.load()
        self.df: Counter[str] = Counter()
        self.docs = 0
        self.stories: dict[str, Story] = {}
        self.postings: dict[str, set[str]] = {}
        self.latest_day: int | None = None
        self.dense = _DenseIndex()
        self.last_choice: Choice | None = None

    # -- vectors -------------------------------------------------------------

    def vector(self, doc: DocTerms) -> dict[str, float]:
        """The document's TF-IDF vector (unit length) under the current counts."""
        s = self.settings
        raw: dict[str, float] = dict(doc.words)
        for w, n in doc.title.items():
            raw[w] = raw.get(w, 0.0) + s.title_weight * n
        n_docs = self.docs + 1
        vec: dict[str, float] = {}
        for term, tf in raw.items():
            idf = math.log((n_docs + 1) / (self.df.get(term, 0) + 1)) + 1.0
            vec[term] = (1.0 + math.log(tf)) * idf
        for ent in doc.entities:
            idf = math.log((n_docs + 1) / (self.df.get(ent, 0) + 1)) + 1.0
            vec[ent] = s.entity_weight * idf
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    # -- placing ---------------------------------------------------------------

    def _open(self, story: Story, day: int | None) -> bool:
        s = self.settings
        if day is not None and story.last_day is not None:
            return abs(day - story.last_day) <= s.window_days
        return self.docs - story.last_seq <= s.window_docs

    def candidates(self, vec: dict[str, float], day: int | None) -> list[Story]:
        """The open stories worth comparing with ``vec``: those indexed under
        its heaviest telling terms, best ``max_candidates`` by the weight of
        the terms they share (a term naming too many stories is skipped)."""
        s = self.settings
        limit = max(20.0, s.max_df * self.docs)
        keys = [t for t in sorted(vec, key=vec.__getitem__, reverse=True) if self.df.get(t, 0) <= limit]
        shared: dict[str, float] = {}
        for term in keys[: s.lookup_terms]:
            ids = self.postings.get(term, ())
            if len(ids) > s.max_postings:
                continue
            for sid in ids:
                shared[sid] = shared.get(sid, 0.0) + vec[term]
        out: list[Story] = []
        for sid in sorted(shared, key=lambda k: (-shared[k], k)):
            story = self.stories[sid]
            if self._open(story, day):
                out.append(story)
                if len(out) >= s.max_candidates:
                    break
            elif day is None or (story.last_day is not None and day > story.last_day):
                self._close(story)
        return out

    def _close(self, story: Story) -> None:
        for term in story.indexed:
            ids = self.postings.get(term)
            if ids is not None:
                ids.discard(story.id)
                if not ids:
                    del self.postings[term]
        story.indexed = set()
        story.total = {}
        story.embedded = None
        story.members = []
        self.dense.remove(story.id)

    def _sweep(self) -> None:
        """Close the stories no later document can join (frees their memory)."""
        for story in self.stories.values():
            if story.indexed and not self._open(story, self.latest_day):
                self._close(story)

    def nearest(self, emb: np.ndarray, day: int | None, exclude: set[str]) -> list[Story]:
        """The ``embedding_candidates`` open stories whose mean embedding is
        nearest to ``emb``, other than those in ``exclude``."""
        want = self.settings.embedding_candidates
        out: list[Story] = []
        if want <= 0:
            return out
        for sid in self.dense.nearest(emb, want + len(exclude) + 8):
            story = self.stories[sid]
            if sid not in exclude and self._open(story, day):
                out.append(story)
                if len(out) >= want:
                    break
        return out

    @staticmethod
    def term_similarity(vec: dict[str, float], story: Story) -> float:
        """Mean cosine of a term vector to a story's members."""
        total = story.total
        # documents are unit vectors: the mean cosine to the members is
        # the dot product with their sum over their number
        return sum(v * total.get(t, 0.0) for t, v in vec.items()) / story.size

    @staticmethod
    def embedding_similarity(emb: np.ndarray, story: Story) -> float:
        """Mean cosine of a text embedding to those of a story's members
        (the story must have some)."""
        assert story.embedded is not None
        return float(emb @ story.embedded) / story.embedded_n

    def similarity(self, vec: dict[str, float], emb: np.ndarray | None, story: Story) -> float:
        """Mean cosine of a document to a story's members: of the term
        vectors, blended with that of the text embeddings when both have one."""
        sim = self.term_similarity(vec, story)
        if emb is None or story.embedded is None:
            return sim
        s = self.settings
        dense = self.embedding_similarity(emb, story)
        return (1.0 - s.embedding_weight) * sim + s.embedding_weight * (dense - s.embedding_shift)

    def features(
        self, vec: dict[str, float], emb: np.ndarray, story: Story, sim: float, second: float
    ) -> tuple[float, ...]:
        """The join model's features (:data:`storyjoin.FEATURES`) of a
        document and the story it is most similar to (at ``sim``; the
        runner-up at ``second``). The story must have embeddings."""
        assert story.members
        cosines = np.stack(story.members) @ emb
        return (
            self.term_similarity(vec, story),
            self.embedding_similarity(emb, story),
            float(cosines.max()),
            math.log(story.size),
            sim - second,
        )

    def ranked(
        self, vec: dict[str, float], day: int | None, emb: np.ndarray | None = None
    ) -> tuple[Story | None, float, float | None]:
        """The open story most similar to ``vec`` (and ``emb``), the
        similarity to it, and to the runner-up (None when no other story is
        a candidate)."""
        best: Story | None = None
        best_sim = 0.0
        second: float | None = None
        stories = self.candidates(vec, day)
        if emb is not None:
            stories += self.nearest(emb, day, {s.id for s in stories})
        for story in stories:
            sim = self.similarity(vec, emb, story)
            if best is None or sim > best_sim or (sim == best_sim and story.id < best.id):
                if best is not None:
                    second = best_sim if second is None else max(second, best_sim)
                best, best_sim = story, sim
            else:
                second = sim if second is None else max(second, sim)
        return best, best_sim, second

    def joins(self, sim: float, second: float | None) -> bool:
        """Whether a document whose best story is at cosine ``sim`` (and the
        runner-up at ``second``) joins that story. A lead needs a runner-up:
        a lone candidate must reach the threshold."""
        s = self.settings
        if sim >= s.threshold:
            return True
        return second is not None and sim >= s.lead_threshold and sim - second >= s.lead_margin

    def choose(self, vec: dict[str, float], doc: DocTerms) -> Choice:
        """Whether the document (term vector ``vec``) joins its most similar
        open story: the join model decides when both have embeddings and
        another story is a candidate too (the model learnt from such
        decisions: a lone candidate has no lead to measure), else the
        thresholds (:meth:`joins`)."""
        emb = doc.embedding
        story, sim, second = self.ranked(vec, doc.day, emb)
        if story is None:
            return Choice(None, 0.0, False)
        if emb is None or not story.members or second is None:
            return Choice(story, sim, self.joins(sim, second))
        features = self.features(vec, emb, story, sim, second)
        if self.model is None:  # the features still tell what the model would have seen
            return Choice(story, sim, self.joins(sim, second), features)
        p = self.model.probability(features)
        return Choice(story, sim, p >= self.model.threshold, features, p)

    def add(self, doc: DocTerms, new_id: str | None = None) -> Placement:
        """Place ``doc``: join the most similar open story if it is similar
        enough, else open a story with id ``new_id`` (default: the doc id).
        The decision is kept in ``last_choice``."""
        vec = self.vector(doc)
        choice = self.last_choice = self.choose(vec, doc)
        story, sim = choice.story, choice.similarity
        self._count(vec)
        if story is None or not choice.joins:
            story = self.stories[new_id or doc.doc_id] = Story(id=new_id or doc.doc_id)
            placement_new, sim = True, 1.0
        else:
            placement_new = False
        self._join(story, vec, doc.day, doc.embedding)
        p = None if choice.probability is None else round(choice.probability, 4)
        return Placement(doc.doc_id, story.id, round(sim, 4), placement_new, self.docs, p)

    def _count(self, vec: dict[str, float]) -> None:
        """Count a document (its terms' document frequencies) once placed."""
        self.docs += 1
        for term in vec:
            self.df[term] += 1

    def _join(self, story: Story, vec: dict[str, float], day: int | None, emb: np.ndarray | None) -> None:
        total = story.total
        for t, v in vec.items():
            total[t] = total.get(t, 0.0) + v
        story.size += 1
        if emb is not None:
            story.embedded = emb.astype(np.float32) if story.embedded is None else story.embedded + emb
            story.embedded_n += 1
            story.members.append(emb)
            if len(story.members) > self.settings.member_embeddings:
                del story.members[0]
            self.dense.put(story.id, story.embedded / story.embedded_n)
        story.last_seq = self.docs
        if day is not None and (self.latest_day is None or day > self.latest_day):
            self.latest_day = day
        if self.docs % 1000 == 0:
            self._sweep()
        if day is not None:
            story.last_day = day if story.last_day is None else max(story.last_day, day)
        top = sorted(total, key=total.__getitem__, reverse=True)[: self.settings.story_terms]
        for term in top:
            if term not in story.indexed:
                story.indexed.add(term)
                self.postings.setdefault(term, set()).add(story.id)

    def restore(self, doc: DocTerms, story_id: str) -> None:
        """Replay a placement made earlier (rebuilding the index from the store)."""
        vec = self.vector(doc)
        self._count(vec)
        story = self.stories.get(story_id)
        if story is None:
            story = self.stories[story_id] = Story(id=story_id)
        self._join(story, vec, doc.day, doc.embedding)


class _DenseIndex:
    """The mean embedding of each open story, as rows of one matrix, so the
    nearest stories to a document are one matrix product away."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        self.ids: list[str | None] = []
        self.free: list[int] = []
        self.matrix = np.zeros((0, 0), dtype=np.float32)

    def put(self, story_id: str, mean: np.ndarray) -> None:
        row = self.rows.get(story_id)
        if row is None:
            if self.matrix.shape[1] != mean.shape[0]:
                if self.rows:
                    return  # another encoder's width: terms and the other candidates serve
                self.matrix = np.zeros((64, mean.shape[0]), dtype=np.float32)
                self.ids, self.free = [], []
            if self.free:
                row = self.free.pop()
            else:
                row = len(self.ids)
                if row >= len(self.matrix):
                    grown = np.zeros((2 * len(self.matrix), self.matrix.shape[1]), dtype=np.float32)
                    grown[: len(self.matrix)] = self.matrix
                    self.matrix = grown
                self.ids.append(None)
            self.rows[story_id] = row
            self.ids[row] = story_id
        self.matrix[row] = mean

    def remove(self, story_id: str) -> None:
        row = self.rows.pop(story_id, None)
        if row is not None:
            self.ids[row] = None
            self.matrix[row] = 0.0
            self.free.append(row)

    def nearest(self, emb: np.ndarray, k: int) -> list[str]:
        """Up to ``k`` story ids by descending cosine of their mean embedding."""
        used = len(self.ids)
        if not self.rows or k <= 0 or emb.shape[0] != self.matrix.shape[1]:
            return []
        scores = self.matrix[:used] @ emb
        top = np.argpartition(-scores, k - 1)[:k] if used > k else np.arange(used)
        top = top[np.argsort(-scores[top], kind="stable")]
        return [sid for sid in (self.ids[i] for i in top) if sid is not None]
