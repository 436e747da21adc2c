"""Reading an article's bytes into a Document: size, binary and encoding checks.

Nothing here raises for bad input: problems come back as InputError records so
the run can report them (exit 2) and go on with the other files. A file that is
not valid UTF-8 is still linted, decoded as stated in the error, so nothing is
lost.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from .document import Document
from .errors import InputError

BINARY_SNIFF = 8192


@dataclass
class Decoded:
    text: str
    encoding: str
    bom: bool
    newline: str


def read_bytes(path: str, max_size: int) -> tuple[bytes | None, InputError | None]:
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_size + 1)
    except FileNotFoundError:
        return None, InputError(path, "no such file")
    except IsADirectoryError:
        return None, InputError(path, "is a directory")
    except PermissionError:
        return None, InputError(path, "permission denied")
    except OSError as exc:
        return None, InputError(path, f"cannot read: {exc.strerror or exc}")
    if len(data) > max_size:
        return None, InputError(path, f"file is larger than max_file_size ({max_size:,} bytes); skipped")
    return data, None


def decode(path: str, data: bytes, fallback: str | None = None) -> tuple[Decoded | None, InputError | None]:
    """Decode article bytes; returns the text and, for non-UTF-8 input, an error saying how it was read."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
            return _decoded(text, "utf-16", True), None
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:BINARY_SNIFF]:
        return None, InputError(path, "binary file (contains NUL bytes); skipped")
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig")
        return _decoded(text, "utf-8", bom), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start]
    if fallback:
        try:
            return _decoded(data.decode(fallback), fallback, False), None
        except (UnicodeDecodeError, LookupError):
            pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        error = InputError(
            path,
            f"not valid UTF-8 (byte 0x{bad:02x}); read as {encoding} — re-save as UTF-8 or set 'encoding' in the config",
            line,
            column,
        )
        return _decoded(text, encoding, False), error
    return None, InputError(path, "cannot decode", line)  # pragma: no cover - latin-1 always decodes


def _decoded(text: str, encoding: str, bom: bool) -> Decoded:
    if text.startswith("\ufeff"):
        text = text[1:]
        bom = True
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf >= text.count("\n") / 2 else "\n"
    return Decoded(text, encoding, bom, newline)


def make_document(path: str, decoded: Decoded) -> Document:
    return Document(path=path, source=decoded.text, encoding=decoded.encoding, bom=decoded.bom, newline=decoded.newline)
