"""Interrupting a run (Ctrl-C, SIGTERM, SIGKILL) and running it again gives the same output files, byte for
byte, as a run never interrupted, and leaves no temp file behind: finished files are whole (written to a temp
file, then renamed), a signal the run can handle removes its temp files, and the temp files of a killed run
are removed by the next one."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")) + [ROOT / "raw" / "000_2128df9dba18b72a.txt"]
COPIES = 60  # enough inputs for the run to last a few seconds


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    for i in range(COPIES):
        source = SOURCES[i % len(SOURCES)]
        # Each copy its own article (a line of its own at the end), so no two outputs are the same.
        text = (source.read_text(encoding="utf-8")
                + f"\nThe crew of Soyuz MS-{i + 10} landed on May {i % 28 + 1}, 2019.\n")
        (folder / f"article_{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def extract(inputs: Path, out: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(inputs), "--out", str(out),
                             "--jsonl", str(out / "all.jsonl"), "-q", *options],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def clean(inputs, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("clean")
    assert extract(inputs, out).wait(timeout=300) == 0
    written = files(out)
    assert len(written) == COPIES + 1  # every output and the JSON Lines file
    return written


def interrupt_mid_run(inputs: Path, out: Path, signum: int, *options: str) -> tuple[int, str]:
    """Start a run, send it `signum` once a few outputs are written, and return its exit code and errors."""
    run = extract(inputs, out, *options)
    deadline = time.monotonic() + 120
    while len(list(out.glob("*.json"))) < 3:
        assert run.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    run.send_signal(signum)
    code = run.wait(timeout=120)
    return code, run.stderr.read()


@pytest.mark.parametrize("signum, code, options", [
    (signal.SIGINT, 130, ()), (signal.SIGTERM, 143, ()), (signal.SIGINT, 130, ("--jobs", "2")),
    (signal.SIGKILL, -signal.SIGKILL, ()),
], ids=["sigint", "sigterm", "sigint-jobs-2", "sigkill"])
def test_interrupted_then_rerun_gives_the_clean_run_byte_for_byte(inputs, clean, tmp_path, signum, code, options):
    out = tmp_path / "out"
    out.mkdir()
    got, errors = interrupt_mid_run(inputs, out, signum, *options)
    assert got == code, errors
    finished = list(out.glob("*.json"))
    assert 3 <= len(finished) < COPIES  # stopped mid-run
    if signum != signal.SIGKILL:  # a handled signal cleans up at once, with one line
        assert not list(out.glob(".*")), "a temp file was left behind"
        assert errors.count("\n") == 1 and errors.startswith("interrupted:"), errors
    assert extract(inputs, out, *options).wait(timeout=300) == 0
    assert files(out) == clean  # same names, same bytes, and no temp file among them


def test_temp_files_of_a_killed_run_are_removed_by_the_next_one(inputs, clean, tmp_path):
    """The temp files a SIGKILL leaves (it may strike between writing one and renaming it) are removed by the
    next run, whose output is then the clean run's; a temp file of a run still going is left alone."""
    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    for name in ("article_000.json", "article_001.json", "all.jsonl"):
        (out / f".{name}.{dead}.k3jd8x_q.tmp").write_text('{"half": ')
    alive = out / f".other.json.{os.getpid()}.abcd1234.tmp"
    alive.write_text("being written")
    assert extract(inputs, out).wait(timeout=300) == 0
    assert sorted(p.name for p in out.glob(".*")) == [alive.name]
    alive.unlink()
    assert files(out) == clean


def test_a_run_killed_again_and_again_still_completes(inputs, clean, tmp_path):
    """Killed at several points, each rerun takes up where the last stopped; the end result is the clean run."""
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(2):
        if len(list(out.glob("*.json"))) >= COPIES - 10:
            break
        got, _ = interrupt_mid_run(inputs, out, signal.SIGKILL)
        assert got == -signal.SIGKILL
    assert extract(inputs, out).wait(timeout=300) == 0
    assert files(out) == clean
