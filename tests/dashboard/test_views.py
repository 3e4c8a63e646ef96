"""dashboard.views: what a comment card says about who scored it and the targets it names."""

import pandas as pd

from dashboard import views


def test_a_pair_names_the_engine_of_the_label_and_of_the_polarity_apart():
    assert views.engine_titles("textblob-de+german-plus") == ("label by german-plus", "polarity by textblob-de")
    assert views.engine_titles("textblob-de") == ("label by textblob-de", "polarity by textblob-de")
    assert views.engine_titles(pd.NA) == ("", "")


def test_target_lines_give_the_stance_and_the_deciding_words_without_weights():
    targets = [
        {"target": "EU", "stance": "favor", "evidence": 'favor: "schön" +1.0, "genug" +0.7 in „Wenn die EU genug …“'},
        {"target": "USA", "stance": "none", "evidence": "none: no stance words in „Die USA“"},
        {"target": "China", "stance": "against", "evidence": "against: bin dagegen -1.0 in „x“"},
        {"target": "Apple", "stance": "against", "evidence": "not in the ETL's format"},
    ]
    assert views.target_lines({"targets": targets}) == [
        'Stance toward EU: favor (words: "schön", "genug")',
        "Stance toward USA: no clear lean",
        "Stance toward China: against (words: bin dagegen)",
        "Stance toward Apple: against",
    ]
    assert views.target_lines({"targets": float("nan")}) == [] and views.target_lines({}) == []
