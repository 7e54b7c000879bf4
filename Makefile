# newsarchive: `make site` builds the archive from seeds/, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SEEDS ?= seeds
CONTENT ?= content
OUTPUT ?= output
PORT ?= 8000

.PHONY: site ingest build publish serve test golden bench clean install

site: ingest build

# Building needs Python alone; Node and node_modules (package.json) serve only the tests.
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json
	if command -v npm >/dev/null; then npm install --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the tests that need Node or axe-core will be skipped"; fi

ingest: install
	$(BIN)/newsarchive ingest $(SEEDS) --content $(CONTENT)

build: install
	$(BIN)/newsarchive build --content $(CONTENT) --output $(OUTPUT)

publish: install ingest
	$(BIN)/newsarchive build --content $(CONTENT) --output $(OUTPUT) --settings publishconf.py

serve: site
	$(BIN)/python -m http.server $(PORT) --directory $(OUTPUT)

test: install node_modules/.installed
	$(BIN)/python -m pytest -q -n auto --dist loadfile

# Rewrite the golden files after a deliberate change; review `git diff tests/fixtures` before committing.
golden: install
	$(BIN)/python -m pytest -q -p no:xdist tests/test_golden.py tests/test_golden_site.py --update-golden

bench: install
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(OUTPUT) $(CONTENT)
