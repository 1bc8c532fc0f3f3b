# The two commands of the README: `make run` and `make test`. Both start with `make install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install run test lint format messages check-deploy

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
	$(MANAGE) runserver 127.0.0.1:8000

test: install
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the Dutch translations of every app after changing user-facing text.
messages: install
	for dir in . partnership assignments fieldlabs doctorates traineeship programme; do \
		(cd $$dir && ../$(BIN)/python ../manage.py makemessages -l nl --no-obsolete 2>/dev/null || $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l nl --no-obsolete); \
	done
	$(MANAGE) compilemessages

check-deploy: install
	DJANGO_SETTINGS_MODULE=partnership.settings.production DJANGO_SECRET_KEY=$$(head -c 60 /dev/urandom | base64 | tr -d '\n/+=') \
		DJANGO_ALLOWED_HOSTS=portal.example.nl $(MANAGE) check --deploy --fail-level WARNING
