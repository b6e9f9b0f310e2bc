"""The YAML reader's rules for scalars: what a scalar's text is read as, and what is refused.

YAML 1.1's implicit types, read as PyYAML's safe loader reads them but faster for the usual
values, with a flag for each surprising reading (``TRUTHY``: a yes/no/on/off word read as a
boolean; ``IMPLICIT``: ``010`` read as octal 8, ``0x1F``, ``1_000``, ``1:20`` in base 60,
``+5``, ``.5``), and the control characters a double-quoted scalar may not hold even when
written as an escape (``\\x07``, ``\\u0000``, ``\\e``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from trauma_ws.loading.yaml_text import _line_col
from trauma_ws.record.problems import Problem, error

_STR = "tag:yaml.org,2002:str"
_BOOL_WORDS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()

_BOOL_SPELLINGS = frozenset(
    w for word in _BOOL_WORDS for w in (word, word.capitalize(), word.upper())
)
_NULL_SPELLINGS = frozenset(("~", "null", "Null", "NULL"))
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)")
_PLAIN_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)
"""The first characters of a plain scalar that YAML 1.1 may read as other than text."""

TRUTHY = 1
"""``_scalar``'s flag for a yes/no/on/off word read as a boolean."""
IMPLICIT = 2
"""``_scalar``'s flag for a number or date in a form that YAML 1.1 reads by surprise."""


def _scalar(value: str, plain: bool) -> tuple[Any, int]:
    """The value of a scalar under YAML 1.1's rules, and a flag for a surprising reading.

    The flag is 0, ``TRUTHY`` (a yes/no/on/off word) or ``IMPLICIT``: a number in any form
    but plain decimal digits (``010`` is octal 8, ``0x1F``, ``0b101``, ``1_000``, ``1:20``
    in base 60, ``+5``) and any decimal fraction (``.5``, ``1.10``, ``.inf``; no field
    holds one).
    """
    if not plain:
        return value, 0
    first = value[:1]
    if first.isalpha():
        # Among YAML 1.1's implicit types only booleans and null are spelt with letters.
        if value in _BOOL_SPELLINGS:
            lowered = value.lower()
            return _BOOL_WORDS[lowered], TRUTHY if lowered not in ("true", "false") else 0
        return (None, 0) if value in _NULL_SPELLINGS else (value, 0)
    if first.isdigit() and _ISO_DATE.fullmatch(value):
        try:  # the commonest typed value, made without the general timestamp parser
            return date(int(value[:4]), int(value[5:7]), int(value[8:10])), 0
        except ValueError:
            return value, 0
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR:
        return value, 0
    if tag == "tag:yaml.org,2002:bool":
        lowered = value.lower()
        return _BOOL_WORDS[lowered], TRUTHY if lowered not in ("true", "false") else 0
    if tag == "tag:yaml.org,2002:null":
        return None, 0
    node = ScalarNode(tag, value)
    try:
        if tag == "tag:yaml.org,2002:int":
            number: int = _CONSTRUCTOR.construct_yaml_int(node)
            return number, 0 if _DECIMAL.fullmatch(value) else IMPLICIT
        if tag == "tag:yaml.org,2002:float":
            return _CONSTRUCTOR.construct_yaml_float(node), IMPLICIT
        if tag == "tag:yaml.org,2002:timestamp":
            # A date and time (a date alone is always YYYY-MM-DD, read above): every date
            # field refuses it, saying so.
            stamp: date | datetime = _CONSTRUCTOR.construct_yaml_timestamp(node)
            return stamp, 0
    except ValueError:
        # An impossible date such as 2022-13-01: keep the text, so the model reports it
        # at its place ("not a real date") instead of the reader failing.
        return value, 0
    return value, 0


# What a double-quoted scalar may not hold, however written: the characters libyaml refuses
# raw, and CR and NEL (raw, they only ever end a line). Tab and newline stay allowed, as
# they are when written raw.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_ESCAPED = {"0": 0, "a": 7, "b": 8, "v": 11, "f": 12, "r": 13, "e": 27, "N": 0x85}


def _escaped_control(text: str, ev: Any, path: str) -> Problem:
    """The problem for a control character written as an escape in the scalar event ``ev``
    (one ``_CONTROL`` finds in its value), placed at the escape when it can be found.
    """
    found = _CONTROL.search(ev.value)
    assert found is not None
    code = ord(found.group())
    start = ev.start_mark.index
    line, col = ev.start_mark.line + 1, ev.start_mark.column + 1
    shown = ""
    for m in _ESCAPE.finditer(text, start, ev.end_mark.index):
        escape = m.group(1)
        value = int(escape[1:], 16) if len(escape) > 1 else _ESCAPED.get(escape)
        if value == code:
            line, col = _line_col(text, m.start())
            shown = f" (written `{m.group()}`)"
            break
    return error(
        path,
        line,
        col,
        f"control character U+{code:04X}{shown} is not allowed in YAML text: remove it",
        "yaml-syntax",
    )
