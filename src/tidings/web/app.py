"""The local web UI: FastAPI over a read-only store.

Every page has one data function (``tidings.web.queries``, ``.document``,
``.stories``) whose result is served twice: rendered as HTML at the page's
path and as JSON under ``/api`` (``/events`` and ``/api/events``); the JSON
routes are described at ``/openapi.json``.

Page text is untrusted: templates are autoescaped, no page has an inline
script or style, links are made only from ``http``/``https`` URLs, and every
response carries a strict Content-Security-Policy. The database is opened
read-only, once per request. Nothing is fetched from elsewhere unless
online map tiles are asked for (``tiles``).

Example:
    >>> from fastapi.testclient import TestClient  # doctest: +SKIP
    >>> TestClient(create_app("tidings.db")).get("/api/overview").json()["counts"]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from tidings import __version__
from tidings.errors import ConfigError
from tidings.store.sqlite import Store, open_store
from tidings.web import charts
from tidings.web.document import document_page, layout
from tidings.web.queries import (
    VERIFICATIONS,
    EventQuery,
    actor_page,
    actors_index,
    documents_page,
    event_map,
    events_page,
    overview,
    timeline,
)
from tidings.web.stories import stories_index, story_page

STATIC = Path(__file__).parent / "static"
NAV = [
    ("/", "Overview"),
    ("/events", "Events"),
    ("/timeline", "Timeline"),
    ("/map", "Map"),
    ("/documents", "Documents"),
    ("/actors", "Actors"),
    ("/stories", "Stories"),
]


def content_security_policy(tiles: str | None = None) -> str:
    """The CSP header: only this server's own scripts, styles and images
    (and, when asked for, the tile server's images)."""
    img = "'self'"
    if tiles:
        parts = urlsplit(tiles)
        img += f" {parts.scheme}://{parts.netloc}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


def check_tiles(tiles: str | None) -> str | None:
    """Validate an online tile URL template (``https://host/{z}/{x}/{y}.png``).

    Raises:
        ConfigError: not an http(s) URL with ``{z}``, ``{x}`` and ``{y}``.
    """
    if tiles is None:
        return None
    parts = urlsplit(tiles)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or not all(k in tiles for k in ("{z}", "{x}", "{y}"))
    ):
        raise ConfigError(
            f"tiles {tiles!r}: give an http(s) URL template with {{z}}, {{x}} and {{y}}, "
            "e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        )
    return tiles


def safe_url(url: Any) -> str | None:
    """``url`` if it is an http(s) URL a page may link to, else None
    (``javascript:``, ``data:`` and the like are shown as text only)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("tidings.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pq"] = lambda s: quote(str(s), safe="")
    env.filters["safe_url"] = safe_url
    env.filters["num"] = lambda n: "" if n is None else f"{n:g}" if isinstance(n, float) else str(n)
    env.globals["qs"] = lambda params, **more: urlencode(
        {k: v for k, v in (dict(params) | more).items() if v not in (None, "")}
    )
    env.globals["nav"] = NAV
    env.globals["version"] = __version__
    env.globals["verifications"] = VERIFICATIONS
    return env


def _store(request: Request) -> Iterator[Store]:
    """The app's database, opened read-only for one request."""
    store = open_store(request.app.state.db, readonly=True)
    try:
        yield store
    finally:
        store.close()


def _event_query(
    *,
    since: Annotated[
        str | None, Query(description="YYYY-MM-DD: events whose date period ends on or after it")
    ] = None,
    until: Annotated[
        str | None, Query(description="YYYY-MM-DD: events whose date period starts on or before it")
    ] = None,
    actor: Annotated[str | None, Query(description="actor or recipient id, or part of a name")] = None,
    country: Annotated[
        str | None, Query(description="ISO 3166 alpha-3 of an actor, recipient or place")
    ] = None,
    type: Annotated[
        str | None, Query(description="PLOVER type, or ACLED event type or sub-event type")
    ] = None,
    place: Annotated[str | None, Query(description="part of the place name")] = None,
    status: Annotated[str | None, Query(description="occurred, ongoing, planned, ...")] = None,
    verification: Annotated[str | None, Query(description="unverified, disputed or none")] = None,
    q: Annotated[str | None, Query(description="words in the trigger or sentence (full-text)")] = None,
) -> EventQuery:
    try:
        return EventQuery.of(
            since=since, until=until, actor=actor, country=country, type=type,
            place=place, status=status, verification=verification, q=q,
        )  # fmt: skip
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


Db = Annotated[Store, Depends(_store)]
Filters = Annotated[EventQuery, Depends(_event_query)]
Page = Annotated[int, Query(ge=1, description="page number, from 1")]


def create_app(db: str, *, tiles: str | None = None, tiles_attribution: str | None = None) -> FastAPI:
    """The web app over the database at ``db`` (opened read-only).

    Args:
        db: path of a tidings database (must exist and be migrated).
        tiles: an online tile URL template to draw under the map; off by
            default: the map then uses only the bundled world outline.
        tiles_attribution: the credit line the tile server asks for.

    Raises:
        StoreError: the database is missing, unreadable or of another schema version.
        ConfigError: ``tiles`` is malformed.
    """
    tiles = check_tiles(tiles)
    open_store(db, readonly=True).close()  # fail now, in one line, not on the first request
    env = _environment()
    csp = content_security_policy(tiles)
    app = FastAPI(
        title="tidings",
        version=__version__,
        description="Read-only JSON twins of the tidings web pages: events, documents, actors, stories.",
        docs_url=None,  # the interactive docs load scripts from a CDN; /openapi.json stays
        redoc_url=None,
    )
    app.state.db = db
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return _html(
            request, "error.html", {"status": exc.status_code, "detail": exc.detail}, exc.status_code
        )

    def _html(request: Request, template: str, data: Any, status: int = 200) -> HTMLResponse:
        path = request.url.path
        api = "/api" + (path if path != "/" else "/overview")
        if request.url.query:
            api += "?" + request.url.query
        page = env.get_template(template).render(data=data, path=path, json_url=api, request=request)
        return HTMLResponse(page, status_code=status)

    # -- JSON twins --------------------------------------------------------

    @app.get("/api/overview", summary="Counts, event types, latest stories and documents")
    def api_overview(s: Db) -> dict[str, Any]:
        return overview(s)

    @app.get("/api/events", summary="Events matching the filters, newest first, one page")
    def api_events(s: Db, f: Filters, page: Page = 1) -> dict[str, Any]:
        return events_page(s, f, page)

    @app.get("/api/timeline", summary="Matching events per day, month or year, by QuadClass")
    def api_timeline(s: Db, f: Filters) -> dict[str, Any]:
        return timeline(s, f)

    @app.get("/api/map", summary="Matching events grouped by place, with coordinates")
    def api_map(s: Db, f: Filters) -> dict[str, Any]:
        return event_map(s, f)

    @app.get("/api/documents", summary="Documents, newest first, or full-text matches of q")
    def api_documents(s: Db, q: str | None = None, page: Page = 1) -> dict[str, Any]:
        return documents_page(s, q, page)

    @app.get("/api/documents/{doc_id}", summary="A document with its records and highlights")
    def api_document(s: Db, doc_id: str) -> dict[str, Any]:
        return _found(document_page(s, doc_id), f"no document {doc_id!r}")

    @app.get("/api/actors", summary="Actors by number of events")
    def api_actors(s: Db) -> dict[str, Any]:
        return actors_index(s)

    @app.get("/api/actors/{actor_id:path}", summary="An actor: events as actor and recipient, interactions")
    def api_actor(s: Db, actor_id: str) -> dict[str, Any]:
        return _found(actor_page(s, actor_id), f"no actor {actor_id!r}")

    @app.get("/api/stories", summary="Stories, the most recently seen first")
    def api_stories(s: Db) -> dict[str, Any]:
        return stories_index(s)

    @app.get("/api/stories/{story_id}", summary="A story: documents, copy chains, merged events")
    def api_story(s: Db, story_id: str) -> dict[str, Any]:
        return _found(story_page(s, story_id), f"no story {story_id!r}")

    # -- HTML pages ----------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_overview(request: Request, s: Db) -> HTMLResponse:
        return _html(request, "overview.html", overview(s))

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def page_events(request: Request, s: Db, f: Filters, page: Page = 1) -> HTMLResponse:
        return _html(request, "events.html", events_page(s, f, page))

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def page_timeline(request: Request, s: Db, f: Filters) -> HTMLResponse:
        data = timeline(s, f)
        return _html(request, "timeline.html", data | {"chart": charts.timeline_bars(data["periods"])})

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def page_map(request: Request, s: Db, f: Filters) -> HTMLResponse:
        data = event_map(s, f)
        extra = {
            "points": charts.map_points(data["places"]),
            "view": charts.map_view(),
            "world": charts.WORLD,
            "tiles": charts.tiles(tiles) if tiles else [],
            "tiles_attribution": tiles_attribution,
        }
        return _html(request, "map.html", data | extra)

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def page_documents(request: Request, s: Db, q: str | None = None, page: Page = 1) -> HTMLResponse:
        return _html(request, "documents.html", documents_page(s, q, page))

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_document(request: Request, s: Db, doc_id: str) -> HTMLResponse:
        data = _found(document_page(s, doc_id), f"no document {doc_id!r}")
        paragraphs = layout(data["text"], data["segments"], data["removed"], data["highlights"])
        return _html(request, "document.html", data | {"paragraphs": paragraphs})

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def page_actors(request: Request, s: Db) -> HTMLResponse:
        return _html(request, "actors.html", actors_index(s))

    @app.get("/actors/{actor_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def page_actor(request: Request, s: Db, actor_id: str) -> HTMLResponse:
        data = _found(actor_page(s, actor_id), f"no actor {actor_id!r}")
        graph = charts.network_layout(data["network"], actor_id)
        return _html(request, "actor.html", data | {"graph": graph})

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def page_stories(request: Request, s: Db) -> HTMLResponse:
        return _html(request, "stories.html", stories_index(s))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(request: Request, s: Db, story_id: str) -> HTMLResponse:
        return _html(request, "story.html", _found(story_page(s, story_id), f"no story {story_id!r}"))

    return app


def _found(data: dict[str, Any] | None, message: str) -> dict[str, Any]:
    if data is None:
        raise HTTPException(404, message)
    return data
