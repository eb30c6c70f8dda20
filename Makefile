# Heraklion Housing — `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
PORT ?= 5000

.PHONY: run test lint mutate translations extract-messages clean

$(BIN)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.dev: $(BIN)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations: $(BIN)/.runtime
	$(BIN)/pybabel compile -d housing/translations

# Re-extract every gettext string and merge it into the Greek catalogue.
extract-messages: $(BIN)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_pgettext:1c,2 -o housing/translations/messages.pot .
	$(BIN)/pybabel update -i housing/translations/messages.pot -d housing/translations --no-fuzzy-matching --ignore-obsolete

run: $(BIN)/.runtime translations
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: $(BIN)/.dev translations
	$(BIN)/python -m pytest

# Style and types (ruff.toml, mypy.ini): strict types on the core and the rules.
lint: $(BIN)/.dev
	$(BIN)/ruff check .
	$(BIN)/mypy

# Mutation testing by hand (not in CI); configuration in setup.cfg, results kept in mutants/.
MUTANTS ?= housing.*.rules.* housing.core.permissions.* housing.core.routing.*
mutate: $(BIN)/.dev translations
	$(BIN)/mutmut run --max-children 2 $(foreach pattern,$(MUTANTS),'$(pattern)')
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) mutants instance/*.sqlite* .pytest_cache
