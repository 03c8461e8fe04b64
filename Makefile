# `make run`: install and run the main job on the embedded Carana scenario.
# `make test`: install the dev tools and run ruff, mypy --strict and pytest.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck pytest bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Exit status 1 from `impp plan` means "the plan has error findings": the job
# ran and printed them, so `make run` still succeeds. Then the planning package
# (HTML report, directive, assessment, mission plan) is written to impp-out/.
run: install
	$(BIN)/impp plan || test $$? -eq 1
	$(BIN)/impp report --out impp-out

lint: install
	$(BIN)/ruff check src tests benchmarks

typecheck: install
	$(BIN)/mypy

# pytest exits 5 when it collects no test: say so and do not count it a failure.
# -n auto: one pytest-xdist worker per core (the suite took 6:08 on two cores
# in one process, 4:34 in two).
pytest: install
	$(BIN)/python -m pytest -q -n auto; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

test: lint typecheck pytest

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Regenerate the plan-file reference and the table of checks embedded in the
# README, from the model and from the rules' registry.
docs: install
	$(BIN)/python -c "import pathlib; from impp.io.reference import replace_reference as r; \
	from impp.doctrine.registry import replace_table as t; \
	p = pathlib.Path('README.md'); p.write_text(t(r(p.read_text())))"

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache impp-out
