"""JSON Schemas for each file kind, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from trauma_ws.record import models


def schema_for(kind: str) -> dict[str, Any]:
    model = models.KINDS[kind]
    document = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://tws.invalid/schemas/{kind}.schema.json",
        **document,
    }


def dumps(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2) + "\n"


def schema_path(folder: Path, kind: str) -> Path:
    """Where :func:`write_all` puts ``kind``'s schema."""
    return folder / f"{kind}.schema.json"


def write_all(folder: Path) -> list[Path]:
    """Each kind's schema as ``folder/<kind>.schema.json`` (files already right are left alone).

    Refused (UsageError) where output could destroy input (see
    :mod:`trauma_ws.publishing.targets`), for the folder and for each file, so a file linked
    into ``data/`` is never written through.
    """
    from trauma_ws.publishing import targets

    targets.check(folder)
    paths = {kind: schema_path(folder, kind) for kind in models.KINDS}
    for path in paths.values():  # every one before any is written
        targets.check(path)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, target in paths.items():
        targets.write(target, dumps(kind))
        written.append(target)
    return written
