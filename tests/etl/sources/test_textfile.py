"""Reading text files: encodings found, mojibake repaired, what was done noted."""

import codecs

import pytest

from etl.sources._textfile import decode_bytes, read_text

GERMAN = "Grüße aus Köln: „Spaß“ – für 5 € … Straße"


def mojibake(text):
    """`text` as it looks when its UTF-8 bytes are read as cp1252."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def test_plain_utf8_is_read_without_notes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(GERMAN.encode("utf-8"))
    assert read_text(path) == (GERMAN, [])


def test_utf8_bom_is_dropped_without_a_note():
    assert decode_bytes(codecs.BOM_UTF8 + GERMAN.encode("utf-8")) == (GERMAN, [])


def test_cp1252_file_is_decoded_and_noted_with_its_lines():
    text, notes = decode_bytes(("kopf\n" + GERMAN + "\nnoch " + GERMAN).encode("cp1252"))
    assert text == "kopf\n" + GERMAN + "\nnoch " + GERMAN
    assert notes == ["decoded as cp1252 (not valid UTF-8): lines 2, 3"]


def test_one_cp1252_line_in_a_utf8_file_leaves_the_other_lines_alone():
    data = "über\n".encode() + "Öl\n".encode("cp1252") + "Müll".encode()
    text, notes = decode_bytes(data)
    assert text == "über\nÖl\nMüll"
    assert notes == ["decoded as cp1252 (not valid UTF-8): line 2"]


def test_bytes_cp1252_leaves_undefined_fall_back_to_latin1():
    text, notes = decode_bytes(b"ok\n\x81\xfc")
    assert text == "ok\n\x81ü"
    assert notes == ["decoded as latin-1 (not valid UTF-8): line 2"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_recognised_with_or_without_bom(encoding):
    text, notes = decode_bytes(GERMAN.encode(encoding))
    assert text == GERMAN
    assert notes and "UTF-16" in notes[0]


def test_line_endings_are_kept_for_csv_readers():
    assert decode_bytes(b"a\r\nb\rc\n")[0] == "a\r\nb\rc\n"


def test_binary_file_raises_unicode_decode_error():
    with pytest.raises(UnicodeDecodeError, match="binary"):
        decode_bytes(bytes(range(256)) * 4)


def test_utf16_bom_over_bytes_that_are_not_utf16_raises():
    with pytest.raises(UnicodeDecodeError):
        decode_bytes(b"\xff\xfe\x00 not utf-8 \x81")


def test_mojibake_file_is_repaired_and_noted():
    text, notes = decode_bytes(mojibake(GERMAN).encode("utf-8"))
    assert text == GERMAN
    assert len(notes) == 1 and notes[0].startswith("repaired mojibake")
