# Two commands do all the set-up on a fresh machine with Python >= 3.11 and git:
#   make run   - create the virtualenv, install, then run the main job on the shipped data
#   make test  - create or reuse the virtualenv and run lint, format check, types and tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint types pytest clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tws validate
	$(BIN)/tws actions overdue
	@mkdir -p build/minutes
	@for file in data/meetings/*.yaml; do \
	  id=$$(basename $$file .yaml); \
	  $(BIN)/tws minutes render $$id --format md -o build/minutes/$$id.md || exit 1; \
	  $(BIN)/tws minutes render $$id --format html -o build/minutes/$$id.html || exit 1; \
	done
	@echo "Rendered minutes in build/minutes/"
	$(BIN)/tws report progress --for swep --format html -o build/report-swep.html
	$(BIN)/tws site build

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

test: lint types pytest

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache .tws-cache
