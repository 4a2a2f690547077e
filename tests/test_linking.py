"""Stories end to end: `tidings run` on real pages, then linking, copies,
merged events, the CLI and Article.to_dict()."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import linking
from tidings.cli import main
from tidings.errors import ConfigError
from tidings.store import open_store

PAGES = Path(__file__).parent / "fixtures" / "story_pages.jsonl"


def _run(db: str, *paths: str) -> str:
    result = CliRunner().invoke(main, ["run", *paths, "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    """A database of the four fixture pages after `tidings run`; url -> doc id."""
    db = str(tmp_path_factory.mktemp("stories") / "t.db")
    output = _run(db, str(PAGES))
    assert "stories    4 documents placed, 2 new stories, 1 copies" in output
    with open_store(db, readonly=True) as store:
        ids = dict(store.conn.execute("SELECT url, id FROM documents").fetchall())
    return db, {url.rsplit("/", 1)[1]: doc for url, doc in ids.items()}


def test_reports_of_one_happening_form_one_story_and_copies_chain(linked) -> None:
    db, ids = linked
    with open_store(db, readonly=True) as store:
        rows = {r[0]: r[1:] for r in store.conn.execute(
            "SELECT doc_id, story_id, copy_of, copy_similarity FROM story_documents")}  # fmt: skip
        wire, copy, toll, protest = (
            ids["idlib-strike"],
            ids["idlib-market-strike"],
            ids["idlib-airstrike-toll"],
            ids["nairobi-fuel-protest"],
        )
        assert rows[wire][0] == rows[copy][0] == rows[toll][0] == wire
        assert rows[protest][0] == protest
        assert rows[copy][1] == wire and rows[copy][2] >= 0.6  # the syndicated copy points to the wire story
        assert rows[toll][1] is None
        story = store.conn.execute("SELECT * FROM stories WHERE id = ?", (wire,)).fetchone()
        # three documents, two independent sources: the copy counts with the story it copies
        assert (story["documents"], story["sources"]) == (3, 2)
        assert (story["first_seen"], story["last_seen"]) == ("2024-03-04", "2024-03-05")
        start, end = story["sentence_start"], story["sentence_end"]
        text = store.conn.execute(
            "SELECT text FROM documents WHERE id = ?", (story["sentence_doc"],)
        ).fetchone()[0]
        assert text[start:end] == story["sentence"] and "Idlib" in story["sentence"]
        assert "Idlib" in [p["name"] for p in json.loads(story["places"])]


def test_the_strike_is_one_merged_event_contested_on_its_death_toll(linked) -> None:
    db, ids = linked
    with open_store(db, readonly=True) as store:
        merged = store.conn.execute(
            "SELECT * FROM merged_events WHERE type = 'ASSAULT' AND articles = 3"
        ).fetchall()
        assert len(merged) == 1
        m = merged[0]
        assert (m["sources"], m["place"], m["date"]) == (2, "Idlib", "2024-03-04")
        assert m["first_doc"] == ids["idlib-strike"]
        assert m["corroboration"] == "contested"
        conflict = next(c for c in json.loads(m["conflicts"]) if c["field"] == "dead")
        assert {v[2] for v in conflict["values"]} == {"12", "15"}
        # every mention points at a stored event of the same type
        for doc_id, idx in store.conn.execute(
            "SELECT doc_id, idx FROM merged_event_mentions WHERE merged_id = ?", (m["id"],)
        ):
            ev = store.conn.execute(
                "SELECT type FROM events WHERE doc_id=? AND idx=?", (doc_id, idx)
            ).fetchone()
            assert ev["type"] == "ASSAULT"
        article = store.get_article(ids["idlib-airstrike-toll"])
    story = article.to_dict()["story"]
    assert story["story_id"] == ids["idlib-strike"] and story["copy_of"] is None
    assert any(x["merged_id"] == m["id"] for x in story["merged"])


def test_a_later_run_places_new_pages_in_existing_stories(linked, tmp_path: Path) -> None:
    db, ids = linked
    db2 = str(tmp_path / "again.db")
    shutil.copy(db, db2)
    page = {
        "url": "https://other.example/nairobi-tear-gas",
        "source": "other.example",
        "published": "2024-03-06",
        "title": "Police fire tear gas at Nairobi fuel tax protest",
        "text": "Police fire tear gas at Nairobi fuel tax protest\n\nKenyan police fired tear gas at "
        "thousands of protesters who marched in Nairobi against fuel taxes and rising petrol prices "
        "on Tuesday.",
    }
    extra = tmp_path / "more.jsonl"
    extra.write_text(json.dumps(page) + "\n", encoding="utf-8")
    assert "stories    1 documents placed, 0 new stories" in _run(db2, str(extra))
    with open_store(db2, readonly=True) as store:
        new_id = store.conn.execute("SELECT id FROM documents WHERE url = ?", (page["url"],)).fetchone()[0]
        story = store.conn.execute(
            "SELECT story_id FROM story_documents WHERE doc_id = ?", (new_id,)
        ).fetchone()[0]
        assert story == ids["nairobi-fuel-protest"]
        assert store.conn.execute("SELECT documents, sources FROM stories WHERE id = ?", (story,)).fetchone()[
            :
        ] == (2, 2)
    # nothing new: nothing changes
    assert "stories    0 documents placed" in _run(db2, str(extra))


def test_cli_lists_stories_and_merged_events(linked) -> None:
    db, ids = linked
    runner = CliRunner()
    listed = runner.invoke(main, ["stories", "--db", db, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert {r["id"] for r in rows} == {ids["idlib-strike"], ids["nairobi-fuel-protest"]}
    shown = runner.invoke(main, ["stories", "show", ids["idlib-strike"][:10], "--db", db])
    assert shown.exit_code == 0, shown.output
    assert (
        "3 from 2 independent sources" in shown.output
        and f"copy of {ids['idlib-strike'][:12]}" in shown.output
    )
    merged = runner.invoke(main, ["events", "--merged", "--db", db, "--type", "ASSAULT", "--format", "jsonl"])
    assert merged.exit_code == 0, merged.output
    first = json.loads(merged.output.splitlines()[0])
    assert (first["articles"], first["sources"], first["corroboration"]) == (3, 2, "contested")
    bad = runner.invoke(main, ["events", "--merged", "--status", "occurred", "--db", db])
    assert bad.exit_code == 2 and "--merged does not take --status" in bad.output
    missing = runner.invoke(main, ["stories", "show", "zzzz", "--db", db])
    assert missing.exit_code == 2 and "no such story" in missing.output


def _placements(db: str) -> dict[str, tuple]:
    with open_store(db, readonly=True) as store:
        return {
            r[0]: tuple(r[1:])
            for r in store.conn.execute("SELECT doc_id, story_id, copy_of, seq FROM story_documents")
        }


def test_an_older_linker_is_named_and_relink_places_every_document_again(linked, tmp_path: Path) -> None:
    """A database linked by another version of the linker says so, and
    `tidings stories link --relink` forgets its placements and links every
    stored document again, keeping the documents and their events."""
    db, ids = linked
    db2 = str(tmp_path / "old.db")
    shutil.copy(db, db2)
    before = _placements(db2)
    with open_store(db2) as store:
        events = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        store.conn.execute("UPDATE doc_signatures SET version = 'stories/4;old'")
        store.conn.commit()
    runner = CliRunner()
    plain = runner.invoke(main, ["stories", "link", "--db", db2])
    assert plain.exit_code == 0, plain.output
    assert "0 documents placed" in plain.output
    assert "4 documents were placed by another version of the linker" in plain.output
    assert "tidings stories link --relink" in plain.output

    again = runner.invoke(main, ["stories", "link", "--relink", "--db", db2])
    assert again.exit_code == 0, again.output
    assert "4 documents placed, 2 new stories, 1 copies" in again.output
    assert "linked again: 4 earlier placements forgotten" in again.output
    assert "another version" not in again.output
    after = _placements(db2)
    # the same documents in the same stories and copy chains, in the same order
    assert {d: p[:2] for d, p in after.items()} == {d: p[:2] for d, p in before.items()}
    assert sorted(after, key=lambda d: after[d][2]) == sorted(before, key=lambda d: before[d][2])
    with open_store(db2, readonly=True) as store:
        conn = store.conn
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == events
        assert {r[0] for r in conn.execute("SELECT version FROM doc_signatures")} != {"stories/4;old"}
        assert conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM merged_events").fetchone()[0] > 0
    assert ids["idlib-strike"] in after
    # a bad embeddings mode is refused before anything is forgotten
    with open_store(db2) as store, pytest.raises(ConfigError, match="nope"):
        linking.link(store, embeddings="nope", relink=True)
    assert _placements(db2) == after
