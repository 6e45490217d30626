"""Reading every input format, and every kind of bad input, into RawArticle / Skip."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.ingest.files import expand_inputs, input_format, read_input
from newsprism.model import RawArticle, Skip

SEED = "004_8756dc140bfff21d.txt"


def _read(path: Path, settings) -> list[RawArticle | Skip]:
    return list(read_input(path, settings.ingest))


def _warc(path: Path, pages: list[tuple[str, bytes, str]], *, gz: bool = True) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, payload, content_type in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools the payload to a temp file it never closes
    return path


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.txt", "text"), ("a.HTML", "html"), ("a.htm.gz", "html"), ("a.jsonl.gz", "jsonl"), ("a.warc.gz", "warc"),
     ("a.warc", "warc"), ("a.pdf", None), ("README", None)],
)  # fmt: skip
def test_files_input_format_from_name(name, fmt):
    assert input_format(Path(name)) == fmt


def test_files_reads_plain_text_seed(examples_dir, settings, seed_texts):
    [article] = _read(examples_dir / SEED, settings)
    assert isinstance(article, RawArticle)
    assert article.text == seed_texts[SEED]
    assert article.encoding == "utf-8"


def test_files_reads_gzipped_html_page(html_pages, tmp_path, settings):
    page = html_pages[0]
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(page["bytes"]))
    [article] = _read(path, settings)
    assert isinstance(article, RawArticle)
    assert article.html is not None and "<html" in article.html.lower()


def test_files_reads_json_lines_with_metadata(tmp_path, settings, seed_texts):
    lines = [
        {"text": seed_texts[SEED], "url": "https://example.org/a", "title": "T", "outlet": "O", "published": "2024-11-12"},
        {"html": "<html><body><p>" + seed_texts[SEED] + "</p></body></html>", "authors": ["A. Writer", "B. Writer"]},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", "utf-8")
    first, second = _read(path, settings)
    assert (first.text, first.url, first.title, first.outlet, first.published) == (
        seed_texts[SEED], "https://example.org/a", "T", "O", "2024-11-12"
    )
    assert first.source == f"{path}#L1"
    assert second.html is not None and second.text is None
    assert second.author == "A. Writer, B. Writer"


def test_files_reads_warc_response_records_only(tmp_path, settings, seed_texts):
    html = ("<html><head><title>x</title></head><body><p>" + seed_texts[SEED] + "</p></body></html>").encode()
    path = _warc(
        tmp_path / "crawl.warc.gz",
        [("https://example.org/news/1", html, "text/html; charset=utf-8"),
         ("https://example.org/logo.png", b"\x89PNG\r\n", "image/png")],
    )  # fmt: skip
    items = _read(path, settings)
    assert [type(i) for i in items] == [RawArticle]
    assert items[0].url == "https://example.org/news/1"
    assert items[0].source == f"{path}#record-1"


def test_files_reads_real_warc(shared_dir, settings):
    path = shared_dir / "corpora" / "html" / "warc" / "real_small_ukwa" / "IAH-urls-wget.warc.gz"
    items = _read(path, settings)
    assert items and all(isinstance(i, RawArticle | Skip) for i in items)
    assert any(isinstance(i, RawArticle) and i.url and i.url.startswith("http") for i in items)


def test_files_detects_legacy_encoding(tmp_path, settings):
    text = "Le ministre a déclaré que la coopération était « essentielle » pour la sécurité régionale. " * 5
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("cp1252"))
    [article] = _read(path, settings)
    assert isinstance(article, RawArticle)
    assert "coopération" in article.text and article.encoding != "utf-8"


def test_files_reads_utf16_with_bom(tmp_path, settings):
    path = tmp_path / "u16.txt"
    path.write_bytes("Seoul said on Tuesday that talks would resume.".encode("utf-16"))
    [article] = _read(path, settings)
    assert article.text == "Seoul said on Tuesday that talks would resume."


# --- bad input: one Skip naming the file and the reason, never an exception ---------


def _only_skip(items) -> Skip:
    assert len(items) == 1 and isinstance(items[0], Skip), items
    return items[0]


def test_files_binary_file_is_skipped(tmp_path, settings):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 20)
    skip = _only_skip(_read(path, settings))
    assert skip.source == str(path) and "binary" in skip.reason


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.jsonl"])
def test_files_empty_file_is_skipped(tmp_path, settings, name):
    path = tmp_path / name
    path.write_bytes(b"" if name != "empty.html" else b"  \n")
    assert "empty" in _only_skip(_read(path, settings)).reason


def test_files_damaged_utf8_is_skipped(tmp_path, settings):
    path = tmp_path / "broken.txt"
    path.write_bytes("Yoon’s office said “no comment”.".encode() + b"\xff\xfe\xc3(" + "more text".encode())
    assert "invalid UTF-8" in _only_skip(_read(path, settings)).reason


def test_files_truncated_gzip_is_skipped(tmp_path, settings, seed_texts):
    path = tmp_path / "cut.html.gz"
    path.write_bytes(gzip.compress(seed_texts[SEED].encode())[:200])
    assert "truncated or corrupt gzip" in _only_skip(_read(path, settings)).reason


def test_files_truncated_jsonl_gzip_keeps_complete_lines(tmp_path, settings, seed_texts):
    lines = "".join(json.dumps({"text": seed_texts[SEED] + str(i)}) + "\n" for i in range(30))
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(lines.encode())
    path.write_bytes(data[: len(data) * 2 // 3])
    items = _read(path, settings)
    assert isinstance(items[-1], Skip) and "truncated" in items[-1].reason
    assert 0 < sum(isinstance(i, RawArticle) for i in items) < 30


def test_files_truncated_warc_keeps_complete_records(tmp_path, settings, seed_texts):
    pages = [(f"https://example.org/{i}", f"<html><body><p>{seed_texts[SEED]}</p></body></html>".encode(), "text/html")
             for i in range(3)]  # fmt: skip
    path = _warc(tmp_path / "cut.warc.gz", pages)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 500])
    items = _read(path, settings)
    assert isinstance(items[-1], Skip) and "WARC" in items[-1].reason
    assert sum(isinstance(i, RawArticle) for i in items) == 2


def test_files_malformed_json_lines_are_skipped_one_by_one(tmp_path, settings, seed_texts):
    good = json.dumps({"text": seed_texts[SEED]})
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b"\n".join([good.encode(), b'{"text": "unterminated', b"[1, 2]", b'{"title": "no text"}', b'{"text": "\xff"}', good.encode()])
    )
    items = _read(path, settings)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["RawArticle", "Skip", "Skip", "Skip", "Skip", "RawArticle"]
    reasons = [i.reason for i in items if isinstance(i, Skip)]
    assert "malformed JSON" in reasons[0] and "JSON object" in reasons[1]
    assert "'text' or 'html'" in reasons[2] and "invalid UTF-8" in reasons[3]
    assert items[1].source == f"{path}#L2"


def test_files_over_size_cap_is_skipped(tmp_path, small_settings, seed_texts):
    path = tmp_path / "big.txt"
    path.write_text(seed_texts[SEED], "utf-8")
    assert "over the 2,000-byte cap" in _only_skip(list(read_input(path, small_settings.ingest))).reason


def test_files_missing_path_and_broken_link_are_skipped(tmp_path, settings):
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert _only_skip(_read(tmp_path / "nope.txt", settings)).reason == "no such file"
    assert "broken symbolic link" in _only_skip(_read(link, settings)).reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_files_unreadable_file_is_skipped(tmp_path, settings):
    path = tmp_path / "secret.txt"
    path.write_text("text", "utf-8")
    path.chmod(0)
    assert "permission denied" in _only_skip(_read(path, settings)).reason


def test_files_unsupported_type_named_explicitly_is_skipped(tmp_path, settings):
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert "unsupported file type .pdf" in _only_skip(_read(path, settings)).reason


def test_files_expand_folders_recursively_and_globs(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/one.txt", "a/b/two.html.gz", "a/b/skip.pdf", "a/.hidden.txt", "three.jsonl"):
        (tmp_path / name).write_text("x", "utf-8")
    files, skips = expand_inputs([str(tmp_path / "a"), str(tmp_path / "*.jsonl"), str(tmp_path / "none*.warc")])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/one.txt", "a/b/two.html.gz", "three.jsonl"]
    assert [s.reason for s in skips] == ["no input files match this pattern"]
