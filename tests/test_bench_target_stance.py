"""bench/target_stance.py, which docs/quality.md's figures on stance toward targets come from:
its labels file, the split by article, and how a mention the run no longer finds counts. The
figures themselves need the shared derStandard comments (one run, skipped without them)."""

import sys

import pandas as pd
import pytest
from paths import ROOT

from etl import topics
from etl.config import DEFAULT_TOPICS

sys.path.insert(0, str(ROOT / "bench"))
import target_stance as bench


def test_the_labels_name_known_targets_once_each_with_a_known_label():
    labels = pd.read_csv(bench.LABELS_FILE, dtype=str)
    assert list(labels.columns) == ["comment_id", "article_id", "target", "label"]
    assert len(labels) == 152 and not labels.duplicated(["comment_id", "target"]).any()
    assert set(labels["label"]) == set(bench.LABELS)
    assert set(labels["target"]) <= set(topics.load_targets(DEFAULT_TOPICS))
    assert "text" not in labels  # the comments stay in the shared file


def test_every_other_article_by_number_tunes_and_a_mention_not_found_counts_as_none():
    labels = pd.DataFrame(
        {
            "comment_id": ["c1", "c2", "c3", "c4"],
            "article_id": ["omp:a10", "omp:a9", "omp:a100", "omp:a9"],
            "target": ["EU", "EU", "USA", "USA"],
            "label": ["against", "none", "favor", "none"],
        }
    )
    stances = pd.DataFrame(
        {"comment_id": ["c1", "c3"], "target": ["EU", "USA"], "stance": ["against", "none"], "evidence": ["a", "b"]}
    )
    mentions = bench.judged(labels, stances)
    assert mentions["predicted"].tolist() == ["against", "none", "none", "none"]
    parts = bench.split(mentions)
    # by number, not as text: a9, a10, a100 -> a9 and a100 tune
    assert sorted(parts["tuning"]["comment_id"]) == ["c2", "c3", "c4"]
    assert parts["held out"]["comment_id"].tolist() == ["c1"] and len(parts["all"]) == 4


def test_the_recorded_figure_is_what_a_run_of_the_shared_comments_gives(tmp_path, capsys):
    if not bench.POSTS.exists():
        pytest.skip(f"the derStandard comments are not here ({bench.POSTS})")
    assert bench.main(["--record", str(tmp_path / "quality.json")]) == 0
    assert "all       n=152  macro-F1 0.427  accuracy 0.520" in capsys.readouterr().out
    bundled = pd.read_json(ROOT / "etl" / "resources" / "quality.json")["results"].apply(pd.Series)
    written = pd.read_json(tmp_path / "quality.json")["results"].apply(pd.Series)
    columns = ["task", "dataset", "engine", "accuracy", "macro_f1", "n"]
    mine = bundled[bundled["dataset"] == bench.TITLE][columns].reset_index(drop=True)
    assert mine.equals(written[columns])
