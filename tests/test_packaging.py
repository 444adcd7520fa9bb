"""A regular (not editable) install works: build a wheel, install it into a fresh virtual environment and run
the installed command from outside the source tree; its output is the committed `output/`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import pipeline_version

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.packaging


def _site_dirs() -> list[str]:
    """Where this interpreter's dependencies (spaCy, pydantic ...) live; never the source tree itself."""
    return [p for p in sys.path if p.endswith(("site-packages", "dist-packages")) and Path(p).is_dir()]


def _quiet(command: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("packaging")
    # Build from a copy holding only what a release ships, so no stale build/ folder can hide a missing file.
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("pipeline", "schemas"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _quiet([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(source)])
    wheel = next((work / "dist").glob("space_news_extract-*.whl"))

    # A fresh environment without this one's site-packages: their .pth files would put the source tree back
    # (an editable install's import hook finds pipeline.components even when the wheel lacks it).
    env_dir = work / "venv"
    _quiet([sys.executable, "-m", "venv", "--without-pip", str(env_dir)])
    python = env_dir / "bin" / "python"
    _quiet([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)])
    # Then the dependencies, already installed here, as plain path entries (a .pth line is not itself a
    # site dir, so the .pth files inside it are not run).
    site = _quiet([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    Path(site, "_dependencies.pth").write_text("\n".join(_site_dirs()) + "\n", encoding="utf-8")
    return env_dir


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}


def test_installed_package_imports_only_from_the_environment(venv, tmp_path):
    probe = ("import json, pipeline, pipeline.components, pipeline.knowledge, schemas; "
             "from pipeline.knowledge import load_file; load_file('agencies.json'); "
             "print(json.dumps([pipeline.__file__, pipeline.components.__file__, schemas.__file__]))")
    result = _quiet([str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path, env=_env())
    for path in json.loads(result.stdout):
        assert Path(path).is_relative_to(venv), path


def test_installed_command_reproduces_the_committed_output(venv, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    out = tmp_path / "out"
    result = subprocess.run([str(venv / "bin" / "space-news-extract"), "extract", "raw", "--out", "out"],
                            capture_output=True, text=True, cwd=tmp_path, env=_env())
    assert result.returncode == 0, result.stderr
    expected = sorted((ROOT / "output").glob("*.json"))
    assert sorted(p.name for p in out.glob("*.json")) == [p.name for p in expected]
    for committed in expected:
        got = json.loads((out / committed.name).read_text(encoding="utf-8"))
        want = json.loads(committed.read_text(encoding="utf-8"))
        # The same code and knowledge files were installed: the fingerprint covers every .py and .json.
        assert got["document"].pop("pipeline_version") == pipeline_version()
        want["document"].pop("pipeline_version")
        assert got == want


def test_installed_command_names_itself(venv, tmp_path):
    result = _quiet([str(venv / "bin" / "space-news-extract"), "--help"], cwd=tmp_path, env=_env())
    assert result.stdout.startswith("usage: space-news-extract ")
