"""The data dictionary names every column of every table."""

import re
from pathlib import Path

import pytest

from etl import schema

DICTIONARY = (Path(__file__).parent.parent / "docs" / "data-dictionary.md").read_text()


def documented_columns(table):
    section = DICTIONARY.split(f"## `{table}`")[1].split("\n## ")[0]
    return set(re.findall(r"`([a-z_]+)`", section))


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_data_dictionary_documents_every_column(table):
    missing = set(schema.TABLES[table]) - documented_columns(table)
    assert not missing, f"docs/data-dictionary.md lacks {table}: {sorted(missing)}"


def store_tables():
    from etl.store import aggregates, segments

    return {**aggregates.TABLES, **segments.DERIVED}


def listed_columns(table):
    """The columns the dictionary's row of `table` lists: names, and patterns such as
    `n_<sentiment>_<stance>`; "the counts of `other`" lists those of other's row too."""
    row = next((line for line in DICTIONARY.splitlines() if line.startswith(f"| `{table}`")), None)
    assert row, f"docs/data-dictionary.md has no row for {table}"
    cell = row.split("|")[2]
    names = set(re.findall(r"`([a-z_]+)`", cell))
    patterns = [re.sub(r"<[a-z]+>", "[a-z]+", p) for p in re.findall(r"`([a-z_]*<[a-z<>_]+)`", cell)]
    for other in re.findall(r"the counts of `([a-z_]+)`", cell):
        other_names, other_patterns = listed_columns(other)
        names |= other_names
        patterns += other_patterns
    return names, patterns


@pytest.mark.parametrize("table", list(store_tables()))
def test_data_dictionary_lists_every_column_of_the_stores_own_tables(table):
    names, patterns = listed_columns(table)
    missing = {c for c in store_tables()[table] if c not in names and not any(re.fullmatch(p, c) for p in patterns)}
    assert not missing, f"docs/data-dictionary.md lacks {table}: {sorted(missing)}"
