"""Plain-text cleaner: split page text into title, body, commentary and boilerplate.

Input is text normalised by :func:`tidings.stages.normalize.normalize_text` (one
paragraph or page element per line, as in WET records); output is a list of
:class:`Block` in page order. Nothing is dropped: boilerplate comes back
labelled with the id of the rule that removed it. Three passes of general rules
(cue phrases in ``data/boilerplate.yaml``):

1. Line rules: features (words, share of function words, sentence end, symbols,
   pipes) and cue phrases make a line *kept* (prose), *removed* or *open*.
2. Context rules: nearby repeats, glued copies and truncated teasers; sections
   after a headline-list or comment-form header; dense template listings;
   menus outside the article. Open lines follow the nearest evidence.
3. Structure: the title (``title_hint`` or the first headline before the first
   paragraph) and commentary (kept paragraphs under "My Take:" and the like).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from tidings.stages import commentary
from tidings.stages.cues import CUES, phrase_pattern

VERSION = "2"

TITLE = "title"
BODY = "body"
COMMENTARY = "commentary"
BOILERPLATE = "boilerplate"


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of a page with the cleaner's decision about it.

    Attributes:
        label: ``title``, ``body``, ``commentary`` or ``boilerplate``.
        text: the paragraph (hard-wrapped lines joined with a space).
        reason: id of the rule that decided the label, e.g. ``prose``,
            ``comment-form``, ``headline-list``, ``commentary-heading``.
        line: 0-based index of the block's first line in ``text.split("\\n")``.
    """

    label: str
    text: str
    reason: str
    line: int


# --------------------------------------------------------------------------
# Words and cue phrases.

# Runs of letters with inner apostrophes (the ASCII pattern is markedly faster).
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_WORD_ASCII = re.compile(r"[a-z]+(?:'[a-z]+)*")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")


def _tokenize(text: str) -> list[str]:
    """Lower-case words of ``text`` (numbers and punctuation dropped)."""
    low = text.lower()
    return (_WORD_ASCII if low.isascii() else _WORD).findall(low)


class _Phrases:
    """Whole-word phrase lookup in a line's words, each phrase tagged with a reason."""

    __slots__ = ("first", "index")

    def __init__(self, groups: dict[str, list[str]]) -> None:
        self.index: dict[str, list[tuple[int, str, str]]] = {}
        order = 0
        for reason, phrases in groups.items():
            for phrase in map(str, phrases):
                toks = _tokenize(phrase)
                if not toks or not re.fullmatch(r"[\w' -]+", phrase):
                    raise ValueError(f"cue {phrase!r} in boilerplate.yaml is not a phrase")
                self.index.setdefault(toks[0], []).append((order, f" {' '.join(toks)} ", reason))
                order += 1
        self.first = frozenset(self.index)

    def find(self, toks: list[str]) -> str | None:
        """Reason of the first-listed phrase found in ``toks``, or None."""
        hits = self.first.intersection(toks)
        if not hits:
            return None
        joined = f" {' '.join(toks)} "
        found = [entry for h in hits for entry in self.index[h] if entry[1] in joined]
        return min(found)[2] if found else None


_STOP = frozenset(CUES["stopwords"].split())
_STOP_ANY_CASE = _STOP | {w.capitalize() for w in _STOP} | {w.upper() for w in _STOP}
_STRONG = _Phrases(CUES["strong"])
_STRONG_MAX = int(CUES["strong_max_words"])
_SHORT = _Phrases(CUES["short"])
_SHORT_MAX = int(CUES["short_max_words"])
_BUTTONS = {str(w): reason for reason, words in CUES["buttons"].items() for w in words}
_STARTS = [
    (re.compile(r"^[\W_]*" + phrase_pattern(phrases) + r"(?!\w)"), reason)
    for reason, phrases in CUES["starts"].items()
]
_COMMENTARY = commentary.PATTERN
_LISTS = [str(p) for p in CUES["list_headers"]]
# Section headings, one regex with a group per kind, tried in this order:
# - a commentary heading is the whole line ("My Take:");
# - a list header is the whole line, or is followed by ":"/"|"/">" and a
#   headline ("Related: ..."), or is glued to a capitalised word ("You might
#   also likeRELATED"), or names a source ("More from World");
# - a comment-form header ("Leave a Reply", "12 Comments") is the whole line.
_HEADER = re.compile(
    r"^(?:(?P<commentary_heading>" + _COMMENTARY + r"[\s:.\-–—]*$)|[\W\d_]*(?:"
    r"(?P<list_header>" + phrase_pattern(_LISTS) + r"(?:[\W_]*$|\s*[:|>]|(?=[A-Z])"
    r"|\s+(?i:from|on|in|about|at)\b)"
    r"|"
    + phrase_pattern([p for p in _LISTS if p.endswith((" from", " on", " in"))])
    + r"(?:[\W_]+\w+){1,4}[\W_]*$"
    # "More Business stories", "Latest World News", "Top Tech Headlines"
    r"|(?i:more|latest|top)(?:\s+\w+){1,2}\s+(?i:stories|news|headlines|articles|videos)[\W_]*$)"
    r"|(?P<form_header>" + phrase_pattern(CUES["form_headers"]) + r"[\W_]*$)))"
)
# The header and line-start regexes run only on lines starting with one of these.
_HEADER_FIRST = frozenset(
    _tokenize(str(p))[0] for key in ("commentary_headings", "list_headers", "form_headers") for p in CUES[key]
)
_STARTS_FIRST = frozenset(_tokenize(str(p))[0] for ps in CUES["starts"].values() for p in ps)
# "By Jane Doe", "BY JANE DOE, Reuters", "By Jane Doe March 8, 2013", "By A and B | Staff"
_BYLINE = re.compile(r"^(?:By|BY)\s+(?:(?:and\s+)?[A-Z][\w.'’-]*[\s,|&]*){1,8}(?:\d.{0,40})?$")
# "© 2021 Example", "Copyright 2019 Example" (not mojibake like "Ã©", not "Copyright law")
_COPYRIGHT = re.compile(r"©\s*[\dA-Z]|^[\W_]*(?i:copyright)\s*(?:©|\([cC]\)|\d)")
# Unfilled page-template slots: "Connecting to %s", "Hi {SUB NAME}", "{{user}}".
_TEMPLATE = re.compile(r"%[sd]\b|\{\{.*?\}\}|\{[A-Z][A-Z _]{2,}\}")

# --------------------------------------------------------------------------
# Line features.

_DECORATION = "|-*•>#_=~+ \t"  # borders, bullets and rules say nothing about a line
_SENTENCE_END = frozenset(".!?\"')")
_FIELD = re.compile("[:@]")
_CITATIONS = re.compile(r"(?:\[\w{1,5}\])+$")
_TEASER = re.compile(
    r"(?:\.\.\.|…)[\"')\]]*\s*(?:\(?(?:read|see|view|show)?\s*more\)?|read|continue reading)?"
    r"[\s>\"]*$",
    re.IGNORECASE,
)

# Line decisions. _ZONE removes the line and marks its surroundings as
# boilerplate (a long cue line, a repeat, a headline list); _DROP removes only
# the line itself (a button, a rule, a table row).
_KEEP, _DROP, _ZONE, _OPEN = 1, 0, 2, -1
# Thresholds, chosen on general grounds and checked on the Turku train split.
_PROSE_MIN = 3  # score of a line that is a paragraph of running prose
_DUP_WINDOW = 12  # a repeat within this many lines is furniture, not a quote
_NAV_RUN = 3  # this many menu-like lines in a row outside the article: a menu
_HEADER_MAX = 12  # longest line (words) taken as a section or list header
_TEMPLATE_RUN = 4  # this many short lines from one template make a listing
_TEMPLATE_WORDS = 15
# Provisional reasons of section headers; they become the section's reason.
_SECTION_START = {"list-header": "headline-list", "form-header": "comment-form"}
# Removals that are no evidence of page furniture around them.
# Function-word share below which a page is not English (the English word
# lists then say nothing), and the share its lines are scored with instead.
_FOREIGN_STOP, _NEUTRAL_STOP = 0.05, 0.3
_WEAK_DROPS = frozenset(["no-words", "not-prose", "table", "navigation", "byline"])


class _Line:
    """One non-empty line and its features (computed once, read by every rule)."""

    __slots__ = ("closed", "core", "idx", "nw", "score", "stop", "symbolic", "teaser", "text", "toks")

    def __init__(self, idx: int, text: str) -> None:
        self.idx = idx
        self.text = text
        core = self.core = text.strip(_DECORATION) or text
        tail = core[-30:]
        self.teaser = ("..." in tail or "…" in tail) and _TEASER.search(tail) is not None
        end = core[-1] if core[-1] != "]" else _CITATIONS.sub("", core)[-1:]  # "...end.[12]"
        self.closed = end in _SENTENCE_END and not self.teaser
        parts = core.split(None, _STRONG_MAX)
        if len(parts) > _STRONG_MAX:
            # A long line: no cue applies, and its first words split at spaces
            # give the function-word share (several times cheaper than words).
            self.toks = parts[:_STRONG_MAX]
            self.nw = core.count(" ") + 1
            self.stop = sum(map(_STOP_ANY_CASE.__contains__, self.toks)) / _STRONG_MAX
            self.symbolic = False
            self.score = self._score()
            return
        toks = self.toks = _tokenize(core)
        nw = self.nw = len(toks)
        self.stop = sum(map(_STOP.__contains__, toks)) / nw if nw else 0.0
        other = len(core) - sum(map(len, toks)) - core.count(" ")
        if other > 0.25 * len(core) and _DIGIT.search(core):
            other -= len(_DIGIT.findall(core))
        self.symbolic = other > 0.25 * len(core)
        self.score = self._score()

    def _score(self) -> int:
        """Prose score: high for running sentences, low for menus, tables and lists."""
        nw = self.nw
        score = 3 if nw >= 20 else 2 if nw >= 10 else 1 if nw >= 6 else -1 if nw <= 2 else 0
        if self.stop >= 0.3:
            score += 1
        elif nw >= 5 and self.stop < 0.1:
            score -= 2  # names, products, keywords, or not English
        if self.closed:
            score += 1
        if self.core.count("|") >= 2:
            score -= 2
        return score - 1 if self.symbolic else score

    def unknown_language(self) -> None:
        """Score without function words (a page not in English): count them as prose-like."""
        self.stop = _NEUTRAL_STOP
        self.score = self._score()


# --------------------------------------------------------------------------
# Pass 1: line rules.


def _line_rule(ln: _Line) -> tuple[int, str]:
    """Decision from the line alone: (_KEEP | _DROP | _ZONE | _OPEN, reason)."""
    if ln.nw == 0:
        return _DROP, "no-words"
    text, first = ln.text, ln.toks[0]
    if ln.nw <= _HEADER_MAX and first in _HEADER_FIRST and (m := _HEADER.match(text)):
        kind = str(m.lastgroup).replace("_", "-")
        return (_OPEN if kind == "commentary-heading" else _ZONE), kind
    if ln.nw <= 10 and first == "by" and not ln.closed and _BYLINE.match(ln.core):
        return _DROP, "byline"
    if ln.nw <= _STRONG_MAX:
        reason = _STRONG.find(ln.toks) or ("legal" if _COPYRIGHT.search(text) else None)
        if reason:
            return _ZONE, reason
        if first in _STARTS_FIRST:
            for pattern, reason in _STARTS:
                if pattern.match(text):
                    return _DROP, reason
        if ("{" in text or "%" in text) and _TEMPLATE.search(text):
            return _ZONE, "template"
    if ln.nw <= _SHORT_MAX and (reason := _SHORT.find(ln.toks) or _buttons(ln.toks)):
        return _DROP, reason
    core = ln.core
    if "||" in core:
        return _DROP, "table"
    if core.count(" | ") + core.count(" • ") + core.count(" · ") >= 2:
        return _DROP, "navigation"  # "Privacy Policy | Terms of Use | Contact"
    if ln.score >= _PROSE_MIN:
        return _KEEP, "prose"
    return (_DROP, "not-prose") if ln.score <= -2 else (_OPEN, "short")


def _buttons(toks: list[str]) -> str | None:
    """Reason of the first button word when a line is only buttons and function words."""
    reason = None
    for t in toks:
        r = _BUTTONS.get(t)
        if r is None:
            if t not in _STOP:
                return None
        elif reason is None:
            reason = r
    return reason


# --------------------------------------------------------------------------
# Pass 2: context rules.


def _echoes(text: str, other: _Line) -> bool:
    """``text`` is ``other`` plus a site or section name, glued or separated."""
    if other.nw < 3 or len(other.text) >= len(text):
        return False
    if text.startswith(other.text):
        rest = text[len(other.text) :]
    elif text.endswith(other.text):
        rest = text[: -len(other.text)]
    else:
        return False
    return len(rest) < 40 or not (rest[0].isspace() or rest[-1].isspace())


def _mark_duplicates(lines: list[_Line], dec: list[int], why: list[str]) -> int:
    """Remove repeats, glued copies of a neighbour and truncated teasers of another line.

    Returns the index of the headline that the page's first lines echo ("Site
    NameHeadline", "Headline - Site" as WET text starts with the HTML
    title), or -1.
    """
    seen: dict[str, int] = {}
    by_start: dict[str, list[int]] = {}
    n = len(lines)
    echoed = -1
    for i, ln in enumerate(lines):
        text = ln.text
        if ln.nw >= 5:
            if i - seen.get(text, -_DUP_WINDOW - 1) <= _DUP_WINDOW:
                dec[i], why[i] = _ZONE, "duplicate"
            seen[text] = i
        by_start.setdefault(ln.core[:24].lower(), []).append(i)
        near = range(i - 1, min(n, i + 60)) if i < 3 else (i - 1, i + 1)
        for j in near:
            if 0 <= j < n and len(lines[j].text) < len(text) and _echoes(text, lines[j]):
                dec[i], why[i] = _ZONE, "glued-duplicate"
                echoed = j if i < 3 and echoed < 0 else echoed
                break
    for i, ln in enumerate(lines):
        if ln.teaser and ln.nw >= 4:
            stem = ln.core.rstrip(".…>\"')] ").lower()
            for word in ("more", "read", "see", "view", "show", "continue reading"):
                stem = stem.removesuffix(word).rstrip(".…>\"'([ ")
            for j in by_start.get(stem[:24], ()):
                full = lines[j].core
                if len(full) > len(ln.core) + 5 and full.lower().startswith(stem):
                    dec[i], why[i] = _ZONE, "truncated-duplicate"
                    break
    return echoed


def _paragraph(ln: _Line) -> bool:
    """A full paragraph of running text (not a headline, not a teaser)."""
    return ln.closed and ln.nw >= 12 and ln.stop >= 0.2


def _link_like(ln: _Line) -> bool:
    """A menu entry: a few words, no sentence end, not a numbered item, field or address."""
    core = ln.core  # "Label: value" lines (credits, profiles) are data, not links
    if ln.nw > 8 or ln.closed or core[0].isdigit() or _FIELD.search(core):
        return False
    words = core.split()  # up to four words, or a title-cased name of up to eight
    return ln.nw <= 4 or sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _in_menu(ln: _Line) -> bool:
    return ln.nw <= 4 and not ln.closed


def _mark_sections(lines: list[_Line], dec: list[int], why: list[str]) -> None:
    """After a headline-list or comment-form header, remove lines until prose resumes.

    Prose resumes with two paragraphs at most a line apart, or one long one:
    the items of a headline list may carry a one-paragraph summary each; an
    article does not stop after one paragraph.
    """
    mode = ""
    n = len(lines)
    for i, ln in enumerate(lines):
        if why[i] in _SECTION_START:
            if not mode and 0 < i < n - 1 and _in_menu(lines[i - 1]) and _in_menu(lines[i + 1]):
                dec[i], why[i] = _DROP, "navigation"  # "Home / Latest / World": a menu entry
            else:
                mode = why[i] = _SECTION_START[why[i]]
        elif mode:
            if (dec[i] == _KEEP and _paragraph(ln)) and (
                ln.nw >= 40 or any(_paragraph(lines[k]) for k in range(i + 1, min(n, i + 3)))
            ):
                mode = ""
                continue
            if dec[i] in (_KEEP, _OPEN):
                why[i] = mode  # lines removed by a rule of their own keep its reason
            dec[i] = _ZONE


def _mark_templates(lines: list[_Line], dec: list[int], why: list[str]) -> None:
    """Remove dense groups of short lines that end in the same two words.

    Lines cut from one template ("- Talk:X (<- links)", "Mug, EUR 12.50",
    "Team A at Team B, 7:00 p.m.") are listings generated by the site.
    """
    groups: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if dec[i] != _ZONE and 2 <= ln.nw <= _TEMPLATE_WORDS and not _paragraph(ln):
            words = ln.core.rsplit(None, 2)
            if len(words) == 3:
                key = _NUMBER.sub("#", f"{words[1]} {words[2]}").lower()
                groups.setdefault(key, []).append(i)
    for members in groups.values():
        if len(members) >= _TEMPLATE_RUN and members[-1] - members[0] < 2 * len(members):
            for i in members:
                dec[i], why[i] = _ZONE, "template-list"


def _mark_navigation(lines: list[_Line], dec: list[int], why: list[str]) -> None:
    """Remove runs of menu-like lines before the first or after the last paragraph."""
    prose = [i for i, w in enumerate(why) if w == "prose"]
    first, last = (prose[0], prose[-1]) if prose else (len(lines), -1)
    run: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and dec[i] != _KEEP and _link_like(lines[i]):
            run.append(i)
            continue
        if len(run) >= _NAV_RUN and (run[-1] < first or run[0] > last):
            for j in run:
                if dec[j] == _OPEN or why[j] == "not-prose":
                    dec[j], why[j] = _DROP, "navigation"
        run = []


def _mark_button_runs(lines: list[_Line], dec: list[int], why: list[str]) -> None:
    """Remove up to three short open lines between two buttons ("Share", "Digg", "Email")."""
    cued = [i for i, d in enumerate(dec) if d == _DROP and why[i] not in _WEAK_DROPS]
    for a, b in pairwise(cued):
        between = [j for j in range(a + 1, b) if why[j] != "no-words"]
        if 0 < len(between) <= 3 and all(dec[j] == _OPEN and lines[j].nw <= 4 for j in between):
            for j in between:
                dec[j], why[j] = _DROP, why[a]


def _resolve_open(dec: list[int], why: list[str]) -> None:
    """Keep an open line unless the nearest evidence on both sides is boilerplate.

    Evidence is a paragraph of prose (kept) or a zone removal (a long cue
    line, a repeat, a list or form section); a single button or a line
    without words says nothing about its neighbours. The page edges count as
    boilerplate. Lines unlike prose (tables, keyword lists) are kept only
    between two paragraphs.
    """
    n = len(dec)
    before = [_DROP] * n
    last = _DROP
    for i in range(n):
        before[i] = last
        if why[i] == "prose" or dec[i] == _ZONE:
            last = _KEEP if dec[i] == _KEEP else _DROP
    last = _DROP
    for i in range(n - 1, -1, -1):
        if why[i] == "prose" or dec[i] == _ZONE:
            last = _KEEP if dec[i] == _KEEP else _DROP
        elif why[i] == "not-prose":
            if before[i] == last == _KEEP:
                dec[i], why[i] = _KEEP, "in-content"
        elif dec[i] == _OPEN:
            if before[i] == last == _DROP:
                dec[i], why[i] = _DROP, "outside-content"
            else:
                dec[i] = _KEEP
                if why[i] != "commentary-heading":
                    why[i] = "in-content"


def _keep_short_report(lines: list[_Line], dec: list[int], why: list[str]) -> None:
    """A page with no paragraph of running prose (a brief, a one-line report)
    keeps its open lines that are whole sentences: with no prose to anchor
    them, "outside the content" means nothing."""
    if any(d == _KEEP for d in dec):
        return
    for i, ln in enumerate(lines):
        if why[i] == "outside-content" and ln.closed and ln.nw >= 4:
            dec[i], why[i] = _KEEP, "short-report"


# --------------------------------------------------------------------------
# Pass 3: title and commentary.

# Reasons a title candidate cannot have.
_NOT_TITLE = frozenset(
    ("no-words", "duplicate", "glued-duplicate", "truncated-duplicate", "table", "template", "byline")
).union(_SECTION_START.values(), CUES["strong"], CUES["short"], CUES["buttons"], CUES["starts"])


def _key(text: str) -> str:
    return " ".join(_tokenize(text))


def _hint_keys(hint: str) -> list[str]:
    """The hint, then its parts ("Headline | Site", "Headline - Site")."""
    parts = [hint, *re.split(r"\s+[|\-–—:·»]+\s+", hint)]
    keys = [_key(p) for p in parts if len(p.split()) >= 2 or p is hint]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def _find_title(lines: list[_Line], why: list[str], hint: str | None, echoed: int) -> int:
    """Index (into ``lines``) of the title line, or -1.

    In order: the line matching the hint; the headline the page's first line
    echoes; the first headline-like line before the first paragraph.
    """
    for want in _hint_keys(hint) if hint else ():
        for i, ln in enumerate(lines):
            near = abs(len(ln.text) - len(want)) < 20  # cheap test before tokenizing
            if near and why[i] not in _NOT_TITLE and _key(ln.text) == want:
                return i
    if echoed >= 0 and why[echoed] not in _NOT_TITLE:
        return echoed
    for i, ln in enumerate(lines[:40]):
        if why[i] == "prose" and _paragraph(ln):
            break  # the title comes before the first paragraph
        head = ln.core[0]  # a headline: capitalised (or caseless script), no final stop
        headline = head.isdigit() or (head.isalpha() and not head.islower())
        headline = headline and ln.core[-1] not in ".,;:" and not ln.teaser and 3 <= ln.nw <= 25
        if headline and why[i] not in _NOT_TITLE:
            return i
    return -1


def _mark_commentary(lines: list[_Line], labels: list[str], why: list[str]) -> None:
    """Turn kept paragraphs under a commentary heading into commentary.

    A heading counts only after the first body paragraph: before it, "Opinion"
    or "Analysis" is a section name in the site's menu.
    """
    seen_body = active = False
    for i, ln in enumerate(lines):
        if labels[i] == BOILERPLATE:
            active = False
        elif labels[i] == TITLE:
            continue
        elif why[i] == "commentary-heading" and seen_body:
            labels[i] = COMMENTARY
            active = True
        elif active:
            labels[i], why[i] = COMMENTARY, "commentary"
        elif ln.toks and ln.toks[0].lower() in _HEADER_FIRST and commentary.is_inline(ln.text):
            labels[i], why[i] = COMMENTARY, "commentary-cue"
        elif why[i] == "prose":
            seen_body = True


def _label(lines: list[_Line], title_hint: str | None) -> tuple[list[str], list[str]]:
    """Label and reason for each line of ``lines``."""
    words = sum(ln.nw for ln in lines)
    if words >= 10 and sum(ln.stop * ln.nw for ln in lines) < _FOREIGN_STOP * words:
        for ln in lines:  # language detection is another stage's job: keep its prose
            ln.unknown_language()
    rules = [_line_rule(ln) for ln in lines]
    dec = [d for d, _ in rules]
    why = [r for _, r in rules]
    echoed = _mark_duplicates(lines, dec, why)
    _mark_sections(lines, dec, why)
    _mark_templates(lines, dec, why)
    _mark_navigation(lines, dec, why)
    _mark_button_runs(lines, dec, why)
    _resolve_open(dec, why)
    _keep_short_report(lines, dec, why)
    labels = [BODY if d == _KEEP else BOILERPLATE for d in dec]
    if (t := _find_title(lines, why, title_hint, echoed)) >= 0:
        labels[t], why[t] = TITLE, "title"
    _mark_commentary(lines, labels, why)
    return labels, why


def _lines(raw: Sequence[str]) -> list[_Line]:
    return [_Line(i, s) for i, line in enumerate(raw) if (s := line.strip())]


# --------------------------------------------------------------------------
# Public API.


def classify_lines(lines: Sequence[str]) -> list[bool]:
    """Keep (``True``) or boilerplate (``False``) for each line, in order.

    The line-level view of :func:`clean_text` (title, body and commentary are
    kept; empty lines are not), used for line-F1 evaluation.

    Example:
        >>> classify_lines(["The army said ten people died in the attack.", "", "Leave a Reply"])
        [True, False, False]
    """
    out = [False] * len(lines)
    lns = _lines(lines)
    labels, _ = _label(lns, None)
    for ln, label in zip(lns, labels, strict=True):
        out[ln.idx] = label != BOILERPLATE
    return out


def clean_text(text: str, title_hint: str | None = None) -> list[Block]:
    """Split normalised page text into labelled blocks, in page order.

    Every non-empty line of ``text`` is in exactly one block. A line that
    continues the previous one (which ends without a sentence stop, and it
    starts in lower case) joins its block when both got the same label.

    Args:
        text: page text as produced by ``normalize_text``.
        title_hint: the page's declared title (e.g. HTML ``<title>``); a line
            equal to it or to a part of it ("Headline | Site"), ignoring case
            and punctuation, is taken as the title.

    Example:
        >>> page = "Talks Resume in Vienna\\n\\nNegotiators met on Monday to discuss the deal.\\n"
        >>> [(b.label, b.reason) for b in clean_text(page + "Leave a Reply")]
        [('title', 'title'), ('body', 'prose'), ('boilerplate', 'comment-form')]
    """
    lns = _lines(text.split("\n"))
    labels, why = _label(lns, title_hint)
    blocks: list[Block] = []
    start = 0
    for i in range(1, len(lns) + 1):
        if (
            i < len(lns)
            and labels[i] == labels[i - 1] != TITLE
            and _continues(lns[i - 1], lns[i])
            and (labels[i] != BOILERPLATE or why[i] == why[i - 1])
        ):
            continue
        reasons = why[start:i]
        reason = "prose" if labels[start] != BOILERPLATE and "prose" in reasons else reasons[0]
        text = " ".join(ln.text for ln in lns[start:i])
        blocks.append(Block(labels[start], text, reason, lns[start].idx))
        start = i
    return blocks


def _continues(prev: _Line, cur: _Line) -> bool:
    """True when ``cur`` is the hard-wrapped continuation of ``prev``."""
    return cur.idx == prev.idx + 1 and cur.text[0].islower() and prev.text[-1] not in ".!?:"
