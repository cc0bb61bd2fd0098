"""The one exception the project reader raises."""

from __future__ import annotations

from pathlib import Path


class ProjectError(ValueError):
    """A project file that fxsim cannot read exactly; names the file and line.

    >>> str(ProjectError("firmware/parameters.h", 12, "unknown member syntax"))
    'firmware/parameters.h:12: unknown member syntax'
    """

    def __init__(self, path: str | Path | None, line: int | None, message: str) -> None:
        self.path = None if path is None else Path(path)
        self.line = line
        self.message = message
        where = "" if path is None else (f"{path}:{line}: " if line is not None else f"{path}: ")
        super().__init__(where + message)
