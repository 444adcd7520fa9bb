from pathlib import Path

import pytest

from pipeline import load
from pipeline.load import InputError, find_inputs, load_article


def test_reads_checksums_and_decodes(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes("Caf\u00e9 on the ISS\n".encode())
    article = load_article(path)
    assert article.text == "Caf\u00e9 on the ISS\n"
    assert len(article.sha256) == 64
    assert article.published is None


def test_byte_order_mark_is_not_text(tmp_path: Path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle\n")
    assert load_article(path).text == "Title\n"


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "empty"), (b"  \n\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
     (b"caf\xe9 latin-1 text", "not UTF-8")],
)
def test_bad_input_names_file_and_reason(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        load_article(path)
    assert str(path) in str(error.value) and reason in str(error.value)


def test_size_limit(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(load, "MAX_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("x" * 11)
    with pytest.raises(InputError, match="limit"):
        load_article(path)


def test_folder_without_txt_files_is_an_error(tmp_path: Path):
    (tmp_path / "notes.md").write_text("not an article")
    files, errors = find_inputs([tmp_path])
    assert files == [] and "no .txt files" in str(errors[0]) and str(tmp_path) in str(errors[0])


def test_meta_file_gives_publication_date(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text("Title\nText.\n")
    (tmp_path / "story.meta.json").write_text('{"published": "2020-11-17"}')
    assert load_article(path, reference_date="2000-01-01").published == "2020-11-17"


def test_bad_meta_date_is_refused(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text("Title\nText.\n")
    (tmp_path / "story.meta.json").write_text('{"published": "17/11/2020"}')
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        load_article(path)


def test_a_20_mb_input_is_refused_with_a_clear_error(tmp_path: Path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:  # sparse: no 20 MB written to disk
        out.truncate(20 * 1024 * 1024)
    with pytest.raises(InputError) as error:
        load_article(path)
    assert "limit" in str(error.value) and str(path) in str(error.value)
