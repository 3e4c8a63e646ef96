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
