"""Writing files so that a failure never leaves half a file: write a temp file beside the target, flush it to
disk, then rename it over the target. One place for the KB, the corpus files `kb add` writes and the drafts."""
from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Callable


def temp_path_for(path: Path, keep_suffix: bool = False) -> Path:
    """A hidden temp name beside ``path`` naming the writing process, so a dead writer's leftovers can be told
    from a live one's. It ends in ``.tmp-<pid>`` so nothing reads it as a corpus file, unless ``keep_suffix``
    (writers such as openpyxl choose the format by the suffix)."""
    path = Path(path)
    if keep_suffix:
        return path.with_name(f".{path.stem}.tmp-{os.getpid()}{path.suffix}")
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def is_stale_temp(path: Path) -> bool:
    """Whether a temp name from ``temp_path_for`` belongs to no other live process: its writer died (or it is this
    process's own leftover, since a live writer of ours would not be asking), so it may be removed."""
    pid = Path(path).name.rsplit("-", 1)[-1]
    if not pid.isdigit() or int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def write_temp(path: Path, write: Callable[[Path], None], keep_suffix: bool = False) -> Path:
    """The temp file for ``path``, written by ``write`` and flushed to disk; not yet renamed."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory; give a file name", str(path))
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"directory {path.parent} does not exist", str(path))
    temp = temp_path_for(path, keep_suffix)
    try:
        write(temp)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def write_atomically(path: Path, write: Callable[[Path], None], keep_suffix: bool = False) -> Path:
    """Write ``path`` through a temp file, renamed over it only when ``write`` has finished."""
    temp = write_temp(path, write, keep_suffix)
    os.replace(temp, path)
    return Path(path)


def text_writer(text: str) -> Callable[[Path], None]:
    """A ``write`` for write_atomically that writes ``text`` as UTF-8 with "\n" line ends."""
    return lambda temp: temp.write_text(text, encoding="utf-8", newline="\n")
