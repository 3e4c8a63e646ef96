"""The bundled fictional sample: reproducible from its generator, and a plausible comment forest."""

import csv
import importlib.util
from datetime import datetime, timedelta

import pytest
from paths import SAMPLE

SAMPLE_DIR = SAMPLE
CSV_PATH = SAMPLE_DIR / "fictional-newsroom.csv"


def load_generator():
    # The sample folder is package data, not a package: load the script by path.
    spec = importlib.util.spec_from_file_location("sample_generate", SAMPLE_DIR / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return load_generator()


@pytest.fixture(scope="module")
def rows():
    with open(CSV_PATH, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_committed_csv_is_what_the_generator_writes(generator, tmp_path):
    out = tmp_path / "sample.csv"
    generator.write_csv(generator.build_rows(), out)
    assert out.read_bytes() == CSV_PATH.read_bytes()


def test_generator_is_deterministic(generator):
    assert generator.build_rows() == generator.build_rows()


def test_csv_has_exactly_the_input_columns(rows):
    assert list(rows[0]) == [
        "comment_id",
        "parent_id",
        "article_id",
        "article_title",
        "article_url",
        "published_at",
        "author",
        "created_at",
        "text",
        "topic",
    ]


def test_sample_has_enough_articles_over_enough_weeks(rows):
    published = {row["article_id"]: when(row["published_at"]) for row in rows}
    assert len(published) >= 8
    assert max(published.values()) - min(published.values()) >= timedelta(weeks=6)


def test_sample_has_enough_comments_with_unique_ids(rows):
    assert len(rows) >= 300
    assert len({row["comment_id"] for row in rows}) == len(rows)


def test_every_parent_is_an_earlier_comment_of_the_same_article(rows):
    by_id = {row["comment_id"]: row for row in rows}
    for row in rows:
        if row["parent_id"]:
            parent = by_id[row["parent_id"]]
            assert parent["article_id"] == row["article_id"]
            assert when(row["created_at"]) > when(parent["created_at"])


def test_every_comment_is_later_than_its_article(rows):
    assert all(when(row["created_at"]) > when(row["published_at"]) for row in rows)


def test_timestamps_are_utc_with_z(rows):
    assert all(row["created_at"].endswith("Z") and row["published_at"].endswith("Z") for row in rows)


def test_some_threads_nest_at_least_three_deep(rows):
    by_id = {row["comment_id"]: row for row in rows}

    def depth(row):
        return 0 if not row["parent_id"] else 1 + depth(by_id[row["parent_id"]])

    assert max(depth(row) for row in rows) >= 3


def test_sample_is_marked_fictional_by_its_urls(rows):
    assert all(row["article_url"].startswith("https://fiktiv.example/") for row in rows)


def test_sample_holds_the_texts_for_the_security_checks(rows):
    texts = [row["text"] for row in rows]
    assert any(text.startswith("=") for text in texts)
    assert any("<script>alert(1)</script>" in text for text in texts)
