"""Limits that keep one request from taking the public server: the size of any value and of any query's result on
the KB's connections, and CSV cells that cannot run as formulas in the spreadsheet that opens them.

Datasette lets anyone run read-only SQL within a time limit, but time is not memory: ``zeroblob(900000000)`` or a
recursive string built within the time limit, repeated over a thousand rows, is gigabytes. SQLite refuses any string
or blob longer than ``MAX_VALUE_BYTES`` (its SQLITE_LIMIT_LENGTH), and a query whose rows together hold more than
``MAX_RESULT_BYTES`` stops with an error (the connection's row factory counts them as Datasette fetches them). No
value the KB stores comes near either limit: an input file is capped far below them.
"""
from __future__ import annotations

import re
import sqlite3
import weakref

MAX_VALUE_BYTES = 16 * 1024 * 1024  # one string or blob, in bytes (SQLITE_LIMIT_LENGTH)
MAX_RESULT_BYTES = 32 * 1024 * 1024  # all the values of one query's rows, counted as UTF-8's worst case
MAX_SQL_BYTES = 100_000  # the text of one statement (SQLITE_LIMIT_SQL_LENGTH)
MAX_COLUMNS = 200  # columns of a result or a table (SQLITE_LIMIT_COLUMN)


class ResultTooLarge(sqlite3.DataError):
    """A query's rows hold more than MAX_RESULT_BYTES: the reader's query, not the server, is at fault."""


def guard_connection(conn: sqlite3.Connection) -> None:
    """Put the limits on a connection Datasette opened (after it set ``sqlite3.Row`` as the row factory)."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, MAX_COLUMNS)
    produced: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # cursor → bytes of its rows so far

    def counted_row(cursor, values):
        size = 0
        for value in values:
            if isinstance(value, str):
                size += 4 * len(value)  # UTF-8 takes at most four bytes a character
            elif isinstance(value, (bytes, bytearray, memoryview)):
                size += len(value)
            else:
                size += 16
        total = produced.get(cursor, 0) + size
        if total > MAX_RESULT_BYTES:
            raise ResultTooLarge(f"query result larger than {MAX_RESULT_BYTES // (1024 * 1024)} MB; "
                                 f"select fewer rows or columns")
        produced[cursor] = total
        return sqlite3.Row(cursor, values)

    conn.row_factory = counted_row


# -- CSV cells ---------------------------------------------------------------------------------------------------
# OWASP's advice on CSV injection: a cell that begins with = + - @ or a tab or a carriage return is read as a formula
# by spreadsheets; it is written quoted, with a single quote before it. A number (-12.5) is a number and stays.
FORMULA_STARTS = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class CsvNeutraliser:
    """Rewrites a CSV byte stream (RFC 4180: cells separated by commas, quoted with double quotes) chunk by chunk
    so that no cell can start a formula. Keeps state across chunks; memory stays one cell."""

    def __init__(self):
        self._cell = []  # characters of the cell being read
        self._quoted = False  # the cell opened with a quote
        self._in_quotes = False
        self._quote_pending = False  # a quote inside quotes: the end, or the first of a doubled quote
        self._tail = b""  # bytes of a UTF-8 character cut by a chunk boundary

    def feed(self, chunk: bytes) -> bytes:
        """The neutralised bytes of the cells completed by ``chunk`` (UTF-8 CSV); an unfinished cell, and a
        character cut at the chunk's end, wait for the next chunk."""
        data = self._tail + chunk
        cut = len(data)
        while cut > 0 and cut > len(data) - 4 and (data[cut - 1] & 0xC0) == 0x80:
            cut -= 1
        if cut > 0 and data[cut - 1] >= 0xC0:
            cut -= 1  # a lead byte whose continuation has not come yet
        text, self._tail = data[:cut].decode("utf-8", "replace"), data[cut:]
        out = []
        for ch in text:
            if self._in_quotes:
                if self._quote_pending:
                    self._quote_pending = False
                    if ch == '"':
                        self._cell.append('"')
                        continue
                    self._in_quotes = False
                else:
                    if ch == '"':
                        self._quote_pending = True
                    else:
                        self._cell.append(ch)
                    continue
            if ch == '"' and not self._cell and not self._quoted:
                self._quoted = self._in_quotes = True
            elif ch in ",\r\n":  # \r\n ends a record: the \n then closes an empty nothing
                out.append(self._emit())
                out.append(ch)
            else:
                self._cell.append(ch)
        return "".join(out).encode("utf-8")

    def close(self) -> bytes:
        """The neutralised bytes of the last cell, at the end of the stream."""
        if self._quote_pending:
            self._quote_pending = self._in_quotes = False
        tail = self._emit() if (self._cell or self._quoted) else ""
        return tail.encode("utf-8") + self._tail

    def _emit(self) -> str:
        cell = "".join(self._cell)
        quoted = self._quoted
        self._cell, self._quoted, self._in_quotes, self._quote_pending = [], False, False, False
        if cell and cell[0] in FORMULA_STARTS and not _NUMBER.fullmatch(cell):
            cell, quoted = "'" + cell, True
        if quoted:
            return '"' + cell.replace('"', '""') + '"'
        return cell
