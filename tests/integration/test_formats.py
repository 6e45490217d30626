"""Every input format through the real CLI into one store: JSON Lines, HTML (gzipped), WARC, text."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.cli import cli
from newsprism.clean.article import clean_article
from newsprism.model import RawArticle

pytestmark = pytest.mark.model


def _write_warc(path, pages):
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for page in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(page["url"], "response", payload=io.BytesIO(page["bytes"]), http_headers=headers)
            writer.write_record(record)
            record.raw_stream.close()


def test_formats_all_inputs_in_one_run(tmp_path, html_pages, seed_texts):
    inputs = tmp_path / "in"
    (inputs / "pages").mkdir(parents=True)
    (inputs / "pages" / "one.html.gz").write_bytes(gzip.compress(html_pages[0]["bytes"]))
    _write_warc(inputs / "crawl.warc.gz", html_pages[1:])
    lines = [{"text": seed_texts["004_8756dc140bfff21d.txt"], "outlet": "Feed Outlet", "published": "2024-11-12",
              "url": "https://example.org/feed/1"}]  # fmt: skip
    (inputs / "feed.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    (inputs / "note.txt").write_text(seed_texts["002_6ece9fc21d5d5619.txt"], "utf-8")
    db, out = tmp_path / "s.duckdb", tmp_path / "e.json"
    result = CliRunner().invoke(cli, ["analyze", str(inputs), "--db", str(db), "--no-progress"])
    assert result.exit_code == 0, result.output + result.stderr
    assert CliRunner().invoke(cli, ["export", "--db", str(db), "--out", str(out)]).exit_code == 0
    documents = json.loads(out.read_text("utf-8"))["documents"]
    by_url = {d["url"]: d for d in documents}
    assert len(documents) == 5
    assert {d["input_format"] for d in documents} == {"html", "text"}
    assert by_url["https://example.org/feed/1"]["outlet"] == "Feed Outlet"
    for page in html_pages[1:]:
        doc = by_url[page["url"]]
        assert doc["source"].startswith(str(inputs / "crawl.warc.gz") + "#record-")
        assert doc["published"] == page["publishing_date"]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_formats_html_metadata_from_real_pages(html_pages, settings, index):
    page = html_pages[index]
    html = page["bytes"].decode("utf-8")
    article = clean_article(RawArticle(source=page["file"], html=html, url=page["url"]), settings)
    assert article.author and page["authors"][0] in article.author
    assert article.published[:7] == page["publishing_date"][:7]
    assert len(article.text) > 1500
    assert article.text.startswith(article.title)
