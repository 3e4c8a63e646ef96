"""The term finder in DuckDB SQL: Python's regex rules (\\w, \\s, lookarounds) spelled in RE2."""

import re

import duckdb
import pandas as pd
import pytest

from etl.store.terms import _WORD_BLOCKS, count_terms, patterns, word_characters


@pytest.fixture(scope="module")
def con():
    with duckdb.connect() as connection:
        yield connection


def terms_of(con, *texts, min_count=1):
    """{term: (kind, count, n_comments)} over `texts` as comments of one scope."""
    docs = pd.DataFrame({"scope": "all", "text": list(texts), "is_comment": True})
    found = count_terms(con, docs, min_count)
    return {row.term: (row.kind, row.count, row.n_comments) for row in found.itertuples()}


def _matching(con, pattern, last):
    rows = con.execute(
        "SELECT c FROM range(1, ?) t(c) WHERE regexp_full_match(chr(c::INTEGER), ?)", [last + 1, pattern]
    ).fetchall()
    return {c for (c,) in rows}


def test_word_and_space_classes_are_pythons_in_the_scripts_covered(con):
    python_word = {c for first, last in _WORD_BLOCKS for c in range(max(first, 1), last + 1) if re.match(r"\w", chr(c))}
    in_blocks = {
        c
        for c in _matching(con, f"[{word_characters()}]", 0x1FFF)
        if any(first <= c <= last for first, last in _WORD_BLOCKS)
    }
    assert in_blocks == python_word
    assert _matching(con, patterns()["space"], 0x3000) == {c for c in range(1, 0x3001) if re.match(r"\s", chr(c))}


def test_a_word_cut_by_a_hyphen_is_no_term_but_the_next_one_is(con):
    found = terms_of(con, "Ohne Wärmepumpen- und Heizungsbauer geht es nicht.")
    assert "Heizungsbauer" in found
    assert not {"Wärmepumpen", "Wärmepumpen-"} & set(found)


def test_a_name_loses_a_last_word_cut_by_a_hyphen(con):
    found = terms_of(con, "Wir fragen die Deutsche Bahn Netz- und Energie AG.")
    assert found["Deutsche Bahn"][0] == "name"
    assert "Netz" not in found


def test_an_address_before_a_cut_word_still_names_the_person(con):
    # "@Anna: " opens no run here, so Anna counts as a noun inside a sentence.
    assert terms_of(con, "Nun ja @Anna: Wärmepumpen- und Heizungsbauer")["Anna"] == ("noun", 1, 1)


def test_sentence_openers_count_only_when_also_seen_inside_a_sentence(con):
    found = terms_of(con, "„Sicherheit kostet.“ Also mehr Sicherheit! Kosten? Ja.")
    assert found["Sicherheit"] == ("noun", 2, 1)
    assert "Kosten" not in found  # only ever after "? " or a quote opening a sentence


def test_names_need_plain_spaces_and_forms_merge_case_and_sharp_s(con):
    found = terms_of(con, "Die Deutsche Bahn und die Deutsche\u00a0Bahn.", "Die STRASSE und die Straße")
    assert found["Deutsche Bahn"] == ("name", 1, 1)  # the no-break space joins no name
    # One term for both spellings, named by the one met first of two equally frequent forms.
    assert found["STRASSE"] == ("noun", 2, 1) and "Straße" not in found


def test_phrases_skip_judging_adjectives_and_hyphen_cut_nouns(con):
    found = terms_of(
        con, "Mit der staatlichen Förderung, der guten Förderung und den städtischen Netz- und Wasserwerken"
    )
    assert found["staatlichen Förderung"][0] == "phrase"
    assert not [term for term in found if term.startswith(("guten", "städtischen"))]


def test_merged_forms_are_named_by_the_one_written_most_often(con):
    found = terms_of(
        con,
        "Der Kurs fällt. Wer kauft zu diesem Kurs? Ein guter Kurs.",
        "Er macht eine Kur am See. Die Kurse steigen.",
        "Wir reden über China.",
        "Es geht um die Rolle Chinas.",
    )
    # "Kurs" is a form of "Kur" (an -s), "Kurse" one of "Kurs": one term, named by the form
    # written most often (three times), in two comments (the second writes two forms).
    assert found["Kurs"] == ("noun", 5, 2) and not {"Kur", "Kurse"} & set(found)
    # Equally often: the base names it, as before.
    assert found["China"] == ("noun", 2, 2) and "Chinas" not in found


def test_a_document_writing_several_forms_of_a_term_counts_once(con):
    docs = pd.DataFrame(
        {
            "scope": "all",
            "text": [
                "Das Gesetz der Serie.",  # an article's text: no example
                "Die Gesetze sind klar. Ein Gesetz ist ein Gesetz.",
                "Welches Gesetz?",
                "Neue Gesetze braucht das Land.",
            ],
            "is_comment": [False, True, True, True],
        }
    )
    row = count_terms(con, docs, 1).set_index("term").loc["Gesetz"]
    assert (row["count"], row["n_docs"], row["n_comments"]) == (6, 4, 3)
    # The example is the first comment writing any of its forms, as it is written there.
    assert (row["example_doc"], row["example_surface"]) == (1, "Gesetze")


def test_a_base_ending_in_e_takes_only_n_or_s(con):
    found = terms_of(con, "Die Armee rückt vor, die Arme sind lang.", "Ein Kaffee, kein Kaffe. Die Straßen der Straße.")
    # "Armee" and "Kaffee" end in "e", but no noun in -e adds another "e": no merge.
    assert found["Armee"] == ("noun", 1, 1) and found["Arme"] == ("noun", 1, 1)
    assert found["Kaffee"] == ("noun", 1, 1) and found["Kaffe"] == ("noun", 1, 1)
    assert found["Straße"] == ("noun", 2, 1) and "Straßen" not in found


def test_plurals_that_replace_the_ending_merge_into_their_singular(con):
    found = terms_of(
        con,
        "Die Firma zahlt. Andere Firmen auch, und die Firmen klagen.",
        "Das Kriterium fehlt, die Kriterien sind unklar. Der Mechanismus und die Mechanismen.",
    )
    assert found["Firmen"] == ("noun", 3, 1) and "Firma" not in found
    assert found["Kriterium"] == ("noun", 2, 1) and "Kriterien" not in found
    assert found["Mechanismus"] == ("noun", 2, 1) and "Mechanismen" not in found
