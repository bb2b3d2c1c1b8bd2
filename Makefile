# Waypoint: `make run` to try it, `make test` to check it. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DEBUG=1
PORT ?= 8000
# Links the app writes (emails, invitations) and the address `make run` prints follow PORT.
RUN_ENV := $(DEV_ENV) SITE_URL=$(or $(SITE_URL),http://127.0.0.1:$(PORT))

.PHONY: run test setup lint format lock bench clean messages translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

# axe-core (the accessibility checks in the browser tests), pinned by package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed translations

# The .mo files are built from locale/*/LC_MESSAGES/django.po in pure Python (no gettext needed).
translations: $(VENV)/.installed
	$(DEV_ENV) $(BIN)/python manage.py build_translations

# Extract every message into each language's .po (needs gettext's xgettext: apt-get install
# gettext). Then translate the new entries; docs/translating.md says how.
messages: setup
	$(DEV_ENV) $(BIN)/python manage.py makemessages --all --no-obsolete \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles --ignore=data --ignore=node_modules

run: setup
	mkdir -p data
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py demo
	# The worker (timers, reminders, drug alerts, the outbox) runs beside the web server and
	# stops with it.
	$(RUN_ENV) $(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/mypy
	$(BIN)/python -m pytest

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin after editing requirements.in.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.in
	$(BIN)/pip freeze --exclude-editable > requirements.lock

bench: setup
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .mypy_cache .ruff_cache
