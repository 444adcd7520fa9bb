"""The TimeML reader and the TempEval-3 scoring of `evaluate-timeml`."""

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.timeml import Timex, evaluate_folder, format_evaluation, read_timeml, score_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "timeml" / "sample.tml"
TEMPEVAL = ROOT.parent / "shared" / "real" / "tempeval3-train"  # ../shared/real/README.md; never copied here


def test_reader_strips_tags_and_keeps_offsets():
    document = read_timeml(SAMPLE)
    assert document.creation_time == "2024-03-06"
    assert "<" not in document.text and "docked with the station" in document.text
    assert [(t.text, t.type, t.value) for t in document.timexes] == [
        ("March 5, 2024", "DATE", "2024-03-05"), ("27 hours", "DURATION", "PT27H"),
        ("six-month", "DURATION", "P6M"), ("last year", "DATE", "2023"), ("September", "DATE", "2024-09"),
        ("9:40 a.m.", "TIME", "2024-03-05T09:40"), ("every week", "SET", "P1W")]
    assert all(document.text[t.start:t.end] == t.text for t in document.timexes)


def test_tempeval3_counts():
    document = read_timeml(SAMPLE)
    date, hours = document.timexes[0], document.timexes[1]
    found = [
        Timex(date.start, date.end, date.text, "DATE", "2024-03-05"),  # strict, right value
        Timex(hours.start, hours.start + 2, "27", "DURATION", "PT27M"),  # relaxed only, wrong value
        Timex(0, 4, "The", "DATE", "2024"),  # overlaps nothing
    ]
    scored = score_document(document, found)
    assert [t.text for t in scored.misses] == ["six-month", "last year", "September", "9:40 a.m.", "every week"]
    assert [t.text for t in scored.false_hits] == ["The"]
    assert [(g.text, s.value) for g, s in scored.wrong_values] == [("27 hours", "PT27M")]
    from pipeline.timeml import Evaluation

    measures = Evaluation([scored]).tally()["ALL"].measures()
    assert (measures["gold"], measures["system"]) == (7, 3)
    assert measures["strict_precision"] == round(1 / 3, 4) and measures["strict_recall"] == round(1 / 7, 4)
    assert measures["relaxed_precision"] == round(2 / 3, 4) and measures["relaxed_recall"] == round(2 / 7, 4)
    relaxed_f1 = 2 * (2 / 3) * (2 / 7) / (2 / 3 + 2 / 7)
    assert measures["value_accuracy"] == 0.5 and measures["value_f1"] == round(0.5 * relaxed_f1, 4)
    by_type = Evaluation([scored]).tally()
    assert by_type["DURATION"].measures()["relaxed_recall"] == 0.5  # one of two durations overlapped


def test_one_system_expression_matches_one_gold_expression():
    document = read_timeml(SAMPLE)
    first, second = document.timexes[3], document.timexes[4]  # "last year", "September"
    spanning = Timex(first.start, second.end, "", "DATE", "2023")
    scored = score_document(document, [spanning])
    assert [t.text for t in scored.misses].count("September") == 1  # the wider one took "last year" only


def test_pipeline_on_the_sample():
    evaluation = evaluate_folder(SAMPLE.parent)
    (document,) = evaluation.documents
    assert document.failure is None
    date = evaluation.tally()["DATE"].measures()
    assert date["relaxed_recall"] >= 2 / 3 and date["value_accuracy"] == 1.0
    text = format_evaluation(evaluation)
    assert "== all (1 documents)" in text and "ALL" in text


def test_command_line_json(capsys):
    assert main(["evaluate-timeml", str(SAMPLE.parent), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["documents"] == 1 and result["overall"]["ALL"]["gold"] == 7


def test_command_line_refuses_a_folder_without_timeml(tmp_path, capsys):
    assert main(["evaluate-timeml", str(tmp_path)]) == 2
    assert "holds no .tml file" in capsys.readouterr().err


@pytest.mark.skipif(not TEMPEVAL.is_dir(), reason=f"TempEval-3 training data not found at {TEMPEVAL}")
def test_on_tempeval3_training_documents():
    evaluation = evaluate_folder(TEMPEVAL, limit=6)
    assert len(evaluation.documents) == 6 and not any(d.failure for d in evaluation.documents)
    assert all(d.part in {"AQUAINT", "TimeBank"} for d in evaluation.documents)
    overall = evaluation.tally()["ALL"].measures()
    assert overall["gold"] > 0 and overall["relaxed_precision"] >= 0.8
