import csv
import io

import pandas as pd
import pytest

from etl.export import neutralize, to_csv


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx"])
def test_neutralize_quotes_every_formula_prefix(text):
    assert neutralize(text) == "'" + text


def test_neutralize_leaves_plain_text_and_numbers_alone():
    assert neutralize("Guter Punkt") == "Guter Punkt"
    assert neutralize(-0.5) == -0.5


def test_to_csv_neutralises_cells_and_keeps_numbers_numeric():
    frame = pd.DataFrame({"text": ['=HYPERLINK("x")', "ok"], "polarity": [-0.5, pd.NA]})
    rows = list(csv.reader(io.StringIO(to_csv(frame))))
    assert rows == [["text", "polarity"], ['\'=HYPERLINK("x")', "-0.5"], ["ok", ""]]


def test_export_blocks_make_the_same_csv_as_the_whole_export(tmp_path):
    # A million comments are exported a block at a time (2,048 rows and up); the file must not
    # change for that.
    from etl import export, store
    from etl.config import Settings
    from etl.pipeline import run

    rows = [
        {
            "comment_id": f"c{i}",
            "parent_id": f"c{i - 1}" if i % 3 else "",
            "article_id": f"a{i // 150}",
            "article_title": f"Artikel {i // 150}",
            "text": f"=Kommentar {i}: das ist gut, oder nicht?",
        }
        for i in range(4_500)
    ]
    pd.DataFrame(rows).to_csv(tmp_path / "many.csv", index=False)
    settings = Settings(store_dir=tmp_path / "store", workers=1)
    run([tmp_path / "many.csv"], settings)
    with store.connect_readonly(settings.store_dir) as con:
        whole = to_csv(export.export(con, "comments", export.Filters()))
        blocks = list(export.export_blocks(con, "comments", export.Filters(), vectors=1))
        articles = list(export.export_blocks(con, "articles", export.Filters()))
    assert [len(b) for b in blocks] == [2048, 2048, 404]
    out = io.StringIO()
    assert export.write_csv_blocks(blocks, out) == 4_500
    assert out.getvalue() == whole
    assert len(articles) == 1 and len(articles[0]) == 30


def test_excel_export_is_bom_semicolons_and_decimal_commas(tmp_path, cli):
    from paths import DATA

    store_dir = tmp_path / "store"
    assert cli("run", DATA / "run" / "forum-a.csv", "--store", store_dir).returncode == 0
    out = tmp_path / "excel.csv"
    assert cli("export", "comments", "--store", store_dir, "--out", out, "--excel").returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(body) == 4 and all(len(row) == len(header) for row in body)
    polarity = [row[header.index("polarity")] for row in body]
    assert all("." not in value for value in polarity) and any("," in value for value in polarity)
    texts = [row[header.index("text")] for row in body]
    assert "'=SUMME(A1:A3) ist auch keine Antwort." in texts  # still neutralised
    plain = cli("export", "comments", "--store", store_dir, "--out", "-")
    assert not plain.stdout.startswith("\ufeff") and plain.stdout.split("\n", 1)[0].count(",") > 5
