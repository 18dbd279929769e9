# Two commands do everything on a fresh Debian machine:
#   make run    build the demo graph and serve it on http://127.0.0.1:8080
#   make test   lint, type-check and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= data/store
PORT   ?= 8080

.PHONY: run test lint setup system assets clean

setup: $(VENV)/.installed

# The scripts and styles of the query, API and network pages (YASGUI, Swagger UI, Cytoscape.js) come from npm at
# build time, pinned by package-lock.json, and are copied into the package's static folder: the server serves
# them itself and nothing is fetched at run time. They are built before the install, whose link tree must see them.
VENDOR := endpoint/static/vendor
VENDORED := node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css \
	node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt \
	node_modules/swagger-ui-dist/swagger-ui.css node_modules/cytoscape/dist/cytoscape.min.js
assets: $(VENDOR)/.built
$(VENDOR)/.built: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Debian's nodejs and npm (make system does, as root)"; exit 1; }
	npm ci
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	cp $(VENDORED) $(VENDOR)/
	cp node_modules/swagger-ui-dist/LICENSE $(VENDOR)/swagger-ui-dist.LICENSE
	cp node_modules/swagger-ui-dist/NOTICE $(VENDOR)/swagger-ui-dist.NOTICE
	touch $@

# System packages the tests need (a JRE for HermiT, curl for the end-to-end tests, Virtuoso for the tests of the
# SPARQL-server backend, Debian's chromium for the browser tests, which the PyPI playwright package drives: no
# browser download; nodejs and npm for the pages' scripts, see assets), installed only when missing.
system:
	@missing=""; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	command -v virtuoso-t >/dev/null || missing="$$missing virtuoso-opensource-7-bin"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "please install:$$missing (Debian packages)"; exit 1; fi; \
	fi

# A strict editable install links the package's files into one tree, which mypy can read; after adding a module,
# run `make setup` again (touch pyproject.toml) so that the link tree picks it up.
$(VENV)/.installed: pyproject.toml $(VENDOR)/.built
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]" --config-settings editable_mode=strict
	touch $@

# The server takes writes with a token made for this run (unless ALLEGIANCE_UPDATE_TOKEN is set), so that articles
# can be ingested through it while it runs; it prints the browse URL and the ingest command when it starts.
run: setup
	ALLEGIANCE_UPDATE_TOKEN="$${ALLEGIANCE_UPDATE_TOKEN:-$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(16))')}" \
	  $(BIN)/allegiance --store $(STORE) demo --host 127.0.0.1 --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: system setup lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) node_modules $(VENDOR) data/ .pytest_cache .mypy_cache .ruff_cache
