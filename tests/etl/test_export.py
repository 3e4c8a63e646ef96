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


# The golden comparison: DuckDB's COPY (etl.export.copy_csv) writes the bytes the Python writer
# (write_csv_blocks over export_blocks, the exports' writer until now) writes of the same rows.
GOLDEN_FILTERS = [
    {},
    {"published_only": True},
    {"sentiments": ("negative", "neutral")},
    {"articles": ("nasty", "a2")},
    {"since": "2025-05-27", "until": "2025-05-27"},
    {"search": "zeile"},
    {"signals": (("needs_moderation", 0.2),)},
    {"articles": ("nothing-here",)},  # no rows: the header alone
]


@pytest.fixture
def nasty_store(tmp_path, dashboard_frames, publish):
    from export_store import write_nasty_store

    return write_nasty_store(tmp_path / "nasty", dashboard_frames, publish)


def _python_bytes(con, what, filters, excel, editor):
    from etl import export

    blocks = export.export_blocks(con, what, filters, vectors=1)
    if editor is not None:
        blocks = (export.with_editor_labels(block, editor) for block in blocks)
    out = io.StringIO(newline="")
    rows = export.write_csv_blocks(blocks, out, excel=excel)
    return out.getvalue().encode("utf-8"), rows


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "excel"])
@pytest.mark.parametrize("what", ["comments", "target-stances"])
@pytest.mark.parametrize("given", GOLDEN_FILTERS, ids=lambda f: ",".join(f) or "unfiltered")
def test_duckdb_copy_writes_the_python_writers_bytes(nasty_store, tmp_path, what, excel, given):
    from etl import export, store
    from etl.store import labels

    filters = export.Filters(**given)
    editor = labels.editor_columns(nasty_store) if what == "comments" else None
    with store.connect_readonly(nasty_store) as con:
        expected, n = _python_bytes(con, what, filters, excel, editor)
        rows = export.copy_csv(con, what, filters, tmp_path / "copied.csv", excel=excel, editor=editor)
        streamed = io.BytesIO()
        assert export.copy_csv_to(con, what, filters, streamed, excel=excel, editor=editor) == n
    written = (tmp_path / "copied.csv").read_bytes()
    assert rows == n
    assert written == expected
    assert streamed.getvalue() == expected
    if not given:  # the hostile cells are there, not lost on the way
        assert n > 80 and b"'=SUMME(A1:A3)" in written and b'"Zeile eins\nZeile zwei"' in written


def test_the_golden_store_holds_every_hostile_cell(nasty_store):
    # The comparison above means something only if both writers meet the hard cases.
    from etl import export, store
    from etl.store import labels

    with store.connect_readonly(nasty_store) as con:
        text, _ = _python_bytes(con, "comments", export.Filters(), False, labels.editor_columns(nasty_store))
    # A CR alone is not quoted (Python's csv module quotes only the delimiter, quotes and "\n").
    for raw in ("'\rmit CR vorne", "CR\rmitten", '"CRLF\r\nmitten"', '"\n"'):
        assert raw.encode() in text
    rows = list(csv.reader(io.StringIO(text.decode("utf-8").replace("\r", "<CR>"), newline="")))
    header, body = rows[0], rows[1:]
    assert header.index("sentiment_editor") == header.index("sentiment") + 1
    cells = {cell for row in body for cell in row}
    for cell in ("'=SUMME(A1:A3)", "'+49 30 123", "'\tmit Tab vorne", "'-", 'Er sagte "nein", dann "ja"', "a;b;c"):
        assert cell in cells
    for cell in ("1e-05", "5e-324", "1e+16", "-0.0", "0.3333333333333333", "2025-05-27T09:00:00.123456+00:00"):
        assert cell in cells
    assert "2025-05-27T09:00:00+00:00" in cells and "2025-05-27T09:00:00.500000+00:00" in cells
    assert {"positive", "agree"} <= {row[header.index("sentiment_editor")] for row in body} | {
        row[header.index("stance_editor")] for row in body
    }


def test_the_cli_export_is_written_by_duckdb_with_the_same_bytes(nasty_store, cli, tmp_path):
    from etl import export, store
    from etl.store import labels

    with store.connect_readonly(nasty_store) as con:
        editor = labels.editor_columns(nasty_store)
        plain, n = _python_bytes(con, "comments", export.Filters(), False, editor)
        excel, _ = _python_bytes(con, "comments", export.Filters(sentiments=("negative",)), True, editor)
    ran = cli("export", "comments", "--store", nasty_store, "--out", tmp_path / "c.csv")
    assert ran.returncode == 0 and f"wrote {n} rows" in ran.stderr
    assert (tmp_path / "c.csv").read_bytes() == plain
    out = tmp_path / "e.csv"
    ran = cli("export", "comments", "--store", nasty_store, "--sentiment", "negative", "--excel", "--out", out)
    assert ran.returncode == 0 and (tmp_path / "e.csv").read_bytes() == excel
    assert not list(tmp_path.glob("*.partial-*"))
