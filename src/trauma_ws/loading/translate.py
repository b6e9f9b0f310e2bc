"""Build a model from a parsed file, turning pydantic's errors into located, friendly problems."""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from trauma_ws.loading.yamlio import KeyPath, Parsed
from trauma_ws.record.problems import Problem, error, warning
from trauma_ws.record.suggest import did_you_mean

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


def _model_at(model: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
    """The model class that holds the field at ``loc`` (for did-you-mean on unknown keys)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if info is None:
            return None
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _inner_model(annotation: Any) -> Any:
    """The model inside ``list[M]``, ``M | None`` and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _fields(model: type[BaseModel] | None) -> list[str]:
    """The keys a file may use for ``model``: a field's alias where it has one (``for``)."""
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def problems_from(exc: ValidationError, parsed: Parsed, model: type[BaseModel]) -> list[Problem]:
    problems: list[Problem] = []
    path = parsed.path
    for err in exc.errors(include_url=False):
        loc: KeyPath = tuple(err["loc"])
        kind = err["type"]
        value = err.get("input")
        name = str(loc[-1]) if loc else ""
        where = f"`{_dotted(loc)}`" if loc else "the file"
        line, col = parsed.mark(loc)
        code = "bad-value"
        if kind == "extra_forbidden":
            line, col = parsed.key_mark(loc)
            owner = _model_at(model, loc)
            hint = did_you_mean(name, _fields(owner))
            allowed = ", ".join(_fields(owner))
            message = f"unknown field `{name}`{hint}; allowed here: {allowed}"
            code = "unknown-field"
        elif kind == "missing":
            line, col = parsed.mark(loc[:-1])
            message = f"missing required field `{name}`: add `{name}: …`"
            if len(loc) > 1:
                message += f" under `{_dotted(loc[:-1])}`"
            code = "missing-field"
        elif kind in (
            "string_type",
            "bool_type",
            "int_type",
            "list_type",
            "model_type",
            "dict_type",
            "model_attributes_type",
        ):
            expected = {
                "string_type": "text",
                "bool_type": "true or false",
                "int_type": "a whole number",
                "list_type": "a list",
                "model_type": "a mapping",
                "dict_type": "a mapping",
                "model_attributes_type": "a mapping",
            }[kind]
            raw = parsed.truthy.get(loc)
            if raw is not None and kind == "string_type":
                message = (
                    f"{where}: `{raw}` is read as the boolean {str(value).lower()} (a YAML 1.1 "
                    f"surprise): write it in quotes, '{raw}', to mean the text"
                )
                code = "yaml-truthy"
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
                hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
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
            message = f"{where}: {err['msg']}"
            code = kind
        else:
            message = f"{where}: {err['msg']}"
        problems.append(error(path, line, col, message, code))
    return problems


def _dotted(loc: KeyPath) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def build(model: type[M], parsed: Parsed) -> tuple[M | None, list[Problem]]:
    """Validate ``parsed.data`` against ``model``; the instance, or None and the problems."""
    data = parsed.data
    if not isinstance(data, dict):
        line, col = parsed.mark(())
        return None, [
            error(
                parsed.path,
                line,
                col,
                f"the file should hold a mapping of fields, not {_type_name(data)}",
                "wrong-type",
            )
        ]
    if parsed.implicit:
        data = _as_text(model, parsed, data)
        _as_decimals(model, parsed)
    try:
        built: M | None = model.model_validate(data)
        problems: list[Problem] = []
    except ValidationError as exc:
        built, problems = None, problems_from(exc, parsed, model)
    if parsed.implicit:
        numbers = getattr(model, "NUMBER_PATHS", ())
        built, problems = None, _implicit_problems(parsed, problems, numbers)
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
    return built, problems


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
        where = f"`{_dotted(loc)}`: " if loc else ""
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
