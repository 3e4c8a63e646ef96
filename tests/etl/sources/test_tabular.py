"""CSV and JSON Lines readers, and choosing a reader for a file or folder."""

import shutil

import pytest
from paths import DATA

from etl.sources import SourceError, detect, read_input
from etl.sources.tabular import read_csv, read_jsonl

MAPPING = {
    "comment_id": "id",
    "parent_id": "reply_to",
    "article_id": "story",
    "article_title": "headline",
    "text": "body",
    "author": "user",
}


@pytest.fixture(scope="module")
def csv_batch():
    return read_csv(DATA / "comments.csv")


@pytest.fixture(scope="module")
def jsonl_batch():
    return read_jsonl(DATA / "comments.jsonl")


def test_csv_with_bom_loads_good_rows_in_order(csv_batch):
    comments = csv_batch.comments
    assert comments["comment_id"].tolist() == ["c1", "c2", "c4"]
    assert comments["seq"].tolist() == [0, 1, 2]
    assert comments["parent_id"].isna().tolist() == [True, False, True]
    assert set(comments["status"]) == {"published"}
    assert set(comments["source"]) == {str(DATA / "comments.csv")}


def test_csv_quoted_field_keeps_its_line_breaks(csv_batch):
    assert csv_batch.comments.iloc[1]["text"] == "Das sehe ich anders.\n\nDie Parkplätze fehlen."


def test_csv_bad_rows_are_rejected_with_physical_line_numbers(csv_batch):
    rejects = csv_batch.rejects
    # The header is line 1 and comment c2 spans lines 3-5, so the row without an id is line 6.
    assert rejects["location"].tolist() == ["line 6", "line 7", "line 8", "line 10"]
    assert rejects["reason"].tolist() == [
        "missing comment_id",
        "empty text",
        "duplicate comment_id c1 (first on line 2)",
        "missing article_id",
    ]


def test_duplicate_comment_id_keeps_the_first_row(csv_batch):
    first = csv_batch.comments[csv_batch.comments["comment_id"] == "c1"]
    assert first["text"].tolist() == ["Endlich ein Radweg!"]


def test_articles_are_derived_from_the_first_row_that_names_them(csv_batch):
    articles = csv_batch.articles.set_index("article_id")
    assert articles.index.tolist() == ["a1", "a2"]
    assert articles.loc["a1", "title"] == "Neuer Radweg"
    assert articles.loc["a1", "url"] == "https://example.org/radweg"
    assert articles.loc["a1", "published_at"] == "2024-03-03"
    assert articles.loc["a1", "source_topics"] == "Verkehr;Handel"
    assert articles.loc["a2", "source_topics"] == "Lokales"


def test_csv_with_other_column_names_reads_through_a_mapping():
    batch = read_csv(DATA / "comments_mapped.csv", mapping=MAPPING)
    assert batch.comments["comment_id"].tolist() == ["m1", "m2"]
    assert batch.comments.iloc[1]["parent_id"] == "m1"
    assert batch.comments.iloc[0]["author"] == "Ida"
    assert batch.articles["title"].tolist() == ["Schnee im April"]
    assert batch.rejects.empty


def test_csv_missing_required_columns_is_one_reject_naming_them():
    batch = read_csv(DATA / "comments_missing_columns.csv", mapping={"comment_id": "id", "text": "body"})
    assert batch.comments.empty and batch.articles.empty
    assert batch.rejects["location"].tolist() == ["file"]
    assert batch.rejects.iloc[0]["reason"] == "CSV lacks required columns: article_id, text (mapped from 'body')"


def test_csv_row_with_too_many_fields_is_rejected(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("comment_id,article_id,text\nx1,a1,gut\nx2,a1,zu,viele\n", encoding="utf-8")
    batch = read_csv(path)
    assert batch.comments["comment_id"].tolist() == ["x1"]
    assert batch.rejects.iloc[0]["location"] == "line 3"
    assert batch.rejects.iloc[0]["reason"] == "row has 4 fields, the header has 3"


def test_jsonl_numbers_become_text_ids_and_status_is_kept(jsonl_batch):
    comments = jsonl_batch.comments
    assert comments["comment_id"].tolist() == ["101", "102", "105"]
    assert comments.iloc[1]["parent_id"] == "101"
    assert comments["status"].tolist() == ["published", "deleted", "published"]


def test_jsonl_malformed_lines_are_rejected_and_reading_goes_on(jsonl_batch):
    rejects = jsonl_batch.rejects
    assert rejects["location"].tolist() == ["line 3", "line 4", "line 6"]
    assert rejects.iloc[0]["reason"].startswith("malformed JSON")
    assert rejects.iloc[1]["reason"] == "line is not a JSON object"
    assert rejects.iloc[2]["reason"] == "empty text"


def test_jsonl_reads_through_a_mapping(tmp_path):
    path = tmp_path / "mapped.jsonl"
    path.write_text('{"id": "j1", "story": "s1", "body": "Hallo"}\n', encoding="utf-8")
    batch = read_jsonl(path, mapping=MAPPING)
    assert batch.comments[["comment_id", "article_id", "text"]].iloc[0].tolist() == ["j1", "s1", "Hallo"]


@pytest.mark.parametrize(
    "name, kind",
    [
        ("a.txt", "page"),
        ("a.TEXT", "page"),
        ("a.csv", "csv"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.xlsx", None),
    ],
)
def test_detect_chooses_the_reader_by_suffix(name, kind):
    assert detect(name) == kind


def test_read_input_of_a_missing_path_raises_source_error(tmp_path):
    with pytest.raises(SourceError, match="input not found"):
        read_input(tmp_path / "nirgends.csv")


def test_read_input_of_a_folder_reads_data_files_and_rejects_unknown_ones(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(DATA / "page_english.txt", tmp_path / "sub" / "b_page.txt")
    shutil.copy(DATA / "comments_mapped.csv", tmp_path / "c_mapped.csv")
    shutil.copy(DATA / "comments.jsonl", tmp_path / "a.jsonl")
    for ignored in ("README.md", "make_sample.py", ".hidden.csv"):
        (tmp_path / ignored).write_text("x\n", encoding="utf-8")
    (tmp_path / "export.xlsx").write_bytes(b"PK")
    batch = read_input(tmp_path)
    assert batch.comments["source"].unique().tolist() == [
        str(tmp_path / "a.jsonl"),
        str(tmp_path / "sub" / "b_page.txt"),
    ]
    assert len(batch.comments) == 5
    rejected_files = sorted(set(batch.rejects["input"]))
    assert rejected_files == sorted(
        [str(tmp_path / "a.jsonl"), str(tmp_path / "c_mapped.csv"), str(tmp_path / "export.xlsx")]
    )
    assert "unsupported file type '.xlsx'" in batch.rejects["reason"].str.cat(sep="|")


@pytest.mark.parametrize(
    ("encoding", "first_line"),
    [("cp1252", "sep=;\r\n"), ("utf-8-sig", ""), ("utf-8", "")],
)
def test_semicolon_csv_from_german_excel_loads(tmp_path, encoding, first_line):
    # German Excel writes ";" (the comma is its decimal mark), CRLF, cp1252 or UTF-8 with BOM.
    path = tmp_path / "excel.csv"
    text = (
        f"{first_line}comment_id;article_id;text;author\r\n"
        "x1;a1;Gut gemacht, 3,5 von 5 Sternen;Jörg\r\n"
        'x2;a1;"Zitat: ""Nein; danke""";Änne\r\n'
    )
    path.write_bytes(text.encode(encoding))
    batch = read_csv(path)
    assert batch.comments[["comment_id", "text", "author"]].values.tolist() == [
        ["x1", "Gut gemacht, 3,5 von 5 Sternen", "Jörg"],
        ["x2", 'Zitat: "Nein; danke"', "Änne"],
    ]
    assert not batch.rejects["location"].str.startswith("line").any()


def test_tab_separated_comments_load(tmp_path):
    path = tmp_path / "tabs.csv"
    path.write_text("comment_id\tarticle_id\ttext\nt1\ta1\tEins, zwei\n", encoding="utf-8")
    assert read_csv(path).comments["text"].tolist() == ["Eins, zwei"]


@pytest.mark.parametrize("where", ["before the header", "after the header"])
def test_a_row_of_nul_bytes_is_one_reject_and_the_other_rows_load(tmp_path, where):
    nul_row = b"\x00" * 10_000 + b"\n"  # a block a crash left behind, longer than the encoding sniff
    header = b"comment_id,article_id,text\n"
    rows = b"n1,a1,Hallo Welt\nn2,a1,Zweiter Text\n"
    path = tmp_path / "nul.csv"
    path.write_bytes(nul_row + header + rows if where == "before the header" else header + nul_row + rows)
    batch = read_csv(path)
    assert batch.comments["comment_id"].tolist() == ["n1", "n2"]
    assert batch.rejects[["location", "reason"]].values.tolist() == [
        ["line 1" if where == "before the header" else "line 2", "row contains NUL bytes (a damaged file?)"]
    ]


def test_a_file_of_nothing_but_nul_bytes_is_still_not_text(tmp_path):
    path = tmp_path / "zeros.csv"
    path.write_bytes(b"\x00" * 5000)
    assert "binary file" in read_csv(path).rejects.iloc[0]["reason"]
