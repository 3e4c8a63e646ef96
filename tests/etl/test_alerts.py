"""`diskurs alerts`: the window, the statistic, the store's counts, and the command's exit codes."""

import json
import math

import pandas as pd
import pytest
from moderation_store import write_signal_version, write_version_without_signals

from etl import alerts
from etl.store import connect_readonly, queries

NEWEST = pd.Timestamp("2025-05-21 00:04", tz="UTC")
NOW = pd.Timestamp("2026-01-01 12:00", tz="UTC")


def test_a_duration_ends_at_the_newest_comment_of_a_store_of_old_data():
    assert alerts.window("24h", NEWEST, NOW) == (NEWEST - pd.Timedelta(hours=24), NEWEST)
    assert alerts.window("2w", NEWEST, NOW)[0] == NEWEST - pd.Timedelta(days=14)


def test_a_duration_ends_now_when_comments_lie_in_the_future():
    future = NOW + pd.Timedelta(days=3)
    assert alerts.window("7d", future, NOW) == (NOW - pd.Timedelta(days=7), NOW)


def test_a_day_starts_the_window_and_all_takes_everything():
    assert alerts.window("2025-05-01", NEWEST, NOW) == (pd.Timestamp("2025-05-01", tz="UTC"), NEWEST)
    assert alerts.window("all", NEWEST, NOW) == (None, None)
    assert alerts.window(" ALL ", NEWEST, NOW) == (None, None)


@pytest.mark.parametrize("since", [None, "", "  "])
def test_no_since_is_the_last_24_hours_before_the_newest_comment_or_now(since):
    assert alerts.DEFAULT_SINCE == "24h"
    assert alerts.window(since, NEWEST, NOW) == (NEWEST - pd.Timedelta(hours=24), NEWEST)
    future = NOW + pd.Timedelta(days=3)
    assert alerts.window(since, future, NOW) == (NOW - pd.Timedelta(hours=24), NOW)


@pytest.mark.parametrize("since", ["yesterday", "24", "0h", "2025-13-01"])
def test_a_since_that_is_neither_duration_nor_day_is_refused(since):
    with pytest.raises(alerts.AlertError):
        alerts.window(since, NEWEST, NOW)


def test_z_compares_the_share_with_the_smoothed_rest_of_the_store():
    share, baseline, z = alerts.z_score(32, 42, 165, 437)
    assert share == pytest.approx(32 / 42)
    assert baseline == pytest.approx(165.5 / 438)
    assert z == pytest.approx((32 / 42 - baseline) / math.sqrt(baseline * (1 - baseline) / 42))
    assert z == pytest.approx(5.13, abs=0.01)


def test_the_binomial_tail_is_the_exact_sum():
    expected = sum(math.comb(40, i) * 0.3**i * 0.7 ** (40 - i) for i in range(20, 41))
    assert alerts.binomial_tail(20, 40, 0.3) == pytest.approx(expected, rel=1e-9)
    assert alerts.binomial_tail(10, 40, 0.3) == 1.0  # at most the expected count: never an alert


def test_a_rare_signal_needs_more_than_a_large_z():
    # 5 of 855 against a baseline of 0.12 %: z 4.5 by the normal approximation, yet the exact
    # chance of 5 or more is 0.4 %, above the one-in-740 of z = 3.
    share, baseline, z = alerts.z_score(5, 855, 5, 4374)
    assert z > alerts.MIN_Z
    assert alerts.binomial_tail(5, 855, baseline) > alerts.MAX_P


def test_a_baseline_of_none_is_not_taken_as_certain():
    share, baseline, z = alerts.z_score(1, 20, 0, 1000)
    assert baseline > 0 and math.isfinite(z)


def test_counts_leave_deleted_comments_out_and_give_each_article_the_rest_of_the_store(tmp_path, dashboard_frames):
    store_dir = tmp_path / "store"
    write_signal_version(store_dir, dashboard_frames)
    with connect_readonly(store_dir) as con:
        counts = queries.alert_counts(con, None, None, 0.5).set_index(["signal", "article_id"])
    # a1's published comments: c1 … c5 (c6 deleted); needing moderation: c1, c3, c5.
    assert counts.loc[("needs_moderation", "a1"), ["n", "hits", "rest_n", "rest_hits"]].tolist() == [5, 3, 4, 1]
    assert counts.loc[("negative", "a1"), ["n", "hits"]].tolist() == [5, 2]
    # Replies with a stance: c2, c3 (a1), c8 (a2).
    assert counts.loc[("disagree", "a1"), ["n", "hits", "rest_n", "rest_hits"]].tolist() == [2, 2, 1, 0]


def test_a_window_counts_only_its_comments_and_the_rest_holds_the_others(tmp_path, dashboard_frames):
    store_dir = tmp_path / "store"
    write_signal_version(store_dir, dashboard_frames)
    start = pd.Timestamp("2025-05-26", tz="UTC")
    with connect_readonly(store_dir) as con:
        counts = queries.alert_counts(con, start, None, 0.5)
    negative = counts[counts["signal"] == "negative"].set_index("article_id")
    # c9 has no time of its own: the article's date (2025-05-26 08:00) puts it in the window.
    assert negative[["n", "hits", "rest_n"]].to_dict("index") == {
        "a2": {"n": 3, "hits": 1, "rest_n": 6},
        "a3": {"n": 1, "hits": 0, "rest_n": 8},
    }


def test_a_store_without_the_signal_columns_is_tested_on_sentiment_and_stance(tmp_path, dashboard_frames):
    write_version_without_signals(tmp_path / "old", dashboard_frames)
    with connect_readonly(tmp_path / "old") as con:
        counts = queries.alert_counts(con, None, None)
        found = alerts.find_alerts(con, "all", min_comments=1, min_z=-10, max_p=1.0)
    assert set(counts["signal"]) == {"negative", "disagree"}
    assert list(found.columns) == alerts.COLUMNS and len(found)


def test_an_article_needing_moderation_far_more_than_the_rest_alerts(tmp_path, dashboard_frames):
    store_dir = tmp_path / "store"
    write_signal_version(store_dir, dashboard_frames)
    with connect_readonly(store_dir) as con:
        found = alerts.find_alerts(con, "all", min_comments=3, min_z=1.0, max_p=1.0)
    moderation = found[found["signal"] == "needs_moderation"]
    assert moderation["article_id"].tolist() == ["a1"]
    assert moderation[["n", "hits"]].iloc[0].tolist() == [5, 3]
    assert alerts.describe(moderation)[0].startswith("needs moderation 60% of 5 (usual ")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    """The bundled sample data, as `diskurs run` with no inputs loads it."""
    from etl import cli

    store_dir = tmp_path_factory.mktemp("sample") / "store"
    assert cli.main(["run", "--store", str(store_dir), "--quiet"]) == 0
    return store_dir


def test_alerts_on_the_sample_data_list_articles_with_their_numbers_and_exit_1(cli, sample_store):
    ran = cli("alerts", "--since", "all", "--store", sample_store)
    assert ran.returncode == 1, ran.stderr
    assert "fn-02" in ran.stdout and "Datenleck bei Krankenkasse" in ran.stdout
    assert "76.2%" in ran.stdout and "negative" in ran.stdout


def test_alerts_json_is_a_list_of_objects(cli, sample_store):
    ran = cli("alerts", "--json", "--since", "all", "--store", sample_store)
    assert ran.returncode == 1
    found = json.loads(ran.stdout)
    first = found[0]
    assert (first["article_id"], first["signal"], first["n"], first["hits"]) == ("fn-02", "negative", 42, 32)
    assert first["z"] >= alerts.MIN_Z and first["share"] > first["baseline"] and first["p"] <= alerts.MAX_P


def test_no_alert_in_the_last_day_of_the_sample_exits_0(cli, sample_store):
    ran = cli("alerts", "--since", "24h", "--store", sample_store)
    assert (ran.returncode, ran.stdout.strip()) == (0, "no alerts")
    assert json.loads(cli("alerts", "--since", "24h", "--json", "--store", sample_store).stdout) == []


def test_without_since_alerts_judge_the_last_day_of_the_store_not_all_of_it(cli, sample_store):
    # The whole sample lists fn-02 and fn-07 (above); its last day has no article of 20 comments.
    ran = cli("alerts", "--store", sample_store)
    assert (ran.returncode, ran.stdout.strip()) == (0, "no alerts")
    assert json.loads(cli("alerts", "--json", "--store", sample_store).stdout) == []


def test_a_bad_since_is_one_error_line(cli, sample_store):
    ran = cli("alerts", "--since", "soon", "--store", sample_store)
    assert ran.returncode == 1 and ran.stderr.startswith("error: --since 'soon' is neither")
