"""The sizes kb reads at most: an input file, what a .docx unpacks to, and what a YAML file expands to.

Each limit is a named constant here, which an environment variable of the same name raises or lowers for one run
(``KB_MAX_FILE_MB=50 kb add big.html``); functions that take a limit also accept it as an argument. An input over
a limit is refused before it is read whole, with an InputError naming the file, the size and the limit: one line,
and nothing written."""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError

MB = 1024 * 1024
# An input file (web page, Word file, PDF, text): a 50 MB page takes a minute and 2.4 GB to extract.
KB_MAX_FILE_MB = 20
# The parts of a .docx together, unpacked: a 3 MB file of zeros unpacks to a gigabyte.
KB_MAX_DOCX_UNPACKED_MB = 100
# A YAML file (sidecar, references.yml, rules): its text, and what its aliases (*name) expand it to, at most
# this many times its own size (and never below KB_YAML_EXPANSION_FLOOR characters): 300 KB of aliases can stand
# for a gigabyte.
KB_MAX_YAML_MB = 20
KB_MAX_YAML_EXPANSION = 10
KB_YAML_EXPANSION_FLOOR = 1_000_000


def setting(name: str) -> int:
    """The limit ``name``: its environment variable when set to a positive number, else the constant."""
    default = globals()[name]
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise InputError(name, f"must be a whole positive number, got {raw!r}") from None
    if value <= 0:
        raise InputError(name, f"must be a whole positive number, got {raw!r}")
    return value


def max_file_bytes() -> int:
    """The largest input file read, in bytes (KB_MAX_FILE_MB)."""
    return setting("KB_MAX_FILE_MB") * MB


def max_docx_unpacked_bytes() -> int:
    """The most a .docx's parts may unpack to together, in bytes (KB_MAX_DOCX_UNPACKED_MB)."""
    return setting("KB_MAX_DOCX_UNPACKED_MB") * MB


def megabytes(size: int) -> str:
    """A size in bytes for a message: "1.5 MB", or "900 bytes" under a megabyte."""
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size:,} bytes"


def check_file_size(path: Path, limit: int | None = None) -> int:
    """The size of the file at ``path``; InputError when it is over ``limit`` bytes (default: KB_MAX_FILE_MB).
    Reads nothing."""
    limit = max_file_bytes() if limit is None else limit
    size = Path(path).stat().st_size
    if size > limit:
        raise InputError(path, f"refused: the file is {megabytes(size)}, over the limit of {megabytes(limit)} for "
                               f"an input file (KB_MAX_FILE_MB changes it)")
    return size


def read_input(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the file at ``path``, refused (InputError) when it is over ``limit`` bytes (default:
    KB_MAX_FILE_MB): checked by its size first, then by reading at most one byte past the limit, so a file that
    grows while it is read is refused too."""
    limit = max_file_bytes() if limit is None else limit
    check_file_size(path, limit)
    with open(path, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(path, f"refused: the file grew past the limit of {megabytes(limit)} for an input file "
                               f"while it was read (KB_MAX_FILE_MB changes it)")
    return data


def check_docx_parts(path: Path, data: bytes, limit: int | None = None) -> None:
    """Refuses (InputError) a .docx whose parts unpack to more than ``limit`` bytes together (default:
    KB_MAX_DOCX_UNPACKED_MB): first by the sizes its zip directory declares, before anything is unpacked, then by
    unpacking each part through a bounded stream, a megabyte at a time, so that a part which unpacks to more than
    it declares is caught too. ``data`` is the file's bytes."""
    import io
    import zipfile
    import zlib

    limit = max_docx_unpacked_bytes() if limit is None else limit

    def refuse(size: str) -> InputError:
        return InputError(path, f"refused: its parts unpack to {size}, over the limit of {megabytes(limit)} for a "
                                f".docx (a zip bomb?; KB_MAX_DOCX_UNPACKED_MB changes it)")

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            declared = sum(part.file_size for part in parts)
            if declared > limit:
                raise refuse(f"{megabytes(declared)} as its zip directory declares them")
            unpacked = 0
            for part in parts:
                with archive.open(part) as stream:
                    while chunk := stream.read(MB):
                        unpacked += len(chunk)
                        if unpacked > limit:
                            raise refuse(f"more than {megabytes(limit)}")
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise InputError(path, f"cannot open as .docx: a damaged zip archive ({exc})") from None
