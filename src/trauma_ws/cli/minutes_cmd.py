"""`tws minutes …`: scaffold a meeting's minutes (`new`), record their approval
(`approve`, `publish`) and render them (`render`)."""

from __future__ import annotations

from trauma_ws.cli.app import app
from trauma_ws.cli.common import App

minutes_app = App(
    name="minutes",
    help="Prepare and publish meeting minutes: `new` scaffolds a meeting file, `approve` "
    "records their approval at a later meeting, `publish` marks approved minutes published, "
    "`render` turns one into Markdown or HTML for the public or for members.",
)
app.add_typer(minutes_app, name="minutes")
