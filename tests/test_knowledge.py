"""The pipeline version: which files it covers."""

from pathlib import Path

from pipeline import knowledge


def test_modules_left_out_of_the_pipeline_version_exist_and_read_outputs_only():
    package = Path(knowledge.__file__).resolve().parents[1]
    for name in knowledge.READERS_OF_OUTPUT:
        assert (package / name).exists(), name  # a renamed module would silently join the fingerprint
    stages = (package / "run.py").read_text()
    assert not any(f"pipeline.{Path(name).stem}" in stages for name in knowledge.READERS_OF_OUTPUT)


def test_the_fingerprint_changes_with_a_stage_but_not_with_the_review_page(tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "pipeline"
    shutil.copytree(Path(knowledge.__file__).resolve().parents[1], copy)
    fake_file = copy / "knowledge" / "__init__.py"
    monkeypatch.setattr(knowledge, "__file__", str(fake_file))
    knowledge.fingerprint.cache_clear()
    try:
        before = knowledge.fingerprint()
        (copy / "review" / "page.py").write_text("# changed\n", encoding="utf-8")
        knowledge.fingerprint.cache_clear()
        assert knowledge.fingerprint() == before
        (copy / "segment.py").write_text("# changed\n", encoding="utf-8")
        knowledge.fingerprint.cache_clear()
        assert knowledge.fingerprint() != before
    finally:
        monkeypatch.undo()
        knowledge.fingerprint.cache_clear()
