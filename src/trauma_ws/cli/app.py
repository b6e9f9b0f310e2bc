"""The `tws` Typer application object and its top-level options."""

from __future__ import annotations

from typing import Annotated

import typer

from trauma_ws.cli.common import App

app = App(
    name="tws",
    help=(
        "Keep a programme's governance records (workplan actions, meeting minutes, group "
        "memberships) as YAML in git: check them, find what needs chasing, write minutes "
        "and publish reports.\n\n"
        "Start with `tws validate` inside the programme's repository."
    ),
    epilog="Exit codes: 0 ok, 1 problems in the data, 2 usage error, 3 internal error.",
)


def _version(value: bool) -> None:
    if value:
        from trauma_ws import __version__

        print(f"tws {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Keep a programme's governance records as YAML in git."""
