"""The schemas the records' `$schema` lines point at are committed, and never drift.

A fresh clone's editor finds them (`schemas/`, `.vscode/settings.json`) without running
`tws schema` first; a change to the models that is not followed by `tws schema` fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import run_tws

from trauma_ws.record import models

REPO = Path(__file__).resolve().parents[2]
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def test_the_committed_schemas_are_what_tws_schema_writes(tmp_path: Path) -> None:
    result = run_tws("schema", "-o", str(tmp_path), "--root", str(REPO))
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in (REPO / "schemas").iterdir())
    assert committed == written == sorted(f"{kind}.schema.json" for kind in models.KINDS)
    for name in written:
        fresh = (tmp_path / name).read_bytes()
        assert (REPO / "schemas" / name).read_bytes() == fresh, (
            f"schemas/{name} is out of date: run `tws schema` and commit the result"
        )


def test_every_schema_line_points_at_a_committed_schema_of_its_kind() -> None:
    files = [*REPO.glob("data/**/*.yaml"), *REPO.glob("examples/*/data/**/*.yaml")]
    assert len(files) > 20
    for path in files:
        found = SCHEMA_LINE.search(path.read_text(encoding="utf-8"))
        assert found is not None, f"{path} has no `$schema` line"
        target = (path.parent / found.group(1)).resolve()
        assert target.is_file(), f"{path}: {found.group(1)} does not exist"
        assert target.parent == REPO / "schemas", path
        folder = path.parent.name
        kind = {
            "actions": "action",
            "meetings": "meeting",
            "risks": "risk",
            "measures": "measure",
            "reports": "report",
        }
        expected = kind.get(folder, path.stem)
        assert target.name == f"{expected}.schema.json", path


def test_vscode_maps_every_kind_to_its_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    assert sorted(mapped) == sorted(f"./schemas/{kind}.schema.json" for kind in models.KINDS)
    for schema, patterns in mapped.items():
        assert (REPO / schema).is_file(), schema
        assert any(p.startswith("data/") for p in patterns), schema
