# minitorch: build the book and run the tests.
#   make book   build the book into _build/html (executes every notebook)
#   make test   library tests, then every notebook checked against its stored output
# See README.md for the rest.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.requirements-installed
PORT    ?= 8000
JOBS    ?= 2
# Not in requirements.txt (CI does not need it): installed on demand by `make lab`.
JUPYTERLAB := jupyterlab==4.6.6

.PHONY: help venv book serve test notebooks exercises lab lock clean distclean

help:
	@echo "make book       build the book into _build/html"
	@echo "make serve      build, then serve it on http://localhost:$(PORT)/ (PORT=... to change)"
	@echo "make test       library tests (on NumPy, then on array-api-strict) + notebook output checks (nbval)"
	@echo "make notebooks  re-execute the notebooks in book/ and solutions/ in place"
	@echo "make exercises  regenerate exercises/ from solutions/"
	@echo "make lab        open the notebooks in JupyterLab"
	@echo "make lock       regenerate constraints.txt from requirements.txt"
	@echo "make clean      remove build output and caches (distclean: also .venv)"

venv: $(STAMP)
	@scripts/ensure_dot.sh

# Reinstall only when the requirements (or the package metadata) change.
$(STAMP): requirements.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' || \
	  { echo "Python 3.11.5 or newer is needed (found $$($(PYTHON) --version)); set PYTHON=python3.12 or similar." >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# --all: Sphinx would otherwise skip unchanged pages, keeping notebook output
# that is stale after a change in minitorch/, and hiding their old warnings from -W.
book: venv
	$(BIN)/jupyter-book build --all --warningiserror --nitpick --keep-going .
	@echo "The book is at $(CURDIR)/_build/html/index.html"

serve: book
	@echo "Serving http://localhost:$(PORT)/  (Ctrl-C stops)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# The library's tests run twice: on NumPy, then on array-api-strict, the Array API
# standard's strict reference library (see book/10_backends), which proves that no op
# relies on anything outside the standard.
test: venv
	$(BIN)/python -m pytest tests -n $(JOBS)
	MINITORCH_BACKEND=array_api_strict $(BIN)/python -m pytest tests -n $(JOBS) -q
	JOBS=$(JOBS) scripts/nbval.sh

notebooks: venv
	$(BIN)/python scripts/execute_notebooks.py book solutions

# exercises/ is generated from solutions/ (the one source); tests check it is in sync.
exercises: venv
	$(BIN)/python scripts/make_exercises.py

lab: venv
	$(BIN)/python -m pip install --quiet -c constraints.txt $(JUPYTERLAB)
	$(BIN)/jupyter lab

# Resolve requirements.txt afresh in a throwaway venv and pin the result.
lock:
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	grep -v '^-c ' requirements.txt > $(VENV)-lock/requirements.txt
	$(VENV)-lock/bin/python -m pip install --quiet -r $(VENV)-lock/requirements.txt
	{ head -n 2 constraints.txt; $(VENV)-lock/bin/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(VENV)-lock

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints -o -name '*.egg-info' \) -type d -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV)
