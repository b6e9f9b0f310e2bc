"""Docs cannot drift: every field is documented, every command has help."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from tests.conftest import run_tws

from trauma_ws.record import models

REPO = Path(__file__).resolve().parents[1]
FORMAT = (REPO / "docs" / "format.md").read_text(encoding="utf-8")


def _inner(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner(arg)
        if found is not None:
            return found
    return None


def _fields(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for field, info in model.model_fields.items():
        name = info.alias or field  # as the file spells it (`for`, not `votes_for`)
        out.append(prefix + name)
        inner = _inner(info.annotation)
        if inner is not None:
            many = "[]" if "list" in str(info.annotation) else ""
            out.extend(_fields(inner, f"{prefix}{name}{many}."))
    return out


@pytest.mark.parametrize("kind", sorted(models.KINDS))
def test_every_field_is_in_docs_format_md(kind: str) -> None:
    missing = []
    for path in _fields(models.KINDS[kind]):
        parts = path.split(".")
        suffixes = {".".join(parts[i:]) for i in range(len(parts))}
        if not any(f"`{suffix}`" in FORMAT for suffix in suffixes):
            missing.append(path)
    assert not missing, f"fields of {kind} missing from docs/format.md: {missing}"


def test_nested_fields_are_documented_by_their_full_path() -> None:
    for path in (
        "updates[].status",
        "members[].since",
        "items[].notes[].internal",
        "corrections[].agreed_at",
    ):
        assert f"`{path}`" in FORMAT, path


def _listed(help_text: str) -> list[str]:
    """The command names in a help page's "Commands:" block."""
    block = help_text.split("Commands:")[1].split("\n\n", maxsplit=1)[0]
    return re.findall(r"^  (\w[\w-]*)\s", block, re.MULTILINE)


def _commands() -> list[list[str]]:
    found = []
    for name in _listed(run_tws("--help").stdout):
        sub = run_tws(name, "--help").stdout
        if "Commands:" in sub:
            found += [[name, s] for s in _listed(sub)]
        else:
            found.append([name])
    return found


def test_every_command_has_help_that_teaches() -> None:
    commands = _commands()
    assert ["validate"] in commands
    assert ["actions", "overdue"] in commands
    assert ["minutes", "new"] in commands
    for command in commands:
        result = run_tws(*command, "--help")
        assert result.exit_code == 0, command
        summary = result.stdout.split("Options:")[0]
        assert len(summary.split()) >= 8, (command, summary)
        options = result.stdout.split("Options:")[-1]
        # Options name what they take in words (ID, TEXT, DATE…), never a Python type.
        assert "<list[" not in options, (command, options)
        assert "<str>" not in options, (command, options)


def test_readme_mentions_every_top_level_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in {c[0] for c in _commands()}:
        assert f"tws {command}" in readme, command


def test_architecture_names_every_module_and_only_modules_that_exist() -> None:
    """docs/architecture.md matches the code: each module it names exists, and it names each."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = REPO / "src" / "trauma_ws"
    named = set(re.findall(r"`((?:[a-z_]+/)?[a-z_]+\.py)`", text))
    modules = {
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py")
    }
    by_name = {m.rsplit("/", 1)[-1] for m in modules}
    missing = sorted(
        n
        for n in named
        if not n.startswith("tests/")
        and n not in modules
        and n not in by_name
        and n != "test_docs.py"
    )
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"
    layers = {m.split("/", 1)[0] for m in modules if "/" in m}
    assert layers == {
        "cli",
        "editing",
        "publishing",
        "querying",
        "checking",
        "loading",
        "storage",
        "record",
    }
    unnamed = sorted(
        m for m in modules if f"`{m}`" not in text and f"`{m.split('/')[-1]}`" not in text
    )
    assert not unnamed, f"docs/architecture.md does not mention: {unnamed}"
    for layer in layers:
        assert f"`{layer}/`" in text, layer
