"""The shared search and filters (etl.store.filters) on a real DuckDB table of comments."""

import duckdb
import pytest

from etl.store.filters import Filters, comment_where, search_terms, term_pattern

COMMENTS = [
    # comment_id, author, text, status, positive_votes, negative_votes
    ("p1", "Anna", "Die Updates sind schlecht gemacht.", "published", 12, 1),
    ("p2", "Bernd", "Schlecht? Die Updates kamen pünktlich.", "published", 3, 9),
    ("p3", "Carla", "Das stimmt so nicht, die Lage ist gut.", "published", 0, 0),
    ("p4", "Dieter", "Das stimmt so\nnicht ganz.", "published", None, None),
    ("p5", "Eva", "Im Maerz wird die Strasse gesperrt.", "deleted", 5, 20),
    ("p6", "Frank", "Im März wird die Straße gesperrt.", "published", 1, 2),
    ("p7", "Gerda", "Schon wieder, schön ist anders. 100% (sicher)", "published", 2, 2),
    ("p8", "Updates-Fan", "Gut so.", "published", 0, 4),
    ("p9", "Hanna", "Nicht, dass es so wäre.", "published", 0, 1),
]


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE comments (comment_id VARCHAR, author VARCHAR, text VARCHAR, status VARCHAR, "
        "positive_votes BIGINT, negative_votes BIGINT)"
    )
    con.executemany("INSERT INTO comments VALUES (?, ?, ?, ?, ?, ?)", COMMENTS)
    return con


def matching(con, **filters):
    where, params = comment_where(Filters(**filters))
    return sorted(row[0] for row in con.execute(f"SELECT comment_id FROM comments c WHERE {where}", params).fetchall())


@pytest.mark.parametrize(
    "search, terms",
    [
        ("Updates schlecht", ["Updates", "schlecht"]),
        ('"so nicht" Lage', ["so nicht", "Lage"]),
        ("„so  nicht“", ["so nicht"]),
        ("“so nicht” gut", ["so nicht", "gut"]),
        ('  a  "b   c', ["a", "b c"]),  # an unclosed quote runs to the end
        ('"" x', ["x"]),
        ("", []),
    ],
)
def test_a_search_is_words_and_quoted_phrases(search, terms):
    assert search_terms(search) == terms


def test_every_word_must_occur_in_any_order_and_case(con):
    assert matching(con, search="Updates schlecht") == ["p1", "p2"]
    assert matching(con, search="SCHLECHT updates pünktlich") == ["p2"]
    assert matching(con, search="Updates") == ["p1", "p2", "p8"]  # p8 by its author


def test_a_word_may_match_the_author_while_another_matches_the_text(con):
    assert matching(con, search="Anna gemacht") == ["p1"]
    assert matching(con, search="Anna pünktlich") == []


def test_a_quoted_phrase_must_occur_as_it_is_written(con):
    assert matching(con, search="so nicht") == ["p3", "p4", "p9"]
    # A line break between the words of a phrase is white space too.
    assert matching(con, search='"so nicht"') == ["p3", "p4"]
    assert matching(con, search='"so nicht" Lage') == ["p3"]
    assert matching(con, search='"nicht so"') == []


def test_umlauts_and_sharp_s_match_their_two_letter_spellings_both_ways(con):
    assert matching(con, search="März") == ["p5", "p6"]
    assert matching(con, search="maerz") == ["p5", "p6"]
    assert matching(con, search="STRASSE") == ["p5", "p6"]
    assert matching(con, search="straße") == ["p5", "p6"]


def test_an_umlaut_is_not_its_bare_vowel(con):
    assert matching(con, search="schön") == ["p7"]
    assert matching(con, search="schon") == ["p7"]  # "Schon wieder": the word itself
    assert matching(con, search="schon anders") == ["p7"]
    assert matching(con, search="pünktlich") == matching(con, search="puenktlich") == ["p2"]
    assert matching(con, search="punktlich") == []


@pytest.mark.parametrize("search", ["100%", "(sicher)", "100% (sicher)", "%", "s.cher", "[a-z]", "\\", "_"])
def test_regex_and_like_characters_are_only_characters(con, search):
    expected = ["p7"] if "sicher" in search or search.startswith("100") or search == "%" else []
    assert matching(con, search=search) == expected


def test_term_pattern_escapes_what_re2_would_read():
    assert term_pattern("a.b (c)") == "(?i)a\\.b\\s+\\(c\\)"


def test_status_and_vote_filters(con):
    assert matching(con, statuses=("deleted",)) == ["p5"]
    assert matching(con, statuses=("published", "deleted")) == [row[0] for row in sorted(COMMENTS)]
    assert matching(con, votes=(("positive_votes", 5),)) == ["p1", "p5"]
    assert matching(con, votes=(("positive_votes", 2), ("negative_votes", 2))) == ["p2", "p5", "p7"]
    # No votes at all (p4: a source without them) never passes a vote filter.
    assert "p4" not in matching(con, votes=(("negative_votes", 0),))
    assert matching(con, published_only=True, statuses=("deleted",)) == []


def test_a_vote_filter_on_another_column_is_refused(con):
    with pytest.raises(ValueError, match="not a vote count"):
        comment_where(Filters(votes=(("text", 1),)))


def test_a_topic_matches_whole_topic_names_only():
    con = duckdb.connect()
    con.execute("CREATE TABLE comments (comment_id VARCHAR, topics VARCHAR)")
    rows = [("t1", "Klimaschutz;Verkehr"), ("t2", "Klima"), ("t3", None), ("t4", ""), ("t5", "Verkehrswende;Klima")]
    con.executemany("INSERT INTO comments VALUES (?, ?)", rows)
    assert matching(con, topics=("Klima",)) == ["t2", "t5"]  # not t1, whose topic only starts so
    assert matching(con, topics=("Verkehr",)) == ["t1"]
    assert matching(con, topics=("Verkehr", "Klima")) == ["t1", "t2", "t5"]
    assert matching(con, topics=("Klimaschutz;Verkehr",)) == []  # a name, not a piece of the stored list


def test_a_target_filter_keeps_the_comments_naming_it_with_that_stance():
    con = duckdb.connect()
    con.execute("CREATE TABLE comments (comment_id VARCHAR, article_id VARCHAR)")
    con.executemany("INSERT INTO comments VALUES (?, ?)", [("k1", "a1"), ("k2", "a1"), ("k3", "a2"), ("k4", "a2")])
    con.execute("CREATE TABLE target_stances (comment_id VARCHAR, article_id VARCHAR, target VARCHAR, stance VARCHAR)")
    rows = [
        ("k1", "a1", "EU", "against"),
        ("k1", "a1", "USA", "favor"),
        ("k2", "a1", "EU", "none"),
        ("k3", "a2", "USA", "against"),
        ("k4", "a9", "EU", "favor"),  # another article's comment of the same id would be another comment
    ]
    con.executemany("INSERT INTO target_stances VALUES (?, ?, ?, ?)", rows)
    assert matching(con, target="EU") == ["k1", "k2"]
    assert matching(con, target="EU", target_stances=("against",)) == ["k1"]
    assert matching(con, target="EU", target_stances=("against", "none")) == ["k1", "k2"]
    assert matching(con, target="USA", target_stances=("against",)) == ["k3"]
    assert matching(con, target_stances=("against",)) == ["k1", "k3"]  # toward any target
    assert matching(con, target="Russland") == []
    assert matching(con, target="EU", target_stances=("favor",)) == []  # k4's row belongs to a9
