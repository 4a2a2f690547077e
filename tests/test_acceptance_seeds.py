"""Acceptance: the two seed pages, ingested end to end into a real database.

Facts checked were decided by reading the pages:

* 000 (blog post): title "Iran Starts Recruitment Drive for Syria"; the
  report runs from "A public recruitment drive ..." to the Jokar quote ending
  "... must be destroyed in the region"; "My Take:" opens the author's own
  commentary (four paragraphs); from "Leave a Reply" on, everything is the
  WordPress comment form.
* 001 (news-site copy of a WSJ report): the article runs from the
  "BEIRUT--" dateline paragraph to "... sends Mr. Assad regular updates of
  their findings."; the deck "Commanders and Hundreds of Elite Soldiers ..."
  belongs to the article; the first line glues a section name to the title;
  from "Latest news" on, it is headline lists and teasers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.records import Article
from tidings.stages.normalize import normalize_line
from tidings.store import open_store

BLOG = "000_060b5fdd22268dd8.txt"
WSJ = "001_679cfeae917c6907.txt"


def _lines(path: Path) -> list[str]:
    return [normalize_line(x) for x in path.read_text(encoding="utf-8").split("\n") if x.strip()]


def _between(lines: list[str], first: str, last: str | None) -> list[str]:
    start = next(i for i, x in enumerate(lines) if x.startswith(first))
    end = next(i for i, x in enumerate(lines) if x.startswith(last)) if last else len(lines) - 1
    return lines[start : end + 1]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds not present")
    db = str(tmp_path_factory.mktemp("seeds") / "seeds.db")
    result = CliRunner().invoke(main, ["run", str(seeds), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    assert "2 stored" in result.output
    out = {}
    with open_store(db, readonly=True) as store:
        for doc_id in store.iter_ids():
            art = store.get_article(doc_id)
            assert art.source is not None
            out[Path(store.sightings(doc_id)[0]["input"]).name] = art
    out["_dir"] = seeds  # type: ignore[assignment]
    return out


def _kept(art: Article, label: str) -> list[str]:
    return [art.segment_text(s) for s in art.segments if s.label == label]


def test_blog_title_and_report_paragraphs(stored: dict[str, Article]) -> None:
    art = stored[BLOG]
    lines = _lines(stored["_dir"] / BLOG)  # type: ignore[operator]
    assert art.title == "Iran Starts Recruitment Drive for Syria"
    assert _kept(art, "title") == ["Iran Starts Recruitment Drive for Syria"]
    report = _between(lines, "A public recruitment drive", '"Today our main war front')
    assert _kept(art, "body") == report
    assert art.language == "en"


def test_blog_commentary_is_labelled_apart_from_reporting(stored: dict[str, Article]) -> None:
    art = stored[BLOG]
    lines = _lines(stored["_dir"] / BLOG)  # type: ignore[operator]
    commentary = _between(lines, "My Take:", "However if Khamenei")
    assert commentary[0] == "My Take:"
    assert len(commentary) == 5
    assert _kept(art, "commentary") == commentary
    # Reporting comes first, commentary after it, in page order.
    first_comment = min(s.start for s in art.segments if s.label == "commentary")
    assert all(s.end < first_comment for s in art.segments if s.label == "body")


def test_blog_comment_form_is_removed(stored: dict[str, Article]) -> None:
    art = stored[BLOG]
    lines = _lines(stored["_dir"] / BLOG)  # type: ignore[operator]
    form = _between(lines, "Leave a Reply", None)
    assert "Connecting to %s" in form[-1]
    removed = [r.text for r in art.removed]
    for line in form:
        assert line not in art.text
        assert line in removed
    assert all(r.at == len(art.text) for r in art.removed)


def test_news_copy_keeps_every_article_paragraph(stored: dict[str, Article]) -> None:
    art = stored[WSJ]
    lines = _lines(stored["_dir"] / WSJ)  # type: ignore[operator]
    assert art.title == "Iran said to send troops to bolster Syria"
    article = _between(lines, "BEIRUT", "Iran's ambassador to Syria said recently")
    assert article[-1].endswith("sends Mr. Assad regular updates of their findings.")
    assert len(article) == 26
    body = _kept(art, "body")
    positions = [body.index(p) for p in article]
    assert positions == sorted(positions), "paragraphs must stay in page order"
    assert any(p.startswith("Commanders and Hundreds of Elite Soldiers") for p in body)
    assert not _kept(art, "commentary")


def test_news_copy_boilerplate_is_removed(stored: dict[str, Article]) -> None:
    art = stored[WSJ]
    lines = _lines(stored["_dir"] / WSJ)  # type: ignore[operator]
    tail = _between(lines, "Latest news", None)
    assert tail[-1] == "Recommended to you"
    removed = {r.text for r in art.removed}
    for line in tail:
        assert line in removed, line
        assert line not in art.text
    # The navigation line glued to the title is not article text.
    assert lines[0] in removed
    assert lines[0] not in art.text


def test_offsets_point_into_the_stored_text(stored: dict[str, Article]) -> None:
    for name in (BLOG, WSJ):
        art = stored[name]
        for a, b in zip(art.segments, art.segments[1:], strict=False):
            assert a.end <= b.start
        assert art.segments[0].label == "title"
        assert art.segments[0].start == 0
        assert "\u2019" not in art.text and "\u201c" not in art.text  # quotes normalised
