#!/usr/bin/env python3
"""Generate the sample inputs bundled in ``samples/``.

Every sample page is built from an original, fictional article kept in
``scripts/sample_sources/NN-*.md`` (YAML front matter + paragraphs) and the site chrome
of its fictional outlet in ``scripts/sample_sources/outlets.yaml``.  One page set per
input format::

    samples/html/<slug>.html       full news-article HTML page
    samples/html/<slug>.html.gz    a second article, gzipped
    samples/warc/news.warc.gz      warcinfo + request + 3 HTTP responses
    samples/wet/news.warc.wet.gz   warcinfo + 2 WET ``conversion`` records
    samples/text/<slug>.txt        WET-style plain text with an Analysis section
    samples/jsonl/feed.jsonl       3 pages, one JSON object per line

The ``container`` field of each article says which of these it goes into.
Output is byte-for-byte reproducible: fixed WARC dates, record ids derived
with uuid5 from the URL, gzip mtime 0, articles taken in file-name order.

Usage::

    .venv/bin/python scripts/make_samples.py            # (re)write samples/
    .venv/bin/python scripts/make_samples.py --check    # verify samples/ is up to date
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import html
import io
import json
import re
import sys
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SRC = Path(__file__).resolve().parent / "sample_sources"

#: Generated files, relative to the output directory (``--check`` compares these).
WARC_NAME = "warc/news.warc.gz"
WET_NAME = "wet/news.warc.wet.gz"
JSONL_NAME = "jsonl/feed.jsonl"

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

CRAWLER_UA = "tidings-sample-crawler/1.0 (+https://tidings.example/samples)"


# --------------------------------------------------------------------------
# Loading the article texts
# --------------------------------------------------------------------------


@dataclass
class Story:
    """One article, as read from ``scripts/sample_sources/NN-*.md``."""

    name: str  # source file stem, fixes the order
    outlet: str
    container: str  # html | html.gz | warc | wet | text | jsonl
    slug: str
    url: str
    title: str
    author: str
    published: str  # ISO 8601 date or date-time
    body: list[str]
    analysis: list[str] = field(default_factory=list)
    deck: str = ""
    modified: str = ""
    fetched: str = ""  # WARC-Date for warc/wet records
    section: str = "News"
    tags: list[str] = field(default_factory=list)
    image_caption: str = ""
    related: list[str] = field(default_factory=list)
    comments: list[dict[str, str]] = field(default_factory=list)
    syndicated_from: str = ""
    format: str = "html"  # payload kind inside JSONL: html | text

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    @property
    def base(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


def split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        raise ValueError("missing front matter")
    head, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(head), body


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, each joined onto one line."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def load_story(path: Path) -> Story:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    report, _, analysis = body.partition("\n## Analysis\n")
    return Story(name=path.stem, body=paragraphs(report), analysis=paragraphs(analysis), **meta)


def load_stories(src: Path = SRC) -> list[Story]:
    return [load_story(p) for p in sorted(src.glob("[0-9][0-9]-*.md"))]


def load_outlets(src: Path = SRC) -> dict[str, dict]:
    return yaml.safe_load((src / "outlets.yaml").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def esc(text: str) -> str:
    """Escape text content."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """Escape an attribute value."""
    return html.escape(text, quote=True)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def parse_when(value: str) -> datetime:
    """Parse an ISO date or date-time; a bare date becomes midnight UTC."""
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def long_date(value: str) -> str:
    d = parse_when(value)
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def weekday_date(value: str) -> str:
    d = parse_when(value)
    return f"{WEEKDAYS[d.weekday()]}, {long_date(value)}"


def clock(value: str) -> str:
    d = parse_when(value)
    return f"{(d.hour % 12) or 12}:{d.minute:02d} {'AM' if d.hour < 12 else 'PM'}"


def zone(value: str) -> str:
    offset = parse_when(value).utcoffset()
    hours = int(offset.total_seconds() // 3600) if offset else 0
    return "GMT" if hours == 0 else f"GMT{hours:+d}"


def http_date(value: str) -> str:
    return format_datetime(parse_when(value).astimezone(UTC), usegmt=True)


def warc_date(value: str) -> str:
    return parse_when(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_id(key: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}>"


def link(story: Story, title: str, section: str | None = None) -> str:
    """A plausible URL on the story's site for a headline (in ``section``, default the story's)."""
    return f"{story.base}/{slugify(section or story.section)}/{slugify(title)}"


def headline(item: str | dict) -> str:
    """A headline from an outlet's list (plain string or ``{title, teaser}``)."""
    return item["title"] if isinstance(item, dict) else item


def author_url(story: Story, name: str) -> str:
    return f"{story.base}/author/{slugify(name.split(',', maxsplit=1)[0])}/"


def json_ld(story: Story, outlet: dict) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.deck,
        "datePublished": story.published,
        "dateModified": story.modified or story.published,
        "author": [{"@type": "Person", "name": story.author.split(",")[0]}],
        "publisher": {"@type": "NewsMediaOrganization", "name": outlet["name"]},
        "mainEntityOfPage": story.url,
        "articleSection": story.section,
        "keywords": story.tags,
    }
    return json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")


def nav_items(outlet: dict, story: Story) -> str:
    return "\n".join(
        f'      <li><a href="{story.base}/{slugify(item) if item != "Home" else ""}">{esc(item)}</a></li>'
        for item in outlet["nav"]
    )


# --------------------------------------------------------------------------
# HTML templates (one per kind of site)
# --------------------------------------------------------------------------


def render_modern(story: Story, outlet: dict) -> str:
    """A current big-outlet page: semantic HTML5, JSON-LD, lots of widgets."""
    site = outlet["name"]
    image = f"https://img.{story.host.removeprefix('www.')}/2025/03/{story.slug}-1200x630.jpg"
    tags_meta = "\n".join(f'<meta property="article:tag" content="{attr(t)}">' for t in story.tags)
    body = []
    for i, para in enumerate(story.body):
        body.append(f"      <p>{esc(para)}</p>")
        if i == 2 and story.related:
            body.append(
                '      <aside class="inline-promo"><strong>READ MORE:</strong> '
                f'<a href="{attr(link(story, story.related[0]))}">{esc(story.related[0])}</a>'
                "</aside>"
            )
        if i == 5:
            body.append(
                '      <div class="ad-slot" data-ad-unit="mid_article_1"><span>Advertisement</span></div>'
            )
    if story.syndicated_from:
        body.append(
            f'      <p class="syndication-note"><em>This story was supplied by the '
            f"{esc(story.syndicated_from)} and has been edited for style by "
            f"{esc(site)}.</em></p>"
        )
    share = (
        '<a class="share-fb" href="#">Facebook</a> <a class="share-x" href="#">X</a> '
        '<a class="share-wa" href="#">WhatsApp</a> <a class="share-mail" href="#">Email</a> '
        '<button class="copy-link" type="button">Copy link</button>'
    )
    related = "\n".join(
        f'      <li><a href="{attr(link(story, t))}">{esc(t)}</a></li>' for t in story.related
    )
    most_read = "\n".join(
        f'      <li><a href="{attr(link(story, t, "news"))}">{esc(t)}</a></li>'
        for t in outlet.get("most_read", [])
    )
    comments = "\n".join(
        f"""      <li class="comment">
        <div class="comment-meta"><span class="comment-author">{esc(c["author"])}</span> \
<time class="comment-time">{esc(c["when"])}</time></div>
        <p class="comment-body">{esc(c["text"])}</p>
        <div class="comment-actions"><button type="button">Reply</button> \
<button type="button">Like</button></div>
      </li>"""
        for c in story.comments
    )
    updated = ""
    if story.modified and story.modified != story.published:
        updated = (
            f' <span class="updated">Updated <time datetime="{story.modified}">'
            f"{clock(story.modified)} {zone(story.modified)}</time></span>"
        )
    byline_names = story.author.split(",")[0]
    byline_rest = story.author[len(byline_names) :]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(story.title)} | {esc(site)}</title>
<meta name="description" content="{attr(story.deck)}">
<meta name="author" content="{attr(byline_names)}">
<link rel="canonical" href="{attr(story.url)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{attr(site)}">
<meta property="og:title" content="{attr(story.title)}">
<meta property="og:description" content="{attr(story.deck)}">
<meta property="og:url" content="{attr(story.url)}">
<meta property="og:image" content="{attr(image)}">
<meta property="article:published_time" content="{story.published}">
<meta property="article:modified_time" content="{story.modified or story.published}">
<meta property="article:section" content="{attr(story.section)}">
{tags_meta}
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="{attr(story.title)}">
<link rel="stylesheet" href="/static/css/main.4f2a9c1e.css">
<script type="application/ld+json">
{json_ld(story, outlet)}
</script>
<script async src="https://metrics.{story.host.removeprefix("www.")}/collect.js"></script>
</head>
<body class="page-article section-{slugify(story.section)}">
<a class="skip-link" href="#main-content">Skip to main content</a>
<header class="site-header">
  <a class="site-logo" href="{story.base}/" aria-label="{attr(site)} home">{esc(site)}</a>
  <nav class="main-nav" aria-label="Sections">
    <ul>
{nav_items(outlet, story)}
    </ul>
  </nav>
  <div class="account-links"><a href="{story.base}/subscribe">Subscribe</a> \
<a href="{story.base}/login">Sign in</a></div>
</header>
<div class="ticker" role="marquee"><a href="{story.base}/live">\
{esc(outlet.get("ticker", ""))}</a></div>
<main id="main-content">
  <article class="story">
    <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="{story.base}/world">World</a> \
&rsaquo; <a href="{story.base}/{slugify(story.section)}">{esc(story.section)}</a></nav>
    <header class="story-header">
      <h1 class="headline">{esc(story.title)}</h1>
      <p class="standfirst">{esc(story.deck)}</p>
      <div class="byline">By <a rel="author" href="{attr(author_url(story, byline_names))}">\
{esc(byline_names)}</a>{esc(byline_rest)}</div>
      <div class="timestamp"><time datetime="{story.published}">{long_date(story.published)} \
&middot; {clock(story.published)} {zone(story.published)}</time>{updated}</div>
      <div class="share-buttons share-top">Share: {share}</div>
    </header>
    <figure class="lead-media">
      <img src="{attr(image)}" alt="" width="1200" height="630" loading="eager">
      <figcaption>{esc(story.image_caption)}</figcaption>
    </figure>
    <div class="story-body">
{chr(10).join(body)}
    </div>
    <footer class="story-footer">
      <p class="topics">Topics: {
        " ".join(f'<a href="{attr(link(story, t))}">{esc(t)}</a>' for t in story.tags)
    }</p>
      <div class="share-buttons share-bottom">Share this article: {share}</div>
      <p class="standards"><a href="{story.base}/about/standards">Our Standards: \
The {esc(site.removeprefix("The "))} Editorial Principles.</a></p>
    </footer>
  </article>
  <section class="related-stories" aria-labelledby="related-h">
    <h2 id="related-h">Related stories</h2>
    <ul>
{related}
    </ul>
  </section>
  <section id="comments" class="comments" aria-labelledby="comments-h">
    <h2 id="comments-h">Comments ({len(story.comments)})</h2>
    <p class="community-note">Comments are moderated. Please read our \
<a href="{story.base}/community-guidelines">community guidelines</a> before posting.</p>
    <form class="comment-form" action="/comments" method="post">
      <label for="comment-text">Join the conversation</label>
      <textarea id="comment-text" name="text" placeholder="Write a comment…"></textarea>
      <button type="submit">Post comment</button>
    </form>
    <ol class="comment-list">
{comments}
    </ol>
  </section>
  <aside class="most-read" aria-labelledby="most-read-h">
    <h2 id="most-read-h">Most read</h2>
    <ol>
{most_read}
    </ol>
  </aside>
  <section class="newsletter">
    <h2>Newsletter</h2>
    <p>{esc(outlet.get("newsletter", ""))}</p>
    <form action="/newsletter" method="post"><input type="email" name="email" \
placeholder="Your email address"> <button type="submit">Sign up</button></form>
  </section>
</main>
<footer class="site-footer">
  <nav aria-label="Footer">
    <a href="{story.base}/about">About us</a> <a href="{story.base}/contact">Contact</a> \
<a href="{story.base}/advertise">Advertise</a> <a href="{story.base}/careers">Careers</a> \
<a href="{story.base}/privacy">Privacy policy</a> <a href="#cookie-settings">Cookie settings</a> \
<a href="{story.base}/terms">Terms of use</a>
  </nav>
  <p class="copyright">{esc(outlet["copyright"])}</p>
</footer>
<div id="cookie-consent" class="cookie-banner" role="dialog" aria-label="Cookie consent">
  <p>{esc(outlet["cookie"])} <a href="{story.base}/privacy">Privacy policy</a></p>
  <button type="button" class="accept-all">Accept all</button>
  <button type="button" class="manage">Manage preferences</button>
</div>
<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{"pageType":"article",\
"section":"{slugify(story.section)}"}});</script>
</body>
</html>
"""


def render_wordpress(story: Story, outlet: dict) -> str:
    """A WordPress news theme: div soup, sharing widget, comment form, sidebar."""
    site = outlet["name"]
    post_id = 40000 + int(story.name[:2]) * 731
    body = []
    for i, para in enumerate(story.body):
        body.append(f"<p>{esc(para)}</p>")
        if i == 3 and story.related:
            body.append(
                f'<p><strong>ALSO READ: <a href="{attr(link(story, story.related[0]))}">'
                f"{esc(story.related[0])}</a></strong></p>"
            )
    comments = "\n".join(
        f"""<li id="comment-{post_id + n}" class="comment even thread-even depth-1">
<article class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard">\
<b class="fn">{esc(c["author"])}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><time>{esc(c["when"])}</time></div></footer>
<div class="comment-content"><p>{esc(c["text"])}</p></div>
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#respond">Reply</a></div>
</article>
</li>"""
        for n, c in enumerate(story.comments, 1)
    )
    related = "\n".join(
        f'<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title">'
        f'<a href="{attr(link(story, t))}">{esc(t)}</a></h4>'
        f'<p class="jp-relatedposts-post-context">In &quot;{esc(story.section)}&quot;</p></div>'
        for t in story.related
    )

    def widget_list(items: list) -> str:
        return "\n".join(
            f'<li><a href="{attr(link(story, headline(i), "news"))}">{esc(headline(i))}</a></li>'
            for i in items
        )

    previous = headline(outlet["latest"][0])

    tag_links = ", ".join(
        f'<a href="{story.base}/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>' for t in story.tags
    )
    reading_minutes = max(1, round(sum(len(p.split()) for p in story.body) / 200))
    return f"""<!DOCTYPE html>
<html lang="en-US" prefix="og: https://ogp.me/ns#">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(story.title)} - {esc(site)}</title>
<meta name="description" content="{attr(story.deck)}">
<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1">
<link rel="canonical" href="{attr(story.url)}">
<meta property="og:locale" content="en_US">
<meta property="og:type" content="article">
<meta property="og:title" content="{attr(story.title)}">
<meta property="og:description" content="{attr(story.deck)}">
<meta property="og:url" content="{attr(story.url)}">
<meta property="og:site_name" content="{attr(site)}">
<meta property="article:section" content="{attr(story.section)}">
<meta property="article:published_time" content="{story.published}">
<meta property="article:modified_time" content="{story.modified or story.published}">
<meta property="og:image" content="{story.base}/wp-content/uploads/2025/03/{story.slug}.jpg">
<meta name="author" content="{attr(story.author)}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:label1" content="Written by">
<meta name="twitter:data1" content="{attr(story.author)}">
<meta name="twitter:label2" content="Est. reading time">
<meta name="twitter:data2" content="{reading_minutes} minutes">
<link rel='stylesheet' id='wp-block-library-css' \
href='{story.base}/wp-includes/css/dist/block-library/style.min.css?ver=6.7.2' media='all'>
<link rel='stylesheet' id='newsreader-style-css' \
href='{story.base}/wp-content/themes/newsreader/style.css?ver=2.4.1' media='all'>
<meta name="generator" content="WordPress 6.7.2">
</head>
<body class="post-template-default single single-post postid-{post_id} single-format-standard">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>
<div class="top-bar"><span class="date-today">{weekday_date(story.published)}</span>
<ul class="social-links"><li><a href="#">Facebook</a></li><li><a href="#">X</a></li>\
<li><a href="#">YouTube</a></li></ul></div>
<header id="masthead" class="site-header">
<div class="site-branding">
<p class="site-title"><a href="{story.base}/" rel="home">{esc(site)}</a></p>
<p class="site-description">{esc(outlet.get("tagline", ""))}</p>
</div>
<nav id="site-navigation" class="main-navigation">
<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
<ul id="primary-menu" class="menu">
{nav_items(outlet, story)}
</ul>
</nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-{post_id}" class="post-{post_id} post type-post status-publish \
format-standard has-post-thumbnail hentry category-{slugify(story.section)}">
<header class="entry-header">
<span class="cat-links"><a href="{story.base}/category/{slugify(story.section)}/" \
rel="category tag">{esc(story.section)}</a></span>
<h1 class="entry-title">{esc(story.title)}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <a href="{attr(story.url)}" \
rel="bookmark"><time class="entry-date published" datetime="{story.published}">\
{long_date(story.published)}</time><time class="updated" \
datetime="{story.modified or story.published}">{long_date(story.modified or story.published)}\
</time></a></span><span class="byline"> by <span class="author vcard"><a class="url fn n" \
href="{attr(author_url(story, story.author))}">{esc(story.author)}</a></span></span></div>
</header>
<div class="post-thumbnail"><img width="1024" height="576" \
src="{story.base}/wp-content/uploads/2025/03/{story.slug}-1024x576.jpg" \
class="attachment-large size-large wp-post-image" alt="">
<p class="wp-caption-text">{esc(story.image_caption)}</p></div>
<div class="entry-content">
{chr(10).join(body)}
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">
<h3 class="sd-title">Share this:</h3>
<ul><li><a class="share-facebook" href="#">Facebook</a></li><li><a class="share-x" href="#">X</a>\
</li><li><a class="share-jetpack-whatsapp" href="#">WhatsApp</a></li>\
<li><a class="share-print" href="#">Print</a></li></ul></div></div>
<div id="jp-relatedposts" class="jp-relatedposts">
<h3 class="jp-relatedposts-headline"><em>Related</em></h3>
{related}
</div>
</div>
<footer class="entry-footer"><span class="tags-links">Tagged {tag_links}</span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts">
<div class="nav-links"><div class="nav-previous"><a href="{attr(link(story, previous))}" \
rel="prev"><span class="meta-nav">Previous</span> {esc(previous)}</a></div></div>
</nav>
<div id="comments" class="comments-area">
<h2 class="comments-title">{len(story.comments)} thoughts on &ldquo;{esc(story.title)}&rdquo;</h2>
<ol class="comment-list">
{comments}
</ol>
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply \
<small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" \
style="display:none;">Cancel reply</a></small></h3>
<form action="{story.base}/wp-comments-post.php" method="post" id="commentform" \
class="comment-form">
<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> \
Required fields are marked <span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span>\
</label> <textarea id="comment" name="comment" cols="45" rows="8" required></textarea></p>
<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> \
<input id="author" name="author" type="text" size="30" required></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> \
<input id="email" name="email" type="email" size="30" required></p>
<p class="comment-form-url"><label for="url">Website</label> <input id="url" name="url" \
type="url" size="30"></p>
<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" \
name="wp-comment-cookies-consent" type="checkbox" value="yes"> \
<label for="wp-comment-cookies-consent">Save my name, email, and website in this browser for \
the next time I comment.</label></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" \
value="Post Comment"></p>
</form>
</div>
</div>
</main>
</div>
<aside id="secondary" class="widget-area">
<section class="widget widget_recent_entries"><h2 class="widget-title">Latest News</h2>
<ul>
{widget_list(outlet.get("latest", []))}
</ul></section>
<section class="widget widget_top_posts"><h2 class="widget-title">Most Read</h2>
<ul>
{widget_list(outlet.get("most_read", []))}
</ul></section>
<section class="widget widget_text"><div class="textwidget"><p>Advertise with {esc(site)}: \
reach readers across the region. <a href="{story.base}/advertise/">Find out more</a></p></div>\
</section>
</aside>
</div>
<footer id="colophon" class="site-footer">
<div class="site-info">{esc(outlet["copyright"])} | <a href="{story.base}/about/">About</a> | \
<a href="{story.base}/contact/">Contact</a> | <a href="{story.base}/privacy-policy/">Privacy \
Policy</a></div>
</footer>
</div>
<div id="cookie-law-info-bar" data-nosnippet="true"><span>{esc(outlet["cookie"])} \
<a role="button" class="cli_action_button" href="#">Accept</a> \
<a href="{story.base}/privacy-policy/" class="cli-plugin-main-link">Read More</a></span></div>
<script src="{story.base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"></script>
</body>
</html>
"""


def render_legacy(story: Story, outlet: dict) -> str:
    """An older table-layout site (XHTML 1.0, declares windows-1252)."""
    site = outlet["name"]
    charset = outlet.get("encoding", "utf-8")
    body = "\n".join(f"<p>{esc(p)}</p>" for p in story.body)
    related = "\n".join(f'<li><a href="{attr(link(story, t))}">{esc(t)}</a></li>' for t in story.related)
    comments = "\n".join(
        f'<div class="cmt"><b>{esc(c["author"])}</b> <span class="cmtdate">{esc(c["when"])}'
        f"</span><br />{esc(c['text'])}</div>"
        for c in story.comments
    )

    def box(items: list) -> str:
        return "\n".join(f'<li><a href="{attr(link(story, t, "news"))}">{esc(t)}</a></li>' for t in items)

    menu = " | ".join(
        f'<a href="{story.base}/{slugify(i) if i != "Home" else ""}">{esc(i)}</a>' for i in outlet["nav"]
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" \
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{esc(site)} | {esc(story.title)}</title>
<meta name="keywords" content="{attr(", ".join(story.tags))}" />
<meta name="description" content="{attr(story.deck)}" />
<meta name="author" content="{attr(story.author)}" />
<meta property="og:title" content="{attr(story.title)}" />
<meta property="og:type" content="article" />
<meta property="og:url" content="{attr(story.url)}" />
<meta property="og:site_name" content="{attr(site)}" />
<meta property="article:published_time" content="{story.published}" />
<link href="/css/style.css?v=20190411" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/js/jquery-1.8.3.min.js"></script>
</head>
<body>
<div id="cookieNotice">{esc(outlet["cookie"])} <a href="#" onclick="hideCookie();return false;">\
OK</a></div>
<table width="980" border="0" cellspacing="0" cellpadding="0" align="center" id="wrapper">
<tr><td colspan="2" class="topstrip">{esc(outlet.get("topstrip", ""))} | \
<a href="/epaper/">E-Paper</a> | <a href="/archives/">Archives</a></td></tr>
<tr><td colspan="2" class="masthead"><a href="/"><img src="/images/logo.gif" \
alt="{attr(site)}" width="420" height="90" border="0" /></a></td></tr>
<tr><td colspan="2" class="menu">{menu}</td></tr>
<tr>
<td width="680" valign="top" class="maincol">
<div class="storyhead"><h1>{esc(story.title)}</h1></div>
<div class="storyinfo">{esc(story.author)} &nbsp;|&nbsp; Published: {long_date(story.published)} \
&nbsp;|&nbsp; {parse_when(story.published).strftime("%I:%M %p")}</div>
<div class="sharebar"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a> \
<a href="javascript:window.print()">Print</a></div>
<div class="storytext">
{body}
</div>
<div class="relnews"><b>Related News</b>
<ul>
{related}
</ul></div>
<div class="comments"><b>Readers&#39; Comments ({len(story.comments)})</b>
{comments}
<form action="/postcomment.php" method="post">
<b>Post your comment</b><br />
Name: <input type="text" name="name" /> Email: <input type="text" name="email" /> \
City: <input type="text" name="city" /><br />
Comment:<br /><textarea name="comment" rows="5" cols="60"></textarea><br />
<input type="submit" value="Submit" />
</form>
<p class="note">Note: Comments are moderated and will be published after approval.</p>
</div>
</td>
<td width="300" valign="top" class="sidecol">
<div class="box"><b>Top Stories</b><ul>
{box(outlet.get("latest", []))}
</ul></div>
<div class="box"><b>Most Popular</b><ul>
{box(outlet.get("most_read", []))}
</ul></div>
<div class="ad300">Advertisement</div>
</td>
</tr>
<tr><td colspan="2" class="footer">{esc(outlet["copyright"])} | <a href="/about/">About Us</a> \
| <a href="/contact/">Contact Us</a> | <a href="/advertise/">Advertise</a></td></tr>
</table>
</body>
</html>
"""


TEMPLATES = {"modern": render_modern, "wordpress": render_wordpress, "legacy": render_legacy}


def render_html(story: Story, outlets: dict[str, dict]) -> str:
    outlet = outlets[story.outlet]
    return TEMPLATES[outlet["template"]](story, outlet)


def html_bytes(story: Story, outlets: dict[str, dict]) -> tuple[bytes, str]:
    """The page encoded as the site serves it, and that charset's name."""
    charset = outlets[story.outlet].get("encoding", "utf-8")
    return render_html(story, outlets).encode(charset), charset


# --------------------------------------------------------------------------
# Plain-text renderings
# --------------------------------------------------------------------------


def render_wet(story: Story, outlet: dict) -> str:
    """Text as Common Crawl's WET extraction gives it: one line per block, chrome included."""
    lines = [f"{story.title} – {outlet['name']}", "Skip to content", weekday_date(story.published)]
    lines += outlet["nav"]
    lines += [story.section, story.title, f"By {story.author}", long_date(story.published)]
    lines += story.body
    lines += ["Share this:", "Facebook", "X", "WhatsApp", "Telegram", "Print"]
    lines += ["Like this:", "Like Loading...", "Latest news"]
    for item in outlet.get("latest", []):
        lines += [item["title"], item["teaser"]]
    lines += [
        "Leave a Reply Cancel reply",
        "Your email address will not be published. Required fields are marked *",
        "Comment *",
        "Name *",
        "Email *",
        "Website",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Δ",
        outlet["copyright"],
        "About Us",
        "Contact Us",
        "Privacy Policy",
        "Terms of Use",
        " ".join(outlet["cookie"].split()),
        "Accept",
    ]
    return "\n".join(lines) + "\n"


def render_blog_text(story: Story, outlet: dict) -> str:
    """A blog post flattened to text like the seed pages: blank line between blocks."""
    blocks = [story.title, f"Posted on {long_date(story.published)} by {story.author}"]
    blocks += story.body
    if story.analysis:
        blocks += ["Analysis:", *story.analysis]
    blocks += [
        "Share this:",
        "Twitter\nFacebook\nWhatsApp\nEmail",
        "Like this:",
        "Like Loading...",
        "Related",
        "Leave a Reply",
        "Enter your comment here...",
        "Fill in your details below or click an icon to log in:",
        "Email (required) (Address never made public)",
        "Name (required)",
        "Website",
        "You are commenting using your account. Log Out /  Change )",
        "Connecting to %s",
        "Notify me of new comments via email.",
        "Notify me of new posts via email.",
        "Most read",
    ]
    for item in outlet.get("latest", []):
        blocks += [item["title"], item["teaser"]]
    blocks += [
        f"{outlet['name']} · Independent reporting on security in Northern Nigeria",
        "Privacy & Cookies: This site uses cookies. By continuing to use this website, you "
        "agree to their use. To find out more, including how to control cookies, see here: "
        "Cookie Policy",
    ]
    return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------
# Container writers
# --------------------------------------------------------------------------


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: no file name, mtime 0."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def warcinfo_record(writer: WARCWriter, filename: str, fields: dict[str, str], when: str):
    payload = "".join(f"{k}: {v}\r\n" for k, v in fields.items()).encode("utf-8")
    headers = StatusAndHeaders(
        "",
        [
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", record_id(f"tidings-samples:{filename}#warcinfo")),
            ("WARC-Date", warc_date(when)),
            ("WARC-Filename", filename),
        ],
        protocol=writer.warc_version,
    )
    return writer.create_warc_record(
        "",
        "warcinfo",
        payload=io.BytesIO(payload),
        length=len(payload),
        warc_content_type="application/warc-fields",
        warc_headers=headers,
    )


def http_response_headers(story: Story, outlet: dict, body: bytes, charset: str) -> list:
    server = outlet.get("server", "nginx")
    headers = [
        ("Date", http_date(story.fetched)),
        ("Server", server),
        ("Content-Type", f"text/html; charset={charset}"),
        ("Content-Length", str(len(body))),
        ("Connection", "close"),
        ("Last-Modified", http_date(story.modified or story.published)),
        ("Cache-Control", "public, max-age=300"),
        ("Vary", "Accept-Encoding"),
    ]
    if outlet["template"] == "wordpress":
        headers.append(("Link", f'<{story.base}/wp-json/>; rel="https://api.w.org/"'))
        headers.append(("X-Powered-By", "PHP/8.2.27"))
    elif outlet["template"] == "legacy":
        headers.append(("X-Powered-By", "PHP/5.6.40"))
    else:
        headers.append(("X-Cache", "HIT"))
    return headers


def write_warc(path: Path, stories: list[Story], outlets: dict[str, dict]) -> None:
    """warcinfo, one request record (for the first page), then one response per page."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.0")
    filename = path.name
    info_id = record_id(f"tidings-samples:{filename}#warcinfo")
    writer.write_record(
        warcinfo_record(
            writer,
            filename,
            {
                "software": "tidings scripts/make_samples.py (warcio)",
                "format": "WARC File Format 1.0",
                "conformsTo": "https://iipc.github.io/warc-specifications/"
                "specifications/warc-format/warc-1.0/",
                "isPartOf": "tidings-samples",
                "description": "Sample crawl of three fictional news pages written for the "
                "tidings project. All outlets, people and events are invented.",
                "robots": "classic",
                "http-header-user-agent": CRAWLER_UA,
            },
            stories[0].fetched,
        )
    )
    for n, story in enumerate(stories):
        outlet = outlets[story.outlet]
        body, charset = html_bytes(story, outlets)
        resp_id = record_id(f"{story.url}#response")
        if n == 0:
            parts = urlsplit(story.url)
            request = StatusAndHeaders(
                f"GET {parts.path or '/'} HTTP/1.1",
                [
                    ("Host", parts.netloc),
                    ("User-Agent", CRAWLER_UA),
                    ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
                    ("Accept-Language", "en-US,en;q=0.8"),
                    ("Connection", "close"),
                ],
                is_http_request=True,
            )
            writer.write_record(
                writer.create_warc_record(
                    story.url,
                    "request",
                    http_headers=request,
                    warc_headers_dict={
                        "WARC-Type": "request",
                        "WARC-Record-ID": record_id(f"{story.url}#request"),
                        "WARC-Date": warc_date(story.fetched),
                        "WARC-Target-URI": story.url,
                        "WARC-Concurrent-To": resp_id,
                        "WARC-Warcinfo-ID": info_id,
                    },
                )
            )
        response = StatusAndHeaders(
            "200 OK", http_response_headers(story, outlet, body, charset), protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                story.url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=response,
                warc_headers_dict={
                    "WARC-Type": "response",
                    "WARC-Record-ID": resp_id,
                    "WARC-Date": warc_date(story.fetched),
                    "WARC-Target-URI": story.url,
                    "WARC-IP-Address": outlet.get("ip", "192.0.2.10"),
                    "WARC-Warcinfo-ID": info_id,
                },
            )
        )
    path.write_bytes(buf.getvalue())


def write_wet(path: Path, stories: list[Story], outlets: dict[str, dict]) -> None:
    """warcinfo, then one ``conversion`` record of plain text per page (Common Crawl style)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.0")
    filename = path.name
    writer.write_record(
        warcinfo_record(
            writer,
            filename,
            {
                "Software-Info": "tidings scripts/make_samples.py (warcio)",
                "Extracted-Date": http_date(max(s.fetched for s in stories)),
                "isPartOf": "tidings-samples",
                "description": "Plain-text (WET) extractions of two fictional news pages "
                "written for the tidings project. All outlets, people and events are invented.",
                "robots": "checked",
                "publisher": "tidings project",
            },
            max(s.fetched for s in stories),
        )
    )
    for story in stories:
        text = render_wet(story, outlets[story.outlet]).encode("utf-8")
        writer.write_record(
            writer.create_warc_record(
                story.url,
                "conversion",
                payload=io.BytesIO(text),
                length=len(text),
                warc_content_type="text/plain",
                warc_headers_dict={
                    "WARC-Type": "conversion",
                    "WARC-Target-URI": story.url,
                    "WARC-Date": warc_date(story.fetched),
                    "WARC-Record-ID": record_id(f"{story.url}#conversion"),
                    "WARC-Refers-To": record_id(f"{story.url}#response"),
                    "WARC-Identified-Content-Language": "eng",
                },
            )
        )
    path.write_bytes(buf.getvalue())


def jsonl_line(story: Story, outlets: dict[str, dict]) -> str:
    record = {
        "url": story.url,
        "title": story.title,
        "published": story.published,
        "source": outlets[story.outlet]["name"],
    }
    if story.format == "html":
        record["html"] = render_html(story, outlets)
    else:
        record["text"] = "\n\n".join(story.body) + "\n"
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def generate(out: Path, src: Path = SRC) -> list[Path]:
    """Write every sample file under ``out``; return their paths."""
    stories = load_stories(src)
    outlets = load_outlets(src)
    by_container: dict[str, list[Story]] = {}
    for story in stories:
        by_container.setdefault(story.container, []).append(story)

    written: list[Path] = []

    def put(rel: str, data: bytes) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)

    for story in by_container.get("html", []):
        put(f"html/{story.slug}.html", html_bytes(story, outlets)[0])
    for story in by_container.get("html.gz", []):
        put(f"html/{story.slug}.html.gz", gzip_bytes(html_bytes(story, outlets)[0]))
    for story in by_container.get("text", []):
        put(f"text/{story.slug}.txt", render_blog_text(story, outlets[story.outlet]).encode())
    if by_container.get("jsonl"):
        lines = [jsonl_line(s, outlets) for s in by_container["jsonl"]]
        put(JSONL_NAME, ("\n".join(lines) + "\n").encode("utf-8"))
    for rel, kind, writer in ((WARC_NAME, "warc", write_warc), (WET_NAME, "wet", write_wet)):
        if by_container.get(kind):
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            writer(out / rel, by_container[kind], outlets)
            written.append(out / rel)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=SAMPLES, help="output directory")
    parser.add_argument(
        "--check", action="store_true", help="regenerate in a temporary directory and compare"
    )
    args = parser.parse_args(argv)
    if not args.check:
        for path in generate(args.out):
            print(path)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        stale = []
        for path in generate(Path(tmp)):
            rel = path.relative_to(tmp)
            target = args.out / rel
            if not target.exists() or not filecmp.cmp(path, target, shallow=False):
                stale.append(str(rel))
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
    print("samples are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
