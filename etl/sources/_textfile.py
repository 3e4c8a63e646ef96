"""Text files as the readers get them: the encoding found, mojibake repaired, what was done noted.

`read_text(path)` decodes UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when the
NUL bytes show it), and falls back line by line to cp1252 (latin-1 for the five bytes cp1252
leaves undefined), so one stray cp1252 line does not turn a whole UTF-8 file into mojibake. Then
it repairs UTF-8 text that went through cp1252 once or twice ("fÃ¼r" → "für", "â€ž" → "„").
Each thing it had to do is one note, which readers turn into a reject row located at "file".
"""

import codecs
from pathlib import Path

from etl.text import mojibake

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SNIFF = 4096
# How far to look past lines of NUL bytes (a file damaged by a crash) for the text around them.
_NUL_LOOK = 1 << 20
# Bytes no text file has (tab, line breaks, form feed and escape aside).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")


def read_text(path):
    """(text, notes) of a text file: decoded, BOM removed, mojibake repaired.

    Line endings are kept as they are in the file (CSV readers need them). `notes` lists what
    was unusual, e.g. "decoded as cp1252 (not valid UTF-8): lines 2, 3"; it is empty for a
    clean UTF-8 file with or without BOM. Raises OSError when the file cannot be read and
    UnicodeDecodeError when it is not text (binary, or a UTF-16 BOM over bytes that are not).
    """
    return decode_bytes(Path(path).read_bytes())


def decode_bytes(data):
    """(text, notes) of raw bytes, as `read_text` gives for a file holding them."""
    text, notes = _decode(data)
    repaired, count = mojibake.repair(text)
    if count:
        notes.append(
            f"repaired mojibake: {count} character sequence{'s' if count != 1 else ''} of UTF-8 read as cp1252"
        )
    return repaired.removeprefix("\ufeff"), notes


def _decode(data):
    head = data[:_SNIFF]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith(_UTF16_BOMS):
        return data.decode("utf-16"), ["decoded as UTF-16 (byte order mark)"]
    elif _share(head, b"\x00") > 0.1 and (utf16 := _decode_utf16_without_bom(data)):
        return utf16
    # Lines full of NUL bytes in a text file are the readers' to reject: judge the text around them.
    text_head = _without_nul_lines(data[:_NUL_LOOK])[:_SNIFF] if b"\x00" in head else head
    if b"\x00" in head and not text_head.strip():
        raise _not_text(data, "a binary file, not text (NUL bytes)")
    if _share(text_head, _CONTROL_BYTES) > 0.05:
        raise _not_text(data, "a binary file, not text (control bytes)")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return _decode_lines(data)


def _decode_utf16_without_bom(data):
    """(text, notes) of UTF-16 without BOM (Windows editors write it: NUL in every other byte), or None."""
    head = data[:_SNIFF]
    for encoding, high, low in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        if _share(high, b"\x00") >= 0.6 and _share(low, b"\x00") < 0.1:
            try:
                return data.decode(encoding), [f"decoded as {encoding.upper()} (no byte order mark)"]
            except UnicodeDecodeError:
                break
    return None


def _without_nul_lines(data):
    return b"\n".join(line for line in data.split(b"\n") if b"\x00" not in line)


def _share(data, byte_set):
    return sum(data.count(b) for b in byte_set) / len(data) if data else 0.0


def _not_text(data, reason):
    position = next((i for i, b in enumerate(data[:_SNIFF]) if b in _CONTROL_BYTES), 0)
    return UnicodeDecodeError("utf-8", data, position, position + 1, reason)


def _decode_lines(data):
    """UTF-8 line by line, cp1252 (else latin-1) for the lines that are not valid UTF-8."""
    lines, fallback = [], {}
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        try:
            lines.append(line.decode("cp1252"))
            fallback.setdefault("cp1252", []).append(number)
        except UnicodeDecodeError:
            lines.append(line.decode("latin-1"))
            fallback.setdefault("latin-1", []).append(number)
    notes = [f"decoded as {encoding} (not valid UTF-8): {_lines(numbers)}" for encoding, numbers in fallback.items()]
    return "\n".join(lines), notes


def _lines(numbers):
    shown = ", ".join(str(n) for n in numbers[:5])
    more = f" and {len(numbers) - 5} more" if len(numbers) > 5 else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"
