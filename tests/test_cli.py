"""The command line, end to end, in a subprocess as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

from schemas import SCHEMA_VERSION

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
    assert data["schema_version"] == SCHEMA_VERSION and data["document"]["author"] == "Christine Lunsford"


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


# -- every error path, subcommand by subcommand: one line naming the value and the fix, before any work ------

import os  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402

from pipeline.cli import main  # noqa: E402

GOLD_DIR = ROOT / "tests" / "data" / "gold"
OUTPUT = ROOT / "output" / f"{SEED.stem}.json"


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """The command in this process (same code as the installed command, a fraction of the start-up time)."""
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    a_file = tmp_path / "a_file"
    a_file.write_text("not a folder\n")
    for folder in ("dupA", "dupB"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return {"file": a_file, "out": tmp_path / "out", "tmp": tmp_path}


EXTRACT_USAGE_ERRORS = [
    # (arguments after `extract raw --out OUT`, what the one line must name)
    (["--jobs", "0"], ["--jobs", "0", "1 or more"]),
    (["--jobs", "-3"], ["--jobs", "-3", "1 or more"]),
    (["--jobs", "two"], ["--jobs", "'two'", "whole number"]),
    (["--chunk-size", "-5"], ["--chunk-size", "-5", "1 or more"]),
    (["--dask-workers", "-1"], ["--dask-workers", "-1", "1 or more"]),
    (["--dask-workers", "0"], ["--dask-workers", "0", "1 or more"]),
    (["--jobs", "2", "--dask-workers", "2"], ["--jobs 2", "--dask-workers 2", "give one"]),
    (["--jobs", "2", "--scheduler", "tcp://h:8786"], ["--jobs 2", "--scheduler tcp://h:8786", "give one"]),
    (["--scheduler", "tcp://h:8786", "--dask-workers", "2"], ["--dask-workers 2", "--scheduler", "give one"]),
    (["--reference-date", "2019-13-45"], ["2019-13-45", "no such day", "month must be in 1..12"]),
    (["--reference-date", "2019-02-30"], ["2019-02-30", "no such day"]),
    (["--reference-date", "May 3"], ["'May 3'", "is not YYYY-MM-DD"]),
    (["--reference-date", "20190503"], ["'20190503'", "is not YYYY-MM-DD"]),
    (["--scheduler", "nonsense"], ["--scheduler nonsense", "not an address", "tcp://HOST:8786"]),
    (["--scheduler", "tcp://127.0.0.1:1"], ["--scheduler tcp://127.0.0.1:1", "no scheduler answers",
                                            "dask scheduler"]),
]


@pytest.mark.parametrize(("extra", "named"), EXTRACT_USAGE_ERRORS, ids=[" ".join(e) for e, _ in EXTRACT_USAGE_ERRORS])
def test_extract_usage_errors_are_one_line_and_exit_2(capsys, places, extra, named):
    code, out, err = cli(capsys, "extract", SEED, "--out", places["out"], *extra)
    line = one_line(err)
    assert code == 2 and out == ""
    assert "extract: error:" in line
    for part in named:
        assert part in line, (part, line)
    assert not places["out"].exists() or not any(places["out"].iterdir())


def test_missing_out_is_a_usage_error(capsys):
    code, _, err = cli(capsys, "extract", SEED)
    assert code == 2 and "--out" in one_line(err)


def test_out_onto_a_file_or_under_one_is_refused_before_any_work(capsys, places, monkeypatch):
    import pipeline.batch as batch

    monkeypatch.setattr(batch, "process_chunk", lambda items: pytest.fail("work started"))
    for out, reason in [(places["file"], "is a file, not a folder"),
                        (places["file"] / "sub", "cannot write there"),
                        (Path("/proc/no/such/folder"), "cannot write there")]:
        code, _, err = cli(capsys, "extract", SEED, "--out", out)
        line = one_line(err)
        assert code == 2 and str(out) in line and reason in line and "give a folder" in line
    code, _, err = cli(capsys, "extract", SEED, "--out", places["out"], "--jsonl", places["tmp"])
    assert code == 2 and "--jsonl" in one_line(err) and "is a folder, not a file" in err
    code, _, err = cli(capsys, "extract", SEED, "--out", "-", "--jsonl", "-")
    assert code == 2 and "both write to standard output" in one_line(err)


def test_dask_options_without_dask_name_the_extra(capsys, places, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the [dask] extra were not installed
    for extra in (["--dask-workers", "2"], ["--scheduler", "tcp://h:8786"]):
        code, _, err = cli(capsys, "extract", SEED, "--out", places["out"], *extra)
        line = one_line(err)
        assert code == 2 and extra[0] in line and "space-news-extract[dask]" in line


def test_a_silent_server_is_not_taken_for_a_scheduler(tmp_path):
    """Something accepts connections and never speaks: a short timeout, one line, not a hang."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    code = ("import sys, pipeline.batch as b; b.CONNECT_TIMEOUT = 1.0; from pipeline.cli import main; "
            "sys.exit(main(sys.argv[1:]))")
    began = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, "-c", code, "extract", str(SEED), "--out", str(tmp_path / "o"),
                                 "--scheduler", address], capture_output=True, text=True, cwd=ROOT, timeout=60)
    finally:
        listener.close()
    assert time.perf_counter() - began < 30
    line = one_line(result.stderr)
    assert result.returncode == 2 and address in line and "not a Dask scheduler" in line


def test_a_real_scheduler_is_used(capsys, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        code, _, err = cli(capsys, "extract", SEED, "--out", tmp_path, "--scheduler", cluster.scheduler_address)
    assert code == 0, err
    written = json.loads((tmp_path / f"{SEED.stem}.json").read_text(encoding="utf-8"))
    assert written["entities"] == json.loads(OUTPUT.read_text(encoding="utf-8"))["entities"]


def test_same_stem_twice_is_refused_naming_both(capsys, places):
    first, second = places["tmp"] / "dupA" / "story.txt", places["tmp"] / "dupB" / "story.txt"
    code, _, err = cli(capsys, "extract", first, second, "--out", places["out"])
    line = one_line(err)
    assert code == 2 and str(first) in line and str(second) in line and "story.json" in line
    assert not places["out"].exists()


def test_each_input_is_taken_once(capsys, tmp_path):
    jsonl = tmp_path / "run.jsonl"
    code, _, err = cli(capsys, "extract", SEED.parent, SEED.parent, SEED, "--out", tmp_path / "out", "--jsonl", jsonl)
    assert code == 0, err
    assert "1 written, 0 skipped, 0 failed" in err
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 1


def test_an_output_path_taken_by_a_folder_fails_that_input_only(capsys, tmp_path):
    (tmp_path / f"{SEED.stem}.json").mkdir()
    code, _, err = cli(capsys, "extract", SEED, "--out", tmp_path, "--force")
    assert code == 1 and "Traceback" not in err
    assert any(line.startswith("error:") and f"{SEED.stem}.json" in line for line in err.splitlines())


def test_writes_through_symlinks_and_special_files(tmp_path):
    target = tmp_path / "real.jsonl"
    target.write_text("")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert run("extract", str(SEED), "--out", str(tmp_path / "a"), "--jsonl", str(link), "-q").returncode == 0
    assert link.is_symlink() and json.loads(target.read_text(encoding="utf-8"))["document"]["id"] == SEED.stem

    # /dev/stdout: the lines reach standard output, and the device is not replaced by a file.
    result = run("extract", str(SEED), "--out", str(tmp_path / "b"), "--jsonl", "/dev/stdout", "-q")
    assert result.returncode == 0 and json.loads(result.stdout)["document"]["id"] == SEED.stem
    assert not Path("/dev/stdout").is_file() or Path("/dev/stdout").is_symlink()

    fifo = tmp_path / "page.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    review = run("review", str(OUTPUT), "--html", str(fifo), "--text", str(SEED))
    page = reader.communicate(timeout=60)[0]
    assert review.returncode == 0, review.stderr
    assert page.startswith(b"<!DOCTYPE html>") and fifo.is_fifo()


def test_standard_input_and_output(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "extract", "-", "--out", "-", "-q"], cwd=ROOT,
                            input=SEED.read_text(encoding="utf-8"), capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""
    document = json.loads(result.stdout)
    assert document["document"]["id"] == "stdin"
    assert document["entities"] == json.loads(OUTPUT.read_text(encoding="utf-8"))["entities"]

    result = run("extract", str(SEED), "--out", str(tmp_path), "--jsonl", "-")
    assert result.returncode == 0
    assert [json.loads(line)["document"]["id"] for line in result.stdout.splitlines()] == [SEED.stem]
    assert "1 written" in result.stderr



def test_a_closed_standard_output_ends_the_run_quietly():
    """`extract ... --out - | head -1`: no traceback, no error line per remaining input."""
    articles = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", *map(str, articles), "--out", "-", "-q"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert err == ""

def test_quiet_and_verbose(capsys, tmp_path):
    code, _, err = cli(capsys, "extract", SEED, "--out", tmp_path, "-q")
    assert code == 0 and err == ""
    code, _, err = cli(capsys, "extract", SEED, "--out", tmp_path, "-v")
    assert code == 0 and "skipped" in err and str(SEED) in err and "0 written, 1 skipped" in err
    code, _, err = cli(capsys, "extract", SEED, "--out", tmp_path, "-q", "-v")
    assert code == 2 and "not allowed with" in one_line(err)


def test_version_and_help_show_examples_exit_codes_and_the_program_name():
    from pipeline import pipeline_version

    version = run("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"python -m pipeline {pipeline_version()}"
    for command in ([], ["extract"], ["evaluate"], ["review"]):
        result = run(*command, "--help")
        assert result.returncode == 0
        assert result.stdout.startswith("usage: python -m pipeline")
        assert "examples:" in result.stdout and "exit codes" in result.stdout
    assert "130" in run("extract", "--help").stdout


def test_interrupt_with_two_jobs_prints_one_line(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    text = (ROOT / "tests" / "data" / "articles" / "news_crew1_launch.txt").read_text(encoding="utf-8")
    for i in range(300):
        (inputs / f"story{i:03}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(inputs), "--out", str(out),
                                "--jobs", "2", "--chunk-size", "2"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None and not list(out.glob("*.json")):
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group, workers included
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    line = one_line(err)
    assert line.startswith("interrupted:") and "rerun to complete" in line
    assert not list(out.glob(".*tmp"))


# -- evaluate -------------------------------------------------------------------------------------------------

def test_evaluate_error_paths(capsys, tmp_path):
    gold = GOLD_DIR / f"{SEED.stem}.json"
    # The article itself, or an empty object, where an output should be: one line naming the file.
    beside = tmp_path / "beside"
    beside.mkdir()
    (beside / f"{SEED.stem}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = cli(capsys, "evaluate", beside / f"{SEED.stem}.txt", GOLD_DIR)
    assert code == 2 and f"{SEED.stem}.txt" in one_line(err) and "not a pipeline output" in err
    (beside / f"{SEED.stem}.json").write_text("{}")
    code, _, err = cli(capsys, "evaluate", beside, GOLD_DIR)
    line = one_line(err)
    assert code == 2 and f"{SEED.stem}.json" in line and "not a pipeline output" in line

    # No output matches any gold: an error, whatever --min-f1 says.
    unrelated = tmp_path / "unrelated"
    unrelated.mkdir()
    (unrelated / "other.json").write_text(OUTPUT.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = cli(capsys, "evaluate", unrelated, GOLD_DIR, "--min-f1", "0.99")
    assert code == 2 and out == "" and "no output matches" in one_line(err)

    # A gold folder with no gold files, a broken gold file, a bad --min-f1.
    empty_gold = tmp_path / "empty_gold"
    empty_gold.mkdir()
    code, _, err = cli(capsys, "evaluate", OUTPUT, empty_gold)
    assert code == 2 and "no gold .json files" in one_line(err)
    broken = tmp_path / "broken" / f"{SEED.stem}.json"
    broken.parent.mkdir()
    broken.write_text('{"entities": {}}')
    code, _, err = cli(capsys, "evaluate", OUTPUT, broken)
    assert code == 2 and "not a usable gold file" in one_line(err) and str(broken) in err
    code, _, err = cli(capsys, "evaluate", OUTPUT, gold, "--min-f1", "1.5")
    assert code == 2 and "--min-f1" in one_line(err) and "'1.5'" in err


def test_evaluate_counts_and_lists_gold_files_without_an_output(capsys, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / OUTPUT.name).write_bytes(OUTPUT.read_bytes())
    code, report, err = cli(capsys, "evaluate", out, GOLD_DIR, "--json")
    assert code == 0
    rows = {row["article"]: row for row in json.loads(report)}
    missing = sorted(p.stem for p in GOLD_DIR.glob("*.json") if p.stem != SEED.stem)
    assert sorted(stem for stem, row in rows.items() if row.get("output_missing")) == missing
    person = rows[missing[0]]["types"]["person"]
    assert person["tp"] == 0 and person["fn"] > 0 and person["recall"] == 0
    assert all(stem in one_line(err) for stem in missing)
    code, _, err = cli(capsys, "evaluate", out, GOLD_DIR, "--min-f1", "0.5")
    assert code == 1 and f"below 0.5: {missing[0]} person" in err


# -- review and schema ----------------------------------------------------------------------------------------

def test_review_error_paths(capsys, tmp_path, places):
    for path, reason in [(SEED, "not a pipeline output"), (tmp_path, "is a folder"),
                         (tmp_path / "nope.json", "no such file")]:
        code, _, err = cli(capsys, "review", path)
        line = one_line(err)
        assert code == 2 and str(path) in line and reason in line
    empty = tmp_path / "empty.json"
    empty.write_text("{}")
    code, _, err = cli(capsys, "review", empty)
    assert code == 2 and "document: Field required" in one_line(err)
    code, _, err = cli(capsys, "review", OUTPUT, "--html", places["file"] / "page.html")
    assert code == 2 and "--html" in one_line(err)
    code, _, err = cli(capsys, "review", OUTPUT, "--text", tmp_path / "nope.txt")
    assert code == 2 and "pass --text" in one_line(err)


def test_unknown_command_and_option(capsys):
    code, _, err = cli(capsys, "extrakt")
    assert code == 2 and "invalid choice" in one_line(err)
    code, _, err = cli(capsys, "schema", "--bogus")
    assert code == 2 and "--bogus" in one_line(err)
