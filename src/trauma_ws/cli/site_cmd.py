"""`tws site build`: the public website (dashboard, actions, minutes, groups, risks, measures,
reports, progress report), with a Word document beside each set of minutes and each report."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from trauma_ws.cli.app import app
from trauma_ws.cli.common import App, AsOfOpt, RootOpt, eprint, resolve_as_of, resolve_root

site_app = App(
    name="site",
    help="The programme's public website: static pages to publish (GitHub Pages or any web "
    "host) or to open from the file system.\n\n"
    "The site is for the public: people are named only when their record says "
    "`public: true`, and internal items and notes of minutes are left out.",
)
app.add_typer(site_app, name="site")

SHOW_PROGRESS_FROM = 200
"""Report progress on stderr only for sites at least this many pages long."""


def progress_lines(*, terminal: bool) -> Callable[[int, int], None]:
    """The site build's progress on stderr (``tws: 5000/23803 pages``), for sites of
    ``SHOW_PROGRESS_FROM`` pages or more: each time it is told at a terminal, and at each
    tenth of the way elsewhere (a CI log gets about ten lines, not one per 250 pages)."""
    last = [-1]

    def show(done: int, total: int) -> None:
        if total < SHOW_PROGRESS_FROM:
            return
        tenth = done * 10 // total
        if terminal or tenth != last[0]:
            last[0] = tenth
            eprint(f"tws: {done}/{total} pages")

    return show


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it is under it, else as it is."""
    try:
        return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


@site_app.command("build")
def build(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="The folder to build the site in (replaced as a whole; never inside the "
            "programme's data/, templates/, .tws-cache/ or .git/). "
            "Default: build/site under the programme's root.",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    include_drafts: Annotated[
        bool,
        typer.Option(
            "--include-drafts",
            help="Also publish minutes whose status is draft and reports whose status is "
            "draft, each with its draft banner (for a preview; leave it off for the public "
            "site).",
        ),
    ] = False,
    root: RootOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Build the public website: a dashboard (with the latest report's RAG per workstream), a
    page per action, meeting and group, the public risks and issues, the public measures with
    their charts, the reports submitted to governance bodies, and the latest progress report.
    Each meeting's minutes and each report can also be downloaded as a Word document (DOCX).

    Minutes still in draft (meeting status draft) and reports still in draft are left out,
    with every link to them (an action raised at such a meeting is still shown, without a
    link), unless --include-drafts.

    Every link is relative, so the site works opened from the file system and from any folder
    of a web host; it needs no JavaScript. The new site is built beside the old one and swapped
    in at the end, so a failed build leaves the previous site untouched. The Word documents
    are kept in .tws-cache/docx/ (safe to delete; TWS_NO_CACHE=1 turns it off), so later
    builds make only those whose content changed.

    \b
    Examples:
      tws site build
      tws site build -o public --as-of 2023-03-31
      tws site build -o preview --include-drafts
    """
    from trauma_ws.checking.validate import load_valid
    from trauma_ws.loading import cache
    from trauma_ws.publishing import site, site_docx

    folder = resolve_root(root)
    day = resolve_as_of(as_of, folder)
    programme = load_valid(folder, as_of=day)
    out = output if output is not None else folder / site.OUTPUT
    use_cache = not os.environ.get("TWS_NO_CACHE")
    store = site_docx.DocxStore(
        (lambda: cache.folder(folder)) if use_cache else None,
        cache.signing_key() if use_cache else None,
    )

    progress = progress_lines(terminal=sys.stderr.isatty())
    built = site.build(
        programme,
        as_of=day,
        out=out,
        progress=progress,
        include_drafts=include_drafts,
        docx_store=store,
    )
    shown = _shown(built.out)
    documents = f" and {built.documents} Word document{'s' * (built.documents != 1)}"
    eprint(
        f"tws: built {built.pages} page{'s' * (built.pages != 1)}"
        f"{documents if built.documents else ''} in {shown} "
        f"(open {os.path.join(shown, 'index.html')})"
    )
