"""Build a model from a parsed file, turning pydantic's errors into located, friendly problems."""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from trauma_ws.loading import hints, partial
from trauma_ws.loading.yamlio import KeyPath, Parsed
from trauma_ws.record.places import place
from trauma_ws.record.problems import Problem, error, warning
from trauma_ws.record.suggest import choice_hint, date_hint, did_you_mean

M = TypeVar("M", bound=BaseModel)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"`{value}`"


def _fields(model: type[BaseModel] | None) -> list[str]:
    """The keys a file may use for ``model``: a field's alias where it has one (``for``)."""
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _owner(model: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
    """The model class that holds the field at ``loc`` (for did-you-mean on unknown keys)."""
    if len(loc) <= 1 or all(isinstance(part, int) for part in loc[:-1]):
        return model
    info = hints.field_info(model, loc[:-1])
    found = hints.inner_model(info.annotation) if info is not None else None
    return found if isinstance(found, type) else None


def _under(loc: KeyPath, entries: set[KeyPath]) -> bool:
    return any(loc[: len(entry)] == entry for entry in entries)


def problems_from(exc: ValidationError, parsed: Parsed, model: type[BaseModel]) -> list[Problem]:
    """``exc``'s errors as located problems in plain words, one for each mistake made."""
    problems: list[Problem] = []
    path = parsed.path
    data = parsed.data
    errors = exc.errors(include_url=False)
    colons = hints.colon_entries(((tuple(e["loc"]), e["type"]) for e in errors), data, model)
    for entry in sorted(colons, key=str):
        line, col = parsed.mark(entry)
        message = hints.colon_message(entry, hints.value_at(data, entry))
        problems.append(error(path, line, col, message, "colon-in-text"))
    for err in errors:
        loc: KeyPath = tuple(err["loc"])
        if _under(loc, colons):
            continue  # one problem for the entry, said above
        kind = err["type"]
        value = err.get("input")
        name = str(loc[-1]) if loc else ""
        where = place(loc, data)
        line, col = parsed.mark(loc)
        code = "bad-value"
        if kind == "extra_forbidden":
            line, col = parsed.key_mark(loc)
            owner = _owner(model, loc)
            hint = did_you_mean(name, _fields(owner))
            allowed = ", ".join(_fields(owner))
            message = f"unknown field `{name}`{hint}; allowed here: {allowed}"
            code = "unknown-field"
        elif kind == "missing":
            line, col = parsed.mark(loc[:-1])
            message = f"missing required field `{name}`: add `{name}: …`"
            if len(loc) > 1:
                message += f" under {place(loc[:-1], data)}"
            code = "missing-field"
        elif kind in _EXPECTED:
            expected = _EXPECTED[kind]
            raw = parsed.truthy.get(loc)
            said = hints.labelled(value) if kind == "string_type" else None
            if raw is not None and kind == "string_type":
                message = (
                    f"{where}: `{raw}` is read as the boolean {str(value).lower()} (a YAML 1.1 "
                    f"surprise): write it in quotes, '{raw}', to mean the text"
                )
                code = "yaml-truthy"
            elif said is not None:
                what = "entry" if loc and isinstance(loc[-1], int) else "value"
                message = (
                    f"{where} has a colon followed by a space, so YAML reads it as a label and "
                    f"a value: put the whole {what} in quotes: {hints.quoted(said)}"
                )
                code = "colon-in-text"
            else:
                hint = ""
                if kind == "string_type" and isinstance(value, int | float | bool | dt.date):
                    hint = "; put it in quotes to mean the text"
                elif kind == "int_type" and isinstance(value, str):
                    zeros = _LEADING_ZERO.fullmatch(value)
                    if zeros is not None:  # 08 and 09 are not octal, so YAML 1.1 keeps the text
                        sign = "-" if zeros.group(1) == "-" else ""
                        hint = f": write {sign}{zeros.group(2)} without the leading zero"
                message = f"{where} should be {expected}, not {_type_name(value)}{hint}"
                code = "wrong-type"
        elif kind == "literal_error":
            expected = (err.get("ctx") or {}).get("expected", "")
            choices = [c.strip(" '") for c in str(expected).replace(" or ", ", ").split(",")]
            raw = parsed.truthy.get(loc)
            if raw is not None:
                message = (
                    f"{where}: `{raw}` is read as the boolean {str(value).lower()} (a YAML 1.1 "
                    f"surprise), which is not one of {', '.join(choices)}"
                )
                code = "yaml-truthy"
            else:
                hint = choice_hint(str(value), choices) if isinstance(value, str) else ""
                message = f"{where}: {_type_name(value)} is not one of {', '.join(choices)}{hint}"
        elif kind == "too_short":
            message = f"{where} needs at least one entry"
            code = "missing-field" if not value else "bad-value"
        elif kind == "string_too_short":
            message = f"{where} must not be empty"
        elif kind in (
            "bad-id",
            "bad-date",
            "bad-due",
            "bad-time",
            "bad-item-number",
            "unknown-timezone",
        ):
            folded = hints.folded_item(parsed, loc, value) if kind == "bad-id" else None
            if folded is not None:
                problems.append(folded)
                continue
            hint = ""
            if kind in ("bad-date", "bad-due") and isinstance(value, str):
                hint = date_hint(value, hints.date_kinds(model, loc))
            message = f"{where}: {err['msg']}{hint}"
            code = kind
        else:
            message = f"{where}: {err['msg']}"
        problems.append(error(path, line, col, message, code))
    return problems


_EXPECTED = {
    "string_type": "text",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "list_type": "a list",
    "model_type": "a mapping",
    "dict_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def build(model: type[M], parsed: Parsed) -> tuple[M | None, list[Problem]]:
    """Validate ``parsed.data`` against ``model``; the instance, or None and the problems."""
    built, problems, _ = build_partial(model, parsed, None)
    return built, problems


def build_partial(
    model: type[M], parsed: Parsed, lists: tuple[str, ...] | None = ()
) -> tuple[M | None, list[Problem], partial.Partial | None]:
    """:func:`build`, and when the model cannot be built, the :class:`.partial.Partial` made
    despite the errors (entries of the top-level ``lists`` left out; stand-ins when ``lists``
    is empty; not tried when it is None), or None."""
    data = parsed.data
    if not isinstance(data, dict):
        line, col = parsed.mark(())
        return (
            None,
            [
                error(
                    parsed.path,
                    line,
                    col,
                    f"the file should hold a mapping of fields, not {_type_name(data)}",
                    "wrong-type",
                )
            ],
            None,
        )
    if parsed.implicit:
        data = _as_text(model, parsed, data)
        _as_decimals(model, parsed)
    made: partial.Partial | None = None
    errors: list[tuple[KeyPath, str]] = []
    try:
        built: M | None = model.model_validate(data)
        problems: list[Problem] = []
    except ValidationError as exc:
        built, problems = None, problems_from(exc, parsed, model)
        errors = [(tuple(e["loc"]), e["type"]) for e in exc.errors(include_url=False)]
    if parsed.implicit:
        numbers = getattr(model, "NUMBER_PATHS", ())
        built, problems = None, _implicit_problems(parsed, problems, numbers)
        errors.extend((loc, "implicit") for loc in parsed.implicit)
    if built is None and lists is not None and problems:
        made = partial.build(model, data, _deepest_first(errors), lists=lists)
    reported = {(p.line, p.col) for p in problems}
    for loc, raw in parsed.truthy.items():
        line, col = parsed.mark(loc)
        if (line, col) not in reported:
            value = str(parsed.truthy_value(loc)).lower()
            problems.append(
                warning(
                    parsed.path,
                    line,
                    col,
                    f"`{raw}` is read as {value} by YAML 1.1 but as text by YAML 1.2 tools "
                    f"(editors, other checkers): write {value}",
                    "yaml-truthy",
                )
            )
    return built, problems, made


def _deepest_first(errors: list[tuple[KeyPath, str]]) -> list[tuple[KeyPath, str]]:
    """Each place once, the deepest first: a stand-in inside a value goes before one for it."""
    seen: dict[KeyPath, str] = {}
    for loc, kind in errors:
        seen.setdefault(loc, kind)
    return sorted(seen.items(), key=lambda item: -len(item[0]))


_LEADING_ZERO = re.compile(r"([-+]?)0+([0-9]+)")


def _why(raw: str) -> str:
    """Why YAML 1.1 reads ``raw`` (a number not in plain decimal digits) as it does."""
    digits = raw.lstrip("+-")
    if "." in raw:
        return "a decimal fraction"
    if ":" in raw:
        return "YAML 1.1 reads numbers with colons in base 60"
    if digits[:2] in ("0x", "0X"):
        return "hexadecimal"
    if digits[:2] in ("0b", "0B"):
        return "binary"
    if digits[:1] == "0":
        return "a leading zero makes it octal in YAML 1.1"
    if "_" in raw:
        return "YAML 1.1 skips the underscores"
    return "YAML 1.1 drops the plus sign"


def _implicit_problems(
    parsed: Parsed, problems: list[Problem], numbers: tuple[tuple[str | None, ...], ...] = ()
) -> list[Problem]:
    """Refuse every number read from a surprising form, in place of the model's own word.

    The model saw only the number YAML 1.1 made of it (``010`` as 8), so its problem at the
    same place would name the wrong value; the hint depends on whether it wanted text.
    """
    by_place = {(p.line, p.col): p for p in problems}
    out = list(problems)
    for loc, raw in parsed.implicit.items():
        line, col = parsed.mark(loc)
        value = _value_at(parsed.data, loc)
        where = f"{place(loc, parsed.data)}: " if loc else ""
        said = by_place.get((line, col))
        if said is not None:
            out.remove(said)
        figure = any(_matches(loc, p) for p in numbers)
        # A model problem other than "should be a whole number" here means text was wanted.
        wants_text = said is not None and said.code in ("wrong-type", "bad-id", "bad-value")
        if wants_text and not figure and said is not None and "whole number" not in said.message:
            hint = f"write it in quotes, '{raw}', to mean the text"
        elif isinstance(value, float) and figure:
            # A figure may be a decimal, written plainly (see _as_decimals).
            finite = math.isfinite(value)
            hint = f"write {value!r}" if finite else "write the figure in digits, such as 12.5"
        elif isinstance(value, float):
            hint = "write a whole number in plain digits"
        elif (zeros := _LEADING_ZERO.fullmatch(raw)) is not None:
            sign = "-" if zeros.group(1) == "-" else ""
            hint = f"write {sign}{zeros.group(2)} without the leading zero"
        else:
            hint = f"write {value} in plain digits"
        out.append(
            error(
                parsed.path,
                line,
                col,
                f"{where}`{raw}` is read as the number {value!r} ({_why(raw)}): {hint}",
                "yaml-number",
            )
        )
    return out


def _matches(loc: KeyPath, pattern: tuple[str | None, ...]) -> bool:
    return len(loc) == len(pattern) and all(
        isinstance(part, int) if want is None else part == want
        for part, want in zip(loc, pattern, strict=True)
    )


def _as_text(model: type[BaseModel], parsed: Parsed, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the text put back where the model wants text that YAML 1.1 read as a
    number (a time ``10:00`` read in base 60, an item number ``5.2`` read as a fraction);
    those places leave ``parsed.implicit``. Other places are left for the refusal."""
    patterns: tuple[tuple[str | None, ...], ...] = getattr(model, "TEXT_PATHS", ())
    wanted = {
        loc: raw for loc, raw in parsed.implicit.items() if any(_matches(loc, p) for p in patterns)
    }
    if not wanted:
        return data
    data = copy.deepcopy(data)
    for loc, raw in wanted.items():
        holder = _value_at(data, loc[:-1])
        holder[loc[-1]] = raw
    parsed.read_as_text(wanted)
    return data


_PLAIN_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")


def _as_decimals(model: type[BaseModel], parsed: Parsed) -> None:
    """Accept a decimal written plainly (``12.5``) where the model wants a figure (its
    ``NUMBER_PATHS``): there it is the number it reads as, not a surprise. Other forms
    (``.5``, ``1_000``, ``010``) are still refused."""
    patterns: tuple[tuple[str | None, ...], ...] = getattr(model, "NUMBER_PATHS", ())
    if patterns:
        parsed.read_as_text(
            [
                loc
                for loc, raw in parsed.implicit.items()
                if _PLAIN_DECIMAL.fullmatch(raw) and any(_matches(loc, p) for p in patterns)
            ]
        )


def _value_at(data: Any, loc: KeyPath) -> Any:
    for part in loc:
        data = data[part]
    return data
