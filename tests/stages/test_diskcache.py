"""The actor dictionary kept on disk: written once, read back, keyed by its sources."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tidings.errors import ConfigError
from tidings.stages import actordict, diskcache


def _build(extra: tuple[str, ...] = ()) -> actordict.ActorDictionary:
    return actordict._load.__wrapped__(extra, True)  # past the per-process cache


def _files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "tidings").glob("actors-*.pickle"))


def test_the_dictionary_is_written_once_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = _build()
    [path] = _files(tmp_path)
    stamp = path.stat().st_mtime_ns
    again = _build()
    assert path.stat().st_mtime_ns == stamp  # read, not rewritten
    assert again is not built and again.state("IRN") == built.state("IRN")
    assert list(again.match(["iran"], 0)) == list(built.match(["iran"], 0))  # the name index too


def test_an_edited_user_file_is_another_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    user = tmp_path / "mine.yaml"
    entry = {"id": "doc:x", "name": "Zorblan Front", "kind": "armed_group", "country": "KEN", "sector": "REB"}
    user.write_text(yaml.safe_dump({"actors": [entry]}), "utf-8")
    assert _build((str(user),)).actors["doc:x"].name == "Zorblan Front"
    user.write_text(yaml.safe_dump({"actors": [entry | {"name": "Zorblan Army"}]}), "utf-8")
    assert _build((str(user),)).actors["doc:x"].name == "Zorblan Army"
    assert len(_files(tmp_path / "cache")) == 2


def test_a_bad_user_file_is_refused_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    user = tmp_path / "bad.yaml"
    user.write_text("actors: [unclosed", "utf-8")
    with pytest.raises(ConfigError, match=r"bad\.yaml: not valid YAML"):
        _build((str(user),))
    assert not _files(tmp_path / "cache")


@pytest.mark.parametrize("damage", [b"", b"not a pickle"])
def test_a_corrupt_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _build()
    [path] = _files(tmp_path)
    path.write_bytes(damage)
    assert _build().state("IRN").name == "Iran"
    assert isinstance(diskcache.read(path, actordict.ActorDictionary), actordict.ActorDictionary)  # rewritten


def test_an_unwritable_cache_leaves_the_dictionary_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert _build().state("IRN").name == "Iran"
