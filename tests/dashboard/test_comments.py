"""The comments page's grid and charts on a real store: sorting on every column in the store,
search, status and vote filters, article titles, votes by sentiment, removed comments per article,
and the CLI export searching as the grid does."""

import csv
import dataclasses

import pandas as pd
import pytest

from dashboard import comment_figures, queries
from dashboard.components import grid
from dashboard.filters import InvalidInput, filters_from
from dashboard.queries import comments as comment_reads
from dashboard.reader import StoreReader
from etl.store import targets

# (up, down) votes per comment; c4 and c10 come from a source without votes. c6 is deleted.
VOTES = {
    "c1": (10, 2),
    "c2": (1, 8),
    "c3": (4, 4),
    "c5": (0, 0),
    "c6": (0, 12),
    "c7": (7, 1),
    "c8": (2, 0),
    "c9": (3, 3),
}
PUBLISHED = ["c1", "c2", "c3", "c4", "c5", "c7", "c8", "c9", "c10"]
# (global filters, the page's target choices) that its counts per segment answer for a target.
TARGET_CASES = [
    ({}, ("China",)),
    ({}, ("China", "favor")),
    ({}, ("China", "against")),
    ({}, ("EU", "none")),
    ({"sentiments": ["negative"]}, ("China",)),
    ({"start": "2025-05-20", "end": "2025-06-01"}, ("EU",)),
    ({"stances": ["disagree"]}, ("China", "favor")),
    ({}, ("Nirgendwo",)),
]


@pytest.fixture
def voted_store(fixture_store, dashboard_frames, publish):
    """The fixture store with votes, c10's text starting with an umlaut and a3 without a title."""
    comments = dashboard_frames["comments"]
    comments = comments.assign(
        positive_votes=comments["comment_id"].map(lambda c: VOTES.get(c, (None, None))[0]).astype("Int64"),
        negative_votes=comments["comment_id"].map(lambda c: VOTES.get(c, (None, None))[1]).astype("Int64"),
        text=comments["text"].mask(comments["comment_id"] == "c10", "Ärgerlich, mal sehen."),
    )
    articles = dashboard_frames["articles"]
    articles = articles.assign(title=articles["title"].mask(articles["article_id"] == "a3", " "))
    publish(fixture_store, dict(dashboard_frames, comments=comments, articles=articles))
    return fixture_store


@pytest.fixture
def reader(voted_store):
    return StoreReader(voted_store)


def ids_sorted(reader, *sort, filters=None, **block):
    rows = reader.query(comment_reads.comment_rows, filters or filters_from(), sort=tuple(sort), **block)
    return rows["comment_id"].tolist()


@pytest.mark.parametrize(
    "sort, expected",
    [
        # Ties (polarity 0.0) in comment_id order, whichever way the column runs.
        ([("polarity", "asc")], ["c7", "c1", "c3", "c10", "c4", "c8", "c2", "c5", "c9"]),
        ([("polarity", "desc")], ["c9", "c5", "c2", "c10", "c4", "c8", "c3", "c1", "c7"]),
        # Case-insensitive; c5 has no author: last.
        ([("author", "asc")], ["c1", "c3", "c2", "c7", "c8", "c9", "c4", "c10", "c5"]),
        # c9 has no time: last, also newest first.
        ([("created_at", "desc")], ["c10", "c8", "c7", "c5", "c4", "c3", "c2", "c1", "c9"]),
        # a3 has no title: its id stands for it ("a3" before "Chinas …").
        ([("article_title", "asc")], ["c10", "c1", "c2", "c3", "c4", "c5", "c7", "c8", "c9"]),
        # "Ärgerlich" among the a's, not after z.
        ([("text", "asc")], ["c5", "c4", "c10", "c1", "c9", "c7", "c2", "c3", "c8"]),
        # No votes (c4, c10): last.
        ([("positive_votes", "desc")], ["c1", "c7", "c3", "c9", "c8", "c2", "c5", "c10", "c4"]),
        ([("negative_votes", "asc")], ["c5", "c8", "c7", "c1", "c9", "c3", "c2", "c10", "c4"]),
        # The first column decides first.
        ([("sentiment", "asc"), ("polarity", "desc")], ["c3", "c1", "c7", "c10", "c4", "c8", "c9", "c5", "c2"]),
    ],
)
def test_the_grid_sorts_in_the_store_on_any_column(reader, sort, expected):
    assert ids_sorted(reader, *sort) == expected


def test_every_sortable_column_of_the_grid_sorts_both_ways_and_pages(reader):
    for column in grid.SORTABLE:
        for direction in ("asc", "desc"):
            everything = ids_sorted(reader, (column, direction))
            assert sorted(everything) == sorted(PUBLISHED), column
            assert ids_sorted(reader, (column, direction), limit=3, offset=3) == everything[3:6], column


def test_a_sort_on_a_column_outside_the_whitelist_is_refused(reader):
    with pytest.raises(ValueError, match="cannot sort"):
        ids_sorted(reader, ("text; DROP TABLE comments", "asc"))
    with pytest.raises(ValueError, match="cannot sort"):
        ids_sorted(reader, ("polarity", "sideways"))
    for model in ([{"colId": "sentiment_editor", "sort": "asc"}], [{"colId": "text", "sort": "up"}], "text"):
        with pytest.raises(InvalidInput):
            grid.sort_of({"sortModel": model})


def test_a_block_request_with_a_sort_model_gets_sorted_rows_and_the_total(reader):
    request = {"startRow": 0, "endRow": 4, "sortModel": [{"colId": "polarity", "sort": "desc"}]}
    block = grid.rows_block(reader, filters_from(), request)
    assert block["rowCount"] == 9
    assert [row["comment_id"] for row in block["rowData"]] == ["c9", "c5", "c2", "c10"]
    assert block["rowData"][0]["positive_votes"] == 3 and block["rowData"][3]["positive_votes"] is None
    unsorted = grid.rows_block(reader, filters_from(), {"startRow": 0, "endRow": 50})
    assert [row["comment_id"] for row in unsorted["rowData"]] != [row["comment_id"] for row in block["rowData"]]


def test_the_grid_shows_the_article_title_or_its_id_where_it_has_none(reader):
    rows = grid.rows_block(reader, filters_from(), {"startRow": 0, "endRow": 50})["rowData"]
    titles = {row["comment_id"]: row["article_title"] for row in rows}
    assert titles["c1"] == "Chinas KI-Offensive: Was Europa jetzt tun muss"
    assert titles["c10"] == "a3"


@pytest.mark.parametrize(
    "search, found",
    [
        ("stimmt nicht", ["c2"]),
        ("STIMMT gut", ["c2"]),
        ('"stimmt so nicht"', ["c2"]),
        ('"nicht so"', []),
        ('"das ist" Europa', ["c1"]),
        ("Anna leider", ["c3"]),  # the author and the text
        ("aergerlich", ["c10"]),
    ],
)
def test_the_grid_searches_every_word_and_quoted_phrases(reader, search, found):
    for each in (reader, StoreReader(reader.store_dir, cache_size=0)):
        block = grid.rows_block(each, grid.page_filters(None, search), {"startRow": 0, "endRow": 50})
        assert sorted(row["comment_id"] for row in block["rowData"]) == found
        assert block["rowCount"] == len(found)


def test_status_and_votes_choices_narrow_the_grid(reader):
    def found(status=None, up=None, down=None):
        filters = grid.page_filters(None, None, status, up, down)
        return sorted(row["comment_id"] for row in grid.rows_block(reader, filters, {"startRow": 0})["rowData"])

    assert found() == sorted(PUBLISHED)
    assert found("published") == sorted(PUBLISHED)
    assert found("deleted") == ["c6"]
    assert found("spam") == []
    assert found(grid.ANY_STATUS) == sorted([*PUBLISHED, "c6"])
    assert found(grid.ANY_STATUS, up=4) == ["c1", "c3", "c7"]
    assert found(grid.ANY_STATUS, down=4) == ["c2", "c3", "c6"]
    assert found("published", up=2, down=2) == ["c1", "c3", "c9"]
    assert found(up=4.0) == ["c1", "c3", "c7"]  # a number input may send 4.0
    for bad in (-1, "5", 1.5e12, True, 2.5):
        with pytest.raises(InvalidInput, match="whole number"):
            grid.choice_filters(filters_from(), None, bad)
    for bad in (["deleted"], "x" * 41):
        with pytest.raises(InvalidInput, match="one status"):
            grid.choice_filters(filters_from(), bad)


def test_a_target_and_the_stance_toward_it_narrow_the_grid(reader):
    def found(target=None, stance=None, status=None):
        filters = grid.page_filters(None, None, status, None, None, target, stance)
        rows = grid.rows_block(reader, filters, {"startRow": 0})
        assert rows["rowCount"] == grid.matching(reader, filters)
        return sorted(row["comment_id"] for row in rows["rowData"])

    # The fixture's target stances: China c1 against, c2 and c5 favor, c6 against (deleted); EU c2
    # none, c7 against.
    assert found("China") == ["c1", "c2", "c5"]
    assert found("China", "favor") == ["c2", "c5"]
    assert found("China", "against") == ["c1"]
    assert found("China", "against", grid.ANY_STATUS) == ["c1", "c6"]
    assert found("EU", "none") == ["c2"]
    assert found(None, "against") == ["c1", "c7"]  # toward any target
    assert found("Russland") == []
    for bad in (["China"], "x" * 1_001):
        with pytest.raises(InvalidInput, match="one target"):
            grid.choice_filters(filters_from(), None, None, None, bad)
    with pytest.raises(InvalidInput, match="target_stance must be one of favor, against, none"):
        grid.choice_filters(filters_from(), None, None, None, "China", "agree")


def test_each_row_links_to_its_comment_in_its_thread_with_the_global_filters(reader):
    filters = grid.page_filters(
        {"filters": {"sentiments": ["negative", "positive"], "articles": ["a1", "a2"]}},
        "Europa",
        grid.ANY_STATUS,
        None,
        None,
        "China",
    )
    rows = grid.rows_block(reader, filters, {"startRow": 0})["rowData"]
    assert [row["comment_id"] for row in rows] == ["c1"]
    # The sentiments go along; the article is the row's own; the search and the page's choices stay here.
    assert rows[0]["thread_link"] == (
        "[read in thread](/thread?sentiment=negative&sentiment=positive&article=a1&comment=c1)"
    )
    odd = pd.DataFrame({"article_id": ["omp:a 1"], "comment_id": ["x(1)"]})
    assert grid.thread_links(odd, filters_from()) == ["[read in thread](/thread?article=omp%3Aa+1&comment=x%281%29)"]


@pytest.mark.parametrize("given, choices", TARGET_CASES)
@pytest.mark.parametrize("status", [None, grid.ANY_STATUS, "deleted"])
def test_a_targets_counts_per_article_are_those_of_its_comments(reader, given, choices, status):
    filters = grid.page_filters({"filters": given}, None, status, None, None, *choices)

    def per_article(build):
        def read(con, filters):
            sql, params = build(con, filters) if build is comment_reads._target_counts else build(filters)
            return con.execute(sql, params).df().sort_values("article_id").reset_index(drop=True)

        return reader.query(read, filters)

    counted = per_article(comment_reads._target_counts)  # from store_target_days
    assert counted.equals(per_article(comment_reads._counts_per_article))  # over the comments
    assert grid.matching(reader, filters) == int(counted["n_comments"].sum())


@pytest.mark.parametrize(
    "choices, expected",
    [(("China",), [["a1", 4, 1]]), (("China", "against"), [["a1", 2, 1]]), (("China", "favor"), []), (("EU",), [])],
)
def test_a_targets_removed_comments_per_article_come_from_its_counts(reader, choices, expected):
    # China: c1 against, c2 and c5 favor, c6 against and deleted (all in a1); the EU's are published.
    filters = grid.page_filters(None, None, None, None, None, *choices)
    every = dataclasses.replace(filters, published_only=False)
    assert reader.query(comment_reads._target_counts, every, True) is not None  # the counts answer
    removed = reader.query(comment_reads.removed_by_article, filters)
    assert removed[["article_id", "n_comments", "n_removed"]].values.tolist() == expected


def test_each_row_says_its_stance_toward_the_targets_it_names(reader):
    rows = grid.rows_block(reader, grid.page_filters(None, None, grid.ANY_STATUS), {"startRow": 0})["rowData"]
    said = {row["comment_id"]: row["target_stances"] for row in rows}
    assert said["c2"] == 'Stance toward China: favor (words: "gut")\nStance toward EU: no clear lean'
    assert said["c6"] == "Stance toward China: against"  # its evidence quotes no words
    assert said["c7"] == 'Stance toward EU: against (words: "falsch")'
    assert said["c3"] == "" and said["c10"] == ""  # they name no target
    # Sorted on a column, the rows say the same.
    sorted_rows = grid.rows_block(
        reader, grid.page_filters(None, None), {"startRow": 0, "sortModel": [{"colId": "polarity", "sort": "asc"}]}
    )["rowData"]
    assert {row["comment_id"]: row["target_stances"] for row in sorted_rows}["c2"] == said["c2"]


def test_target_options_name_every_target_with_its_count_and_keep_a_links_own(reader):
    targets = reader.query(queries.target_stance, filters_from())
    assert grid.target_options(targets) == [
        {"label": "China (3)", "value": "China"},
        {"label": "EU (2)", "value": "EU"},
    ]
    assert grid.target_options(targets, "Russland")[-1] == {"label": "Russland", "value": "Russland"}
    assert grid.target_options(targets.iloc[:0], None) == []


def test_status_options_name_every_status_with_its_count(reader):
    options = grid.status_options(reader.query(comment_reads.statuses))
    assert options == [
        {"label": "Published (9)", "value": "published"},
        {"label": "Removed (1)", "value": "deleted"},
        {"label": "Any status", "value": "any"},
    ]


def test_votes_by_sentiment_are_means_over_the_comments_with_votes(reader):
    votes = reader.query(comment_reads.votes_by_sentiment, filters_from()).set_index("sentiment")
    assert votes.index.tolist() == ["negative", "neutral", "positive"]
    assert votes["n_comments"].tolist() == [3, 1, 3]  # c4 and c10 have no votes; c6 is deleted
    assert votes["mean_positive_votes"].tolist() == pytest.approx([7, 2, 4 / 3])
    assert votes["mean_negative_votes"].tolist() == pytest.approx([7 / 3, 0, 11 / 3])
    assert votes["share_negative_votes"].tolist() == pytest.approx([7 / 28, 0, 11 / 15])
    figure = comment_figures.votes_by_sentiment(votes.reset_index())
    assert [trace.name for trace in figure.data] == ["Up votes", "Down votes"]
    assert list(figure.data[0].y) == pytest.approx([7, 2, 4 / 3])


@pytest.mark.parametrize("given, choices", TARGET_CASES)
@pytest.mark.parametrize("status", [None, grid.ANY_STATUS, "deleted"])
def test_a_targets_votes_come_from_its_counts_and_equal_those_over_its_comments(reader, given, choices, status):
    filters = grid.page_filters({"filters": given}, None, status, None, None, *choices)
    assert reader.query(comment_reads._target_counted, filters, targets.VOTES_TABLE)  # the counts answer
    counted = reader.query(comment_reads.votes_by_sentiment, filters)
    over_comments = reader.query(comment_reads._votes_over_comments, filters)
    assert counted["sentiment"].tolist() == ["negative", "neutral", "positive"]
    assert counted["n_comments"].tolist() == over_comments["n_comments"].tolist()
    for column in ("mean_positive_votes", "mean_negative_votes", "share_negative_votes"):
        assert counted[column].tolist() == pytest.approx(over_comments[column].tolist(), nan_ok=True)


def test_a_targets_votes_count_its_voted_comments_once(reader):
    # China: c1 against (10 up, 2 down), c2 and c5 favor (1/8 and 0/0), c6 against and deleted (0/12).
    votes = reader.query(
        comment_reads.votes_by_sentiment, grid.page_filters(None, None, grid.ANY_STATUS, None, None, "China")
    )
    assert votes["n_comments"].sum() == 4
    both = votes[votes["n_comments"] > 0]
    up = (both["mean_positive_votes"] * both["n_comments"]).sum()
    down = (both["mean_negative_votes"] * both["n_comments"]).sum()
    assert (up, down) == pytest.approx((11, 22))


def test_removed_comments_per_article_count_every_status_whatever_the_status_picked(reader):
    for status in (None, "published", "deleted", grid.ANY_STATUS):
        removed = reader.query(comment_reads.removed_by_article, grid.page_filters(None, None, status))
        assert removed[["article_id", "n_comments", "n_removed"]].values.tolist() == [["a1", 6, 1]]
        assert removed["share_removed"].iloc[0] == pytest.approx(1 / 6)
    assert reader.query(comment_reads.removed_by_article, filters_from(articles=["a2"])).empty


def test_the_removed_chart_escapes_titles_and_says_k_of_n():
    articles = pd.DataFrame(
        {
            "article_id": ["x"],
            "title": ['<a href="https://ph.ish">Klick</a>'],
            "n_comments": [8],
            "n_removed": [2],
            "share_removed": [0.25],
        }
    )
    figure = comment_figures.removed_by_article(articles)
    assert "<a" not in figure.data[0].y[0] and "&lt;a" in figure.data[0].y[0]
    assert list(figure.data[0].text) == ["2 of 8"]
    assert list(figure.data[0].customdata) == ["x"]  # what a click hands to the drill-down
    assert comment_figures.removed_by_article(articles.iloc[:0]).layout.annotations[0].text == (
        comment_figures.NO_REMOVED
    )


def test_stores_without_votes_or_removals_hide_the_vote_columns(fixture_store, dashboard_frames, publish):
    plain = StoreReader(fixture_store)
    assert int(plain.query(comment_reads.comment_extras)["n_with_votes"].iloc[0]) == 0
    columns = {column["field"]: column for column in grid.columns_for(plain.query(comment_reads.comment_extras))}
    assert columns["positive_votes"]["hide"] and columns["negative_votes"]["hide"]
    publish(fixture_store, dict(dashboard_frames, comments=dashboard_frames["comments"].assign(positive_votes=1)))
    extras = plain.query(comment_reads.comment_extras)
    assert int(extras["n_with_votes"].iloc[0]) == 10 and int(extras["n_removed"].iloc[0]) == 1
    columns = {column["field"]: column for column in grid.columns_for(extras)}
    assert not columns["positive_votes"].get("hide")


def test_the_cli_export_searches_as_the_grid_does(cli, reader, tmp_path):
    for search in ('"stimmt so nicht"', "Anna leider", "das"):
        out = tmp_path / "found.csv"
        ran = cli("export", "comments", "--store", reader.store_dir, "--out", out, "--search", search)
        assert ran.returncode == 0, ran.stderr
        with out.open(encoding="utf-8") as file:
            exported = sorted(row["comment_id"] for row in csv.DictReader(file))
        block = grid.rows_block(reader, grid.page_filters(None, search), {"startRow": 0, "endRow": 50})
        assert exported == sorted(row["comment_id"] for row in block["rowData"])
        assert exported


@pytest.mark.parametrize(
    "search, status, up, down",
    [(None, None, None, None), (None, "deleted", None, None), ("das", grid.ANY_STATUS, 1, None), (None, None, 2, 2)],
)
def test_the_csv_download_holds_the_rows_the_grid_shows(reader, search, status, up, down):
    from dashboard.app import create_app
    from dashboard.filters import filters_query
    from etl.config import Settings

    filters = grid.page_filters(None, search, status, up, down)
    shown = grid.rows_block(reader, filters, {"startRow": 0, "endRow": 50})["rowData"]
    response = (
        create_app(Settings(store_dir=reader.store_dir))
        .server.test_client()
        .get(f"/download/comments.csv?{filters_query(filters)}")
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(response.get_data(as_text=True).splitlines()))
    assert sorted(row["comment_id"] for row in rows) == sorted(row["comment_id"] for row in shown)
    assert shown  # every case shows some rows


def test_the_csv_download_of_a_target_holds_the_rows_the_grid_shows(reader):
    from dashboard.app import create_app
    from dashboard.filters import filters_query
    from etl.config import Settings

    client = create_app(Settings(store_dir=reader.store_dir)).server.test_client()
    filters = grid.page_filters(None, None, None, None, None, "China", "favor")
    assert filters_query(filters) == "target=China&target_stance=favor"
    response = client.get(f"/download/comments.csv?{filters_query(filters)}")
    assert response.status_code == 200
    rows = list(csv.DictReader(response.get_data(as_text=True).splitlines()))
    assert sorted(row["comment_id"] for row in rows) == ["c2", "c5"]
    response = client.get("/download/comments.csv?target=China&target_stance=agree")
    assert response.status_code == 400 and b"target_stance must be one of" in response.data


def test_the_cli_exports_a_targets_comments_and_only_its_rows_of_target_stances(cli, reader, tmp_path):
    def exported(what, *options):
        out = tmp_path / f"{what}.csv"
        ran = cli("export", what, "--store", reader.store_dir, "--out", out, *options)
        assert ran.returncode == 0, ran.stderr
        with out.open(encoding="utf-8") as file:
            return [(row["comment_id"], row.get("target"), row.get("stance")) for row in csv.DictReader(file)]

    assert sorted(row[0] for row in exported("comments", "--target", "EU")) == ["c2", "c7"]
    assert sorted(row[0] for row in exported("comments", "--target", "China", "--target-stance", "favor")) == [
        "c2",
        "c5",
    ]
    # c2 names China and the EU: only its EU row, as the target asks.
    assert exported("target-stances", "--target", "EU") == [("c2", "EU", "none"), ("c7", "EU", "against")]
    # The CLI exports every status, as without a target: c6 (deleted) too.
    against = [("c1", "China", "against"), ("c6", "China", "against"), ("c7", "EU", "against")]
    assert exported("target-stances", "--target-stance", "against") == against
    ran = cli("export", "comments", "--store", reader.store_dir, "--out", tmp_path / "x.csv", "--target", "china")
    assert ran.returncode != 0 and "--target 'china' matches nothing" in ran.stderr and "China" in ran.stderr


def test_a_download_with_a_bad_vote_count_is_refused(voted_store):
    from dashboard.app import create_app
    from etl.config import Settings

    client = create_app(Settings(store_dir=voted_store)).server.test_client()
    for query in ("up_votes=-1", "down_votes=many", "up_votes=1e99"):
        response = client.get(f"/download/comments.csv?{query}")
        assert response.status_code == 400 and b"whole number" in response.data
