"""Plain-text cleaner: split a page's text into title, body, commentary and boilerplate.

Input is page text normalised by :func:`tidings.stages.normalize.normalize_text`
(one paragraph or page element per line, as in WET records). Output is a list
of :class:`Block` in page order. Nothing is dropped: boilerplate comes back
labelled with the id of the rule that removed it.

Three passes of general rules (cue phrases live in ``data/boilerplate.yaml``):

1. **Line rules.** Features (word count, share of English function words,
   sentence end, symbols, table pipes) and cue phrases (comment forms, log-in
   prompts, share bars, cookie notices, legal lines, menus) decide whether a
   line is *kept* (running prose), *removed*, or left *open* (short lines).
2. **Context rules.** Nearby repeats, glued copies of a neighbour and
   truncated teasers are removed; a headline-list header ("Latest news",
   "Related") or comment-form header ("Leave a Reply") removes what follows
   until prose resumes; dense runs of lines cut from one template, and menus
   before the first or after the last paragraph, are removed; every other
   open line is kept unless the nearest evidence on both sides is boilerplate.
3. **Structure.** The title is the line matching ``title_hint``, else the
   first headline-like line before the first paragraph. A commentary heading
   ("My Take:", "Editor's note:") after the first paragraph turns the kept
   paragraphs after it into commentary until boilerplate begins.

No I/O apart from reading the bundled cue list once, at import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

VERSION = "1"

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


def _pattern(phrases: Sequence[str]) -> str:
    """Regex alternation of phrases; any non-word run may separate their words."""
    alts = []
    for phrase in sorted(map(str, phrases), key=len, reverse=True):
        alt = r"[\W_]*".join(re.escape(w.rstrip(":")) for w in phrase.split())
        alts.append(alt.replace("'", "['’]?") + (r"\s*:" if phrase.endswith(":") else ""))
    return "(?i:" + "|".join(alts) + ")"


def _load_cues() -> dict[str, Any]:
    raw = resources.files("tidings").joinpath("data/boilerplate.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    if not isinstance(data, dict):  # pragma: no cover - packaging error
        raise RuntimeError("tidings/data/boilerplate.yaml is not a mapping")
    return data


_CUES = _load_cues()
_STOP = frozenset(_CUES["stopwords"].split())
_STOP_ANY_CASE = _STOP | {w.capitalize() for w in _STOP} | {w.upper() for w in _STOP}
_STRONG = _Phrases(_CUES["strong"])
_STRONG_MAX = int(_CUES["strong_max_words"])
_SHORT = _Phrases(_CUES["short"])
_SHORT_MAX = int(_CUES["short_max_words"])
_BUTTONS = {str(w): reason for reason, words in _CUES["buttons"].items() for w in words}
_STARTS = [
    (re.compile(r"^[\W_]*" + _pattern(phrases) + r"(?!\w)"), reason)
    for reason, phrases in _CUES["starts"].items()
]
_COMMENTARY = _pattern(_CUES["commentary_headings"])
_COMMENTARY_INLINE = re.compile(r"^" + _COMMENTARY + r"\s*[:\-–—]\s+\S")
_LISTS = [str(p) for p in _CUES["list_headers"]]
# Section headings, one regex with a group per kind, tried in this order:
# - a commentary heading is the whole line ("My Take:");
# - a list header is the whole line, or is followed by ":"/"|"/">" and a
#   headline ("Related: ..."), or is glued to a capitalised word ("You might
#   also likeRELATED"), or names a source ("More from World");
# - a comment-form header ("Leave a Reply", "12 Comments") is the whole line.
_HEADER = re.compile(
    r"^(?:(?P<commentary_heading>" + _COMMENTARY + r"[\s:.\-–—]*$)|[\W\d_]*(?:"
    r"(?P<list_header>" + _pattern(_LISTS) + r"(?:[\W_]*$|\s*[:|>]|(?=[A-Z])"
    r"|\s+(?i:from|on|in|about|at)\b)"
    r"|"
    + _pattern([p for p in _LISTS if p.endswith((" from", " on", " in"))])
    + r"(?:[\W_]+\w+){1,4}[\W_]*$)"
    r"|(?P<form_header>" + _pattern(_CUES["form_headers"]) + r"[\W_]*$)))"
)
# The header and line-start regexes run only on lines starting with one of these.
_HEADER_FIRST = frozenset(
    _tokenize(str(p))[0]
    for key in ("commentary_headings", "list_headers", "form_headers")
    for p in _CUES[key]
)
_STARTS_FIRST = frozenset(_tokenize(str(p))[0] for ps in _CUES["starts"].values() for p in ps)
# "By Jane Doe", "BY JANE DOE, Reuters", "By Jane Doe and John Roe | Staff"
_BYLINE = re.compile(r"^(?:By|BY)\s+(?:[A-Z][\w.'’-]*\s*){1,4}(?:(?:,|and\b|&|\|)\s*.{0,60})?$")
# Unfilled page-template slots: "Connecting to %s", "Hi {SUB NAME}", "{{user}}".
_TEMPLATE = re.compile(r"%[sd]\b|\{\{.*?\}\}|\{[A-Z][A-Z _]{2,}\}")

# --------------------------------------------------------------------------
# Line features.

_DECORATION = "|-*•>#_=~+ \t"  # borders, bullets and rules say nothing about a line
_SENTENCE_END = frozenset(".!?\"')")
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


class _Line:
    """One non-empty line and its features (computed once, read by every rule)."""

    __slots__ = ("closed", "core", "idx", "nw", "score", "stop", "teaser", "text", "toks")

    def __init__(self, idx: int, text: str) -> None:
        self.idx = idx
        self.text = text
        core = self.core = text.strip(_DECORATION) or text
        tail = core[-30:]
        self.teaser = ("..." in tail or "…" in tail) and _TEASER.search(tail) is not None
        self.closed = core[-1] in _SENTENCE_END and not self.teaser
        parts = core.split(None, _STRONG_MAX)
        if len(parts) > _STRONG_MAX:
            # A long line: no cue applies, and its first words split at spaces
            # give the function-word share (several times cheaper than words).
            self.toks = parts[:_STRONG_MAX]
            self.nw = core.count(" ") + 1
            self.stop = sum(map(_STOP_ANY_CASE.__contains__, self.toks)) / _STRONG_MAX
            self.score = self._score(symbolic=False)
            return
        toks = self.toks = _tokenize(core)
        nw = self.nw = len(toks)
        self.stop = sum(map(_STOP.__contains__, toks)) / nw if nw else 0.0
        other = len(core) - sum(map(len, toks)) - core.count(" ")
        if other > 0.25 * len(core) and _DIGIT.search(core):
            other -= len(_DIGIT.findall(core))
        self.score = self._score(symbolic=other > 0.25 * len(core))

    def _score(self, symbolic: bool) -> int:
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
        return score - 1 if symbolic else score


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
        reason = _STRONG.find(ln.toks) or ("legal" if "©" in text else None)
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


def _mark_duplicates(lines: list[_Line], dec: list[int], why: list[str]) -> None:
    """Remove repeats, glued copies of a neighbour and truncated teasers of another line."""
    seen: dict[str, int] = {}
    by_start: dict[str, list[int]] = {}
    n = len(lines)
    for i, ln in enumerate(lines):
        text = ln.text
        if ln.nw >= 5:
            if i - seen.get(text, -_DUP_WINDOW - 1) <= _DUP_WINDOW:
                dec[i], why[i] = _ZONE, "duplicate"
            seen[text] = i
        by_start.setdefault(ln.core[:24].lower(), []).append(i)
        # "Section NameHeadline" glued beside "Headline" (or the reverse).
        for j in (i - 1, i + 1):
            if not (0 <= j < n and len(lines[j].text) < len(text) and lines[j].nw >= 3):
                continue
            other = lines[j].text
            if text.startswith(other):
                rest = text[len(other) :]
            elif text.endswith(other):
                rest = text[: -len(other)]
            else:
                continue
            if len(rest) < 30 or not (rest[0].isspace() or rest[-1].isspace()):
                dec[i], why[i] = _ZONE, "glued-duplicate"
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


def _paragraph(ln: _Line) -> bool:
    """A full paragraph of running text (not a headline, not a teaser)."""
    return ln.closed and ln.nw >= 12 and ln.stop >= 0.2


def _link_like(ln: _Line) -> bool:
    """A menu entry: a few words, no sentence end, not a numbered item, field or address."""
    core = ln.core
    return (
        ln.nw <= 4
        and not ln.closed
        and not core[0].isdigit()
        and ":" not in core  # "Label: value" lines (credits, profiles) are data
        and "@" not in core
    )


def _mark_sections(lines: list[_Line], dec: list[int], why: list[str]) -> None:
    """After a headline-list or comment-form header, remove lines until prose resumes.

    Prose resumes with two paragraphs in a row, or one long one: the items of
    a headline list may carry a one-paragraph summary each; an article does
    not stop after one paragraph.
    """
    mode = ""
    n = len(lines)
    for i, ln in enumerate(lines):
        if why[i] in _SECTION_START:
            if 0 < i < n - 1 and _link_like(lines[i - 1]) and _link_like(lines[i + 1]):
                dec[i], why[i], mode = _DROP, "navigation", ""  # "Home/Latest/World" menu
            else:
                mode = why[i] = _SECTION_START[why[i]]
        elif mode:
            if (dec[i] == _KEEP and _paragraph(ln)) and (
                ln.nw >= 40 or (i + 1 < n and _paragraph(lines[i + 1]))
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


# --------------------------------------------------------------------------
# Pass 3: title and commentary.

# Reasons a title candidate cannot have.
_NOT_TITLE = frozenset(
    ("no-words", "duplicate", "glued-duplicate", "truncated-duplicate", "table", "template", "byline")
).union(_SECTION_START.values(), _CUES["strong"], _CUES["short"], _CUES["buttons"], _CUES["starts"])


def _key(text: str) -> str:
    return " ".join(_tokenize(text))


def _hint_keys(hint: str) -> list[str]:
    """The hint, then its parts ("Headline | Site", "Headline - Site")."""
    parts = [hint, *re.split(r"\s+[|\-–—:·»]+\s+", hint)]
    keys = [_key(p) for p in parts if len(p.split()) >= 2 or p is hint]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def _find_title(lines: list[_Line], why: list[str], hint: str | None) -> int:
    """Index (into ``lines``) of the title line, or -1."""
    for want in _hint_keys(hint) if hint else ():
        for i, ln in enumerate(lines):
            near = abs(len(ln.text) - len(want)) < 20  # cheap test before tokenizing
            if near and why[i] not in _NOT_TITLE and _key(ln.text) == want:
                return i
    for i, ln in enumerate(lines[:40]):
        if why[i] == "prose" and _paragraph(ln):
            break  # the title comes before the first paragraph
        text = ln.core
        if (
            why[i] not in _NOT_TITLE
            and 3 <= ln.nw <= 25
            and (text[0].isupper() or text[0].isdigit())
            and text[-1] not in ".,;:"
            and not ln.teaser
        ):
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
        elif _COMMENTARY_INLINE.match(ln.text):
            labels[i], why[i] = COMMENTARY, "commentary-cue"
        elif why[i] == "prose":
            seen_body = True


def _label(lines: list[_Line], title_hint: str | None) -> tuple[list[str], list[str]]:
    """Label and reason for each line of ``lines``."""
    rules = [_line_rule(ln) for ln in lines]
    dec = [d for d, _ in rules]
    why = [r for _, r in rules]
    _mark_duplicates(lines, dec, why)
    _mark_sections(lines, dec, why)
    _mark_templates(lines, dec, why)
    _mark_navigation(lines, dec, why)
    _resolve_open(dec, why)
    labels = [BODY if d == _KEEP else BOILERPLATE for d in dec]
    if (t := _find_title(lines, why, title_hint)) >= 0:
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
        >>> classify_lines(["Leave a Reply", "", "The army said ten people died in the attack."])
        [False, False, True]
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
