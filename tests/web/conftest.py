"""Fixtures of the web tests: a database made by the real pipeline from the
bundled samples, the seeds and hostile pages (once per session), a served
app on a free local port, and a Chromium page that leaves a screenshot in
``tests/artifacts/`` when a test fails."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
SEEDS = Path(os.environ.get("TIDINGS_SHARED_DIR", REPO.parent / "shared")) / "seeds"


@pytest.fixture(scope="session")
def ingested_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The samples, the seeds (when ../shared is there) and the hostile pages,
    through ``tidings.pipeline.run`` into one database."""
    from tidings import pipeline
    from tidings.settings import load_settings

    path = str(tmp_path_factory.mktemp("web") / "ingested.db")
    inputs = [str(REPO / "samples"), str(FIXTURES)]
    if SEEDS.is_dir():
        inputs += sorted(str(p) for p in SEEDS.glob("*.txt"))
    stats = pipeline.run(inputs, load_settings(None, env={}, db=path))
    assert stats.failed == 0
    return path


@pytest.fixture(scope="session")
def server(ingested_db: str) -> Iterator[str]:
    """The app over ``ingested_db``, served by uvicorn in a thread; its base URL."""
    import uvicorn

    from tidings.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(ingested_db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian chromium (see .ci/run) for the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page; on failure its screenshot goes to ``tests/artifacts/``.
    ``page.errors`` collects uncaught page errors and CSP reports from the console."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("console", lambda msg: pg.errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
