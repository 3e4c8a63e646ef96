import re

import pandas as pd
import pytest

from etl.stance.prefixes import match_prefixes
from etl.text import mojibake
from etl.text.mojibake import repair_mojibake

GERMAN = "Grüße aus Köln: „Spaß“ – für 5 € … Straße"


def wrongly_read(text):
    """`text` as it looks when its UTF-8 bytes are read as cp1252."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def test_mojibake_shortcut_knows_every_character_mojibake_starts_with():
    assert set(mojibake._LEADS) == set(match_prefixes(re._parser.parse(mojibake._MOJIBAKE.pattern), 1))
    assert mojibake.repair_mojibake("fÃ¼r Grüße") == "für Grüße"
    assert mojibake.repair_mojibake(pd.NA) is pd.NA


def test_mojibake_is_found_where_the_regex_finds_it(monkeypatch):
    import random

    rng = random.Random(7)
    pieces = [*mojibake._LEADS, *(mojibake._CP1252[b] for b in range(0x80, 0xC0)), "a", " ", "ü", "Ä", "r"]
    texts = ["".join(rng.choices(pieces, k=rng.randint(0, 12))) for _ in range(20_000)]
    texts += [wrongly_read(GERMAN), GERMAN * 1000, "Ärger " * 3000 + "fÃ¼r", "â" * 30_000, "Ä" * 30_000 + "Ã¼"]
    for most in (mojibake._MOST_TRIES, 2):  # the finds alone, and the regex after two tries
        monkeypatch.setattr(mojibake, "_MOST_TRIES", most)
        found = [mojibake._holds(text) for text in texts]
        assert found == [mojibake._MOJIBAKE.search(text) is not None for text in texts]
        assert 1000 < sum(found) < len(texts) - 1000


@pytest.mark.parametrize(
    "broken, fixed",
    [
        ("fÃ¼r", "für"),
        ("â€ž", "„"),
        ("â€œ", "“"),
        ("â€“", "–"),
        ("Ã„rger", "Ärger"),
        ("ÃŸ", "ß"),
        ("ðŸ˜€", "😀"),
        ("Å“uvre", "œuvre"),
    ],
)
def test_repair_mojibake_fixes_common_sequences(broken, fixed):
    assert repair_mojibake(broken) == fixed


def test_repair_mojibake_undoes_double_encoding():
    assert repair_mojibake(wrongly_read(wrongly_read(GERMAN))) == GERMAN


def test_repair_mojibake_fixes_only_the_broken_part_of_mixed_text():
    assert repair_mojibake("Grüße und fÃ¼r") == "Grüße und für"


@pytest.mark.parametrize(
    "text", [GERMAN, "„Spaß…“", "Fuß“ und Gruß”", "Café…", "ÄRGER“", "© 2025 ½ °C", "naïve", "Ã alone", "â€ half"]
)
def test_repair_mojibake_leaves_real_text_alone(text):
    assert repair_mojibake(text) == text


def test_repair_mojibake_passes_missing_values_through():
    assert repair_mojibake(None) is None
