"""JSON Schemas for each file kind, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from trauma_ws import models


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


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in models.KINDS:
        target = folder / f"{kind}.schema.json"
        text = dumps(kind)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
