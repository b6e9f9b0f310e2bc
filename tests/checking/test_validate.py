"""`tws validate` from the command line: formats, exit codes, finding the root, and start-up."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import AS_OF, FIXTURE_BASE, copy_base, git, run_tws, run_tws_process
from typer.testing import Result

from trauma_ws import __version__
from trauma_ws.loading import yamlio

AS_OF_ARGS = ("--as-of", AS_OF)
GH_LINE = re.compile(r"^::(error|warning) (?P<props>[^:]*)::(?P<message>.*)$")


def validate(root: Path, *extra: str, env: dict[str, str] | None = None) -> Result:
    return run_tws("validate", "--root", str(root), *AS_OF_ARGS, *extra, env=env)


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the base fixture ---------------------------------------------------------------------------


def test_the_base_fixture_passes_strict() -> None:
    result = run_tws("validate", "--root", str(FIXTURE_BASE), *AS_OF_ARGS, "--strict")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr == "tws: 14 files checked, no problems\n"


def test_the_base_fixture_passes_as_a_subprocess() -> None:
    done = run_tws_process("validate", "--root", str(FIXTURE_BASE), *AS_OF_ARGS, "--strict")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "no problems" in done.stderr


def test_the_base_fixture_has_the_shape_others_rely_on(programme: Path) -> None:
    files = sorted(p.relative_to(programme).as_posix() for p in programme.rglob("*.yaml"))
    assert files == [
        "data/actions/adv-001.yaml",
        *[f"data/actions/del-00{i}.yaml" for i in range(1, 9)],
        "data/groups.yaml",
        "data/meetings/advisory-2023-04-01.yaml",
        "data/meetings/delivery-2023-03-01.yaml",
        "data/meetings/delivery-2023-06-01.yaml",
        "data/workplan.yaml",
    ]


# --- output formats -----------------------------------------------------------------------------


def test_text_lines_and_summary(programme: Path) -> None:
    replace(programme, "data/actions/del-001.yaml", "owners: [beta-health]", "owners: [beta-heath]")
    write(programme, "data/actions/del-009.yml", "id: del-009\n")
    result = validate(programme)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "data/actions/del-001.yaml:5:10: error: unknown owner `beta-heath` (did you mean "
        "`beta-health`?): owners are organisation, person or group ids from data/groups.yaml "
        "[unknown-ref]",
        "data/actions/del-009.yml:0:0: warning: not read: record files end in `.yaml`; rename it "
        "[wrong-extension]",
    ]
    assert result.stderr == "tws: 14 files checked: 1 error, 1 warning\n"


def test_json_shape(programme: Path) -> None:
    replace(programme, "data/actions/del-003.yaml", "status: blocked", "status: stuck")
    write(programme, "data/actions/del-009.yml", "id: del-009\n")
    result = validate(programme, "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert list(document) == ["ok", "files", "errors", "warnings", "problems"]
    assert document["ok"] is False
    assert document["files"] == 14
    assert document["warnings"] == 1
    assert document["errors"] == len(document["problems"]) - 1
    first = document["problems"][0]
    assert first == {
        "path": "data/actions/del-003.yaml",
        "line": 7,
        "col": 9,
        "severity": "error",
        "code": "bad-value",
        "message": "`status`: `stuck` is not one of not-started, in-progress, blocked, done, "
        "dropped (did you mean `blocked`?)",
    }
    for problem in document["problems"]:
        assert set(problem) == {"path", "line", "col", "severity", "code", "message"}
        assert isinstance(problem["line"], int)
        assert isinstance(problem["col"], int)
        assert problem["severity"] in ("error", "warning")


def test_json_of_a_clean_programme() -> None:
    result = run_tws("validate", "--root", str(FIXTURE_BASE), *AS_OF_ARGS, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "ok": True,
        "files": 14,
        "errors": 0,
        "warnings": 0,
        "problems": [],
    }


def test_json_with_warnings_only_is_ok(programme: Path) -> None:
    write(programme, "data/actions/del-009.yml", "id: del-009\n")
    result = validate(programme, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (document["ok"], document["errors"], document["warnings"]) == (True, 0, 1)


def test_github_annotations_escape_properties_and_message(programme: Path) -> None:
    write(programme, "data/actions/50%,a:b.yml", "id: odd\n")
    # A new action no meeting lists, so that its one problem is the only error.
    write(
        programme,
        "data/actions/del-009.yaml",
        'id: del-009\ntitle: Odd owners\ngroup: delivery\nowners: "50%\\nmore"\n'
        "status: not-started\n",
    )
    result = validate(programme, "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "::warning file=data/actions/50%25%2Ca%3Ab.yml,title=tws wrong-extension::"
        "not read: record files end in `.yaml`; rename it",
        "::error file=data/actions/del-009.yaml,line=4,col=9,title=tws wrong-type::"
        "`owners` should be a list, not `50%25%0Amore`",
    ]
    for line in lines:
        assert GH_LINE.match(line), line
    assert result.stderr == "tws: 15 files checked: 1 error, 1 warning\n"


def test_github_step_summary_gets_a_markdown_table(programme: Path, tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("## earlier step\n", encoding="utf-8")
    replace(programme, "data/actions/del-001.yaml", "owners: [beta-health]", "owners: [beta-heath]")
    result = validate(programme, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## earlier step\n## tws validate\n")
    assert "14 files checked: 1 error, 0 warnings" in text
    assert "| file | line | col | severity | problem | code |\n|---|---|---|---|---|---|\n" in text
    assert (
        "| data/actions/del-001.yaml | 5 | 10 | error | unknown owner \\`beta-heath\\` (did you "
        "mean \\`beta-health\\`?): owners are organisation, person or group ids from "
        "data/groups.yaml | unknown-ref |\n"
    ) in text


def test_github_step_summary_of_a_clean_run(tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    result = run_tws(
        "validate",
        "--root",
        str(FIXTURE_BASE),
        *AS_OF_ARGS,
        "--format",
        "github",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    text = summary.read_text(encoding="utf-8")
    assert "14 files checked, no problems" in text
    assert "| file |" not in text


def test_text_format_leaves_the_step_summary_alone(programme: Path, tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    replace(programme, "data/actions/del-001.yaml", "owners: [beta-health]", "owners: [beta-heath]")
    result = validate(programme, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert not summary.exists()


# --- exit codes ---------------------------------------------------------------------------------


def test_strict_fails_on_warnings(programme: Path) -> None:
    write(programme, "data/actions/del-009.yml", "id: del-009\n")
    relaxed = validate(programme)
    assert relaxed.exit_code == 0
    assert "[wrong-extension]" in relaxed.stdout
    strict = validate(programme, "--strict")
    assert strict.exit_code == 1
    assert strict.stdout == relaxed.stdout


def test_problems_are_sorted_by_path_then_line(programme: Path) -> None:
    replace(programme, "data/workplan.yaml", "lead: delivery", "lead: nobody")
    replace(programme, "data/groups.yaml", "reports_to: [board]", "reports_to: [bored]")
    replace(
        programme,
        "data/actions/del-008.yaml",
        "owners: [alpha-council, beta-health]",
        "owners: [alpha-counci, beta-healt]",
    )
    replace(programme, "data/actions/del-008.yaml", "group: delivery", "group: delivry")
    replace(programme, "data/actions/adv-001.yaml", "owners: [robin-public]", "owners: [robin]")
    replace(
        programme, "data/meetings/advisory-2023-04-01.yaml", "chair: robin-public", "chair: robin"
    )
    write(programme, "data/meetings/zzz.yml", "x: 1\n")
    result = validate(programme, "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    places = [(p["path"], p["line"], p["col"]) for p in problems]
    assert len(places) >= 7
    assert places == sorted(places)
    paths = [p[0] for p in places]
    assert paths.index("data/actions/adv-001.yaml") < paths.index("data/actions/del-008.yaml")
    assert paths[-1] == "data/workplan.yaml"
    text = validate(programme)
    text_places = []
    for line in text.stdout.splitlines():
        path, row, col = line.split(":")[:3]
        text_places.append((path, int(row), int(col)))
    assert text_places == places


# --- finding the root ---------------------------------------------------------------------------


def test_root_is_found_by_walking_up(programme: Path) -> None:
    result = run_tws("validate", *AS_OF_ARGS, cwd=programme / "data" / "actions")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "tws: 14 files checked, no problems\n"


def test_root_found_by_walking_up_is_the_nearest(programme: Path) -> None:
    replace(programme, "data/actions/del-001.yaml", "owners: [beta-health]", "owners: [beta-heath]")
    result = run_tws("validate", *AS_OF_ARGS, cwd=programme / "data")
    assert result.exit_code == 1
    assert result.stdout.startswith("data/actions/del-001.yaml:5:10: error: unknown owner")


def test_a_folder_without_data_is_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_tws("validate", "--root", str(empty), *AS_OF_ARGS)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no `data/` folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_data_folder_anywhere_above_is_a_usage_error(tmp_path: Path) -> None:
    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    if any((folder / "data").is_dir() for folder in start.parents):
        pytest.skip("a folder above the temporary directory holds data/")
    result = run_tws("validate", *AS_OF_ARGS, cwd=start)
    assert result.exit_code == 2
    assert "no `data/` folder" in result.stderr
    assert "--root" in result.stderr


def test_a_missing_root_is_a_usage_error(tmp_path: Path) -> None:
    result = run_tws("validate", "--root", str(tmp_path / "nowhere"), *AS_OF_ARGS)
    assert result.exit_code == 2
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("as_of", "says"),
    [("2023-02-30", "not a real date"), ("yesterday", "YYYY-MM-DD"), ("15/07/2023", "YYYY-MM-DD")],
)
def test_a_bad_as_of_is_a_usage_error(as_of: str, says: str) -> None:
    result = run_tws("validate", "--root", str(FIXTURE_BASE), "--as-of", as_of)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert says in result.stderr
    assert "--as-of" in result.stderr


def test_as_of_changes_what_is_in_the_future() -> None:
    # The base's last update is dated 2023-05-20: before that date it is in the future.
    result = run_tws("validate", "--root", str(FIXTURE_BASE), "--as-of", "2023-05-19")
    assert result.exit_code == 1
    assert "data/actions/del-004.yaml:8:12: error: completed on 2023-05-20 is after today" in (
        result.stdout
    )


def test_a_file_over_the_size_limit(programme: Path) -> None:
    big = programme / "data" / "actions" / "del-009.yaml"
    big.write_bytes(b"# padding\n" * (yamlio.MAX_BYTES // 10 + 1))
    result = validate(programme)
    assert result.exit_code == 1
    assert (
        "data/actions/del-009.yaml:1:1: error: the file is 5.0 MB, over the 5 MB limit for one "
        "record: split it [file-too-large]"
    ) in result.stdout.splitlines()


# --- start-up -----------------------------------------------------------------------------------


def test_help_runs_as_a_subprocess() -> None:
    done = run_tws_process("--help")
    assert done.returncode == 0, done.stderr
    assert "Usage: tws" in done.stdout
    assert "validate" in done.stdout
    assert "Exit codes: 0 ok, 1 problems in the data, 2 usage error" in done.stdout


def test_version_runs_as_a_subprocess() -> None:
    done = run_tws_process("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"tws {__version__}\n"


def test_validate_help_lists_its_options() -> None:
    result = run_tws("validate", "--help")
    assert result.exit_code == 0
    for option in ("--root", "--as-of", "--format", "--strict"):
        assert option in result.stdout


HEAVY = ("yaml", "pydantic", "jinja2", "docx", "lxml")
PROBE = """
import sys
sys.argv = ["tws", *sys.argv[1:]]
import trauma_ws.cli
if len(sys.argv) > 1:
    try:
        trauma_ws.cli.main()
    except SystemExit:
        pass
print(",".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


@pytest.mark.parametrize("argv", [(), ("--help",), ("--version",)])
def test_start_up_imports_no_heavy_library(argv: tuple[str, ...]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "", f"imported at start-up: {done.stderr}"


def test_the_probe_can_see_an_import() -> None:
    # The probe above would report a heavy import if there were one.
    done = subprocess.run(
        [sys.executable, "-c", "import trauma_ws.loading.yamlio\n" + PROBE.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.stderr.splitlines()[-1] == "yaml"


# --- the shared fixtures themselves --------------------------------------------------------------


def test_git_programme_has_one_pinned_commit(git_programme: Path) -> None:
    log = git(git_programme, "log", "--format=%an <%ae>|%cn|%aI|%s").splitlines()
    assert log == [
        "Fixture Author <author@example.org>|Fixture Committer|2023-07-15T12:00:00+00:00|"
        "Initial records"
    ]
    assert git(git_programme, "status", "--porcelain") == ""
    assert git(git_programme, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    tracked = git(git_programme, "ls-files").split()
    assert "data/groups.yaml" in tracked
    assert len(tracked) == 14
    result = run_tws("validate", *AS_OF_ARGS, "--strict", cwd=git_programme)
    assert result.exit_code == 0, result.stdout


def test_git_programme_commits_are_reproducible(git_programme: Path, tmp_path: Path) -> None:
    other = copy_base(tmp_path / "other")
    git(other, "init", "-q", "-b", "main")
    git(other, "add", "-A")
    git(other, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "Initial records")
    assert git(other, "rev-parse", "HEAD") == git(git_programme, "rev-parse", "HEAD")


def test_run_tws_restores_the_working_folder(programme: Path) -> None:
    before = Path.cwd()
    result = run_tws("validate", *AS_OF_ARGS, cwd=programme / "data")
    assert result.exit_code == 0
    assert Path.cwd() == before


def test_update_golden_follows_the_option(
    update_golden: bool, request: pytest.FixtureRequest
) -> None:
    assert isinstance(update_golden, bool)
    assert update_golden is request.config.getoption("--update-golden")


# --- YAML 1.1's implicit types, and values that must match their form whole ---------------------

MEETING = "data/meetings/delivery-2023-06-01.yaml"


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        (
            "010",
            "`010` is read as the number 8 (a leading zero makes it octal in YAML 1.1): "
            "write 10 without the leading zero",
        ),
        ("+010", "write 10 without the leading zero"),
        ("0x1F", "`0x1F` is read as the number 31 (hexadecimal): write 31 in plain digits"),
        ("0b101", "(binary): write 5 in plain digits"),
        ("1_000", "(YAML 1.1 skips the underscores): write 1000 in plain digits"),
        ("1:20", "(YAML 1.1 reads numbers with colons in base 60): write 80 in plain digits"),
        ("+5", "(YAML 1.1 drops the plus sign): write 5 in plain digits"),
        (".5", "`.5` is read as the number 0.5 (a decimal fraction): write a whole number"),
        ("2.0", "`2.0` is read as the number 2.0 (a decimal fraction): write a whole number"),
    ],
)
def test_a_number_in_a_surprising_form_is_refused_with_a_hint(
    programme: Path, written: str, hint: str
) -> None:
    replace(programme, MEETING, "number: 2\n", f"number: {written}\n")
    result = validate(programme)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{MEETING}:4:9: error: `number`: `{written}` is read as the number")
    assert hint in lines[0]
    assert lines[0].endswith("[yaml-number]")
    assert "the eighth" not in result.stdout


@pytest.mark.parametrize("written", ["010", "0x1F", "1:20", ".5", "1_000", "+5"])
@pytest.mark.parametrize(
    ("rel", "old", "field", "at"),
    [
        (MEETING, "location: Alpha Council HQ\n", "location", (6, 11)),
        ("data/actions/del-003.yaml", "title: Recruit practice leads\n", "title", (2, 8)),
    ],
)
def test_a_surprising_number_in_a_text_field_says_to_quote_it(
    programme: Path, written: str, rel: str, old: str, field: str, at: tuple[int, int]
) -> None:
    replace(programme, rel, old, f"{field}: {written}\n")
    result = validate(programme)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{rel}:{at[0]}:{at[1]}: error: `{field}`: `{written}` is read as the number "
        + result.stdout.split("is read as the number ", 1)[1].split(":", 1)[0]
        + f": write it in quotes, '{written}', to mean the text [yaml-number]"
    ]


@pytest.mark.parametrize(
    ("written", "shown"),
    [("02023", "1043"), ("2_023", "2023"), ("+2023", "2023")],
)
def test_a_due_year_in_a_surprising_form_is_refused(
    programme: Path, written: str, shown: str
) -> None:
    replace(programme, "data/actions/del-003.yaml", "due: 2023-Q2\n", f"due: {written}\n")
    result = validate(programme)
    assert result.exit_code == 1
    assert (
        f"data/actions/del-003.yaml:6:6: error: `due`: `{written}` is read as the number {shown}"
        in result.stdout
    )


def test_leading_zeros_yaml_keeps_as_text_get_the_same_hint(programme: Path) -> None:
    replace(programme, MEETING, "number: 2\n", "number: 08\n")
    result = validate(programme)
    assert (
        f"{MEETING}:4:9: error: `number` should be a whole number, not `08`: "
        "write 8 without the leading zero [wrong-type]" in result.stdout
    )


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("id: del-003\n", 'id: "del-003\\n"\n', "1:5", "`id`: `del-003\\n` is not a valid id"),
        ("id: del-003\n", "id: |\n  del-003\n", "1:5", "`id`: `del-003\\n` is not a valid id"),
        ("id: del-003\n", 'id: "del-003\\t"\n', "1:5", "`id`: `del-003\\t` is not a valid id"),
        ("id: del-003\n", 'id: " del-003"\n', "1:5", "`id`: ` del-003` is not a valid id"),
        (
            "owners: [gamma-trust]\n",
            'owners: ["gamma-trust\\n"]\n',
            "4:10",
            "owner 1: `gamma-trust\\n` is not a valid id",
        ),
        (
            "due: 2023-Q2\n",
            'due: "2023-Q2\\n"\n',
            "6:6",
            "`due`: `2023-Q2\\n` has spaces or a line break around it: write `2023-Q2`",
        ),
        (
            "due: 2023-Q2\n",
            "due: |\n  2023-06\n",
            "6:6",
            "`due`: `2023-06\\n` has spaces or a line break around it",
        ),
        (
            "due: 2023-Q2\n",
            'due: " 2023-06-30"\n',
            "6:6",
            "`due`: ` 2023-06-30` has spaces or a line break around it",
        ),
        ("due: 2023-Q2\n", 'due: "٢٠٢٣"\n', "6:6", "`due`: `٢٠٢٣` is not a date"),
    ],
    ids=[
        "quoted-newline",
        "block",
        "tab",
        "space",
        "list-item",
        "due-newline",
        "due-block",
        "due-space",
        "due-other-digits",
    ],
)
def test_ids_and_periods_match_their_form_whole(
    programme: Path, old: str, new: str, where: str, message: str
) -> None:
    replace(programme, "data/actions/del-003.yaml", old, new)
    result = validate(programme)
    assert result.exit_code == 1
    assert f"data/actions/del-003.yaml:{where}: error: {message}" in result.stdout, result.stdout


def test_a_date_with_a_line_break_is_refused(programme: Path) -> None:
    replace(programme, MEETING, "date: 2023-06-01\n", 'date: "2023-06-01\\n"\n')
    result = validate(programme)
    assert (
        f"{MEETING}:3:7: error: `date`: `2023-06-01\\n` has spaces or a line break around it: "
        "write `2023-06-01` [bad-date]" in result.stdout
    )
