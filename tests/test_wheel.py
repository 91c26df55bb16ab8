"""The package as a user gets it: build the wheel, install it into a fresh virtual environment, and solve
a shipped scenario from a directory that has no catalog, with no catalog key anywhere.

Slow (a minute or two: the wheel build and the dependencies' install), so marked `slow`; the README's test
command runs it. Without access to a package index the environment reuses this Python's installed
dependencies (--system-site-packages), and still installs dlbuild itself from the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

#: What a wheel build reads from the source tree.
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "LICENSE", "README.md", "solver", "catalogs", "scenarios")
#: Signs in pip's output that no package index could be reached.
OFFLINE = (
    "NewConnectionError",
    "Network is unreachable",
    "Temporary failure in name resolution",
    "No matching distribution found",
)

pytestmark = pytest.mark.slow


def run(args: list[str | Path], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def build_wheel(tmp: Path) -> Path:
    """The wheel built from a copy of the source tree (the build must not write into the checkout)."""
    source = tmp / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    done = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", tmp / "dist", source], tmp)
    assert done.returncode == 0, done.stderr
    (wheel,) = (tmp / "dist").glob("dlbuild-*.whl")
    return wheel


def install(tmp: Path, wheel: Path) -> Path:
    """A fresh virtual environment with the wheel installed; its Python."""
    env = tmp / "env"
    run([sys.executable, "-m", "venv", env], tmp).check_returncode()
    python = env / "bin" / "python"
    done = run([python, "-m", "pip", "install", "--quiet", wheel], tmp, timeout=900)
    if done.returncode != 0:
        assert any(sign in done.stdout + done.stderr for sign in OFFLINE), done.stderr
        shutil.rmtree(env)
        run([sys.executable, "-m", "venv", "--system-site-packages", env], tmp).check_returncode()
        done = run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--ignore-installed", wheel], tmp)
        assert done.returncode == 0, done.stderr
    return python


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(tmp)
    return wheel, install(tmp, wheel)


def test_the_wheel_carries_the_catalog_the_scenarios_and_the_license(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for top in ("catalogs", "scenarios"):
        files = [p.relative_to(ROOT).as_posix() for p in (ROOT / top).rglob("*") if p.is_file()]
        assert files
        missing = [f for f in files if f"solver/data/{f}" not in names]
        assert not missing, missing
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(zipfile.ZipFile(wheel).read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: MIT" in metadata and "Classifier: Environment :: Console" in metadata


def test_the_installed_command_solves_a_shipped_scenario_from_any_directory(installed, tmp_path):
    _, python = installed
    dlbuild = python.parent / "dlbuild"
    where = run([python, "-c", "import solver; print(solver.__file__)"], tmp_path)
    assert where.stdout.startswith(str(python.parent.parent)), where.stdout  # the wheel's copy, not the checkout
    done = run([dlbuild, "solve", "kaggle"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Kaggle competitor: workload kaggle") and "Status: optimal (proven)" in done.stdout
    assert not list(tmp_path.iterdir())  # it wrote nothing here


def test_a_copied_scenario_without_catalog_key_solves_on_the_shipped_catalog(installed, tmp_path):
    _, python = installed
    dlbuild = python.parent / "dlbuild"
    done = run([dlbuild, "scenarios", "copy", "llm-finetune", "mine.toml"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "catalog" not in tomllib.loads((tmp_path / "mine.toml").read_text())
    done = run([dlbuild, "solve", "mine.toml", "--format", "json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"status": "optimal"' in done.stdout
    done = run([dlbuild, "catalog", "validate"], tmp_path)
    assert done.returncode == 0 and "solver/data/catalogs is sound" in " ".join(done.stdout.split()), (
        done.stderr
    )  # wrapped at 80
