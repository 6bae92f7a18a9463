# The two commands: `make run` starts GrooveLoom, `make test` runs the whole test suite.
# Both install what is missing first (Debian packages, .venv with the Python packages) and skip the rest.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
DATA ?= ../shared/datasets/groove

.PHONY: run test test-fast soak fuzz deps native sysdeps bench translations clean

# (the bytecode kept outside the checkout even where PYTHONDONTWRITEBYTECODE is set, as an install keeps it:
# compiling the project again took 100-120 ms of every launch)
RUNENV := env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$${XDG_CACHE_HOME:-$$HOME/.cache}/grooveloom/pycache
run: deps
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ] && [ -z "$${QT_QPA_PLATFORM:-}" ]; then \
	  echo "no display found: starting GrooveLoom on a virtual X display (xvfb-run)"; \
	  $(RUNENV) xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) main.py; \
	else $(RUNENV) $(PY) main.py; fi

# bytecode (and pytest's rewritten asserts) cached outside the checkout even where PYTHONDONTWRITEBYTECODE
# is set: every test process and CLI run would otherwise compile the project again (collection 4.3 -> 1.0 s)
TESTENV := env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$${XDG_CACHE_HOME:-$$HOME/.cache}/grooveloom-tests/pycache \
	QT_QPA_PLATFORM=offscreen TF_CPP_MIN_LOG_LEVEL=3
# the whole suite in two runs: what does not play in real time on every core (xdist), then the real-time
# JACK tests (and the GUI-thread timing test) one at a time on a machine left quiet for them (a take the host spoiled is retaken:
# tests/hostwatch.py); both run even when the first fails
test: deps
	@rc=0; $(TESTENV) $(PY) -m pytest -q -m "not (realtime or alone)" -n auto --maxprocesses 4 --dist worksteal \
	  || rc=$$?; $(TESTENV) $(PY) -m pytest -q -rs -m "realtime or alone" || rc=$$?; exit $$rc

# the fast tier while working: no soak, no JACK, no hostile suite (the tiny drummer comes from the test cache)
test-fast: deps
	$(TESTENV) $(PY) -m pytest -q -m "not slow" -n auto --dist worksteal

# 30 minutes of a person using the real window (Xvfb, xdotool, JACK); RSS must not grow > 10% after warm-up
soak: deps
	$(PY) tests/soak.py --minutes $${MINUTES:-30} --rss-limit 0.10

# the hostile-input suite at full size (make test runs its quick set): ~460 cases, each under 1 GB and 30 s
fuzz: deps
	$(PY) tests/hostile.py --full

deps: sysdeps $(VENV)/.installed native

# the audio callback in C (engine/native/glaudio.c); rebuilt when the source changes
native: $(VENV)/.installed
	@$(PY) -m engine.native >/dev/null

sysdeps:
	@.ci/system-packages.sh

$(VENV)/.installed: pyproject.toml .ci/venv.sh
	@echo "setting up $(VENV) (Python packages)"
	@.ci/venv.sh $(VENV)
	@touch $@

bench: deps
	@for b in bench/bench_*.py; do echo "== $$b"; TF_CPP_MIN_LOG_LEVEL=3 $(PY) $$b --data $(DATA) || exit 1; done

# every string marked tr()/N_() in the window's code -> resources/translations/grooveloom.ts (for translators)
translations: deps
	$(VENV)/bin/pyside6-lupdate $$(git ls-files 'ui/*.py' 'grooveloom/*.py' engine/exports.py) \
	  -ts resources/translations/grooveloom.ts -no-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
