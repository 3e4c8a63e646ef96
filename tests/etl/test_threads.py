import pandas as pd

from etl.threads import build_threads


def comments(rows):
    frame = pd.DataFrame(rows, columns=["comment_id", "parent_id", "article_id", "created_at"])
    return frame.assign(
        created_at=pd.to_datetime(frame["created_at"], utc=True),
        seq=range(len(frame)),
    ).astype({"comment_id": "string", "parent_id": "string", "article_id": "string"})


def by_id(frame):
    return frame.set_index("comment_id")


def test_build_threads_gives_nested_replies_their_root_and_depth():
    threads = by_id(
        build_threads(
            comments(
                [
                    ("a", None, "x", None),
                    ("b", "a", "x", None),
                    ("c", "b", "x", None),
                    ("d", "c", "x", None),
                    ("e", None, "x", None),
                ]
            )
        )
    )
    assert threads.loc["d", "root_id"] == "a"
    assert threads.loc["d", "depth"] == 3
    assert threads.loc["e", "root_id"] == "e"
    assert threads.loc["e", "depth"] == 0


def test_build_threads_counts_direct_replies():
    threads = by_id(
        build_threads(
            comments(
                [
                    ("a", None, "x", None),
                    ("b", "a", "x", None),
                    ("c", "a", "x", None),
                    ("d", "b", "x", None),
                ]
            )
        )
    )
    assert threads["n_replies"].to_dict() == {"a": 2, "b": 1, "c": 0, "d": 0}


def test_build_threads_orders_by_time_when_every_comment_has_one():
    threads = by_id(
        build_threads(
            comments(
                [
                    ("late", None, "x", "2025-05-02T10:00:00Z"),
                    ("early", None, "x", "2025-05-01T10:00:00Z"),
                    ("other", None, "y", None),
                    ("other2", None, "y", None),
                ]
            )
        )
    )
    assert threads.loc["early", "position"] == 0
    assert threads.loc["late", "position"] == 1
    assert threads.loc["other", "position"] == 0
    assert threads.loc["other2", "position"] == 1


def test_build_threads_keeps_reply_with_missing_parent_as_top_level_with_a_note():
    threads = by_id(build_threads(comments([("a", None, "x", None), ("orphan", "gone", "x", None)])))
    assert pd.isna(threads.loc["orphan", "parent_id"])
    assert threads.loc["orphan", "depth"] == 0
    assert "gone" in threads.loc["orphan", "thread_note"]
    assert pd.isna(threads.loc["a", "thread_note"])


def test_build_threads_breaks_reply_cycles_without_losing_rows():
    threads = by_id(build_threads(comments([("p", "q", "x", None), ("q", "p", "x", None), ("r", "q", "x", None)])))
    assert len(threads) == 3
    assert threads["depth"].notna().all()
    assert "cycle" in threads.loc["p", "thread_note"]


def test_build_threads_does_not_link_across_articles():
    threads = by_id(build_threads(comments([("a", None, "x", None), ("b", "a", "y", None)])))
    assert threads.loc["b", "depth"] == 0
    assert "another article" in threads.loc["b", "thread_note"]


def test_walking_row_positions_gives_what_walking_ids_gives(monkeypatch):
    import random

    from etl import threads

    monkeypatch.setattr(threads, "MAX_DEPTH", 40)  # longer than any chain here: cycles end sooner
    rng = random.Random(8)
    for _ in range(100):
        n = rng.randrange(1, 30)
        ids = [f"c{i}" for i in range(n)]
        rows = [(ids[i], rng.choice([None, None, "", *ids]), rng.choice(["x", "y"]), None) for i in range(n)]
        frame = threads._cut_missing_parents(comments(rows))  # cycles (and self-replies) stay
        fast_root, fast_depth = threads._walk_to_roots(frame)
        root, depth = threads._walk_to_roots_by_id(frame)
        pd.testing.assert_series_equal(fast_root.astype("string"), root.astype("string"), check_names=False)
        pd.testing.assert_series_equal(fast_depth.astype("Float64"), depth.astype("Float64"), check_names=False)


def test_a_reply_cycle_is_cut_once_at_its_earliest_comment():
    threads = by_id(
        build_threads(
            comments(
                [
                    ("p", "q", "x", "2025-05-01T10:05:00Z"),
                    ("q", "p", "x", "2025-05-01T10:00:00Z"),
                    ("r", "p", "x", "2025-05-01T10:10:00Z"),
                ]
            )
        )
    )
    # q came first, so q becomes top level; p stays q's reply and r stays p's.
    assert pd.isna(threads.loc["q", "parent_id"])
    assert (threads.loc["p", "parent_id"], threads.loc["r", "parent_id"]) == ("q", "p")
    assert threads["depth"].to_dict() == {"p": 1, "q": 0, "r": 2}
    assert threads.loc["q", "thread_note"] == "kept as top level: reply cycle through parent p"
    assert threads.loc["p", "thread_note"] == "kept as a reply: its reply cycle was cut at q"
    assert pd.isna(threads.loc["r", "thread_note"])


def test_a_self_reply_and_two_separate_cycles_are_each_cut():
    threads = by_id(
        build_threads(
            comments(
                [
                    ("s", "s", "x", None),
                    ("a", "b", "x", None),
                    ("b", "c", "x", None),
                    ("c", "a", "x", None),
                    ("d", "e", "y", None),
                    ("e", "d", "y", None),
                ]
            )
        )
    )
    assert threads["depth"].notna().all()
    top = set(threads.index[threads["parent_id"].isna()])
    assert top == {"s", "a", "d"}  # without times, the first in input order
    assert threads.loc[["b", "c"], "depth"].tolist() == [2, 1]


def test_a_chain_deeper_than_max_depth_is_cut_not_called_a_cycle(monkeypatch):
    from etl import threads as module

    monkeypatch.setattr(module, "MAX_DEPTH", 5)
    rows = [("c0", None, "x", None)] + [(f"c{i}", f"c{i - 1}", "x", None) for i in range(1, 9)]
    threads = by_id(build_threads(comments(rows)))
    assert threads["depth"].notna().all() and len(threads) == 9
    notes = threads["thread_note"].dropna()
    assert len(notes) and notes.str.contains("replies deep").all()
