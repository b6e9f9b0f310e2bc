# Two commands do all the set-up on a fresh machine with Python >= 3.11 and git:
#   make run   - create the virtualenv from the lock file, then run the main job on the shipped data
#   make test  - create or reuse the virtualenv (from the lock file) and run lint, types and tests
# Installs come from uv.lock (exact versions and hashes), so a fresh clone gets what CI tested.
#   make lock         - refresh uv.lock (and uv's own pin) after changing pyproject.toml's ranges
#   make test-latest  - the whole suite against the newest releases allowed by pyproject.toml,
#                       in a separate virtualenv: shows an upstream change before users meet it
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TOOLS := .venv-tools
UV := $(TOOLS)/bin/uv
LATEST := .venv-latest
# uv finds the Python given and never downloads one of its own.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Byte-compile on install, as pip does: without it every `tws` start (many machines set
# PYTHONDONTWRITEBYTECODE) compiles typer, rich and pydantic again, ~50 ms more.
export UV_COMPILE_BYTECODE := 1

.PHONY: run test lint types pytest lock test-latest clean

# uv itself, pinned with hashes in uv-requirements.txt, in a virtualenv of its own.
$(UV): uv-requirements.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes -r uv-requirements.txt
	touch $(UV)

$(STAMP): pyproject.toml uv.lock $(UV)
	$(UV) sync --quiet --locked --extra test --python $(PYTHON)
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tws validate
	$(BIN)/tws actions overdue
	@mkdir -p build/minutes
	@for file in data/meetings/*.yaml; do \
	  id=$$(basename $$file .yaml); \
	  $(BIN)/tws minutes render $$id --format md -o build/minutes/$$id.md || exit 1; \
	  $(BIN)/tws minutes render $$id --format html -o build/minutes/$$id.html || exit 1; \
	  $(BIN)/tws minutes render $$id --format docx -o build/minutes/$$id.docx || exit 1; \
	done
	@echo "Rendered minutes in build/minutes/"
	$(BIN)/tws report progress --for swep --format html -o build/report-swep.html
	$(BIN)/tws report progress --for swep --format docx -o build/report-swep.docx
	$(BIN)/tws report render swep --format html -o build/report-swep-latest.html
	$(BIN)/tws report render swep --format docx -o build/report-swep-latest.docx
	$(BIN)/tws site build

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-cache

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q -n auto

test: lint types pytest

lock: $(UV)
	$(UV) lock --upgrade --python $(PYTHON)
	echo "uv==$$($(UV) --version | cut -d' ' -f2)" > $(TOOLS)/uv.in
	$(UV) pip compile --quiet --generate-hashes --no-header --python $(PYTHON) \
	  --custom-compile-command "make lock" $(TOOLS)/uv.in -o uv-requirements.txt

# Newest releases, not the lock: a failure here is news from upstream, not a broken main.
test-latest:
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST)/bin/python -m pip list --format freeze > $(LATEST)/versions.txt
	$(LATEST)/bin/pytest -q -n auto -p no:cacheprovider

clean:
	rm -rf $(VENV) $(TOOLS) $(LATEST) build .pytest_cache .mypy_cache .ruff_cache .tws-cache
