# The two commands of the README: `make run` and `make test`. Both start with `make install`.
PYTHON ?= python3
# `make run PORT=8001` serves on another port.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install run test lint lint-api format messages check-deploy worker serve backup restore

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
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The suite in parallel (pytest-xdist): TEST_WORKERS processes (auto: one per core), each with its own test database;
# worksteal hands a worker that is done the tests another one has not started (DEVELOPERS.md, "Tests").
TEST_WORKERS ?= auto
test: install
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	# code scanning: every accepted finding carries `# nosec <id>` with its reason on the line above
	$(BIN)/bandit --quiet --recursive $(APPS) --exclude '*/migrations/*'
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

# Refresh the Dutch translations after changing user-facing text: each app keeps its own catalogue; the site-wide
# templates (templates/) have theirs in locale/ (LOCALE_PATHS).
APPS := portal partnership accounts assignments fieldlabs doctorates traineeship istage reporting exchange
messages: install
	for app in $(APPS); do (cd $$app && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l nl --no-obsolete) || exit 1; done
	cd templates && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l nl --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

check-deploy: install
	DJANGO_SETTINGS_MODULE=portal.settings.production DJANGO_SECRET_KEY=$$(head -c 60 /dev/urandom | base64 | tr -d '\n/+=') \
		DJANGO_ALLOWED_HOSTS=portal.example.nl DATABASE_URL=postgres://portal@db.example.nl:5432/portal \
		EMAIL_URL=smtp+tls://portal@smtp.example.nl:587 SITE_URL=https://portal.example.nl \
		$(MANAGE) check --deploy --fail-level WARNING

# --- production (README, "Running in production"); settings from the environment or .env ----------------------
PORT ?= 8000
# gunicorn's sync workers: 2 per core + 1
WEB_WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
# 0 when the worker runs as a process of its own (make worker), e.g. with several application servers
SERVE_WORKER ?= 1
# 0 on every application server but the one that migrates (README, "Several application servers")
SERVE_MIGRATE ?= 1
PROD := DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-portal.settings.production}
BACKUP_DIR ?= backups
PG_DUMP ?= pg_dump
PG_RESTORE ?= pg_restore
PSQL ?= psql

# Refuses to start when check --deploy fails (a demo log-in with its published password is an error), then
# migrates as the owner role (DATABASE_OWNER_URL, when set: README, "Running in production") and grants the
# application's role (the user of DATABASE_URL) what it needs, the trails only SELECT and INSERT (portal/trails.py),
# checks again with the database, collects the static files (compressed, hashed names) and serves them with the
# site from gunicorn. The owner's URL is not passed on to the worker or gunicorn.
serve: install
	export $(PROD); \
	owner_url=$$($(BIN)/python -c 'import environ; env = environ.Env(); environ.Env.read_env(".env"); print(env.str("DATABASE_OWNER_URL", default=""))'); \
	app_role=$$($(BIN)/python -c 'import environ; env = environ.Env(); environ.Env.read_env(".env"); print(env.db("DATABASE_URL")["USER"])'); \
	unset DATABASE_OWNER_URL; \
	as_owner() { if [ -n "$$owner_url" ]; then DATABASE_URL="$$owner_url" "$$@"; else "$$@"; fi; }; \
	$(MANAGE) check --deploy && \
	{ [ "$(SERVE_MIGRATE)" != 1 ] || { as_owner $(MANAGE) migrate --no-input && \
	  { [ -z "$$owner_url" ] || as_owner $(MANAGE) grant_app_role "$$app_role"; }; }; } && \
	$(MANAGE) check --deploy --database default && \
	$(MANAGE) collectstatic --no-input --verbosity 0 && \
	$(MANAGE) schedule_tasks && \
	{ if [ "$(SERVE_WORKER)" = 1 ]; then $(MANAGE) db_worker --queue-name default --no-reload & worker=$$!; \
	    $(MANAGE) db_worker --queue-name imports --no-reload & imports=$$!; \
	    trap 'kill $$worker $$imports 2>/dev/null' EXIT INT TERM; fi; \
	  $(BIN)/gunicorn portal.wsgi:application --config portal/gunicorn_conf.py --bind 127.0.0.1:$(PORT) --workers $(WEB_WORKERS) \
	    --timeout 30 --graceful-timeout 20 --max-requests 2000 --max-requests-jitter 200; }

# The background workers (django-tasks' database backend): one for mail with retries and the daily tasks, one for
# the imports' queue, so that mail never waits behind a big file (each import is stopped at IMPORT_TIME_LIMIT).
worker: install
	export $(PROD); $(MANAGE) schedule_tasks && \
	{ $(MANAGE) db_worker --queue-name imports --no-reload & imports=$$!; trap 'kill $$imports 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) db_worker --queue-name default --no-reload; }

# A compressed pg_dump (custom format) of DATABASE_URL with a timestamp: $(BACKUP_DIR)/portal-YYYYMMDD-HHMMSS.dump
backup:
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL is not set"; exit 1; }
	mkdir -p $(BACKUP_DIR)
	$(PG_DUMP) --format=custom --compress=9 --no-owner --no-privileges --file "$(BACKUP_DIR)/portal-$$(date +%Y%m%d-%H%M%S).dump" "$$DATABASE_URL"
	@ls -1t $(BACKUP_DIR)/portal-*.dump | head -1

# Restore FILE into the empty database DATABASE_URL (refuses a database that has tables).
restore:
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/portal-....dump"; exit 1; }
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL is not set"; exit 1; }
	@test "$$($(PSQL) "$$DATABASE_URL" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 0 || \
		{ echo "The database of DATABASE_URL is not empty; restore into a new, empty database."; exit 1; }
	$(PG_RESTORE) --no-owner --no-privileges --exit-on-error --dbname "$$DATABASE_URL" "$(FILE)"
