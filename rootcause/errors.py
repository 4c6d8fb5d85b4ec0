"""One exception hierarchy for the whole library.

Input errors also subclass the nearest built-in, so callers that already catch
``ValueError`` or ``OSError`` keep working.
"""

from __future__ import annotations

from collections.abc import Iterable


class RootcauseError(Exception):
    """Base class of every error rootcause raises on purpose."""


class InputError(RootcauseError, ValueError):
    """An input could not be read: names the file and, where known, the place in it.

    ``path`` is the file, ``line``/``column`` are 1-based when known, ``excerpt``
    is a short piece of the offending text.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, column: int | None = None, excerpt: str | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.excerpt = excerpt
        super().__init__(self.describe())

    def describe(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.excerpt:
            snippet = self.excerpt if len(self.excerpt) <= 120 else self.excerpt[:117] + "..."
            text += f"\n  {snippet}"
            if self.column is not None and self.column <= len(snippet):
                text += "\n  " + " " * (self.column - 1) + "^"
        return text


class InputFormatError(InputError):
    """The input's format could not be detected, or the named format does not fit it."""


class TaxonomyError(RootcauseError, ValueError):
    """The taxonomy data is inconsistent (unknown id, bad mapping, missing field)."""


class RuleError(RootcauseError):
    """A rule raised while it ran; recorded against the rule, the run goes on."""

    def __init__(self, code: str, cause: BaseException) -> None:
        self.code = code
        self.cause = cause
        super().__init__(f"rule {code} failed: {type(cause).__name__}: {cause}")


class ModelError(RootcauseError):
    """A saved model could not be loaded: missing, corrupt, or holding types we do not trust.

    ``path`` is the file; ``untrusted`` the type names refused, if that was the reason.
    """

    def __init__(self, message: str, *, path: str, untrusted: Iterable[str] = ()) -> None:
        self.path = path
        self.untrusted = tuple(untrusted)
        super().__init__(f"{path}: {message}")
