"""Extraction evaluation harness: scoring, gold parsing and one real-data floor."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from tidings.evaluation.extraction import (
    aggregate,
    decode_html,
    default_eval_root,
    evaluate_html,
    evaluate_lines,
    gold_html_to_text,
    page_pr,
    parse_cleaneval_gold,
    shingles,
    strip_text_wrapper,
    trafilatura_extractor,
    write_table,
)

# ---------------------------------------------------------------- shingles


def test_shingles_are_lowercased_unicode_word_4grams() -> None:
    assert shingles("Él dijo: ¡Hola, mundo! Adiós") == Counter(
        {("él", "dijo", "hola", "mundo"): 1, ("dijo", "hola", "mundo", "adiós"): 1}
    )


def test_shingles_count_repeats() -> None:
    assert shingles("a b c d a b c d") == Counter(
        {("a", "b", "c", "d"): 2, ("b", "c", "d", "a"): 1, ("c", "d", "a", "b"): 1,
         ("d", "a", "b", "c"): 1}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", Counter()), (" ... !! ", Counter()), ("Two words", Counter({("two", "words"): 1}))],
)
def test_short_texts(text: str, expected: Counter[tuple[str, ...]]) -> None:
    assert shingles(text) == expected


def test_shingle_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        shingles("a b", n=0)


# ---------------------------------------------------------------- page scores


def test_identical_texts_score_one_whatever_the_spacing_and_case() -> None:
    assert page_pr("The cat sat on the mat.", "the  cat\nsat on THE mat") == (1.0, 1.0)


def test_disjoint_texts_score_zero() -> None:
    assert page_pr("one two three four five", "six seven eight nine ten") == (0.0, 0.0)


def test_partial_overlap_by_hand() -> None:
    # pred: a b c d e f -> abcd bcde cdef (3); gold: a b c d e x y -> abcd bcde cdex dexy (4)
    # common: abcd, bcde (2) -> P = 2/3, R = 2/4
    precision, recall = page_pr("a b c d e f", "a b c d e x y")
    assert precision == pytest.approx(2 / 3)
    assert recall == pytest.approx(0.5)


def test_multiset_counting_penalises_duplicated_text() -> None:
    # pred repeats the gold sentence: abcd twice, bcda, cdab, dabc (5); gold: abcd (1)
    precision, recall = page_pr("a b c d a b c d", "a b c d")
    assert precision == pytest.approx(1 / 5)
    assert recall == 1.0


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        ("", "", (1.0, 1.0)),
        ("  --  ", "", (1.0, 1.0)),  # no tokens on either side
        ("", "some gold text here", (0.0, 0.0)),
        ("some predicted text here", "", (0.0, 0.0)),
    ],
)
def test_empty_cases(pred: str, gold: str, expected: tuple[float, float]) -> None:
    assert page_pr(pred, gold) == expected


# ---------------------------------------------------------------- aggregation


def test_aggregate_is_macro_over_pages_with_f1_of_the_averages() -> None:
    result = aggregate([(1.0, 0.5), (0.5, 0.5), (0.0, 0.2)])
    assert result["pages"] == 3
    assert result["precision"] == pytest.approx(0.5)
    assert result["recall"] == pytest.approx(0.4)
    assert result["f1"] == pytest.approx(2 * 0.5 * 0.4 / 0.9)


def test_macro_average_weighs_short_and_long_pages_alike() -> None:
    short = ("a b c d", "a b c d")  # 1 shingle, all right
    long_pred = " ".join(f"w{i}" for i in range(103))  # 100 shingles, none right
    long_gold = " ".join(f"g{i}" for i in range(103))
    result = aggregate([page_pr(*short), page_pr(long_pred, long_gold)])
    assert result["precision"] == pytest.approx(0.5)  # micro would give 1/101
    assert result["recall"] == pytest.approx(0.5)


def test_aggregate_of_nothing_and_of_all_zero() -> None:
    assert aggregate([]) == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "pages": 0}
    assert aggregate([(0.0, 0.0)])["f1"] == 0.0


# ---------------------------------------------------------------- reading gold and input


def test_cleaneval_gold_markers_url_and_entities() -> None:
    gold = (
        "\nURL: http://news.example/a&quot;b\n"
        "<h>Minister&#8217;s visit\n \n"
        "<p>The minister arrived on\n Monday &amp; met the\n  press.\n\n"
        "<l>First item</p>\n"
        "<p>Write &lt;p&gt; to start.\n"
    )
    text, url = parse_cleaneval_gold(gold)
    assert url == "http://news.example/a&quot;b"
    assert text.split("\n") == [
        "Minister’s visit",
        "The minister arrived on Monday & met the press.",
        "First item",
        "Write <p> to start.",
    ]


def test_cleaneval_gold_without_url_line() -> None:
    assert parse_cleaneval_gold("<p>Just text") == ("Just text", None)


def test_cleaneval_gold_comment_only_means_no_article() -> None:
    gold = "\nURL: http://x.example/\n\n<!-- this page contains no article -->\n"
    assert parse_cleaneval_gold(gold) == ("", "http://x.example/")


def test_text_wrapper_is_stripped_and_its_url_unescaped() -> None:
    page = '\n<text id="http://x.example/?a=1&amp;b=2" title="" encoding="utf-8">\n<html>hi</html>\n</text>\n'
    html, url = strip_text_wrapper(page)
    assert url == "http://x.example/?a=1&b=2"
    assert html.strip() == "<html>hi</html>"
    assert strip_text_wrapper("<html><textarea>x</textarea></html>") == (
        "<html><textarea>x</textarea></html>",
        None,
    )


def test_readability_gold_html_to_text_separates_blocks() -> None:
    markup = (
        '<div id="readability-page-1" class="page"><section>'
        "<h2>Head</h2><p>One <a href='#'>linked</a> word<br>next line</p>"
        "<ul><li>first</li><li>second</li></ul><table><tr><td>c1</td><td>c2</td></tr></table>"
        "<script>var x = 1;</script><p>Tail &amp; end</p></section></div>"
    )
    assert gold_html_to_text(markup).split("\n") == [
        "Head",
        "One linked word",
        "next line",
        "first",
        "second",
        "c1",
        "c2",
        "Tail & end",
    ]
    assert gold_html_to_text("") == ""
    assert gold_html_to_text("<!-- nothing -->") == ""


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Caf\u00e9 \u2019".encode(), "Caf\u00e9 \u2019"),
        # declared windows-1252 label read as browsers do
        (b'<meta charset="iso-8859-1">Caf\xe9 \x92', '<meta charset="iso-8859-1">Caf\u00e9 \u2019'),
        # valid UTF-8 wins over a wrong declaration
        ('<meta charset="gb2312">\u00e9'.encode(), '<meta charset="gb2312">\u00e9'),
        # declared UTF-8 with a stray byte: replacement, no exception
        (b'<meta charset="utf-8">ok \x92 ok', '<meta charset="utf-8">ok \ufffd ok'),
        (b"\xef\xbb\xbfbom", "bom"),
    ],
)
def test_decode_html(data: bytes, expected: str) -> None:
    assert decode_html(data) == expected


def test_evaluate_html_on_a_tiny_set(tmp_path: Path) -> None:
    base = tmp_path / "mini"
    (base / "input").mkdir(parents=True)
    (base / "gold").mkdir()
    page = (
        '<text id="http://x.example/1">\n'
        "<html><body><p>alpha beta gamma delta epsilon</p></body></html>\n</text>"
    )
    (base / "input" / "p1.html.gz").write_bytes(gzip.compress(page.encode()))
    (base / "gold" / "p1.txt").write_text("URL: http://x.example/1\n<p>alpha beta gamma delta\n")
    (base / "input" / "p2.html.gz").write_bytes(gzip.compress(b"<html><p>zeta</p></html>"))
    (base / "gold" / "p2.html.gz").write_bytes(gzip.compress(b"<div><p>eta theta</p></div>"))
    seen: list[str | None] = []

    def echo_body(html: str, url: str | None) -> str:
        seen.append(url)
        return html.split("<p>", 1)[1].split("</p>", 1)[0]

    def fails(html: str, url: str | None) -> str:
        raise RuntimeError("boom")

    result = evaluate_html(tmp_path, {"echo": echo_body, "fails": fails}, sets=["mini"])
    assert seen == ["http://x.example/1", None]
    echo = result["mini"]["echo"]
    # p1: pred 2 shingles, gold 1, common 1 -> (0.5, 1); p2: disjoint -> (0, 0)
    assert (echo["pages"], echo["precision"], echo["recall"]) == (2, 0.25, 0.5)
    assert result["all"]["echo"]["f1"] == pytest.approx(echo["f1"])
    assert result["mini"]["fails"]["errors"] == 2
    assert result["mini"]["fails"]["empty"] == 2
    assert "RuntimeError: boom" in result["mini"]["fails"]["first_error"]
    json.dumps(result)  # serialisable


# ---------------------------------------------------------------- line classification


def test_evaluate_lines_micro_keep_class(tmp_path: Path) -> None:
    folder = tmp_path / "turku-line-quality-en"
    folder.mkdir()
    docs = [
        {"text": ["Home | About", "Real sentence one.", "Real sentence two."],
         "labels": ["0", "1", "1"]},
        {"text": ["Cookie policy", "Another real line.", "Share this"],
         "labels": ["0", "1", "0"]},
    ]  # fmt: skip
    (folder / "dev.json").write_text(json.dumps(docs))

    def keep_long(lines: Sequence[str]) -> list[bool]:
        return [len(line) > 12 for line in lines]

    result = evaluate_lines(tmp_path, keep_long)
    # kept: the three real lines (TP 3) and "Cookie policy", 13 characters (FP 1);
    # dropped: "Home | About" and "Share this" (TN 2); no keep line dropped (FN 0)
    assert result["true_keep"] == 3
    assert result["predicted_keep"] == 4
    assert result["gold_keep"] == 3
    assert result["precision"] == pytest.approx(3 / 4)
    assert result["recall"] == 1.0
    assert result["f1"] == pytest.approx(2 * 0.75 / 1.75)
    assert result["accuracy"] == pytest.approx(5 / 6)
    assert (result["documents"], result["lines"]) == (2, 6)


def test_evaluate_lines_rejects_a_classifier_that_drops_lines(tmp_path: Path) -> None:
    folder = tmp_path / "turku-line-quality-en"
    folder.mkdir()
    (folder / "dev.json").write_text(json.dumps([{"text": ["a", "b"], "labels": ["1", "0"]}]))
    with pytest.raises(ValueError, match="1 labels for 2 lines"):
        evaluate_lines(tmp_path, lambda lines: [True])


def test_write_table_lists_every_set_and_extractor() -> None:
    numbers = {"precision": 0.9, "recall": 0.8, "f1": 0.85, "pages": 3, "empty": 0,
               "errors": 0, "first_error": None, "seconds": 0.3, "ms_per_page": 100.0}  # fmt: skip
    report = {
        "root": "/eval",
        "html": {"setA": {"x": numbers}, "all": {"x": numbers}},
        "lines": None,
    }
    out = io.StringIO()
    write_table(report, out)
    text = out.getvalue()
    assert "setA" in text and "0.850" in text and "100.0" in text


def test_default_eval_root_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "extraction" / "cleanportaleval").mkdir(parents=True)
    monkeypatch.setenv("TIDINGS_EVAL_DIR", str(tmp_path))
    assert default_eval_root() == tmp_path / "extraction"
    monkeypatch.setenv("TIDINGS_EVAL_DIR", str(tmp_path / "extraction"))
    assert default_eval_root() == tmp_path / "extraction"
    monkeypatch.setenv("TIDINGS_EVAL_DIR", str(tmp_path / "missing"))
    assert default_eval_root() is None


# ---------------------------------------------------------------- real data


@pytest.mark.eval
def test_trafilatura_on_cleanportaleval_is_sane() -> None:
    """Sanity of the harness itself: the reference extractor must score well."""
    root = default_eval_root()
    if root is None or not (root / "cleanportaleval").is_dir():
        pytest.skip("extraction eval data not found (../shared/eval or TIDINGS_EVAL_DIR)")
    result = evaluate_html(root, {"trafilatura": trafilatura_extractor}, sets=["cleanportaleval"])
    scores = result["cleanportaleval"]["trafilatura"]
    assert scores["pages"] == len(list((root / "cleanportaleval" / "input").glob("*.html.gz")))
    assert scores["errors"] == 0
    assert scores["f1"] > 0.8, scores
