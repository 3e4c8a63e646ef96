"""etl.text.word_table: each word's value computed once, read back by set operations."""

from etl.text.word_table import WordTable


def test_a_word_is_looked_up_once_and_words_that_give_nothing_are_left_out():
    asked = []

    def of(word):
        asked.append(word)
        return word.upper() if word.startswith("k") else ""

    table = WordTable(of, limit=100)
    assert sorted(table.values({"kurs", "und", "kosten"})) == ["KOSTEN", "KURS"]
    assert sorted(table.values({"kurs", "oder"})) == ["KURS"]
    assert sorted(asked) == ["kosten", "kurs", "oder", "und"]  # "kurs" once


def test_past_its_limit_the_table_starts_afresh_with_the_same_values():
    table = WordTable(lambda word: len(word) > 3 and word, limit=2)
    texts = [{"ja", "kurse"}, {"nein", "da", "wohl"}, {"kurse", "neu"}, set(), {"ja"}]
    expected = [["kurse"], ["nein", "wohl"], ["kurse"], [], []]
    assert [sorted(table.values(words)) for words in texts * 2] == expected * 2
