"""A comment's own words: quotes of its parent, `> ` lines, blockquotes and @names left out."""

import random
import re
import sys
import time

import pandas as pd

from etl.text import copies
from etl.text import plain as plain_text
from etl.text.html import clean_text, separate_quotes, split_blockquotes
from etl.text.quotes import own_texts, own_words

PARENT = "Das ist ein Skandal, Europa schläft. Die Regierung hat in den letzten zehn Jahren fast nichts getan."


def test_text_without_quotes_comes_back_unchanged():
    assert own_words("Ich finde das gut.\n\nWirklich.") == "Ich finde das gut.\n\nWirklich."


def test_quoted_lines_are_left_out():
    assert own_words("> Das ist ein Skandal.\nNein, ist es nicht.") == "Nein, ist es nicht."


def test_attribution_line_above_a_quote_goes_with_it():
    assert own_words("Anna schrieb:\n\n> Das ist ein Skandal.\n\nNein.") == "Nein."


def test_attribution_like_line_without_a_quote_stays():
    assert own_words("Anna meinte:\n\nDas wird teuer.") == "Anna meinte:\n\nDas wird teuer."


def test_leading_mention_loses_only_the_name():
    assert own_words("@Anna: Das stimmt nicht.") == "Das stimmt nicht."
    assert own_words("@Anna @Bernd Quatsch!") == "Quatsch!"


def test_mention_of_the_parent_author_with_a_space_is_taken_whole():
    assert own_words("@Hans Meier, da irrst du.", parent_author="Hans Meier") == "da irrst du."


def test_mention_inside_the_text_is_kept():
    assert own_words("Frag mal @Anna dazu.") == "Frag mal @Anna dazu."


def test_parent_sentence_in_quote_marks_is_left_out():
    reply = "Du schreibst „Das ist ein Skandal, Europa schläft.“ Das ist Unsinn."
    assert own_words(reply, PARENT) == "Du schreibst Das ist Unsinn."


def test_short_quoted_span_of_the_parent_is_left_out():
    assert own_words('Von wegen "fast nichts getan" – viel zu viel!', PARENT) == "Von wegen – viel zu viel!"


def test_quoted_words_the_parent_never_wrote_stay():
    reply = "Wie man so sagt: „Wer schläft, sündigt nicht.“"
    assert own_words(reply, PARENT) == reply


def test_long_span_copied_bare_from_the_parent_is_left_out():
    reply = "Naja, die Regierung hat in den letzten zehn Jahren fast nichts getan, sagst du. Falsch."
    assert own_words(reply, PARENT) == "Naja, sagst du. Falsch."


def test_short_span_copied_bare_is_kept():
    assert own_words("Europa schläft nicht.", PARENT) == "Europa schläft nicht."


def test_short_repeated_sentence_counts_as_own_words():
    assert own_words("Sehe ich genauso.", "Sehe ich genauso.") == "Sehe ich genauso."


def test_comment_that_only_quotes_has_no_own_words():
    assert own_words("> Das ist ein Skandal, Europa schläft.", PARENT) == ""
    assert own_words("   ") == ""
    assert own_words(None) == ""


def test_split_blockquotes_separates_nested_quotes_from_own_markup():
    html = "<blockquote>A <blockquote>B</blockquote> C</blockquote><p>Eigenes</p>"
    own, quoted = split_blockquotes(html)
    assert own == "<p>Eigenes</p>"
    assert quoted == "A\n\nB\n\nC"


def test_unclosed_blockquote_runs_to_the_end():
    assert split_blockquotes("<p>x</p><blockquote>Rest") == ("<p>x</p>", "Rest")


def test_blockquote_survives_clean_text_as_quoted_paragraphs():
    html = "<p>Anna schrieb:</p><blockquote><p>Das ist <em>toll</em>.</p><p>Zweitens.</p></blockquote><p>Nein.</p>"
    text = clean_text(separate_quotes(html))
    assert text == "Anna schrieb:\n\n> Das ist toll.\n\n> Zweitens.\n\nNein."
    assert own_words(text) == "Nein."


def test_nested_blockquote_paragraphs_get_one_marker_a_level():
    text = clean_text(separate_quotes("<blockquote>A<blockquote>B</blockquote></blockquote><p>C</p>"))
    assert text == "> A\n\n> > B\n\nC"


def test_quoted_line_is_not_joined_to_the_next_own_line():
    text = clean_text(separate_quotes("> Das ist ein Skandal.\nNein, ist es nicht."))
    assert text == "> Das ist ein Skandal.\n\nNein, ist es nicht."
    assert own_words(text) == "Nein, ist es nicht."


def test_escaped_quote_line_in_html_is_recognised():
    text = clean_text(separate_quotes("<p>Hallo<br>&gt; Zitat<br>Antwort</p>"))
    assert own_words(text) == "Hallo\n\nAntwort"


def test_separate_quotes_leaves_other_text_alone():
    assert separate_quotes("Ein Pfeil -> nach rechts") == "Ein Pfeil -> nach rechts"
    assert separate_quotes("ohne Zeichen") == "ohne Zeichen"
    assert separate_quotes(None) is None


def test_own_texts_looks_up_each_parent_in_the_frame():
    comments = pd.DataFrame(
        {
            "comment_id": ["c1", "c2", "c3"],
            "parent_id": [None, "c1", "gone"],
            "author": ["Anna", "Ben", "Cem"],
            "text": [PARENT, "@Anna „Das ist ein Skandal, Europa schläft.“ Finde ich nicht.", "> x\n\nJa."],
        }
    )
    assert own_texts(comments).tolist() == [PARENT, "Finde ich nicht.", "Ja."]


def test_own_words_is_fast_enough_for_every_comment():
    reply = "@Anna " + PARENT + " Das sehe ich aber ganz anders, und zwar aus drei Gründen. " * 3
    start = time.process_time()
    for _ in range(2000):
        own_words(reply, PARENT, "Anna")
    assert (time.process_time() - start) / 2000 < 0.002  # well under 2 ms a reply


# The fast path (bytes methods on "plain" text) must find exactly what the regex path finds.


def test_lower_case_keeps_word_characters_and_length_except_for_dotted_capital_i():
    """What the fast path relies on: str.lower maps letter by letter without changing which
    characters are word characters; only "İ" grows, and "Σ" depends on the next letter."""
    word = re.compile(r"\w")
    longer, changed = [], []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if lower == char:
            continue
        if len(lower) != 1:
            longer.append(char)
        elif bool(word.match(char)) != bool(word.match(lower)):
            changed.append(char)
    assert longer == ["İ"] and changed == []
    assert "ΑΣ.Β".lower()[:3] != "ΑΣ.".lower()


PIECES = [
    "Die",
    "Regierung",
    "hat",
    "in",
    "den",
    "letzten",
    "zehn",
    "Jahren",
    "fast",
    "nichts",
    "getan",
    "Europa",
    "schläft",
    "Das",
    "ist",
    "ein",
    "Skandal",
    "größer",
    "Straße",
    "x_y",
    "42",
    "Σ",
    "İ",
    "ſ",
    "é",
    "\u00a0",
    "😀",
    "„",
    "“",
    "”",
    "«",
    "»",
    "–",
    "…",
    "’",
    ".",
    "!",
    "?",
    ",",
    ";",
    ":",
    "-",
    "(",
    ")",
    "\n",
    "\n\n",
    "  ",
    "\t",
    '"',
    "»Zitat«",
]


def random_text(rng, words):
    return " ".join(rng.choice(PIECES) for _ in range(words)).replace(" \n", "\n")


def test_plain_words_are_the_words_the_regex_finds():
    rng = random.Random(1)
    for _ in range(3000):
        text = random_text(rng, rng.randrange(0, 30))
        plain = plain_text.plain_lower(text)
        if plain is not None:
            assert plain[1] == [w.encode() for w in copies.WORD.findall(text.lower())]
        words = plain_text.plain_words(text)
        if words is not None:
            assert words == [w.encode() for w in copies.WORD.findall(text)]


def test_fast_copy_detection_cuts_what_the_regex_path_cuts():
    rng = random.Random(2)
    tried = 0
    for _ in range(4000):
        parent_text = random_text(rng, rng.randrange(1, 40))
        parent_words = parent_text.split(" ")
        start = rng.randrange(len(parent_words))
        copied = " ".join(parent_words[start : start + rng.randrange(1, 14)])
        paragraph = " ".join([random_text(rng, rng.randrange(0, 8)), copied, random_text(rng, rng.randrange(0, 8))])
        plain = plain_text.plain_lower(paragraph)
        if plain is None:
            continue
        fast, slow = [], []
        copies._copied_plain(paragraph, *plain, copies._ParentIndex(parent_text), fast)
        copies._copied(paragraph, copies._ParentIndex(parent_text), slow)
        assert sorted(fast) == sorted(slow), (paragraph, parent_text)
        tried += bool(slow)
    assert tried > 40  # some texts did copy


def test_after_words_ends_where_the_counted_words_end():
    text = "  Ab, cd ef! gh"
    assert [copies.after_words(n, True).match(text).end() for n in range(5)] == [2, 6, 9, 13, 15]
    assert [copies.after_words(n, False).match(text).end() for n in range(5)] == [0, 4, 8, 11, 15]


def test_a_word_walk_finds_where_each_word_asked_about_starts_and_ends():
    rng = random.Random(7)
    pieces = ["Das", "ist", "„falsch“", "—", "nicht", "wahr?!", "3,5", "km/h", "über", "…", "\n\n", " ", "_x_"]
    for _ in range(300):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        spans = [m.span() for m in copies.WORD.finditer(text)]
        walk, i = copies.WordWalk(text), 0
        while i < len(spans):  # a quote from word i to word j, then on after it
            j = rng.randint(i, len(spans) - 1)
            assert (walk.start_of(i), walk.end_of(j)) == (spans[i][0], spans[j][1]), (text, i, j)
            i = j + 1 + rng.randint(0, 3)
