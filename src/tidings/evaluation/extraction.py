"""Extraction evaluation: how much of a page's main text an extractor gets right.

Scoring follows the ScrapingHub article-extraction-benchmark, so numbers can be
read beside published ones (trafilatura F1 0.958 there): ``\\w+`` tokens, each
page a multiset of 4-token shingles, precision and recall per page, averaged
over pages (macro), F1 the harmonic mean of the two averages. Two deliberate
differences from the benchmark script: tokens are lowercased (case is not what
an extractor gets right or wrong); and a page where exactly one side is empty
scores P = R = 0 like any other page, where the benchmark leaves pages with an
empty prediction out of the precision average (which rewards giving up on hard
pages). Empty predictions are counted and reported beside the scores.

Data, read in place and never copied into the repository (``default_eval_root``):
``cleanportaleval`` (HTML in a CleanEval ``<text id="URL">`` wrapper, gold in
CleanEval markup), ``readability-testpages`` (gold: the expected content as
HTML) and ``turku-line-quality-en`` (plain-text lines labelled keep "1" or
boilerplate "0", scored as micro P/R/F1 of the keep class).

Run it with ``tidings eval extraction [--json]``.
"""

from __future__ import annotations

import codecs
import gzip
import html as htmllib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import lxml.etree
import lxml.html
import trafilatura

from tidings import process_html
from tidings.errors import ConfigError, InputError
from tidings.evaluation import ENV_VAR, eval_bases
from tidings.stages.normalize import normalize_line
from tidings.stages.registry import INGEST
from tidings.stages.textclean import classify_lines

Extractor = Callable[[str, str | None], str]
LineClassifier = Callable[[Sequence[str]], list[bool]]

HTML_SETS = ("cleanportaleval", "readability-testpages")
LINES_SET = "turku-line-quality-en"

_TOKEN = re.compile(r"\w+")

# ---------------------------------------------------------------- scoring


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Return the multiset of ``n``-token shingles of ``text``.

    Tokens are lowercased ``\\w+`` runs (Unicode). A text with at least one but
    fewer than ``n`` tokens gives a single shorter shingle, as in the benchmark,
    so that a very short text is not scored as empty.

    Example:
        >>> sorted(shingles("A b, c d e!").items())
        [(('a', 'b', 'c', 'd'), 1), (('b', 'c', 'd', 'e'), 1)]
    """
    if n < 1:
        raise ValueError(f"shingle size must be at least 1, got n={n}")
    tokens = [token.lower() for token in _TOKEN.findall(text)]
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_pr(pred: str, gold: str) -> tuple[float, float]:
    """Return ``(precision, recall)`` of one page's predicted text against its gold.

    Shingles are counted with multiplicity: a paragraph predicted twice but
    present once in the gold is half wrong. Edge cases: both texts empty (no
    shingle) -> ``(1.0, 1.0)``; exactly one empty -> ``(0.0, 0.0)`` (see the
    module docstring for how this differs from the benchmark).

    Example:
        >>> page_pr("one two three four five", "one two three four")
        (0.5, 1.0)
    """
    predicted, expected = shingles(pred), shingles(gold)
    n_pred, n_gold = predicted.total(), expected.total()
    if not n_pred and not n_gold:
        return 1.0, 1.0
    if not n_pred or not n_gold:
        return 0.0, 0.0
    common = (predicted & expected).total()
    return common / n_pred, common / n_gold


def aggregate(prs: Sequence[tuple[float, float]]) -> dict[str, Any]:
    """Macro-average per-page ``(precision, recall)``; F1 is their harmonic mean.

    Example:
        >>> aggregate([(1.0, 0.5), (0.5, 0.5)])
        {'precision': 0.75, 'recall': 0.5, 'f1': 0.6, 'pages': 2}
    """
    if not prs:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "pages": 0}
    p, r = sum(p for p, _ in prs) / len(prs), sum(r for _, r in prs) / len(prs)
    return {"precision": p, "recall": r, "f1": _f1(p, r), "pages": len(prs)}


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# ---------------------------------------------------------------- reading the sets

_SNIFF_BYTES = 16_384
_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z][A-Za-z0-9._:-]*)""", re.I)
# Browsers (WHATWG Encoding) read these labels as windows-1252; so do we.
_AS_CP1252 = {"ascii", "iso8859-1"}
_WRAPPER_OPEN = re.compile(r"\A\s*<text\b([^>]*)>", re.IGNORECASE)
_WRAPPER_CLOSE = re.compile(r"</text>\s*\Z", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*"([^"]*)\"""")
_CLEANEVAL_OPEN = re.compile(r"<[phl]>", re.IGNORECASE)
_CLEANEVAL_CLOSE = re.compile(r"</[phl]>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)  # "<!-- this page contains no article -->"
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "caption", "dd", "details"),
        *("dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p"),
        *("pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr"),
        "ul",
    }
)
_INVISIBLE_TAGS = ("script", "style", "noscript", "template")


@dataclass(frozen=True)
class EvalPage:
    """One evaluation page: its HTML, the expected main text and its URL if known."""

    name: str
    html: str
    gold: str
    url: str | None


def decode_html(data: bytes) -> str:
    """Decode page bytes leniently; never raises.

    Valid UTF-8 is taken as UTF-8 first: it is almost never valid by accident,
    while declarations are often wrong (one readability test page declares
    gb2312 and is UTF-8). Otherwise the charset declared in the first 16 KB
    (``<meta charset>``, ``http-equiv``, an XML or CleanEval ``encoding=``) is
    used; failing that, UTF-8 with replacement characters (some CleanEval pages
    are UTF-8 with a stray windows-1252 byte).
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(data[:_SNIFF_BYTES])
    if match:
        try:
            codec = codecs.lookup(match.group(1).decode("ascii")).name
            return data.decode("cp1252" if codec in _AS_CP1252 else codec)
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode("utf-8", errors="replace")


def strip_text_wrapper(text: str) -> tuple[str, str | None]:
    """Remove a CleanEval ``<text id="URL" ...>...</text>`` wrapper if present.

    Returns the inner HTML and the unescaped ``id`` URL (``None`` if absent).
    """
    match = _WRAPPER_OPEN.match(text)
    if not match:
        return text, None
    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
    url = htmllib.unescape(attributes.get("id", "")).strip() or None
    return _WRAPPER_CLOSE.sub("", text[match.end() :]), url


def parse_cleaneval_gold(text: str) -> tuple[str, str | None]:
    """Return ``(text, url)`` from CleanEval gold markup.

    The leading ``URL:`` line is removed and returned; annotator comments are
    dropped (a page with no article has empty gold); each ``<p>``, ``<h>`` or
    ``<l>`` marker starts a paragraph whose wrapped lines are joined; entities
    are unescaped after the markers are gone, so an escaped ``&lt;p&gt;`` in
    the text stays text.

    Example:
        >>> parse_cleaneval_gold("URL: http://x.test/a\\n<h>Title\\n<p>One\\n two &amp; three")
        ('Title\\nOne two & three', 'http://x.test/a')
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip().split("\n")
    url = None
    if lines and lines[0].startswith("URL:"):
        url = lines.pop(0)[len("URL:") :].strip() or None
    paragraphs = []
    for chunk in _CLEANEVAL_OPEN.split(_COMMENT.sub("", "\n".join(lines))):
        paragraph = " ".join(htmllib.unescape(_CLEANEVAL_CLOSE.sub(" ", chunk)).split())
        if paragraph:
            paragraphs.append(paragraph)
    return "\n".join(paragraphs), url


def gold_html_to_text(markup: str) -> str:
    """Turn expected-content HTML into text, one line per block element.

    Scripts and styles are dropped; blank lines and runs of spaces removed.

    Example:
        >>> gold_html_to_text("<div><h1>Title</h1><p>One <b>two</b></p><ul><li>a<li>b</ul></div>")
        'Title\\nOne two\\na\\nb'
    """
    if not markup.strip():
        return ""
    try:
        root = lxml.html.fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*_INVISIBLE_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def load_html_set(root: Path, name: str) -> list[EvalPage]:
    """Load the pages of one HTML set, matching ``input/X.html.gz`` to its gold.

    The gold is ``gold/X.txt`` (CleanEval markup) or ``gold/X.html.gz``
    (expected content as HTML), whichever exists. The URL comes from the
    CleanEval wrapper, else the gold's ``URL:`` line, else is ``None``.

    Raises:
        ConfigError: the set folder has no input pages, or a page has no gold.
    """
    base = root / name
    inputs = sorted((base / "input").glob("*.html.gz"))
    if not inputs:
        raise ConfigError(f"no input/*.html.gz under {base}: is {root} the extraction eval root?")
    pages = []
    for path in inputs:
        stem = path.name.removesuffix(".html.gz")
        page_html, url = strip_text_wrapper(decode_html(gzip.decompress(path.read_bytes())))
        gold_txt, gold_html = base / "gold" / f"{stem}.txt", base / "gold" / f"{stem}.html.gz"
        if gold_txt.is_file():
            gold, gold_url = parse_cleaneval_gold(decode_html(gold_txt.read_bytes()))
            url = url or gold_url
        elif gold_html.is_file():
            gold = gold_html_to_text(decode_html(gzip.decompress(gold_html.read_bytes())))
        else:
            raise ConfigError(f"{path}: no gold file {gold_txt.name} or {gold_html.name}")
        pages.append(EvalPage(name=stem, html=page_html, gold=gold, url=url))
    return pages


# ---------------------------------------------------------------- running extractors


@dataclass
class _Tally:
    """Per-page scores and costs of one extractor on one set."""

    prs: list[tuple[float, float]] = field(default_factory=list)
    seconds: float = 0.0
    empty: int = 0
    errors: int = 0
    first_error: str | None = None

    def summary(self) -> dict[str, Any]:
        pages = len(self.prs)
        return {
            **aggregate(self.prs),
            "empty": self.empty,
            "errors": self.errors,
            "first_error": self.first_error,
            "seconds": self.seconds,
            "ms_per_page": 1000 * self.seconds / pages if pages else 0.0,
        }


def evaluate_html(
    root: Path,
    extractors: Mapping[str, Extractor],
    *,
    sets: Sequence[str] = HTML_SETS,
) -> dict[str, dict[str, dict[str, Any]]]:
    """Score each extractor on each HTML set, and on all pages pooled (``"all"``).

    Every extractor sees the same pages in the same run, in turn, page by page.
    An extractor that raises on a page is scored as an empty prediction there;
    errors are counted and the first message kept.

    Returns:
        ``{set name: {extractor name: aggregate(...) + empty, errors,
        first_error, seconds, ms_per_page}}``.
    """
    if not extractors:
        raise ValueError("evaluate_html needs at least one extractor")
    pooled = {name: _Tally() for name in extractors}
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for set_name in sets:
        tallies = {name: _Tally() for name in extractors}
        for page in load_html_set(root, set_name):
            for name, extract in extractors.items():
                start = time.perf_counter()
                error = None
                try:
                    pred = extract(page.html, page.url) or ""
                except Exception as exc:  # lenient with data: one bad page must not end the run
                    pred, error = "", f"{set_name}/{page.name}: {type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - start
                score = page_pr(pred, page.gold)
                for tally in (tallies[name], pooled[name]):
                    tally.prs.append(score)
                    tally.seconds += elapsed
                    tally.empty += not _TOKEN.search(pred)
                    if error:
                        tally.errors += 1
                        tally.first_error = tally.first_error or error
        results[set_name] = {name: tally.summary() for name, tally in tallies.items()}
    results["all"] = {name: tally.summary() for name, tally in pooled.items()}
    return results


def evaluate_lines(root: Path, classify: LineClassifier, split: str = "dev") -> dict[str, Any]:
    """Score a keep/boilerplate line classifier on the Turku line-quality set.

    ``classify`` gets one document's lines at a time (so it may use context) and
    returns one ``True`` (keep) per line. Scores are micro precision, recall and
    F1 of the keep class over all lines; each is 0.0 when its denominator is 0.

    Raises:
        ConfigError: the split file is missing or malformed.
        ValueError: ``classify`` returned the wrong number of labels.
    """
    path = root / LINES_SET / f"{split}.json"
    if not path.is_file():
        raise ConfigError(f"{path} not found: split must be 'dev' or 'train' under {root}")
    documents = json.loads(path.read_text(encoding="utf-8"))
    counts: Counter[tuple[bool, bool]] = Counter()  # (predicted keep, gold keep) -> lines
    seconds = 0.0
    for index, document in enumerate(documents):
        lines, labels = document["text"], [label == "1" for label in document["labels"]]
        if len(lines) != len(labels):
            raise ConfigError(f"{path}: document {index}: {len(lines)} lines, {len(labels)} labels")
        start = time.perf_counter()
        predicted = list(classify(lines))
        seconds += time.perf_counter() - start
        if len(predicted) != len(lines):
            raise ValueError(
                f"classifier returned {len(predicted)} labels for {len(lines)} lines "
                f"(document {index} of {path})"
            )
        counts.update(zip(map(bool, predicted), labels, strict=True))
    tp, fp, fn = counts[True, True], counts[True, False], counts[False, True]
    total = counts.total()
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "split": split,
        "documents": len(documents),
        "lines": total,
        "gold_keep": tp + fn,
        "predicted_keep": tp + fp,
        "true_keep": tp,
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "accuracy": (tp + counts[False, False]) / total if total else 0.0,
        "seconds": seconds,
    }


# ---------------------------------------------------------------- the full run


def trafilatura_extractor(html: str, url: str | None) -> str:
    """The reference: ``trafilatura.extract`` with its default options."""
    return trafilatura.extract(html, url=url) or ""


def tidings_extractor(html: str, url: str | None) -> str:
    """tidings' main text: ``process_html(html, url=url).text``.

    A page tidings finds no article in (``InputError``) is an empty answer,
    scored like any other, not a failure of the run.
    """
    try:
        return process_html(html, url=url, stages=INGEST).text
    except InputError:
        return ""


def tidings_line_classifier(lines: Sequence[str]) -> list[bool]:
    """tidings' keep/boilerplate decision on raw lines, normalised as tidings stores them.

    ``normalize_line`` is ``normalize_text`` that keeps one line per line, so
    the labels stay aligned with the gold.
    """
    return classify_lines([normalize_line(line) for line in lines])


def run_extraction_eval(root: Path, *, out: TextIO) -> dict[str, Any]:
    """Evaluate tidings beside trafilatura on every set under ``root``.

    HTML sets: ``tidings_extractor`` versus ``trafilatura_extractor`` on the same
    pages in the same run; Turku lines (dev split): ``tidings_line_classifier``.
    Writes a readable table to ``out`` and returns every number
    (JSON-serialisable).

    Raises:
        ConfigError: ``root`` holds none of the evaluation sets.
    """
    sets = [name for name in HTML_SETS if (root / name).is_dir()]
    has_lines = (root / LINES_SET).is_dir()
    if not sets and not has_lines:
        raise ConfigError(f"no evaluation sets under {root}; set {ENV_VAR} to the eval folder")
    extractors = {"tidings": tidings_extractor, "trafilatura": trafilatura_extractor}
    report = {
        "root": str(root),
        "html": evaluate_html(root, extractors, sets=sets) if sets else {},
        "lines": evaluate_lines(root, tidings_line_classifier) if has_lines else None,
    }
    write_table(report, out)
    return report


_HEAD = "{:<22} {:<12} {:>5} {:>6} {:>6} {:>6} {:>5} {:>6} {:>8} {:>8}\n"
_ROW = (
    "{set:<22} {name:<12} {pages:>5} {precision:>6.3f} {recall:>6.3f} {f1:>6.3f} {empty:>5} "
    "{errors:>6} {seconds:>8.2f} {ms_per_page:>8.1f}\n"
)


def write_table(report: Mapping[str, Any], out: TextIO) -> None:
    """Write ``run_extraction_eval``'s numbers as a plain-text table."""
    out.write(f"Extraction evaluation ({report['root']})\n\n")
    out.write(
        _HEAD.format("set", "extractor", "pages", "P", "R", "F1", "empty", "errors", "total s", "ms/page")
    )
    for set_name, by_extractor in report["html"].items():
        for name, m in by_extractor.items():
            out.write(_ROW.format(set=set_name, name=name, **m))
    for name, m in report["html"].get("all", {}).items():
        if m["first_error"]:
            out.write(f"  first error of {name}: {m['first_error']}\n")
    if lines := report["lines"]:
        out.write(
            f"\nLines ({LINES_SET}/{lines['split']}): {lines['documents']} documents, "
            f"{lines['lines']} lines; keep class P {lines['precision']:.3f} "
            f"R {lines['recall']:.3f} F1 {lines['f1']:.3f}; accuracy {lines['accuracy']:.3f}; "
            f"{lines['seconds']:.2f} s\n"
        )


def default_eval_root() -> Path | None:
    """Find the extraction eval folder, or ``None`` if it is absent.

    ``$TIDINGS_EVAL_DIR`` wins when set (it may name the shared ``eval`` folder
    or its ``extraction`` subfolder); otherwise ``../shared/eval/extraction``
    beside the repository checkout, then beside the working directory.
    """
    candidates = [c for base in eval_bases() for c in (base / "extraction", base)]
    for candidate in candidates:
        if any((candidate / name).is_dir() for name in (*HTML_SETS, LINES_SET)):
            return candidate
    return None
