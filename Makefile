# minitorch: build the book and run the tests.
#   make book   build the book into _build/html (executes every notebook)
#   make test   library tests, then every notebook checked against its stored output
#   make test-book  build the book, then read every page in headless Chromium
#   make grade  run the exercise notebooks in order and grade the learner's package (EXERCISES=solutions: the reference)
# See README.md for the rest.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.requirements-installed
# The book's comparisons with PyTorch run on every build: it installs this
# (CPU) PyTorch into .venv, once. The library and its tests do not need it.
TORCH   := torch==2.13.0
TORCH_STAMP := $(VENV)/.torch-installed
PORT    ?= 8000
JOBS    ?= 2
EXERCISES ?= exercises
# Not in requirements.txt (CI does not need it): installed on demand by `make lab`.
JUPYTERLAB := jupyterlab==4.6.6

.PHONY: help venv book serve test test-book chromium grade notebooks exercises lab lock clean distclean

help:
	@echo "make book       build the book into _build/html"
	@echo "make serve      build, then serve it on http://localhost:$(PORT)/ (PORT=... to change)"
	@echo "make test       library tests (on NumPy, then on array-api-strict) + notebook output checks (nbval)"
	@echo "make test-book  build the book, then check every page in headless Chromium"
	@echo "make grade      run exercises/ in order, then grade your package (EXERCISES=solutions for the reference)"
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

$(TORCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt $(TORCH)
	touch $@

# --all: Sphinx would otherwise skip unchanged pages, keeping notebook output
# that is stale after a change in minitorch/, and hiding their old warnings from -W.
book: venv $(TORCH_STAMP)
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

# One line per exercise, then `grade: P/N exercises pass`; solutions/ must pass them all.
grade: venv
	$(BIN)/python scripts/grade.py $(EXERCISES) $(if $(filter solutions solutions/,$(EXERCISES)),--strict)

# Every page of the built book at 1280 and 420 px in headless Chromium
# (Debian's chromium and chromium-driver, installed when missing): console
# errors, sideways scrolling, broken images, raw TeX, long tracebacks,
# unreadable graph labels. tests/browser/ says what each check is.
test-book: chromium book
	$(BIN)/python -m pytest tests/browser -p no:cacheprovider

chromium:
	@scripts/ensure_chromium.sh

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
