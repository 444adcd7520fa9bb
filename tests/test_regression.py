"""Snapshots of the full JSON for every test article: any change in extraction shows up as a diff to review.
Regenerate deliberately with `pytest tests/test_regression.py --force-regen`."""

import json

import pytest

from pipeline.run import extract_file
from pipeline.write import to_json
from tests.conftest import GOLD_FILES, ROOT


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.stem)
def test_output_snapshot(gold_file, nlp, data_regression):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    extraction = extract_file(ROOT / gold["article"], nlp=nlp)
    data = json.loads(to_json(extraction))
    del data["document"]["pipeline_version"]  # changes with any code change; the snapshot guards extraction
    data_regression.check(data)


def test_committed_output_matches_the_pipeline(nlp):
    """output/ holds the pipeline's JSON for every file in raw/, regenerated whenever extraction changes."""
    for path in sorted((ROOT / "raw").glob("*.txt")):
        committed = ROOT / "output" / f"{path.stem}.json"
        assert committed.is_file(), f"{committed} is missing: run the README's extract command"
        assert committed.read_text(encoding="utf-8") == to_json(extract_file(path, nlp=nlp)), (
            f"{committed} is stale: run the README's extract command")
