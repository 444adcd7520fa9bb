import codecs
from pathlib import Path

import pytest

from pipeline import load
from pipeline.load import InputError, find_inputs, load_article
from schemas import SCHEMA_VERSION


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


# -- encodings ---------------------------------------------------------------------------------------------

CAPTION = "Caf\u00e9 \u201cCrew-1\u201d \u2014 Ren\u00e9e Fran\u00e7ois floated in the Cupola on Jan. 5, 2025.\n"
ARTICLE = f"Gallery Title\n{CAPTION}"


@pytest.mark.parametrize("content, encoding", [
    (ARTICLE.encode("utf-16"), "utf-16-le"),  # Python writes a little-endian byte-order mark
    (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16-be"),
    (ARTICLE.encode("utf-32"), "utf-32-le"),
    (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8"),
])
def test_byte_order_marks_are_read_by_default(tmp_path: Path, content: bytes, encoding: str):
    path = tmp_path / "marked.txt"
    path.write_bytes(content)
    article = load_article(path)
    assert (article.text, article.encoding) == (ARTICLE, encoding)


def test_not_utf8_by_default_names_the_option(tmp_path: Path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARTICLE.encode("cp1252"))
    with pytest.raises(InputError) as error:
        load_article(path)
    assert "not UTF-8 (byte 17" in str(error.value) and "--encoding" in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("name, used, text", [
    ("latin-1", "iso8859-1", "Gallery Title\nCaf\u00e9 na\u00efve \u00c5ngstr\u00f6m, Ren\u00e9e Fran\u00e7ois.\n"),
    ("windows-1252", "cp1252", ARTICLE),
    ("cp1252", "cp1252", ARTICLE),
])
def test_a_named_encoding_is_decoded_and_recorded(tmp_path: Path, name: str, used: str, text: str):
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(used))
    article = load_article(path, encoding=name)
    assert (article.text, article.encoding) == (text, used)


def test_bytes_that_are_not_the_named_encoding_are_one_line(tmp_path: Path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"Title\nA caption \x81 with an undefined cp1252 byte.\n")
    with pytest.raises(InputError, match=r"not cp1252 \(byte 16"):
        load_article(path, encoding="cp1252")


REAL_ARTICLES = sorted((Path(__file__).parents[1] / "tests" / "data" / "articles").glob("*.txt"))


def test_auto_detects_legacy_encodings(tmp_path: Path):
    text = REAL_ARTICLES[0].read_text(encoding="utf-8") + CAPTION
    for encoding in ("cp1252", "utf-8", "utf-16"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert load_article(path, encoding="auto").text == text
    path = tmp_path / "latin.txt"
    latin = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2014", "-")
    path.write_bytes(latin.encode("latin-1"))
    assert load_article(path, encoding="auto").text == latin


def test_offsets_index_the_decoded_text_and_the_encoding_is_recorded(tmp_path: Path):
    from pipeline.batch import RunOptions, Summary, run
    from schemas import Extraction

    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "story.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    run([path], RunOptions(out=tmp_path / "out"), Summary())
    extraction = Extraction.model_validate_json((tmp_path / "out" / "story.json").read_bytes())
    assert extraction.schema_version == SCHEMA_VERSION and extraction.document.encoding == "utf-16-le"
    assert extraction.check_offsets(ARTICLE) == [] and extraction.dates[0].text == "Jan. 5, 2025"
    # Read again with another encoding named, the output is redone; with the same one, it is current.
    path.write_bytes(ARTICLE.encode("cp1252"))
    assert run([path], RunOptions(out=tmp_path / "out", encoding="cp1252"), Summary()).written == 1
    assert run([path], RunOptions(out=tmp_path / "out", encoding="cp1252"), Summary()).skipped == 1
    assert run([path], RunOptions(out=tmp_path / "out", encoding="iso8859-15"), Summary()).written == 1


def test_a_bad_encoding_name_is_a_one_line_usage_error(tmp_path: Path, capsys):
    from pipeline.cli import main

    (tmp_path / "a.txt").write_text("Title\nText.\n")
    assert main(["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--encoding", "klingon"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "'klingon' is no text encoding" in error and "--encoding" in error
    assert not (tmp_path / "out").exists()
    assert main(["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--encoding", "rot13"]) == 2
