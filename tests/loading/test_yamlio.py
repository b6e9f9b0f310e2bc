"""The YAML loader: values, where they sit, and what it refuses (problems, never exceptions)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import FIXTURE_BASE

from trauma_ws.loading import yamlio

ACTION = b"""\
id: del-001
title: Map pathways
owners: [beta-health, pat-private]
due: 2023-04-30
updates:
  - date: 2023-03-20
    by: beta-health
    text: Started.
  - date: 2023-05-10
    by: pat-private
    text: |
      Two of three
      areas mapped.
"""


def parse(text: str | bytes) -> yamlio.Parsed:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return yamlio.parse(raw, "data/actions/x.yaml")


def codes(parsed: yamlio.Parsed) -> list[str]:
    return [p.code for p in parsed.problems]


# --- values and marks ---------------------------------------------------------------------------


def test_values_are_plain_python() -> None:
    parsed = parse(ACTION)
    assert parsed.problems == []
    assert parsed.data == {
        "id": "del-001",
        "title": "Map pathways",
        "owners": ["beta-health", "pat-private"],
        "due": dt.date(2023, 4, 30),
        "updates": [
            {"date": dt.date(2023, 3, 20), "by": "beta-health", "text": "Started."},
            {
                "date": dt.date(2023, 5, 10),
                "by": "pat-private",
                "text": "Two of three\nareas mapped.\n",
            },
        ],
    }


def test_marks_of_nested_values() -> None:
    parsed = parse(ACTION)
    assert parsed.marks[()] == (1, 1)
    assert parsed.marks[("id",)] == (1, 5)
    assert parsed.marks[("owners",)] == (3, 9)
    assert parsed.marks[("owners", 0)] == (3, 10)
    assert parsed.marks[("owners", 1)] == (3, 23)
    assert parsed.marks[("updates",)] == (6, 3)
    assert parsed.marks[("updates", 1)] == (9, 5)
    assert parsed.marks[("updates", 1, "by")] == (10, 9)
    assert parsed.marks[("updates", 1, "text")] == (11, 11)


def test_key_marks_point_at_the_key() -> None:
    parsed = parse(ACTION)
    assert parsed.key_marks[("id",)] == (1, 1)
    assert parsed.key_marks[("updates",)] == (5, 1)
    assert parsed.key_marks[("updates", 1, "by")] == (10, 5)
    assert parsed.key_mark(("updates", 1, "by")) == (10, 5)
    # No key names a list item: fall back to the value's place.
    assert parsed.key_mark(("owners", 1)) == (3, 23)


def test_mark_falls_back_to_the_nearest_enclosing_value() -> None:
    parsed = parse(ACTION)
    assert parsed.mark(("updates", 1, "status")) == (9, 5)
    assert parsed.mark(("updates", 7, "by")) == (6, 3)
    assert parsed.mark(("nowhere", 3)) == (1, 1)


def test_due_forms_keep_their_yaml_types() -> None:
    parsed = parse(
        "a: 2023-07\nb: 2022\nc: 2023-Q2\nd: 2022/23\ne: 2023-07-31\nf: '2023-07-31'\n"
        "g: 2023-07-31 10:30:00\n"
    )
    assert parsed.problems == []
    data = parsed.data
    assert data["a"] == "2023-07"
    assert data["b"] == 2022
    assert type(data["b"]) is int
    assert data["c"] == "2023-Q2"
    assert data["d"] == "2022/23"
    assert data["e"] == dt.date(2023, 7, 31)
    assert type(data["e"]) is dt.date
    assert data["f"] == "2023-07-31"
    assert data["g"] == dt.datetime(2023, 7, 31, 10, 30)


def test_impossible_dates_stay_text_for_the_model_to_report() -> None:
    parsed = parse("a: 2023-02-30\nb: 2023-13-01\nc: 2023-02-29\nd: 2024-02-29\n")
    assert parsed.problems == []
    assert parsed.data == {
        "a": "2023-02-30",
        "b": "2023-13-01",
        "c": "2023-02-29",
        "d": dt.date(2024, 2, 29),
    }


def test_other_scalars() -> None:
    parsed = parse("a: ~\nb:\nc: 1.5\nd: 'yes'\ne: !!str 12\nf: true\ng: \"no\"\n")
    assert parsed.problems == []
    assert parsed.data == {
        "a": None,
        "b": None,
        "c": 1.5,
        "d": "yes",
        "e": "12",
        "f": True,
        "g": "no",
    }


def test_yes_no_words_are_recorded_as_truthy() -> None:
    parsed = parse("a: yes\nb: [on, 'no', No, OFF]\nc: true\nd: \"yes\"\ne:\n  f: no\n")
    assert parsed.problems == []
    assert parsed.data == {
        "a": True,
        "b": [True, "no", False, False],
        "c": True,
        "d": "yes",
        "e": {"f": False},
    }
    assert parsed.truthy == {
        ("a",): "yes",
        ("b", 0): "on",
        ("b", 2): "No",
        ("b", 3): "OFF",
        ("e", "f"): "no",
    }


def test_a_utf8_byte_order_mark_is_dropped() -> None:
    parsed = parse(b"\xef\xbb\xbfid: a\n")
    assert parsed.problems == []
    assert parsed.data == {"id": "a"}
    assert parsed.marks[("id",)] == (1, 5)


# --- refusals -----------------------------------------------------------------------------------


def test_duplicate_keys_keep_the_first_value() -> None:
    parsed = parse("id: a\nstatus: done\nnested:\n  k: 1\n  k: 2\nstatus: blocked\n")
    assert parsed.data == {"id": "a", "status": "done", "nested": {"k": 1}}
    assert [p.format() for p in parsed.problems] == [
        "data/actions/x.yaml:5:3: error: duplicate key `k` (first at line 4): keep one "
        "[duplicate-key]",
        "data/actions/x.yaml:6:1: error: duplicate key `status` (first at line 2): keep one "
        "[duplicate-key]",
    ]
    assert parsed.key_marks[("status",)] == (2, 1)
    assert parsed.marks[("status",)] == (2, 9)


def test_duplicate_key_whose_second_value_is_a_mapping() -> None:
    parsed = parse("a:\n  x: 1\na:\n  y: [1, 2]\nb: 3\n")
    assert parsed.data == {"a": {"x": 1}, "b": 3}
    assert codes(parsed) == ["duplicate-key"]


@pytest.mark.parametrize(
    ("text", "code", "where"),
    [
        ("a: &x 1\nb: *x\n", "yaml-anchor", (1, 4)),
        ("a: *x\n", "yaml-alias", (1, 4)),
        ("a: !!python/object/apply:os.system ['true']\n", "yaml-tag", (1, 4)),
        ("a: !!binary aGVsbG8=\n", "yaml-tag", (1, 4)),
        ("a: 1\n---\na: 2\n", "multi-document", (2, 1)),
        ("? [a]\n: 1\n", "yaml-key", (1, 3)),
        ("a: [1, 2\n", "yaml-syntax", (1, 4)),
        ("a: b: c\n", "yaml-syntax", (1, 4)),
        ("", "empty-file", (1, 1)),
        ("# only a comment\n\n   \n", "empty-file", (1, 1)),
        ("a:\n\tb: 1\n", "tab-indent", (2, 1)),
        ("a:\n  \tb: 1\n", "tab-indent", (2, 3)),
        ("a: 1\n<<<<<<< HEAD\n", "conflict-marker", (2, 1)),
    ],
)
def test_refusals_are_located_problems(text: str, code: str, where: tuple[int, int]) -> None:
    parsed = parse(text)
    assert parsed.data is None
    assert codes(parsed) == [code]
    assert (parsed.problems[0].line, parsed.problems[0].col) == where
    assert parsed.problems[0].severity == "error"


def test_every_conflict_marker_is_reported() -> None:
    parsed = parse("a: 1\n<<<<<<< ours\nb: 2\n=======\nb: 3\n>>>>>>> theirs\n")
    assert [(p.line, p.code) for p in parsed.problems] == [
        (2, "conflict-marker"),
        (4, "conflict-marker"),
        (6, "conflict-marker"),
    ]


def test_a_row_of_equals_signs_inside_text_is_not_a_conflict() -> None:
    parsed = parse("a: |\n  Heading\n  =======\n")
    assert parsed.problems == []
    assert parsed.data == {"a": "Heading\n=======\n"}


def test_encodings() -> None:
    latin1 = parse("id: a\ntitle: café\n".encode("latin-1"))
    assert [p.format() for p in latin1.problems] == [
        "data/actions/x.yaml:2:11: error: byte 0xE9 is not valid UTF-8 (the file looks like "
        "Windows-1252 or Latin-1): save it as UTF-8 [bad-encoding]"
    ]
    for raw in ("id: a\n".encode("utf-16"), "\ufeffid: a\n".encode("utf-16-be")):
        parsed = parse(raw)
        assert [p.format() for p in parsed.problems] == [
            "data/actions/x.yaml:1:1: error: the file is saved as UTF-16: save it as UTF-8 "
            "[bad-encoding]"
        ]


def test_a_control_character_is_located_on_one_line() -> None:
    parsed = parse("id: a\ntitle: b\x00c\n")
    assert codes(parsed) == ["yaml-syntax"]
    problem = parsed.problems[0]
    assert "\n" not in problem.message
    assert "U+0000" in problem.message
    assert (problem.line, problem.col) == (2, 9)


# --- limits -------------------------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_fast() -> None:
    text = billion_laughs()
    start = time.perf_counter()
    parsed = parse(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 10.0  # expanded, it would take minutes and gigabytes: a generous bound
    assert parsed.data is None
    assert codes(parsed) == ["yaml-anchor"]


def test_aliases_are_refused_even_without_anchors_seen_first() -> None:
    # Flow-mapping merge attempt: the alias is refused where it stands.
    parsed = parse("base: {a: 1}\nother:\n  <<: *base\n")
    assert codes(parsed) == ["yaml-alias"]
    assert (parsed.problems[0].line, parsed.problems[0].col) == (3, 7)


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_deep_nesting_is_refused_without_recursion_error(opener: str) -> None:
    depth = max(sys.getrecursionlimit() * 2, 5000)
    closer = "]" if opener == "[" else "}"
    text = "a: " + opener * depth + "1" + closer * depth + "\n"
    parsed = parse(text)
    assert parsed.data is None
    assert codes(parsed) == ["too-deep"]
    assert f"more than {yamlio.MAX_DEPTH} levels" in parsed.problems[0].message


def test_block_nesting_to_the_limit_is_read() -> None:
    depth = yamlio.MAX_DEPTH  # mappings, the top-level one included
    lines = [f"{'  ' * i}k{i}:" for i in range(depth)]
    text = "\n".join(lines) + " leaf\n"
    parsed = parse(text)
    assert parsed.problems == []
    value = parsed.data
    for i in range(depth - 1):
        value = value[f"k{i}"]
    assert value == {f"k{depth - 1}": "leaf"}
    deeper = "\n".join([f"{'  ' * i}k{i}:" for i in range(depth + 1)]) + " leaf\n"
    assert codes(parse(deeper)) == ["too-deep"]


def test_parse_refuses_more_than_max_bytes() -> None:
    raw = b"a: " + b"x" * (yamlio.MAX_BYTES - 3) + b"\n"
    assert len(raw) == yamlio.MAX_BYTES + 1
    parsed = yamlio.parse(raw, "data/actions/big.yaml")
    assert parsed.data is None
    assert [p.format() for p in parsed.problems] == [
        "data/actions/big.yaml:1:1: error: the file is 5.0 MB, over the 5 MB limit for one "
        "record: split it [file-too-large]"
    ]


def test_parse_reads_a_file_of_exactly_max_bytes() -> None:
    raw = b"a: " + b"x" * (yamlio.MAX_BYTES - 4) + b"\n"
    assert len(raw) == yamlio.MAX_BYTES
    parsed = yamlio.parse(raw, "data/actions/big.yaml")
    assert parsed.problems == []
    assert len(parsed.data["a"]) == yamlio.MAX_BYTES - 4


def test_read_refuses_a_file_just_over_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (yamlio.MAX_BYTES - 1) + b"\n")
    assert big.stat().st_size == yamlio.MAX_BYTES + 2
    parsed = yamlio.read(str(big), "data/actions/big.yaml")
    assert parsed.data is None
    assert [(p.code, p.line, p.col) for p in parsed.problems] == [("file-too-large", 1, 1)]
    message = parsed.problems[0].message
    assert "5.0 MB" in message
    assert "over the 5 MB limit" in message
    assert "split it" in message


def test_read_names_the_file_by_its_relative_path() -> None:
    parsed = yamlio.read(str(FIXTURE_BASE / "data" / "groups.yaml"), "data/groups.yaml")
    assert parsed.path == "data/groups.yaml"
    assert parsed.problems == []
    assert [o["id"] for o in parsed.data["organisations"]] == [
        "alpha-council",
        "beta-health",
        "gamma-trust",
        "sec-org",
    ]


def test_read_of_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    parsed = yamlio.read(str(tmp_path / "gone.yaml"), "data/actions/gone.yaml")
    assert parsed.data is None
    assert [(p.code, p.line, p.col) for p in parsed.problems] == [("unreadable", 0, 0)]
    assert "No such file" in parsed.problems[0].message


# --- never an exception -------------------------------------------------------------------------


def _variants(raw: bytes) -> list[bytes]:
    """Every truncation of ``raw``, and the file with awkward bytes put at each line start."""
    out = [raw[:cut] for cut in range(len(raw) + 1)]
    starts = [0] + [i + 1 for i, b in enumerate(raw) if b == 0x0A]
    for at in starts:
        for junk in (
            b"\t",
            b"&",
            b"*",
            b"!",
            b"- ",
            b"? ",
            b"[",
            b"{",
            b"'",
            b'"',
            b"\x00",
            b"\xff",
        ):
            out.append(raw[:at] + junk + raw[at:])
    return out


@pytest.mark.parametrize(
    "rel",
    ["data/actions/del-001.yaml", "data/meetings/delivery-2023-03-01.yaml"],
)
def test_mangled_files_give_problems_not_exceptions(rel: str) -> None:
    raw = (FIXTURE_BASE / rel).read_bytes()
    for variant in _variants(raw):
        parsed = yamlio.parse(variant, rel)  # must not raise
        if parsed.problems:
            for problem in parsed.problems:
                assert problem.path == rel
                assert problem.line >= 1
                assert problem.col >= 1
        else:
            assert parsed.data is None or isinstance(parsed.data, dict | list | str | int)


# --- text as editors save it --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("title: Réunion\x00\n", (1, 15)),  # two-byte letters before it
        ("title: 日本語 \x07\n", (1, 12)),  # three-byte letters
        ("title: 🎉🎉 \x1b\n", (1, 11)),  # four-byte (astral) characters
        ("\ufeffid: a\ntitle: über\x07\n", (2, 12)),  # after a byte-order mark
        ("id: é\r\ntitle: über\x07\r\n", (2, 12)),  # CR LF line endings
        ("id: é\rtitle: über\x07\r", (2, 12)),  # CR line endings (libyaml breaks lines there)
    ],
    ids=["latin", "cjk", "astral", "bom", "crlf", "cr"],
)
def test_a_control_character_is_located_in_characters_not_bytes(
    text: str, where: tuple[int, int]
) -> None:
    parsed = parse(text)
    assert codes(parsed) == ["yaml-syntax"]
    assert (parsed.problems[0].line, parsed.problems[0].col) == where


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        ("\\0", 0x00),
        ("\\a", 0x07),
        ("\\b", 0x08),
        ("\\e", 0x1B),
        ("\\v", 0x0B),
        ("\\f", 0x0C),
        ("\\r", 0x0D),
        ("\\N", 0x85),
        ("\\x0b", 0x0B),
        ("\\x7F", 0x7F),
        ("\\u0007", 0x07),
        ("\\u009b", 0x9B),
        ("\\uFFFF", 0xFFFF),
        ("\\U0000001b", 0x1B),
    ],
)
@pytest.mark.parametrize("place", ["value", "key", "second-line", "in-list"])
def test_a_control_character_written_as_an_escape_is_refused_at_the_escape(
    escape: str, code: int, place: str
) -> None:
    text = {
        "value": f'id: a\ntitle: "Réunion {escape} x"\n',
        "key": f'id: a\n"ti{escape}tle": x\n',
        "second-line": f'id: a\ntitle: "Réunion\n  über {escape}"\n',
        "in-list": f'id: a\nowners: [b, "c{escape}"]\n',
    }[place]
    where = {"value": (2, 17), "key": (2, 4), "second-line": (3, 8), "in-list": (2, 15)}[place]
    parsed = parse(text)
    assert parsed.data is None
    assert codes(parsed) == ["yaml-syntax"]
    problem = parsed.problems[0]
    assert f"U+{code:04X}" in problem.message
    assert f"`{escape}`" in problem.message
    assert (problem.line, problem.col) == where


@pytest.mark.parametrize(
    ("escape", "value"),
    [
        ("\\t", "a\tb"),
        ("\\n", "a\nb"),
        ("\\\\e", "a\\eb"),  # an escaped backslash, then a letter
        ("\\_", "a\xa0b"),
        ("\\L", "a\u2028b"),
        ("\\u00e9", "aéb"),
    ],
)
def test_tab_newline_and_printable_escapes_are_read(escape: str, value: str) -> None:
    parsed = parse(f'id: a\ntitle: "a{escape}b"\n')
    assert parsed.problems == []
    assert parsed.data == {"id": "a", "title": value}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("010", 8),
        ("-010", -8),
        ("+010", 8),
        ("00", 0),
        ("0x1F", 31),
        ("0b101", 5),
        ("1_000", 1000),
        ("1:20", 80),
        ("+5", 5),
        (".5", 0.5),
        ("1.10", 1.1),
        ("1.0", 1.0),
        ("-1.5", -1.5),
        ("1.5e+3", 1500.0),
    ],
)
def test_numbers_yaml_1_1_reads_by_surprise_are_recorded(written: str, value: object) -> None:
    parsed = parse(f"id: a\nnumber: {written}\nlist: [x, {written}]\n")
    assert parsed.problems == []
    assert parsed.data["number"] == value
    assert parsed.implicit == {("number",): written, ("list", 1): written}
    assert parsed.mark(("number",)) == (2, 9)


@pytest.mark.parametrize("written", ["0", "7", "10", "-3", "2023", "1e3", "0o10", "08", "'010'"])
def test_plain_decimal_numbers_and_text_are_no_surprise(written: str) -> None:
    parsed = parse(f"id: a\nnumber: {written}\n")
    assert parsed.problems == []
    assert parsed.implicit == {}


def test_digits_of_other_scripts_are_text_not_a_date() -> None:
    # The date shortcut once took any Unicode digits (`\d`): YAML reads this as text.
    parsed = parse("id: a\ndate: ٢٠٢٣-٠٦-٠١\nother: x\n")
    assert parsed.data["date"] == "٢٠٢٣-٠٦-٠١"
    slow = parse("id: a\ndate: ٢٠٢٣-٠٦-٠١\nother: yes\n")  # the positions path too
    assert slow.data["date"] == "٢٠٢٣-٠٦-٠١"
