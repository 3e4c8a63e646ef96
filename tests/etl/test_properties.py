"""Property tests: readers fed random and mutated files never raise, and never lose a valid row.

Seeded (derandomize) so a run is reproducible; no example database is written.
"""

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import DATA, SEED

from etl import schema
from etl.schema import REJECT_COLUMNS
from etl.sources import Batch, read_input
from etl.sources._textfile import decode_bytes
from etl.text.mojibake import repair_mojibake

FIXTURES = sorted(
    [*DATA.glob("*.csv"), *DATA.glob("*.jsonl"), *DATA.glob("*.txt"), *(DATA / "broken").glob("*.*"), SEED]
)
HEADER = [
    "comment_id",
    "parent_id",
    "article_id",
    "article_title",
    "article_url",
    "published_at",
    "author",
    "created_at",
    "text",
]

SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
MANY = settings(SETTINGS, max_examples=150)  # for the cheap tests

# Text as readers write it: any printable character, line breaks, no control bytes.
_TEXT_CHARS = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\r\t")
# Garbage never holds "-" (so it cannot take a valid row's id "v-N") nor line breaks or quotes.
_GARBAGE_CHARS = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters='"-')
_INTERESTING_BYTES = [
    b'"',
    b",",
    b"\n",
    b"\r",
    b"{",
    b"}",
    b"\x00",
    b"\xc3",
    b"\xff",
    b"\xfe",
    b"\xe2\x80",
    "ü".encode("cp1252"),
    b"\xef\xbb\xbf",
    b"\\u",
    b"<",
    b"]]>",
    b"1.",
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("properties")


def read_bytes_as(workdir, name, data):
    path = workdir / name
    path.write_bytes(data)
    return read_input(path)


def assert_is_a_good_batch(batch):
    assert isinstance(batch, Batch)
    assert list(batch.comments.columns) == list(schema.RAW_COMMENTS)
    assert list(batch.articles.columns) == list(schema.RAW_ARTICLES)
    assert list(batch.rejects.columns) == list(REJECT_COLUMNS)
    assert batch.comments["comment_id"].notna().all() and batch.comments["article_id"].notna().all()
    assert batch.rejects["reason"].notna().all() and batch.rejects["location"].notna().all()


@st.composite
def mutated_fixture(draw):
    """(file name, bytes): a fixture file with a few bytes flipped, inserted, deleted or cut off."""
    path = draw(st.sampled_from(FIXTURES))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat"]))
        if action == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[at:at] = draw(st.one_of(st.sampled_from(_INTERESTING_BYTES), st.binary(min_size=1, max_size=6)))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "truncate":
            del data[at:]
        elif action == "repeat":
            data[at:at] = data[max(0, at - 80) : at]
    return "mutated" + "".join(path.suffixes), bytes(data)


@MANY
@given(mutated_fixture())
def test_readers_never_raise_on_mutated_files(workdir, mutated):
    name, data = mutated
    assert_is_a_good_batch(read_bytes_as(workdir, name, data))


@MANY
@given(st.sampled_from([".csv", ".jsonl", ".txt", ".xml"]), st.binary(max_size=400))
def test_readers_never_raise_on_random_bytes(workdir, suffix, data):
    assert_is_a_good_batch(read_bytes_as(workdir, "random" + suffix, data))


@MANY
@given(st.binary(max_size=300))
def test_decoding_random_bytes_gives_text_or_a_unicode_error(data):
    try:
        text, notes = decode_bytes(data)
    except UnicodeDecodeError:
        return
    assert isinstance(text, str) and all(isinstance(note, str) for note in notes)


@MANY
@given(st.text(_TEXT_CHARS, max_size=200))
def test_utf8_text_comes_back_as_written_up_to_mojibake_repair(text):
    assert decode_bytes(text.encode("utf-8"))[0] == repair_mojibake(text).removeprefix("\ufeff")


valid_rows = st.lists(
    st.fixed_dictionaries(
        {
            "text": st.text(_TEXT_CHARS, min_size=1, max_size=60).filter(lambda t: t.strip()),
            "author": st.text(_TEXT_CHARS, max_size=10),
            "article_id": st.sampled_from(["a1", "a2", "ärtikel 3"]),
        }
    ),
    min_size=1,
    max_size=6,
).map(lambda rows: [{**row, "comment_id": f"v-{i}"} for i, row in enumerate(rows)])


def garbage_csv_lines():
    field = st.text(_GARBAGE_CHARS, max_size=6).map(lambda t: t.replace(",", ""))
    return st.one_of(
        st.text(_GARBAGE_CHARS, max_size=60),  # one field, or a few: commas are allowed
        st.lists(field, min_size=len(HEADER) + 1, max_size=14).map(",".join),  # too many fields
        st.lists(field, min_size=1, max_size=4).map(",".join),  # too few fields
    )


def expected_texts(rows):
    """{id: the texts a reader may rightly return}: stripped, mojibake repaired or not."""
    return {
        row["comment_id"]: {
            row["text"].strip(),
            repair_mojibake(row["text"]).strip(),
            repair_mojibake(row["text"].strip()).strip(),
        }
        for row in rows
    }


def assert_rows_kept(batch, rows):
    assert_is_a_good_batch(batch)
    got = dict(zip(batch.comments["comment_id"], batch.comments["text"]))
    for comment_id, texts in expected_texts(rows).items():
        assert comment_id in got, (comment_id, batch.rejects.to_dict("records"))
        assert got[comment_id] in texts


@SETTINGS
@given(
    valid_rows,
    st.lists(st.tuples(st.integers(0, 10), garbage_csv_lines()), max_size=6),
    st.booleans(),
    st.sampled_from(["\r\n", "\n"]),
)
def test_csv_keeps_every_valid_row_among_garbage_lines(workdir, rows, garbage, final_newline, newline):
    lines = []
    for row in rows:
        out = io.StringIO()
        # The line terminator tells csv which characters need quotes: keep the default, cut it after.
        csv.writer(out, lineterminator="\r\n").writerow([row.get(column, "") for column in HEADER])
        lines.append(out.getvalue().removesuffix("\r\n"))
    for at, line in garbage:
        lines.insert(min(at, len(lines)), line)
    text = newline.join([",".join(HEADER), *lines]) + (newline if final_newline else "")
    assert_rows_kept(read_bytes_as(workdir, "lines.csv", text.encode("utf-8")), rows)


@st.composite
def garbage_json_lines(draw, rows):
    valid = [json.dumps(row) for row in rows]
    return draw(
        st.one_of(
            st.text(st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\r"), max_size=60),
            st.sampled_from(valid).flatmap(lambda line: st.integers(0, len(line) - 1).map(lambda k: line[:k])),
            st.sampled_from(
                [
                    "[1, 2]",
                    "42",
                    '"text"',
                    "null",
                    "{}",
                    '{"comment_id": null, "text": "x"}',
                    '{"text": "ohne id", "article_id": "a1"}',
                    '{"comment_id": "x", "text": " "}',
                ]
            ),
        )
    )


@SETTINGS
@given(st.data(), valid_rows, st.booleans())
def test_jsonl_keeps_every_valid_row_among_garbage_lines(workdir, data, rows, ascii_only):
    lines = [json.dumps(row, ensure_ascii=ascii_only) for row in rows]
    for _ in range(data.draw(st.integers(0, 6))):
        lines.insert(data.draw(st.integers(0, len(lines))), data.draw(garbage_json_lines(rows)))
    batch = read_bytes_as(workdir, "lines.jsonl", "\n".join(lines).encode("utf-8"))
    assert_rows_kept(batch, rows)


@MANY
@given(st.text(alphabet=st.sampled_from('ab,"\r\n ü'), max_size=40))
def test_csv_lines_are_cut_as_open_with_newline_empty_cuts_them(text):
    # The CSV reader cuts lines itself (io.StringIO would copy the text at 4 bytes a character).
    from etl.sources.tabular import _lines_of

    assert list(_lines_of(text)) == list(io.StringIO(text, newline=""))
