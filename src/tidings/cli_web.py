"""``tidings serve``: the local web UI over a database, read-only.

Registered on ``tidings.cli.main`` when ``tidings.cli`` imports this module.
"""

from __future__ import annotations

import click

from tidings.cli import _errors, main


@main.command("serve")
@click.option(
    "--db", default="tidings.db", show_default=True, help="SQLite database to show (opened read-only)."
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind (this machine only by default)."
)
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--tiles",
    default=None,
    metavar="URL",
    help="Opt in to online map tiles: a URL template with {z}/{x}/{y} "
    "(default: the bundled world outline only, nothing fetched).",
)
@click.option("--tiles-attribution", default=None, help="Credit line the tile server requires.")
@_errors
def serve(db: str, host: str, port: int, tiles: str | None, tiles_attribution: str | None) -> None:
    """Browse events, documents, actors and stories in a web browser (offline).

    Every page has a JSON twin under /api (e.g. /events and /api/events);
    /openapi.json describes them.
    """
    import uvicorn

    from tidings.web import create_app

    app = create_app(db, tiles=tiles, tiles_attribution=tiles_attribution)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"tidings: serving on {host}: other machines can read this database", err=True)
    click.echo(
        f"tidings: serving {db} at http://{'[' + host + ']' if ':' in host else host}:{port}/", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
