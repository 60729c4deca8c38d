"""An uploaded CSV or .xlsx as rows of cells.

CSV: UTF-8 with or without a BOM, or Shift_JIS as Windows and Excel write it (``cp932``,
so ①, ㈱ and the NEC specials decode); a file that is neither is refused rather than
read as mojibake. .xlsx: the first sheet, read by openpyxl in read-only mode (values, not
formulas; a date cell arrives as a ``datetime``).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence

MAX_BYTES = 25 * 1024 * 1024  # under KAMITAIOU_MAX_UPLOAD_BYTES (26 MiB) with the multipart
XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(Exception):
    """The upload is not a CSV or .xlsx we can read; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def decode_csv(content: bytes) -> str:
    """The text of a CSV upload: UTF-8 (BOM or not), else cp932, else refused."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
        codecs: Sequence[str] = ("utf-8",)
    else:
        codecs = ("utf-8", "cp932")
    for codec in codecs:
        try:
            return content.decode(codec)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("encoding")


def read_rows(content: bytes, *, filename: str = "") -> list[list[object]]:
    """Every row of the file (the header first), as lists of cell values."""
    if len(content) > MAX_BYTES:
        raise UnreadableFile("too_big")
    if content.startswith(XLSX_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(content)
    text = decode_csv(content)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error:
        raise UnreadableFile("csv") from None


def _xlsx_rows(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook  # noqa: PLC0415 — only imports need it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UnreadableFile("xlsx") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return []
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
