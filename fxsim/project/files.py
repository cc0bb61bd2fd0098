"""Reading a project's text files safely: inside the project only, bounded in size, decoded with an
error that names the file, line and byte.

hls4ml projects are edited by hand; a path in them (``#include "weights/../../x"``, a weight file
name given to ``load_weights_from_txt``, a symlink) must never make fxsim read a file outside the
project, and an error must never echo the contents of a file it should not have read.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.h").write_bytes(b"ok\\n\\x92bad\\n")
>>> read_text(root / "a.h", root)
Traceback (most recent call last):
  ...
fxsim.project.errors.ProjectError: ...a.h:2: byte 0x92 at column 1 is not UTF-8 text
>>> inside(root, root / ".." / "etc" / "passwd")
False
"""

from __future__ import annotations

import os
from pathlib import Path

from fxsim.project.errors import ProjectError

#: The largest project source file fxsim reads (bytes); ``FXSIM_MAX_FILE_BYTES`` overrides it.
MAX_FILE_BYTES = int(os.environ.get("FXSIM_MAX_FILE_BYTES", 512 * 1024 * 1024))


def inside(root: Path, path: Path) -> bool:
    """Whether ``path`` (symlinks followed) lies inside ``root``."""
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def project_path(root: Path, base: Path, name: str, where: Path | str, line: int | None, what: str) -> Path:
    """``base / name`` for a file name written in a project source, refused (without reading it)
    when it is absolute or leads outside ``root`` (``..``, symlinks)."""
    if not name or "\0" in name:
        raise ProjectError(where, line, f"{what} {name!r}: empty or invalid file name")
    p = Path(name)
    if p.is_absolute() or not inside(root, base / p):
        raise ProjectError(where, line, f"{what} {name!r} lies outside the project {root}: fxsim reads "
                           "only files inside the project")
    return base / p


def read_text(path: Path, root: Path | None = None) -> str:
    """The UTF-8 text of a project file (``root``: refuse files that resolve outside it)."""
    path = Path(path)
    if root is not None and not inside(root, path):
        raise ProjectError(path, None, f"resolves outside the project {root} (a symlink?): not read")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ProjectError(path, None, f"{size} bytes is more than fxsim's limit for a project file "
                               f"({MAX_FILE_BYTES} bytes, FXSIM_MAX_FILE_BYTES)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ProjectError(path, None, "file does not exist") from None
    except IsADirectoryError:
        raise ProjectError(path, None, "is a directory, expected a file") from None
    except OSError as e:
        raise ProjectError(path, None, f"cannot read: {e.strerror or type(e).__name__}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise ProjectError(path, line, f"byte 0x{data[e.start]:02x} at column {col} is not UTF-8 text") from None
