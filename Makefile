# Työpolku: `make run` serves the app with demo data, `make test` runs the whole suite.
PYTHON := $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# The official Finvoice 3.0 schema that the tests validate every generated e-invoice against
# (reference data kept beside the repository, not in it); the tests fail without it.
# It is looked for beside the repository, then in the workspace's shared folder.
FINVOICE_XSD ?= $(firstword $(wildcard $(abspath ../shared/data/finvoice/Finvoice3.0.xsd) \
	/work/shared/data/finvoice/Finvoice3.0.xsd))
export FINVOICE_XSD

.PHONY: run test lint lock messages compilemessages gettext chromium bench

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

# The background worker (imports) runs beside the web server and stops with it.
run: $(VENV)/.installed compilemessages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py db_worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The browser tests drive Debian's Chromium; install it where it is missing.
chromium:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: $(VENV)/.installed chromium compilemessages
	$(PY) -m ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .

bench: $(VENV)/.installed
	$(PY) bench/run.py

# GNU gettext compiles the translation catalogues; install it where it is missing.
gettext:
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }

compilemessages: $(VENV)/.installed gettext
	cd tyopolku && ../$(PY) ../manage.py compilemessages --verbosity 0

# Extract the UI strings into the catalogues and compile them (needs GNU gettext).
messages: $(VENV)/.installed
	cd tyopolku && ../$(PY) ../manage.py makemessages -l fi -l sv -l en --no-obsolete
	cd tyopolku && ../$(PY) ../manage.py compilemessages

# Re-resolve the dependency tree from pyproject.toml into requirements.lock.
lock:
	rm -rf /tmp/tyopolku-lock && $(PYTHON) -m venv /tmp/tyopolku-lock
	/tmp/tyopolku-lock/bin/pip install --quiet ".[dev]"
	/tmp/tyopolku-lock/bin/pip freeze --exclude tyopolku > requirements.lock
