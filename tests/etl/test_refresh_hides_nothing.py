"""A WordPress refresh reads what changed, never the whole site: nothing it did not see removed
may be marked removed (issue 10, item 1)."""

import pytest

from etl import config, pipeline, store


@pytest.fixture
def settings(tmp_path):
    return config.Settings(store_dir=tmp_path / "store", request_interval=0)


def statuses(settings):
    with store.connect_readonly(settings.store_dir) as con:
        rows = con.execute("SELECT comment_id, coalesce(status, 'published') FROM comments").fetchall()
    return dict(rows)


def _id(comment_id):
    return int(comment_id.rsplit(":c", 1)[1])


def test_adding_editing_and_removing_one_comment_marks_only_that_one_removed(settings, wp_site):
    pipeline.run([wp_site.url], settings)
    before = statuses(settings)
    assert set(before.values()) == {"published"} and len(before) > 3
    some = sorted(before)[-1]
    post = wp_site._comment(_id(some))["post"]

    wp_site.add_comment(post, "Ein neuer Kommentar zum Artikel.")
    added = pipeline.refresh(settings)
    assert (added.n_new, added.n_removed) == (1, 0)
    assert list(statuses(settings).values()).count("removed") == 0

    wp_site.edit_comment(_id(some), "Geändert: jetzt ganz anders gemeint.")
    edited = pipeline.refresh(settings)
    assert (edited.n_changed, edited.n_removed) == (1, 0)
    assert list(statuses(settings).values()).count("removed") == 0

    victim = sorted(before)[-2]
    wp_site.remove_comment(_id(victim))
    removed = pipeline.refresh(settings)
    after = statuses(settings)
    assert [cid for cid, status in after.items() if status == "removed"] == [victim]
    assert removed.n_removed == 0 and removed.n_changed == 1  # the site reported it: a change, not a vanishing
    assert len(after) == len(before) + 1
