"""The layering rule: engine imports neither Qt nor TensorFlow; models never imports Qt."""
import subprocess
import sys

import pytest

from conftest import ROOT

CHECK = """
import importlib, sys
importlib.import_module({mod!r})
for sub in {subs!r}:
    importlib.import_module(sub)
bad = sorted(m for m in sys.modules if m.split('.')[0] in {banned!r})
print(','.join(bad))
"""


def _loaded(mod, subs, banned):
    out = subprocess.run([sys.executable, "-c", CHECK.format(mod=mod, subs=subs, banned=banned)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _submodules(pkg):
    """Every module of a package, its subpackages' too (engine.midi.read, engine.looppack.scan, ...)."""
    out = []
    for p in (ROOT / pkg).rglob("*.py"):
        parts = p.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__main__":      # (a script: importing it runs it)
            continue
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(set(out))


def test_engine_loads_no_qt_no_tensorflow():
    subs = _submodules("engine")
    assert {"engine.pattern", "engine.midi", "engine.midi.read", "engine.looppack.scan"} <= set(subs)
    assert _loaded("engine", subs, ("PySide6", "shiboken6", "tensorflow", "keras")) == ""


def test_models_loads_no_qt():
    assert _loaded("models", _submodules("models"), ("PySide6", "shiboken6")) == ""


def test_the_check_itself_sees_a_banned_import():
    # guards against a check that cannot fail
    assert "PySide6" in _loaded("ui.app", ["PySide6.QtCore"], ("PySide6",))


@pytest.mark.parametrize("pkg,banned", [("engine", ("PySide6", "tensorflow", "keras")),
                                        ("models", ("PySide6",))])
def test_no_banned_import_statements(pkg, banned):
    for f in (ROOT / pkg).glob("*.py"):
        for line in f.read_text().splitlines():
            s = line.strip()
            if s.startswith(("import ", "from ")):
                assert not any(b in s.split()[1] for b in banned), f"{f.name}: {s}"


def test_each_settings_range_is_written_once():
    """Issue 29: the drummer's and the feel's ranges (temperature 0-2, variations 1-8, variation 0-1, bars,
    humanize, feel, volume) live in engine.project.RANGES; the loader, the drummer's checks, the command
    line and the window's boxes read them. No other copy of the numbers."""
    import re
    copies = re.compile(r"_float_in\(0, 2\)|_int_in\(1, 8\)|_float_in\(0, 1\)|_float_in\(0, 50\)|_int_in\(0, 64\)"
                        r"|<= ?x ?<= ?(2|8|50|64|1\.5)\b|maximum=(8|2\.0|1\.0|30|100)\b|\b0\.0, 2\.0\)|\b1, 8\)")
    found = []
    for path in ("main.py", "engine/project.py", "models/drummer.py", "ui/drummer_panel.py", "ui/transport_bar.py"):
        for n, line in enumerate((ROOT / path).read_text().splitlines(), 1):
            if copies.search(line) and "RANGES" not in line and "--ensemble" not in line \
                    and not re.match(r'\s+"\w+": \(', line):      # (the table itself; train-feel's own count)
                found.append(f"{path}:{n}: {line.strip()}")
    assert not found, "\n".join(found)
    from engine.project import RANGES
    assert RANGES["temperature"] == (0.0, 2.0) and RANGES["variations"] == (1, 8)
