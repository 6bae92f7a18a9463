"""GrooveLoom as an installed application: the wheel holds every module and resource and the compiled
audio callback; installed into a fresh venv outside the checkout, the `grooveloom` command runs the window,
the drummer, the renderer and the desktop integration, and writes nothing where it is installed."""
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow      # builds a wheel and a venv (about a minute)


def _run(cmd, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("timeout", 600)
    return subprocess.run(cmd, **kw)


@pytest.fixture(scope="module")
def sdist(tmp_path_factory):
    out = tmp_path_factory.mktemp("sdist")
    r = _run([sys.executable, "-m", "build", "--sdist", "-o", str(out), str(ROOT)], cwd=out)
    assert r.returncode == 0, r.stderr[-2000:]
    (tar,) = out.glob("grooveloom-*.tar.gz")
    return tar


@pytest.fixture(scope="module")
def wheel(sdist, tmp_path_factory):
    """The wheel built from the sdist: the sdist alone is enough to build GrooveLoom."""
    out = tmp_path_factory.mktemp("dist")
    r = _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(sdist)], cwd=out)
    assert r.returncode == 0, r.stderr[-2000:]
    (whl,) = out.glob("grooveloom-*.whl")
    return whl


def test_the_sdist_is_the_whole_project(sdist):
    """Every tracked file but the README's large pictures is in the sdist (it builds and tests GrooveLoom)."""
    import tarfile
    tracked = _run(["git", "ls-files"], cwd=ROOT).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    missing = [f for f in tracked if f not in names and not f.startswith(".gitignore")]
    assert not missing, missing


def _tree_files() -> set[str]:
    """What the wheel must hold, from the checkout: every module of the four packages, the shipped
    resources (under grooveloom/resources), and the C sources (the audio callback, the sampler step)."""
    want = set()
    for pkg in ("engine", "models", "ui", "grooveloom"):
        want |= {str(p.relative_to(ROOT)) for p in (ROOT / pkg).rglob("*.py")}
    for sub in ("models", "icons", "desktop", "translations"):
        for p in (ROOT / "resources" / sub).iterdir():
            if p.is_file():
                want.add(f"grooveloom/resources/{sub}/{p.name}")
    want |= {"engine/native/glaudio.c", "engine/native/glstep.c"}
    return want


def test_the_wheel_holds_every_module_resource_and_the_c_callback(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = _tree_files() - names
    assert not missing, sorted(missing)
    assert any(n.startswith("engine/native/_glaudio") and n.endswith(".so") for n in names)
    assert not any(n.startswith(("tests/", "bench/", "resources/")) or n == "main.py" for n in names)
    meta = next(n for n in names if n.endswith("entry_points.txt"))
    assert "grooveloom = grooveloom.entry:main" in zipfile.ZipFile(wheel).read(meta).decode()


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """A fresh venv with the wheel; its dependencies come from this environment's site-packages through a
    .pth file (no download), the checkout itself is not on its path."""
    venv = tmp_path_factory.mktemp("venv")
    assert _run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    py = venv / "bin" / "python"
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    r = _run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)])
    assert r.returncode == 0, r.stderr[-2000:]
    return venv, site


def _snapshot(folder: Path) -> dict:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if "__pycache__" not in p.parts}


def test_the_installed_command_runs_outside_the_checkout(installed, tmp_path):
    venv, site = installed
    exe = str(venv / "bin" / "grooveloom")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # CI=1: pyfluidsynth 1.4.0 prints where it found the library to stdout when CI is set (the CI run
    # of 762f7ac failed on exactly that line in front of the version).
    env.update(CI="1", QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_STATE_HOME=str(tmp_path / "state"))
    before = _snapshot(site / "grooveloom") | _snapshot(site / "engine")

    def run(*args):
        r = _run([exe, *args], cwd=tmp_path, env=env)
        assert r.returncode == 0, (args, r.stderr[-2000:])
        return r.stdout

    version = run("--version")
    from grooveloom import __version__
    assert version.startswith(f"GrooveLoom {__version__}\n")
    assert f"audio callback: C ({site / 'engine' / 'native' / '_glaudio'}" in version     # the wheel's own build
    assert f"drummer's sampler step: C ({site / 'engine' / 'native' / '_glaudio'}" in version
    assert f"models: {site / 'grooveloom' / 'resources' / 'models'}" in version
    assert run("--help-commands").startswith("usage: grooveloom ")
    run("generate", "--style", "funk", "-o", "funk.mid")
    run("render", "funk.mid", "-o", "funk.wav")
    run("--screenshot", "shot.png", "funk.mid")
    assert (tmp_path / "funk.wav").stat().st_size > 100_000 and (tmp_path / "shot.png").read_bytes()[:4] == b"\x89PNG"
    import engine
    probe = _run([str(venv / "bin" / "python"), "-c", "import engine, grooveloom; print(engine.__file__)"],
                 cwd=tmp_path, env=env)
    assert probe.stdout.startswith(str(site)) and not probe.stdout.startswith(str(Path(engine.__file__).parent))
    assert _snapshot(site / "grooveloom") | _snapshot(site / "engine") == before      # nothing written there


def test_install_desktop_puts_a_launcher_icon_and_groove_type_in_the_users_menu(installed, tmp_path):
    venv, _ = installed
    exe = str(venv / "bin" / "grooveloom")
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    r = _run([exe, "--install-desktop"], cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    data = tmp_path / "data"
    app_id = "io.github.grooveloom.GrooveLoom"
    desktop = (data / "applications" / f"{app_id}.desktop").read_text()
    assert f"Exec={exe} %f" in desktop and "MimeType=application/x-grooveloom;" in desktop
    for f in (f"icons/hicolor/scalable/apps/{app_id}.svg", f"icons/hicolor/256x256/apps/{app_id}.png",
              f"metainfo/{app_id}.metainfo.xml", f"mime/packages/{app_id}.xml"):
        assert (data / f).is_file(), f
    if (data / "mime" / "globs2").exists():                 # update-mime-database ran: *.groove is known
        assert "application/x-grooveloom:*.groove" in (data / "mime" / "globs2").read_text()
    for tool, args in (("desktop-file-validate", [str(data / "applications" / f"{app_id}.desktop")]),
                       ("appstreamcli", ["validate", "--no-net", str(data / "metainfo" / f"{app_id}.metainfo.xml")])):
        if subprocess.run(["which", tool], capture_output=True).returncode == 0:
            v = _run([tool, *args])
            assert v.returncode == 0, (tool, v.stdout, v.stderr)
    r = _run([exe, "--uninstall-desktop"], cwd=tmp_path, env=env)
    assert r.returncode == 0 and not (data / "applications" / f"{app_id}.desktop").exists()
