"""The resolve stage: who, where, when, how many, says who.

One spaCy parse of the stored text feeds every resolver; each returns
records with offsets into ``Article.text``. Order matters: contact details
first (their spans are closed to dates, places and counts), then actors
(their countries disambiguate places), then places, dates, quantities,
quotations (speakers resolved through actor mentions) and finally who
asserts each sentence. Pages not in English are left as they are, with a
note.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from tidings.records import Actor, Article, Mention
from tidings.stages import actors as actors_stage
from tidings.stages import assertions, dates, indicators, nlp, places, quantities, quotes
from tidings.stages.actordict import load_dictionary

VERSION = "+".join(
    [
        "1",
        f"nlp{nlp.VERSION}",
        f"actors{actors_stage.VERSION}",
        f"places{places.VERSION}",
        f"dates{dates.VERSION}",
        f"quantities{quantities.VERSION}",
        f"quotes{quotes.VERSION}",
        f"assertions{assertions.VERSION}",
        f"indicators{indicators.VERSION}",
    ]
)


def publication_date(published: str | None) -> date | None:
    """The date part of an ISO date or datetime string, or None."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def document_countries(actors: Sequence[Actor], mentions: Sequence[Mention]) -> list[str]:
    """ISO3 codes of the countries the document's actors belong to, most mentioned first."""
    by_id = {a.id: a for a in actors}
    counts: Counter[str] = Counter()
    for m in mentions:
        actor = by_id.get(m.actor)
        if actor and actor.country and len(actor.country) == 3 and actor.country.isupper():
            counts[actor.country] += 1
    return [code for code, _ in counts.most_common()]


def text_to_parse(article: Article) -> str | None:
    """The text :func:`resolve` parses for ``article``; None when it parses none
    (a page not in English). Lets a caller parse many articles' texts together
    ahead of the stage (``nlp.preparse``)."""
    return article.text if article.language in (None, "en") else None


def resolve(
    article: Article, *, model: str = nlp.DEFAULT_MODEL, dictionaries: tuple[str, ...] = ()
) -> Article:
    """Return ``article`` with sentences, actors, places, dates, quantities,
    quotations, assertions and contact indicators filled in."""
    versions = (*article.versions, ("resolve", VERSION))
    text = text_to_parse(article)
    if text is None:
        return replace(article, versions=versions)
    doc = nlp.parse(text, model)
    sentences = nlp.sentences(doc, article.segments)
    found_indicators = indicators.find_indicators(text)
    blocked = [(i.start, i.end) for i in found_indicators]
    found_actors, mentions = actors_stage.resolve_actors(doc, dictionary=load_dictionary(dictionaries))
    countries = document_countries(found_actors, mentions)
    found_quotes = quotes.find_quotes(doc, mentions)
    return replace(
        article,
        versions=versions,
        sentences=tuple(sentences),
        actors=tuple(found_actors),
        mentions=tuple(mentions),
        places=tuple(places.find_places(doc, countries=countries, blocked=blocked)),
        dates=tuple(dates.find_dates(doc, publication_date(article.published), blocked=blocked)),
        quantities=tuple(quantities.find_quantities(doc, blocked=blocked)),
        quotes=tuple(found_quotes),
        assertions=tuple(assertions.assert_sentences(doc, sentences, found_quotes, mentions)),
        indicators=tuple(found_indicators),
    )
