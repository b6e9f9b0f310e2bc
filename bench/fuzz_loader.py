"""Coverage-guided fuzzing of the loader with atheris (not part of `make test`).

Any bytes must give a Parsed with problems or data, and building a model from it must give
a model or problems: never an exception. Run for a bounded time, for example:

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python bench/fuzz_loader.py -max_total_time=120 -rss_limit_mb=1024

Crashes are written by libFuzzer as crash-<hash> files in the current folder.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from trauma_ws.loading import translate, yamlio
    from trauma_ws.record import models

KINDS = (models.Action, models.Meeting, models.GroupsFile, models.Workplan)


def test_one_input(data: bytes) -> None:
    parsed = yamlio.parse(data, "data/actions/fuzz.yaml")
    for problem in parsed.problems:
        assert "\n" not in problem.message, problem
    if parsed.problems:
        return
    for kind in KINDS:  # data, or a document such as `~` that is not a mapping
        built, problems = translate.build(kind, parsed)
        assert built is not None or problems, kind


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
