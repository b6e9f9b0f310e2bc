"""The command-line interface: parse options, call the library, format, set the exit code."""

from __future__ import annotations

from trauma_ws.cli import (  # noqa: F401  (importing registers the commands)
    actions_cmd,
    approval_cmd,
    chase_cmd,
    edit_cmd,
    export_cmd,
    groups_cmd,
    history_cmd,
    measures_cmd,
    minutes_cmd,
    render_cmd,
    report_cmd,
    risks_cmd,
    site_cmd,
    validate_cmd,
)
from trauma_ws.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    import sys

    if sys.stderr.isatty():
        from trauma_ws.loading import progress
        from trauma_ws.publishing.safe_text import inert, printable

        def show(message: str) -> None:
            print(inert(printable(f"tws: {message}…")), file=sys.stderr, flush=True)

        progress.listener = show
    app(prog_name="tws")
