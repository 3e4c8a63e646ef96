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
    frame = pd.DataFrame({"text": ["=HYPERLINK(\"x\")", "ok"], "polarity": [-0.5, pd.NA]})
    rows = list(csv.reader(io.StringIO(to_csv(frame))))
    assert rows == [["text", "polarity"], ["'=HYPERLINK(\"x\")", "-0.5"], ["ok", ""]]
