"""`tws validate` and `tws schema`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from trauma_ws.cli.app import app
from trauma_ws.cli.common import AsOfOpt, RootOpt, eprint, out, resolve_as_of, resolve_root
from trauma_ws.record.problems import OutputError


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    root: RootOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: path:line:col lines; json: one document for scripts; github: workflow "
            "annotations shown on pull-request lines (and a table in $GITHUB_STEP_SUMMARY).",
        ),
    ] = ProblemFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="REV",
            help="Also report approved or published minutes changed since this git revision "
            "without a recorded correction (for pull requests: --since origin/main).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check every record under data/: each file against its format, then the whole set.

    Problems are printed one per line as `path:line:col: error|warning: message [code]`,
    sorted, followed by a summary. Exit 0 when there are no errors (warnings allowed unless
    --strict), 1 when there are. Nothing is written to data/, except to undo an edit that a
    killed tws left half done (said on stderr), so that what is checked is whole.
    """
    from trauma_ws.checking import validate as checks
    from trauma_ws.editing import workflow
    from trauma_ws.loading import programme
    from trauma_ws.publishing import output

    base = resolve_root(root)
    for message in workflow.recover(base):
        eprint(f"tws: {message}")
    loaded = programme.load(base)
    # An unknown zone is among the problems reported below: meanwhile check against
    # Europe/London's today rather than stop at that one problem.
    problems = checks.check(loaded, as_of=resolve_as_of(as_of, base, lenient=True))
    if since is not None:
        from trauma_ws.checking import frozen

        problems = sorted({*problems, *frozen.check_since(base, since, loaded)})
    files = len(loaded.files)
    if format is ProblemFormat.json:
        out(output.problems_json(problems, files))
    elif format is ProblemFormat.github:
        where = _annotation_base(base)
        out(output.problems_github(problems, base=where), annotations=True)
        output.write_step_summary(problems, files, base=where)
        eprint(output.summary(problems, files))
    else:
        out(output.problems_text(problems))
        eprint(output.summary(problems, files))
    failed = any(p.is_error for p in problems) or (strict and bool(problems))
    raise typer.Exit(1 if failed else 0)


def _annotation_base(root: Path) -> str:
    """The programme's folder as annotation paths need it, ``""`` or ending in ``/``.

    Relative to $GITHUB_WORKSPACE when that is set and holds the programme, else to the top
    of the programme's git repository, so that annotations land on the pull request's lines.
    """
    import os

    from trauma_ws.storage import gitio

    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        try:
            inside = root.resolve().relative_to(Path(workspace).resolve())
        except (OSError, ValueError):
            inside = None
        if inside is not None:
            return "" if inside == Path() else inside.as_posix() + "/"
    return gitio.prefix(root)


class Kind(StrEnum):
    workplan = "workplan"
    groups = "groups"
    action = "action"
    meeting = "meeting"
    risk = "risk"
    measure = "measure"
    report = "report"


@app.command()
def schema(
    kind: Annotated[
        Kind | None,
        typer.Argument(help="Print only this kind's schema to standard output."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder to write the schemas to. Default: schemas/ in the programme's root.",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    root: RootOpt = None,
) -> None:
    """Write a JSON Schema for each kind of file, for editors and other checkers.

    With KIND, print that one schema. Otherwise write the workplan, groups, action, meeting,
    risk, measure and report schemas as <kind>.schema.json. Point an editor at one with a
    first line such as
    `# yaml-language-server: $schema=../../schemas/action.schema.json`.
    """
    from trauma_ws.publishing import schemas

    if kind is not None:
        out(schemas.dumps(kind.value))
        return
    folder = output if output is not None else resolve_root(root) / "schemas"
    try:
        written = schemas.write_all(folder)
    except OSError as exc:
        raise OutputError(f"cannot write the schemas in {folder}: {exc.strerror or exc}") from None
    out("".join(f"{path}\n" for path in written))
