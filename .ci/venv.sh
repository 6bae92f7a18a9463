#!/usr/bin/env bash
# Creates .venv with Python 3.11 (installing Debian's venv module when it is missing) and installs the
# project with its extras. Called by make when pyproject.toml is newer than the last install.
set -euo pipefail
VENV=${1:-.venv}
PY=$(command -v python3.11 || command -v python3 || true)
[ -n "$PY" ] || { echo "error: Python 3.11 not found (apt-get install python3)" >&2; exit 1; }
"$PY" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else 1)' \
  || { echo "error: $PY is $("$PY" -V 2>&1); GrooveLoom needs Python 3.11" >&2; exit 1; }
if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PY" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    if [ "$(id -u)" -eq 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv >/dev/null
      "$PY" -m venv "$VENV"
    else
      echo "error: Python's venv module is missing; run: sudo apt-get install -y python3-venv" >&2; exit 1
    fi
  fi
fi
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
if ! "$VENV/bin/python" -m pip install -q -e ".[train,test,link,beam]" > "$VENV/pip.log" 2>&1; then
  grep -v "is ignored: it is neither" "$VENV/pip.log" | tail -40 >&2
  echo "error: installing the Python packages failed (full log: $VENV/pip.log)" >&2
  exit 1
fi
"$VENV/bin/python" -c "import importlib.util as u, engine, numpy, mido, PySide6, fluidsynth, ai_edge_litert
assert u.find_spec('tensorflow') and u.find_spec('keras') and u.find_spec('apache_beam')" \
  || { echo "error: the Python packages did not install completely (see $VENV/pip.log)" >&2; exit 1; }
