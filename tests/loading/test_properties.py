"""Property-based tests: generated programmes round-trip, edits touch only what they name,
and no input makes the loader fail with a traceback."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import FIXTURE_BASE, run_tws

from trauma_ws.checking import validate
from trauma_ws.loading import translate, yamlio
from trauma_ws.loading.programme import load
from trauma_ws.record import models

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
AS_OF = dt.date(2026, 11, 23)

# Text a person might type, YAML's special characters included.
text = st.text(
    alphabet=st.characters(
        categories=("L", "N", "P", "S", "Zs"), include_characters=":#-{}[]'\"!&*|>%@`,?~"
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() == s and s.strip())
ident = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)
day = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 11, 1))
due = st.one_of(
    day,
    st.integers(2020, 2030),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2020, 2030), st.integers(1, 12)),
    st.builds(lambda y, q: f"{y}-Q{q}", st.integers(2020, 2030), st.integers(1, 4)),
    st.builds(lambda y: f"{y}/{(y + 1) % 100:02d}", st.integers(2020, 2030)),
)


@st.composite
def programmes(draw: st.DrawFn) -> dict[str, Any]:
    """A small valid programme as plain data: file path -> document."""
    orgs = draw(st.lists(ident, min_size=2, max_size=4, unique=True))
    org_ids = [f"org-{o}" for o in orgs]
    groups_doc = {
        "organisations": [{"id": o, "name": draw(text)} for o in org_ids],
        "people": [],
        "groups": [
            {
                "id": "grp",
                "name": draw(text),
                "purpose": draw(text),
                "members": [
                    {"id": o, "role": "chair" if i == 0 else "member"}
                    for i, o in enumerate(org_ids)
                ],
            }
        ],
    }
    workplan = {
        "programme": {"name": draw(text), "owner": org_ids[0], "contact": draw(text)},
        "workstreams": [{"id": "ws", "title": draw(text), "aim": draw(text)}],
    }
    meeting_day = draw(day)
    meeting_id = f"grp-{meeting_day.isoformat()}"
    files: dict[str, Any] = {"data/groups.yaml": groups_doc, "data/workplan.yaml": workplan}
    action_ids = []
    for n in range(draw(st.integers(1, 5))):
        action_id = f"grp-{n + 1:03d}"
        action_ids.append(action_id)
        status = draw(st.sampled_from(models.STATUSES))
        updates = sorted(draw(st.lists(day, max_size=3)))
        action: dict[str, Any] = {
            "id": action_id,
            "title": draw(text),
            "group": "grp",
            "workstream": draw(st.sampled_from([None, "ws"])),
            "owners": draw(
                st.lists(st.sampled_from([*org_ids, "grp"]), min_size=1, max_size=2, unique=True)
            ),
            "raised": meeting_id,
            "due": draw(st.one_of(st.none(), due)),
            "status": status,
            "completed": draw(day) if status == "done" else None,
            "description": draw(st.one_of(st.none(), text)),
            "updates": [{"date": d, "by": org_ids[0], "text": draw(text)} for d in updates],
        }
        files[f"data/actions/{action_id}.yaml"] = {k: v for k, v in action.items() if v is not None}
    files[f"data/meetings/{meeting_id}.yaml"] = {
        "id": meeting_id,
        "group": "grp",
        "date": meeting_day,
        "format": draw(st.sampled_from(["in-person", "online", "hybrid"])),
        "chair": org_ids[0],
        "attendees": org_ids,
        "status": "draft",
        "purpose": draw(text),
        "items": [{"title": draw(text), "notes": draw(st.lists(text, max_size=3))}],
        "actions": action_ids,
    }
    return files


def write(root: Path, files: dict[str, Any]) -> None:
    for rel, doc in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


@SETTINGS
@given(programmes())
def test_generated_programmes_survive_write_load_and_validate(files: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write(root, files)
        programme = load(root, use_cache=False)
        problems = validate.check(programme, as_of=AS_OF)
        assert [p for p in problems if p.is_error] == [], [p.format() for p in problems]
        for rel, doc in files.items():
            if rel.startswith("data/actions/"):
                action = programme.actions[doc["id"]]
                assert action.title == doc["title"]
                assert action.owners == doc["owners"]
                assert action.description == doc.get("description")
                assert [u.text for u in action.updates] == [u["text"] for u in doc["updates"]]
                expected_due = doc.get("due")
                if isinstance(expected_due, dt.date):
                    expected_due = expected_due.isoformat()
                assert action.due == (str(expected_due) if expected_due is not None else None)
            elif rel.startswith("data/meetings/"):
                meeting = programme.meetings[doc["id"]]
                assert meeting.purpose == doc["purpose"]
                assert [n.text for n in meeting.items[0].notes] == doc["items"][0]["notes"]


def _copy() -> Path:
    root = Path(tempfile.mkdtemp()) / "prog"
    shutil.copytree(FIXTURE_BASE, root, ignore=shutil.ignore_patterns(".tws-cache"))
    return root


edits = st.fixed_dictionaries(
    {},
    optional={
        "--status": st.sampled_from(models.STATUSES),
        "--rag": st.sampled_from([*models.RAGS, "auto"]),
        "--due": due.map(lambda d: d.isoformat() if isinstance(d, dt.date) else str(d)),
        "--note": text,
    },
).filter(bool)
NAMED = {"--status": {"status", "completed"}, "--rag": {"rag"}, "--due": {"due"}, "--note": set()}


@SETTINGS
@given(st.sampled_from(["del-001", "del-002", "del-003", "del-006", "adv-001"]), edits)
def test_an_edit_changes_only_the_fields_it_names(action_id: str, options: dict[str, str]) -> None:
    root = _copy()
    try:
        path = root / f"data/actions/{action_id}.yaml"
        before = yaml.safe_load(path.read_text())
        args = [x for pair in options.items() for x in pair]
        result = run_tws(
            "actions",
            "update",
            action_id,
            *args,
            "--by",
            "alpha-council",
            "--root",
            str(root),
            "--as-of",
            "2023-07-15",
        )
        after = yaml.safe_load(path.read_text())
        assert result.exit_code in (0, 1, 2), result.stderr
        if result.exit_code != 0:
            assert after == before  # refused: nothing written
            return
        allowed = {"updates"}.union(*(NAMED[o] for o in options))
        changed = {k for k in {*before, *after} if before.get(k) != after.get(k)}
        assert changed <= allowed, (changed, options)
        assert after["updates"][: len(before.get("updates", []))] == before.get("updates", [])
        assert len(after["updates"]) == len(before.get("updates", [])) + 1
        if "--note" in options:
            assert after["updates"][-1]["text"] == options["--note"]
    finally:
        shutil.rmtree(root.parent)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_problems_never_a_traceback(raw: bytes) -> None:
    parsed = yamlio.parse(raw, "data/actions/x.yaml")
    for model in (models.Action, models.Meeting, models.GroupsFile):
        built, problems = translate.build(model, parsed)
        assert built is not None or problems or parsed.problems
        for problem in problems:
            assert "\n" not in problem.message


yamlish = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), text, day),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                ["id", "title", "status", "owners", "due", "updates", "date", "by", "text", "x"]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(yamlish)
def test_any_yaml_document_gives_problems_never_a_traceback(document: Any) -> None:
    raw = yaml.safe_dump(document, allow_unicode=True).encode()
    parsed = yamlio.parse(raw, "data/actions/x.yaml")
    built, problems = translate.build(models.Action, parsed)
    assert (built is None) == bool([p for p in problems if p.is_error]) or parsed.problems
    for problem in problems:
        assert problem.line >= 1
