"""Output for spreadsheets, terminals and pipes: CSV cells and numbers, the byte-order mark,
record text that is never markup or control codes, and clear errors when output cannot be
written (a closed or full standard output, a strict encoding, a bad -o)."""

from __future__ import annotations

import csv
import io
import os
import pty
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from tests.conftest import AS_OF, TWS, copy_base, run_tws

from trauma_ws.publishing.output import csv_cell
from trauma_ws.publishing.safe_text import printable

TRIGGERS = frozenset("=+-@|%\uff1d\uff0b\uff0d\uff20")


def _set_titles(root: Path, yaml_text: str) -> None:
    """Every action's title replaced by ``yaml_text`` (a YAML scalar) and its id."""
    for path in (root / "data/actions").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        ident = path.stem
        title = f'title: "{yaml_text} {ident}"'
        text = re.sub(r"(?m)^title: .*$", title.replace("\\", "\\\\"), text)
        path.write_text(text, encoding="utf-8")


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _defused(cell: str) -> bool:
    """True when a spreadsheet would read ``cell`` as text, not as a formula."""
    if cell.startswith("'"):
        return True
    start = next((c for c in cell if not (c.isspace() or c == "\x00")), "")
    return start not in TRIGGERS and not cell.startswith(("\t", "\r", "\n"))


# --- 6. spreadsheets --------------------------------------------------------------------------

CSV_COMMANDS = {
    "export csv": ("export", "csv"),
    "actions list": ("actions", "list", "-f", "csv"),
    "actions overdue": ("actions", "overdue", "-f", "csv"),
    "actions due": ("actions", "due", "-f", "csv", "--within", "400"),
    "actions stale": ("actions", "stale", "-f", "csv", "--days", "0"),
}
NUMBER_COLUMNS = ("days_overdue", "days_to_due", "members", "meetings")


@pytest.mark.parametrize(
    "command",
    [*CSV_COMMANDS.values(), ("groups", "-f", "csv"), ("members", "delivery", "-f", "csv")],
    ids=[*CSV_COMMANDS, "groups", "members"],
)
def test_csv_numbers_stay_numbers(programme: Path, command: tuple[str, ...]) -> None:
    result = run_tws(*command, "--root", str(programme), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    rows = _csv(result.stdout)
    assert rows
    numbers = [row[c] for row in rows for c in NUMBER_COLUMNS if row.get(c)]
    for cell in numbers:
        assert re.fullmatch(r"-?\d+", cell), f"{cell!r} is not a number a spreadsheet reads"
    if "days_to_due" in rows[0] and any(row["days_overdue"] for row in rows):
        assert any(cell.startswith("-") for cell in numbers)  # negative numbers among them


LEADS = {
    "none": "",
    "space": " ",
    "spaces": "   ",
    "tab": "\\t",
    "cr": "\\r",
    "lf": "\\n",
    "nul": "\\0",
    "no-break space": "\\u00a0",
    "em space": "\\u2003",
    "ideographic space": "\\u3000",
    "zero-width no-break space": "\\ufeff",
    "line separator": "\\u2028",
    "mixed": " \\t\\u00a0",
}
REFUSED_BY_THE_LOADER = {LEADS["cr"], LEADS["nul"]}


@pytest.mark.parametrize("lead", LEADS.values(), ids=LEADS.keys())
@pytest.mark.parametrize("trigger", sorted(TRIGGERS))
def test_formula_guard_sees_through_leading_blanks(lead: str, trigger: str) -> None:
    cell = csv_cell(lead.encode().decode("unicode_escape") + trigger + "HYPERLINK(1)")
    assert isinstance(cell, str)
    assert _defused(cell), repr(cell)


@pytest.mark.parametrize("command", CSV_COMMANDS.values(), ids=CSV_COMMANDS.keys())
@pytest.mark.parametrize("lead", LEADS.values(), ids=LEADS.keys())
def test_csv_commands_defuse_formulas(tmp_path: Path, command: tuple[str, ...], lead: str) -> None:
    root = copy_base(tmp_path / "prog")
    triggers = sorted(TRIGGERS)
    for n, path in enumerate(sorted((root / "data/actions").glob("*.yaml"))):
        title = f"title: \"{lead}{triggers[n % len(triggers)]}cmd|' /C calc'!A0 {path.stem}\""
        text = re.sub(r"(?m)^title: .*$", title.replace("\\", "\\\\"), path.read_text())
        path.write_text(text, encoding="utf-8")
    result = run_tws(*command, "--root", str(root), "--as-of", AS_OF)
    if lead in REFUSED_BY_THE_LOADER:
        # A CR or NUL written as an escape never reaches an output: the loader refuses it.
        assert result.exit_code == 1
        assert "control character" in result.stderr
        assert result.stdout == ""
        return
    assert result.exit_code == 0, result.stderr
    rows = _csv(result.stdout)
    assert rows
    for row in rows:
        assert "cmd|' /C calc'!A0" in row["title"]
        for key, cell in row.items():
            if key in NUMBER_COLUMNS:
                assert re.fullmatch(r"(-?\d+)?", cell), cell  # a number, never guarded
            else:
                assert _defused(cell), cell


def test_numbers_the_code_made_are_not_guarded_but_text_like_numbers_is() -> None:
    assert csv_cell(-29) == -29
    assert csv_cell(0) == 0
    assert csv_cell(1.5) == 1.5
    assert csv_cell("-29") == "'-29"  # text from a record: a spreadsheet must not compute it
    assert csv_cell(["=a", "b"]) == "'=a; b"
    assert csv_cell(None) == ""


BOM = b"\xef\xbb\xbf"
FILE_COMMANDS = {
    "export csv": (("export", "csv"), True),
    "actions list csv": (("actions", "list", "-f", "csv"), True),
    "actions overdue csv": (("actions", "overdue", "-f", "csv"), True),
    "actions due csv": (("actions", "due", "-f", "csv"), True),
    "actions stale csv": (("actions", "stale", "-f", "csv"), True),
    "groups csv": (("groups", "-f", "csv"), True),
    "members csv": (("members", "delivery", "-f", "csv"), True),
    "actions list json": (("actions", "list", "-f", "json"), False),
    "actions list table": (("actions", "list"), False),
    "export json": (("export", "json"), False),
}


@pytest.mark.parametrize(
    ("command", "spreadsheet"), FILE_COMMANDS.values(), ids=FILE_COMMANDS.keys()
)
def test_csv_files_carry_a_bom_and_standard_output_never(
    tmp_path: Path, command: tuple[str, ...], spreadsheet: bool
) -> None:
    root = copy_base(tmp_path / "prog")
    _set_titles(root, "Café “quoted” – naïve")
    people = root / "data/groups.yaml"
    text = people.read_text(encoding="utf-8").replace("Delivery Group", "Équipe")
    people.write_text(text.replace("Alpha Council", "Conseil d’Île"), encoding="utf-8")
    base = ("--root", str(root), "--as-of", AS_OF)
    piped = run_tws(*command, *base)
    assert piped.exit_code == 0, piped.stderr
    assert not piped.stdout_bytes.startswith(BOM)

    target = tmp_path / "out" / "file.txt"
    written = run_tws(*command, "-o", str(target), *base)
    assert written.exit_code == 0, written.stderr
    assert written.stdout == ""
    data = target.read_bytes()
    assert data.startswith(BOM) is spreadsheet
    assert data.removeprefix(BOM) == piped.stdout_bytes  # the same content
    if spreadsheet:
        rows = _csv(data.decode("utf-8-sig"))
        assert rows
        assert next(iter(rows[0])) == "id"
        decoded = data.decode("utf-8")
        assert any(text in decoded for text in ("Café “quoted” – naïve", "Conseil d’Île", "Équipe"))

        plain = tmp_path / "plain.csv"
        assert run_tws(*command, "-o", str(plain), "--no-bom", *base).exit_code == 0
        assert plain.read_bytes() == piped.stdout_bytes


# --- 7. terminals and pipes -------------------------------------------------------------------

# Control characters cannot come from the records any more (the loader refuses them raw and
# as escapes: tests/loading/test_yamlio.py); rich markup can, and must stay text. RAW below
# proves no markup turned into a link, a screen clear or a bell on the way out.
HOSTILE = "[/] [link=https://evil.example]click[/link] [bold]b [red on white]x[/] :smile:"
LITERALS = ("[/]", "[link=https://evil.example]click[/link]", "[bold]b")
RAW = ("\x1b]8;", "\x1b[2J", "\x9b", "\x07")


def hostile_programme(root: Path) -> Path:
    copy_base(root)
    _set_titles(root, HOSTILE)
    action = root / "data/actions/del-001.yaml"
    text = action.read_text(encoding="utf-8")
    text = text.replace("text: Work started; first workshop booked.", f'text: "{HOSTILE}"')
    text = text.replace(
        "description: A map of how referrals reach social work services today.",
        f'description: "{HOSTILE}"',
    )
    action.write_text(text, encoding="utf-8")
    groups = root / "data/groups.yaml"
    text = groups.read_text(encoding="utf-8")
    text = text.replace("name: Delivery Group", f'name: "{HOSTILE}"')
    text = text.replace("name: Alpha Council", f'name: "{HOSTILE}"')
    groups.write_text(text, encoding="utf-8")
    return root


PRINTING = {
    "actions list": ("actions", "list"),
    "actions list owner": ("actions", "list", "--owner", "alpha-council"),
    "actions overdue": ("actions", "overdue"),
    "actions due": ("actions", "due", "--within", "400"),
    "actions stale": ("actions", "stale", "--days", "0"),
    "actions show": ("actions", "show", "del-001"),
    "actions chase": ("actions", "chase"),
    "groups": ("groups",),
    "members": ("members", "delivery"),
    "actions list csv": ("actions", "list", "-f", "csv"),
    "actions list json": ("actions", "list", "-f", "json"),
    "actions show json": ("actions", "show", "del-001", "-f", "json"),
    "export csv": ("export", "csv"),
    "export json": ("export", "json"),
    "export ics": ("export", "ics"),
    "minutes render": ("minutes", "render", "delivery-2023-03-01"),
}


def _terminal_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    return {**env, "TERM": "xterm-256color", "COLUMNS": "600", "LINES": "50", **extra}


def run_in_terminal(args: Sequence[str], env: dict[str, str]) -> tuple[int, str, str]:
    """``tws args`` with standard output a real terminal (a pty): exit code, output, errors."""
    main, child = pty.openpty()
    try:
        proc = subprocess.Popen(
            [str(TWS), *args],
            stdout=child,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    finally:
        os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert proc.stderr is not None
    errors = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace"), errors


def _safe(text: str) -> None:
    for raw in RAW:
        assert raw not in text, f"{raw!r} reached the output"


@pytest.mark.parametrize("command", PRINTING.values(), ids=PRINTING.keys())
@pytest.mark.parametrize("how", ["terminal", "forced colour", "pipe"])
def test_record_text_is_never_markup_or_control_codes(
    tmp_path: Path, command: tuple[str, ...], how: str
) -> None:
    root = hostile_programme(tmp_path / "prog")
    args = (*command, "--root", str(root), "--as-of", AS_OF)
    if how == "terminal":
        code, shown, errors = run_in_terminal(args, _terminal_env())
    else:
        extra = {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"} if how == "forced colour" else {}
        done = subprocess.run(
            [str(TWS), *args],
            capture_output=True,
            check=False,
            env=_terminal_env(**extra),
            timeout=60,
        )
        code, shown, errors = done.returncode, done.stdout.decode(), done.stderr.decode()
    assert code == 0, errors
    assert "Traceback" not in errors
    _safe(shown)
    _safe(errors)
    if command[-1] not in ("ics", "json") and command[0] != "minutes":
        # (calendars and JSON escape their own way; Markdown escapes brackets)
        for literal in LITERALS:
            assert literal in shown, f"{literal!r} missing from:\n{shown}"


@pytest.mark.parametrize("format", ["text", "json", "github"])
def test_validate_shows_bad_record_text_escaped(tmp_path: Path, format: str) -> None:
    root = copy_base(tmp_path / "prog")
    action = root / "data/actions/del-006.yaml"
    action.write_text(
        action.read_text(encoding="utf-8").replace(
            "owners: [pat-private]", 'owners: ["[/]\\e[2J\\e]8;;x\\e\\\\"]'
        ),
        encoding="utf-8",
    )
    for args in (("validate", "-f", format), ("actions", "list")):
        code, shown, errors = run_in_terminal(
            (*args, "--root", str(root), "--as-of", AS_OF), _terminal_env()
        )
        assert code == 1, errors
        assert "Traceback" not in errors
        assert "internal error" not in errors
        _safe(shown)
        _safe(errors)


@pytest.mark.parametrize(
    "command",
    [("actions", "show"), ("members",), ("history",), ("actions", "list", "--owner")],
    ids=["show", "members", "history", "owner"],
)
def test_hostile_ids_on_the_command_line_are_shown_escaped(command: tuple[str, ...]) -> None:
    root = str(Path(__file__).parents[1] / "fixtures/base")
    dated = () if command == ("history",) else ("--as-of", AS_OF)
    code, shown, errors = run_in_terminal(
        (*command, "[/]\x1b[2J\x1b]8;;x\x1b\\", "--root", root, *dated), _terminal_env()
    )
    assert code == 2, errors
    _safe(shown)
    _safe(errors)
    assert "[/]" in errors
    assert len(errors.strip().splitlines()) == 1, errors


def test_printable_escapes_what_a_terminal_acts_on() -> None:
    assert printable("a\tb\nc\r\n") == "a\tb\nc\r\n"
    assert printable("\x1b[2J\x00\x7f\x9b") == "\\x1b[2J\\x00\\x7f\\x9b"
    assert printable("over\rwrite") == "over\\x0dwrite"
    assert printable("file-\udcff.yaml") == "file-\\xff.yaml"
    assert printable("Café “ok”") == "Café “ok”"


# --- failures: one line, exit 1 or 2 -----------------------------------------------------------

STDOUT_COMMANDS = {
    "actions list": ("actions", "list"),
    "actions list json": ("actions", "list", "-f", "json"),
    "actions list csv": ("actions", "list", "-f", "csv"),
    "actions show": ("actions", "show", "del-001"),
    "actions chase": ("actions", "chase"),
    "groups": ("groups",),
    "validate json": ("validate", "-f", "json"),
    "export csv": ("export", "csv"),
    "minutes render": ("minutes", "render", "delivery-2023-03-01"),
}


def _one_line_failure(done: subprocess.CompletedProcess[bytes], codes: tuple[int, ...]) -> None:
    errors = done.stderr.decode("utf-8", "replace")
    assert done.returncode in codes, errors
    assert "Traceback" not in errors, errors
    assert "internal error" not in errors, errors
    assert len(errors.strip().splitlines()) == 1, errors
    assert errors.startswith("tws: error: "), errors


@pytest.mark.parametrize("command", STDOUT_COMMANDS.values(), ids=STDOUT_COMMANDS.keys())
def test_a_closed_standard_output_is_a_clear_error(programme: Path, command: Sequence[str]) -> None:
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" "$@" >&-', str(TWS), *command, "--as-of", AS_OF],
        cwd=programme,
        capture_output=True,
        check=False,
        timeout=60,
    )
    _one_line_failure(done, (1,))
    assert b"closed" in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", STDOUT_COMMANDS.values(), ids=STDOUT_COMMANDS.keys())
def test_a_full_disk_behind_standard_output_is_a_clear_error(
    programme: Path, command: Sequence[str]
) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [str(TWS), *command, "--as-of", AS_OF],
            cwd=programme,
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
    _one_line_failure(done, (1,))
    assert b"No space left" in done.stderr


UNDECODABLE = {
    "validate": ("validate",),
    "validate json": ("validate", "-f", "json"),
    "validate github": ("validate", "-f", "github"),
    "actions list": ("actions", "list"),
}


@pytest.mark.parametrize("command", UNDECODABLE.values(), ids=UNDECODABLE.keys())
def test_a_file_name_that_is_not_utf8_with_a_strict_standard_output(
    programme: Path, command: Sequence[str]
) -> None:
    source = programme / "data/actions/del-001.yaml"
    os.rename(source, os.path.join(os.fsencode(programme / "data/actions"), b"\xff.yaml"))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "NO_COLOR": "1"}
    done = subprocess.run(
        [str(TWS), *command, "--as-of", AS_OF],
        cwd=programme,
        capture_output=True,
        check=False,
        env=env,
        timeout=60,
    )
    errors = done.stderr.decode("utf-8")
    assert done.returncode == 1, errors
    assert "Traceback" not in errors, errors
    assert "internal error" not in errors, errors
    shown = done.stdout.decode("utf-8") + errors  # both strictly UTF-8
    assert "\\xff.yaml" in shown or "\\udcff.yaml" in shown


def test_an_output_file_name_that_is_not_utf8(programme: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    done = subprocess.run(
        [os.fsencode(TWS), b"export", b"csv", b"-o", b"\xfe.csv", b"--as-of", AS_OF.encode()],
        cwd=programme,
        capture_output=True,
        check=False,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (os.fsencode(programme) + b"/\xfe.csv") in [
        os.path.join(os.fsencode(programme), n) for n in os.listdir(os.fsencode(programme))
    ]
    assert b"\\xfe.csv" in done.stderr


OUTPUT_COMMANDS = {
    "export csv": ("export", "csv"),
    "export json": ("export", "json"),
    "export ics": ("export", "ics"),
    "actions list csv": ("actions", "list", "-f", "csv"),
    "groups": ("groups",),
    "minutes render": ("minutes", "render", "delivery-2023-03-01"),
    "report progress": ("report", "progress"),
}
BAD_TARGETS = {
    "parent is a file": "somefile/out.csv",
    "grandparent is a file": "somefile/sub/out.csv",
    "name too long": "a" * 300,
    "folder": "afolder",
    "folder with slash": "afolder/",
}


@pytest.mark.parametrize("target", BAD_TARGETS.values(), ids=BAD_TARGETS.keys())
@pytest.mark.parametrize("command", OUTPUT_COMMANDS.values(), ids=OUTPUT_COMMANDS.keys())
def test_a_bad_output_path_is_a_usage_error(
    programme: Path, command: Sequence[str], target: str
) -> None:
    (programme / "somefile").write_text("keep me\n", encoding="utf-8")
    (programme / "afolder").mkdir()
    result = run_tws(
        *command, "-o", target, "--root", str(programme), "--as-of", AS_OF, cwd=programme
    )
    assert result.exit_code in (1, 2), result.stderr
    assert "internal error" not in result.stderr
    assert (programme / "somefile").read_text(encoding="utf-8") == "keep me\n"
    assert list((programme / "afolder").iterdir()) == []


@pytest.mark.parametrize(
    "command", [("schema",), ("site", "build", "--as-of", AS_OF)], ids=["schema", "site"]
)
def test_a_bad_output_folder_is_a_clear_error(programme: Path, command: Sequence[str]) -> None:
    (programme / "somefile").write_text("keep me\n", encoding="utf-8")
    result = run_tws(*command, "-o", "somefile/x", "--root", str(programme), cwd=programme)
    assert result.exit_code in (1, 2), result.stderr
    assert "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_longest_allowed_file_name_can_be_written(programme: Path) -> None:
    name = "b" * 250 + ".csv"
    result = run_tws(
        "export", "csv", "-o", name, "--root", str(programme), "--as-of", AS_OF, cwd=programme
    )
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("command", [*CSV_COMMANDS.values()], ids=[*CSV_COMMANDS])
def test_csv_true_and_false_read_as_written_in_json(
    programme: Path, command: tuple[str, ...]
) -> None:
    """Booleans are `true`/`false` (as JSON and docs/queries.md write them), never Python's."""
    result = run_tws(*command, "--root", str(programme), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    cells = [cell for row in _csv(result.stdout) for cell in row.values()]
    assert "True" not in cells
    assert "False" not in cells
    assert csv_cell(True) == "true"
    assert csv_cell(False) == "false"
