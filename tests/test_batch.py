"""Runs over many inputs: parallel and cluster runs give the same bytes, reruns skip what is current."""

import json
import shutil
from pathlib import Path

import pytest

from pipeline.batch import RunOptions, Summary, run
from tests.conftest import ROOT

ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")) + [ROOT / "raw" / "000_2128df9dba18b72a.txt"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("inputs")
    for path in ARTICLES:
        shutil.copy(path, folder / path.name)
        meta = path.with_name(path.stem + ".meta.json")
        if meta.exists():
            shutil.copy(meta, folder / meta.name)
    return sorted(folder.glob("*.txt"))


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


@pytest.fixture(scope="module")
def serial(inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    summary = run(inputs, RunOptions(out=out, jsonl=out / "all.jsonl"), Summary())
    assert (summary.written, summary.failed) == (len(inputs), 0)
    return out


def test_two_processes_give_identical_bytes(inputs, serial, tmp_path):
    run(inputs, RunOptions(out=tmp_path, jobs=2, chunk_size=2), Summary())
    expected = {k: v for k, v in outputs(serial).items() if k.endswith(".json")}
    assert outputs(tmp_path) == expected


def test_local_dask_cluster_gives_identical_bytes(inputs, serial, tmp_path):
    run(inputs, RunOptions(out=tmp_path, dask_workers=2, chunk_size=3), Summary())
    assert outputs(tmp_path) == outputs(serial)


def test_jsonl_holds_one_document_a_line(inputs, serial):
    lines = (serial / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["document"]["id"] for line in lines] == [p.stem for p in inputs]


def test_rerun_skips_current_outputs_and_force_redoes_them(inputs, tmp_path):
    assert run(inputs[:2], RunOptions(out=tmp_path), Summary()).written == 2
    again = run(inputs[:2], RunOptions(out=tmp_path), Summary())
    assert (again.written, again.skipped) == (0, 2)
    forced = run(inputs[:2], RunOptions(out=tmp_path, force=True), Summary())
    assert (forced.written, forced.skipped) == (2, 0)


def test_changed_input_is_redone(inputs, tmp_path):
    article = tmp_path / "in" / "story.txt"
    article.parent.mkdir()
    article.write_text(inputs[0].read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    run([article], RunOptions(out=out), Summary())
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line about Soyuz MS-12 on May 2, 2019.\n",
                       encoding="utf-8")
    assert run([article], RunOptions(out=out), Summary()).written == 1


def test_interrupted_run_leaves_no_partial_file_and_rerun_completes(inputs, tmp_path, monkeypatch):
    import pipeline.batch as batch

    calls = {"n": 0}
    real = batch.write_atomic

    def write_then_interrupt(path, content):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        real(path, content)

    monkeypatch.setattr(batch, "write_atomic", write_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        run(inputs, RunOptions(out=tmp_path, chunk_size=2), Summary())
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert not list(tmp_path.glob(".*tmp"))
    monkeypatch.setattr(batch, "write_atomic", real)
    rerun = run(inputs, RunOptions(out=tmp_path), Summary())
    assert (rerun.skipped, rerun.written) == (2, len(inputs) - 2)
