"""CI output cannot be steered by the records: no line of record text starts a GitHub workflow
command, annotations escape their data as the Actions toolkit does, and the job summary shows
record text as text and stays under GitHub's 1 MiB."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from tests.conftest import AS_OF, copy_base, run_tws, run_tws_process

from trauma_ws.publishing.output import STEP_SUMMARY_LIMIT, problems_github, step_summary
from trauma_ws.publishing.safe_text import inert
from trauma_ws.record.problems import Problem

COMMANDS = (
    "::add-mask::secret",
    "::error file=data/workplan.yaml,line=1::fake error",
    "  ::stop-commands::token",
    "::set-output name=a::b",
    "\u00a0\u3000::warning::wide blanks",
    "::group::g",
    "##[add-mask]v1 secret",
    "100% done %0A::error::encoded",
)
HOSTILE = "Start\\n" + "\\n".join(COMMANDS) + "\\nend"
"""A YAML double-quoted scalar: one line of text per workflow command, as a title might be."""

# The runner splits its log into lines at CR, LF and CRLF (.NET's ReadLine).
_LINES = re.compile(r"\r\n|\r|\n")
_OWN = re.compile(
    r"::(error|warning) file=([^:,\r\n]*)(?:,line=\d+)?(?:,col=\d+)?,title=([^:,\r\n]*)::(.*)"
)
_ESCAPED = re.compile(r"(?:[^%\r\n]|%25|%0D|%0A|%3A|%2C)*")


def assert_inert(*streams: str) -> int:
    """No line starts a workflow command but tws's own annotations, whose parts are escaped.
    Returns how many annotations there were."""
    annotations = 0
    for stream in streams:
        for line in _LINES.split(stream):
            assert "##[" not in line, line
            if not line.lstrip().startswith("::"):
                continue
            own = _OWN.fullmatch(line)
            assert own is not None, f"a workflow command from the data: {line!r}"
            for part in own.group(2, 3, 4):
                assert _ESCAPED.fullmatch(part), part
            annotations += 1
    return annotations


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def hostile_programme(root: Path) -> Path:
    """The base programme with workflow commands in titles, texts, names and notes."""
    copy_base(root)
    for path in (root / "data/actions").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^title: .*$", f'title: "{HOSTILE} {path.stem}"', text)
        path.write_text(text, encoding="utf-8")
    action = root / "data/actions/del-001.yaml"
    _replace(action, "text: Work started; first workshop booked.", f'text: "{HOSTILE}"')
    _replace(
        action,
        "description: A map of how referrals reach social work services today.",
        f'description: "{HOSTILE}"',
    )
    groups = root / "data/groups.yaml"
    for name in ("Delivery Group", "Alpha Council", "Beta Health Board", "Robin Publicname"):
        _replace(groups, f"name: {name}", f'name: "{HOSTILE} {name}"')
    _replace(
        root / "data/meetings/delivery-2023-03-01.yaml",
        "- The chair welcomed members to the first meeting.",
        f'- "{HOSTILE}"',
    )
    return root


def broken_programme(root: Path) -> Path:
    """The hostile programme made invalid where messages quote the records: unknown ids,
    a bad id, an unknown key."""
    hostile_programme(root)
    action = root / "data/actions/del-002.yaml"
    _replace(action, "owners: [delivery]", f'owners: ["{HOSTILE}"]')
    _replace(action, "group: delivery", 'group: "nobody\\n::add-mask::g"')
    _replace(root / "data/actions/del-003.yaml", "id: del-003", 'id: "del-003\\n::error::id"')
    with (root / "data/actions/del-004.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f'"{HOSTILE}": 1\n')
    return root


WORKFLOW_STEPS = {
    "validate github": ("validate", "--format", "github"),
    "actions overdue": ("actions", "overdue"),
    "site build": ("site", "build", "-o", "build/site"),
}


@pytest.mark.parametrize("broken", [False, True], ids=["valid", "invalid"])
@pytest.mark.parametrize("step", WORKFLOW_STEPS.values(), ids=WORKFLOW_STEPS.keys())
def test_the_shipped_workflow_steps_run_no_command_from_the_data(
    tmp_path: Path, step: Sequence[str], broken: bool
) -> None:
    root = (broken_programme if broken else hostile_programme)(tmp_path / "prog")
    summary = tmp_path / "summary.md"
    done = run_tws_process(
        *step,
        "--as-of",
        AS_OF,
        cwd=root,
        env={"GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert done.returncode == (1 if broken else 0), done.stderr
    assert "Traceback" not in done.stderr
    annotations = assert_inert(done.stdout, done.stderr)
    if broken and step[0] == "validate":
        assert annotations >= 4, done.stdout
    if step[0] == "actions" and not broken:
        assert "#\\#[add-mask]v1 secret" in done.stdout  # shown, escaped, not dropped


def test_validate_since_a_revision_runs_no_command_from_the_data(git_programme: Path) -> None:
    root = git_programme
    _replace(
        root / "data/meetings/delivery-2023-03-01.yaml",
        "- The chair welcomed members to the first meeting.",
        f'- "{HOSTILE}"',
    )
    _replace(root / "data/actions/del-002.yaml", "owners: [delivery]", f'owners: ["{HOSTILE}"]')
    done = run_tws_process(
        "validate", "--format", "github", "--since", "HEAD", "--as-of", AS_OF, cwd=root
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert assert_inert(done.stdout, done.stderr) >= 2


PRINTING = {
    "validate": ("validate",),
    "validate json": ("validate", "-f", "json"),
    "actions list": ("actions", "list"),
    "actions list csv": ("actions", "list", "-f", "csv"),
    "actions list json": ("actions", "list", "-f", "json"),
    "actions overdue csv": ("actions", "overdue", "-f", "csv"),
    "actions due": ("actions", "due", "--within", "400"),
    "actions stale": ("actions", "stale", "--days", "0"),
    "actions show": ("actions", "show", "del-001"),
    "actions chase": ("actions", "chase"),
    "groups": ("groups",),
    "members": ("members", "delivery"),
    "export csv": ("export", "csv"),
    "export ics": ("export", "ics"),
    "export json": ("export", "json"),
    "minutes render": ("minutes", "render", "delivery-2023-03-01", "-a", "internal"),
    "minutes render html": ("minutes", "render", "delivery-2023-03-01", "-f", "html"),
    "report progress": ("report", "progress"),
    "report progress html": ("report", "progress", "-f", "html"),
}


@pytest.mark.parametrize("broken", [False, True], ids=["valid", "invalid"])
@pytest.mark.parametrize("command", PRINTING.values(), ids=PRINTING.keys())
def test_no_command_prints_a_workflow_command_from_the_data(
    tmp_path: Path, command: Sequence[str], broken: bool
) -> None:
    root = (broken_programme if broken else hostile_programme)(tmp_path / "prog")
    result = run_tws(*command, "--root", str(root), "--as-of", AS_OF)
    assert result.exit_code in ((1, 0) if command[0] == "validate" else (1,) if broken else (0,))
    assert "internal error" not in result.stderr
    assert_inert(result.stdout, result.stderr)


def test_inert_leaves_tws_annotations_alone_and_nothing_else() -> None:
    own = problems_github(
        [Problem("data/a b.yaml", 1, 2, "error", "x\n::add-mask::y 100%", "bad-thing")]
    )
    assert inert(own, annotations=True) == own
    v1 = problems_github([Problem("data/a.yaml", 1, 2, "error", "##[add-mask]z", "bad-thing")])
    assert inert(v1, annotations=True) == v1.replace("##[", "#\\#[")
    assert assert_inert(own) == 1
    assert inert("::add-mask::y\n  ::error::z\n##[x]") == "\\::add-mask::y\n  \\::error::z\n#\\#[x]"
    assert inert(own) != own  # without annotations=True even our own shape is escaped
    assert inert("a :: b\nc::d\n") == "a :: b\nc::d\n"


# --- the job summary ------------------------------------------------------------------------


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


MARKDOWN = (
    "[a link](https://evil.example)",
    "![an image](https://evil.example/i.png)",
    "<img src=x onerror=alert(1)> <b>bold</b> &amp;",
    "a | pipe | in | a | table",
    "`code` and ``more``",
    "# a heading",
    "> a quote",
    "- a bullet",
    "1. a number",
    "*em* __strong__ ~~gone~~ $x$",
    "line\nbreak\n\n| new | table |\n|---|---|",
    "https://auto.example/link <https://evil.example> \\",
)


def _rendered(text: str) -> _Html:
    parser = _Html()
    parser.feed(MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text))
    return parser


def test_the_job_summary_shows_record_text_as_text() -> None:
    problems = [
        Problem(f"data/{text.replace(chr(10), ' ')}.yaml", 1, 1, "error", text, "bad-thing")
        for text in MARKDOWN
    ]
    page = _rendered(step_summary(problems, 3))
    assert page.tags <= {"h2", "p", "table", "thead", "tbody", "tr", "th", "td"}, page.tags
    header, *rows = page.rows
    assert header == ["file", "line", "col", "severity", "problem", "code"]
    assert len(rows) == len(problems)
    for row, problem in zip(rows, problems, strict=True):
        assert row[4] == " ".join(problem.message.split())
        assert row[0] == " ".join(problem.path.split())


def test_the_job_summary_stays_under_the_limit_and_says_what_it_left_out() -> None:
    problems = [
        Problem(f"data/actions/a-{n:05}.yaml", n, 1, "error", "é" * 100 + f" {n}", "bad-thing")
        for n in range(20_000)
    ]
    text = step_summary(problems, 20_000)
    assert len(text.encode("utf-8")) <= STEP_SUMMARY_LIMIT
    rows = [line for line in text.splitlines() if line.startswith("| data/")]
    last = text.strip().splitlines()[-1]
    left = int(last.split()[0])
    assert "left out" in last
    assert len(rows) + left == len(problems)
    assert len(text.encode("utf-8")) > STEP_SUMMARY_LIMIT - 2000  # not cut needlessly short


def test_validate_keeps_the_step_summary_under_the_limit(tmp_path: Path) -> None:
    root = broken_programme(tmp_path / "prog")
    summary = tmp_path / "summary.md"
    earlier = "x" * 80 + "\n"
    summary.write_text(earlier * ((STEP_SUMMARY_LIMIT - 1200) // len(earlier)), encoding="utf-8")
    result = run_tws(
        "validate",
        "--format",
        "github",
        "--root",
        str(root),
        "--as-of",
        AS_OF,
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1, result.stderr
    written = summary.read_bytes()
    assert len(written) <= STEP_SUMMARY_LIMIT
    assert b"left out" in written.splitlines()[-1]
