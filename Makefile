# The two commands of the README: `make run` and `make test`. Both start with `make install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install run test lint lint-api format messages check-deploy

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: install
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	$(MANAGE) publish_figures --as-of 2022-12-31 --as-of 2023-06-30 --by coordinator --unless-published
	$(MANAGE) runserver 127.0.0.1:8000

test: install
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(MAKE) lint-api

# The open-data API's OpenAPI document against the API Design Rules' Spectral ruleset (vendor/adr/): 0 errors and
# 0 warnings, or the target fails.
lint-api: install
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
		DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) export_openapi --output "$$tmp/openapi.json" && \
		node_modules/.bin/spectral lint --ruleset vendor/adr/linter.yaml --fail-severity=warn "$$tmp/openapi.json"

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the Dutch translations after changing user-facing text: each app keeps its own catalogue
# (portal/ holds the strings of the site-wide templates).
APPS := portal partnership accounts assignments fieldlabs doctorates traineeship reporting exchange
messages: install
	for app in $(APPS); do (cd $$app && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l nl --no-obsolete) || exit 1; done
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

check-deploy: install
	DJANGO_SETTINGS_MODULE=portal.settings.production DJANGO_SECRET_KEY=$$(head -c 60 /dev/urandom | base64 | tr -d '\n/+=') \
		DJANGO_ALLOWED_HOSTS=portal.example.nl DATABASE_URL=postgres://portal@db.example.nl:5432/portal \
		$(MANAGE) check --deploy --fail-level WARNING
