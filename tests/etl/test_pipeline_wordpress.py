"""A live WordPress site (a real HTTP server on 127.0.0.1) as a source of the store."""

import pytest

from etl import config, pipeline, store


@pytest.fixture
def settings(tmp_path):
    return config.Settings(store_dir=tmp_path / "store", request_interval=0)


def comments(settings):
    with store.connect_readonly(settings.store_dir) as con:
        return con.execute("SELECT * FROM comments ORDER BY comment_id").df().set_index("comment_id")


def test_refresh_picks_up_exactly_the_added_and_changed_comments(settings, wp_site):
    first = pipeline.run([wp_site.url], settings)
    assert first.n_new == len(comments(settings)) > 0
    # The newest comment: edits are looked for in a trailing window (see wordpress_api).
    newest = comments(settings)["created_at"].idxmax()
    some_id = int(newest.rsplit(":c", 1)[1])
    wp_site.add_comment(wp_site._comment(some_id)["post"], "Das ist ein neuer, sehr guter Kommentar.")
    wp_site.edit_comment(some_id, "Ich habe meine Meinung geändert: schlecht.")

    second = pipeline.refresh(settings)
    assert (second.n_new, second.n_changed) == (1, 1)
    assert comments(settings).loc[newest, "text"] == "Ich habe meine Meinung geändert: schlecht."

    third = pipeline.refresh(settings)
    assert (third.n_new, third.n_changed, third.n_scored, third.n_removed) == (0, 0, 0, 0)


def test_a_comment_gone_from_the_site_is_marked_removed_not_deleted(settings, wp_site):
    pipeline.run([wp_site.url], settings)
    before = comments(settings)
    victim = before["created_at"].idxmax()
    wp_site.remove_comment(int(victim.rsplit(":c", 1)[1]))
    pipeline.refresh(settings)
    after = comments(settings)
    assert len(after) == len(before)
    assert after.loc[victim, "status"] == "removed"
    assert after.loc[victim, "text"] == before.loc[victim, "text"]


def test_a_site_with_the_api_off_fails_run_but_refresh_keeps_other_sources(settings, wp_site, tmp_path):
    pipeline.run([wp_site.url], settings)
    wp_site.fail_next(404, times=100)
    result = pipeline.refresh(settings)
    assert result.n_rejected == 1
    with store.connect_readonly(settings.store_dir) as con:
        reason = con.execute("SELECT reason FROM rejects").fetchone()[0]
    assert "REST API" in reason or "404" in reason
