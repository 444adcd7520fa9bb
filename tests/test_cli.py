"""The command line, end to end, in a subprocess as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "raw" / "000_2128df9dba18b72a.txt"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT)


def test_help_explains_every_option():
    result = run("extract", "--help")
    assert result.returncode == 0
    for option in ("--out", "--reference-date", "PATH"):
        assert option in result.stdout


def test_bad_inputs_fail_alone_and_leave_no_output(tmp_path: Path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02\xff")
    (inputs / "latin1.txt").write_bytes("Caf\u00e9 au lait".encode("latin-1"))
    no_txt = tmp_path / "no_txt"
    no_txt.mkdir()
    out = tmp_path / "out"

    result = run("extract", str(inputs), str(no_txt), "--out", str(out))

    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4
    for name, reason in [("empty.txt", "empty"), ("binary.txt", "binary"), ("latin1.txt", "not UTF-8"),
                         ("no_txt", "no .txt files")]:
        assert any(name in e and reason in e for e in errors), (name, errors)
    assert sorted(p.name for p in out.iterdir()) == ["good.json"]
    assert "1 written, 0 skipped, 4 failed" in result.stderr


def test_output_is_deterministic_and_valid(tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run("extract", str(SEED), "--out", str(first)).returncode == 0
    assert run("extract", str(SEED), "--out", str(second)).returncode == 0
    a, b = (first / f"{SEED.stem}.json").read_bytes(), (second / f"{SEED.stem}.json").read_bytes()
    assert a == b
    data = json.loads(a)
    assert data["schema_version"] == "1.0" and data["document"]["author"] == "Christine Lunsford"


def test_missing_path_is_an_error(tmp_path: Path):
    result = run("extract", str(tmp_path / "nowhere.txt"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "no such file" in result.stderr


def test_evaluate_command_gates_on_min_f1(tmp_path: Path):
    out = tmp_path / "out"
    run("extract", str(SEED), "--out", str(out))
    gold = ROOT / "tests" / "data" / "gold" / f"{SEED.stem}.json"
    result = run("evaluate", str(out), str(gold), "--min-f1", "0.99")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "person" in result.stdout


def test_evaluate_names_a_missing_path(tmp_path: Path):
    result = run("evaluate", str(tmp_path / "missing"), str(ROOT / "tests" / "data" / "gold"))
    assert result.returncode == 2 and "missing" in result.stderr and "no such file" in result.stderr
