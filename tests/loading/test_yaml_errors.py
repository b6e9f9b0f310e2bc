"""YAML syntax errors in plain words: where a wrongly indented line should start, which text to
quote; libyaml's own words only where neither applies, and then not alone."""

from __future__ import annotations

import re

import pytest
import yaml
from tests.conftest import FIXTURE_BASE

from trauma_ws.loading import yamlio
from trauma_ws.record.problems import Problem

PARSER_WORDS = (
    "did not find expected",
    "while parsing",
    "mapping values are not allowed",
    "expected <block end>",
)


def problem(text: str) -> Problem:
    parsed = yamlio.parse(text.encode("utf-8"), "data/actions/x.yaml")
    assert parsed.data is None
    (found,) = parsed.problems
    return found


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (  # a list entry one space less indented than its list
            "items:\n  - title: A\n    notes:\n      - one\n     - two\n",
            (5, 6),
            "this line is indented 5 spaces, but the list it belongs to starts at column 7 "
            "(the `-` on line 4): indent it 6 spaces to line it up with that `-`",
        ),
        (  # a list entry one space more indented than its list, after a mapping entry
            "items:\n  - title: A\n   - title: B\n",
            (3, 4),
            "this line is indented 3 spaces, but the list it belongs to starts at column 3 "
            "(the `-` on line 2): indent it 2 spaces to line it up with that `-`",
        ),
        (  # a key less indented than the mapping it belongs to
            "updates:\n  - date: 2023-01-01\n    by: a\n   text: x\n",
            (4, 4),
            "this line is indented 3 spaces, but the mapping it belongs to starts at column 5 "
            "(`by` on line 3): indent it 4 spaces to line it up with `by`",
        ),
        (  # a key more indented than the mapping it belongs to
            "updates:\n  - date: 2023-01-01\n    by: a\n     text: x\n",
            (4, 6),
            "this line is indented 5 spaces, but the mapping it belongs to starts at column 5 "
            "(`by` on line 3): indent it 4 spaces to line it up with `by`",
        ),
        (  # a top-level field indented: libyaml stops at its colon
            "id: a\ntitle: b\n  group: c\n",
            (3, 3),
            "this line is indented 2 spaces, but the mapping it belongs to starts at column 1 "
            "(`title` on line 2): start it at the beginning of the line to line it up with "
            "`title`",
        ),
        (  # a list under `key:` must be indented more than the key
            "items:\n  - title: A\n    notes:\n   - one\n",
            (4, 4),
            "this line is indented 3 spaces, but a list under `notes` (line 3) must be indented "
            "more than `notes`: indent it 6 spaces",
        ),
        (  # the text of a block scalar above does not count as entries
            "notes:\n  - >-\n    Action: do this\n    and that\n   - b\n",
            (5, 4),
            "this line is indented 3 spaces, but the list it belongs to starts at column 3 "
            "(the `-` on line 2): indent it 2 spaces to line it up with that `-`",
        ),
        (  # the first line indented: everything after it is less indented than the file
            "  id: a\ntitle: b\n",
            (1, 3),
            "the first line is indented 2 spaces, but the fields of a record start at the "
            "beginning of the line: remove the spaces before it and the lines below it that "
            "line up with it",
        ),
        (  # a value with a colon and a space
            "id: a\ntitle: Update: revised\n",
            (2, 8),
            "this value has a colon followed by a space, so YAML reads it as a label and a "
            'value: put the whole value in quotes: title: "Update: revised"',
        ),
        (  # a list entry with two of them: the entry is the text
            "notes:\n  - Update from NES: the framework: more\n",
            (2, 5),
            "this text has a colon followed by a space, so YAML reads it as a label and a "
            'value: put the whole text in quotes: - "Update from NES: the framework: more"',
        ),
        (  # text with a double quote is quoted with single quotes
            'title: Re: the "plan"\n',
            (1, 8),
            "put the whole value in quotes: title: 'Re: the \"plan\"'",
        ),
        (  # a long text continued on a line holding a colon
            "notes:\n  - The group agreed\n    Action: do X\n",
            (3, 11),
            "this line continues the text on line 2, and its colon followed by a space makes "
            "YAML read a label and a value: put the whole text in quotes",
        ),
        (  # a line of a long text moved to the left: YAML reads a new field
            "id: a\ndescription: >-\n  The secretariat to send the\ngroup a template.\n",
            (4, 1),
            "this line is indented 0 spaces, so YAML reads it as a new entry, not as more of the "
            "text of `description` on line 2: indent it 2 spaces, as the text's other lines are",
        ),
        (  # a line of a list entry's text less indented than the text needs
            "notes:\n    - >-\n    The chair noted apologies.\n",
            (3, 5),
            "this line is indented 4 spaces, so YAML reads it as a new entry, not as more of the "
            "text of the entry whose `-` is on line 2: indent it 6 spaces, with the lines of the "
            "text below it",
        ),
        (  # a list in brackets not closed: at its opening bracket
            "id: a\nowners: [a, b\nstatus: done\n",
            (2, 9),
            "this list in brackets (`[`) is not closed: add `]` after its last entry, and a "
            "comma between entries",
        ),
        (
            "vote: {for: 3\nx: 1\n",
            (1, 7),
            "this mapping in brackets (`{`) is not closed: add `}` after its last entry",
        ),
        (  # a quote never closed: at the quote
            'id: a\ntitle: "Recruit leads\nstatus: done\n',
            (2, 8),
            'this text opens a quote (`"`) that is never closed: add the closing `"` at the end '
            'of the text (a `"` inside it is written `\\"`)',
        ),
        (
            "id: a\ntitle: 'Recruit leads\n",
            (2, 8),
            "(a `'` inside it is written `''`)",
        ),
        (  # a value starting with a character YAML keeps for itself
            "id: a\ntitle: @home visits\n",
            (2, 8),
            'a value cannot start with `@` in YAML: put the whole value in quotes: title: "@home '
            'visits"',
        ),
        (
            "notes:\n  - `code` here\n",
            (2, 5),
            'a value cannot start with a backtick in YAML: put the whole value in quotes: - "`code`'
            ' here"',
        ),
        ("owners: [a, b]]\n", (1, 15), "text after the closing `]`: remove it"),
        (  # text after a closing quote
            'id: a\ntext: "x" y\n',
            (2, 11),
            "text after the closing quote: put it inside the quotes, or quote none of it",
        ),
    ],
)
def test_a_syntax_error_says_what_to_change(
    text: str, where: tuple[int, int], message: str
) -> None:
    found = problem(text)
    assert (found.line, found.col) == where
    assert message in found.message
    assert found.code == "yaml-syntax"
    assert not any(words in found.message for words in PARSER_WORDS)


def test_the_fix_given_is_one_that_reads_past_the_line() -> None:
    text = "items:\n  - title: A\n    notes:\n      - one\n     - two\n"
    found = problem(text)
    lines = text.splitlines()
    lines[4] = " " * 6 + lines[4].lstrip()
    assert yaml.safe_load("\n".join(lines)) == {"items": [{"title": "A", "notes": ["one", "two"]}]}
    assert found.line == 5


def test_an_indentation_problem_with_no_line_to_line_up_with_keeps_the_parser_words() -> None:
    found = problem("id: a\n- b\n")
    assert found.message.startswith("YAML cannot read the indentation here:")
    assert "(did not find expected key" in found.message  # in brackets, at the end
    assert found.message.endswith(")")


def test_other_syntax_errors_keep_libyamls_words() -> None:
    found = problem("id: a\ntitle: |x\n  text\n")
    assert found.message.startswith("YAML syntax: ")
    assert "(while scanning a block scalar that starts at line 2, column 8)" in found.message


_INDENT_FIX = re.compile(r"indent it (\d+) spaces?|start it at the beginning of the line")


def _fixture_texts() -> list[tuple[str, str]]:
    return [
        (p.relative_to(FIXTURE_BASE).as_posix(), p.read_text(encoding="utf-8"))
        for p in sorted((FIXTURE_BASE / "data").rglob("*.yaml"))
    ]


@pytest.mark.parametrize(("rel", "text"), _fixture_texts(), ids=lambda v: v[-30:])
def test_every_line_moved_gets_a_problem_whose_fix_is_right(rel: str, text: str) -> None:
    """Move each line of each fixture file one or two columns either way: whatever libyaml
    stops at, the problem is one line; where it says how far to indent a line, doing that
    (that line and those under it) gives a file libyaml reads past that line."""
    lines = text.splitlines()
    told = 0
    for i, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for delta in (-2, -1, 1, 2):
            indent = len(line) - len(line.lstrip(" "))
            if indent + delta < 0:
                continue
            moved = list(lines)
            moved[i] = " " * (indent + delta) + line.lstrip(" ")
            parsed = yamlio.parse("\n".join(moved).encode("utf-8"), rel)
            if parsed.data is not None:
                continue  # still YAML (a deeper line can be more of a value)
            (found,) = parsed.problems
            fix = _INDENT_FIX.search(found.message)
            if fix is None or found.message.startswith("the first line"):
                continue
            told += 1
            to = int(fix.group(1) or 0)
            at = found.line - 1
            start = len(moved[at]) - len(moved[at].lstrip(" "))
            fixed = list(moved)
            for j in range(at, len(moved)):
                if j > at and moved[j].strip() and len(moved[j]) - len(moved[j].lstrip()) <= start:
                    break
                if moved[j].strip():
                    deeper = len(moved[j]) - len(moved[j].lstrip(" ")) - start
                    fixed[j] = " " * (to + deeper) + moved[j].lstrip(" ")
            try:
                yaml.safe_load("\n".join(fixed))
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark
                assert mark is not None
                assert mark.line > at, (rel, i, delta, found.message)
    assert told > 0
