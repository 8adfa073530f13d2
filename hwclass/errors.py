"""The project's own exceptions, and the exit code each one maps to.

Every error a user can cause (bad repository, bad revision, malformed YAML,
corrupt model file, ...) is a :class:`HwclassError`.  ``cli.py`` maps them to
exit codes in one place; library code never calls ``sys.exit``.
"""

from __future__ import annotations

#: Exit codes, documented in README.md and in ``hwclass --help``.
EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class HwclassError(Exception):
    """Base class: bad input or an environment hwclass cannot work in (exit 2)."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # one line, always
        return " ".join(str(self.message).split())


class RepositoryError(HwclassError):
    """The path is not a git repository, or git cannot read it."""


class RevisionError(HwclassError):
    """An unknown revision, an empty range, a range beyond a shallow clone."""


class FileFormatError(HwclassError):
    """A file the user gave (rules, taxonomy, data, expectations, config) is malformed.

    ``path`` and ``line`` (1-based, or None) say where.
    """

    def __init__(self, path, message: str, line: int | None = None):
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.line = line
        self.reason = message


class ModelFileError(FileFormatError):
    """A model file that is corrupt, truncated, of another format, or not JSON."""


class KconfigError(HwclassError):
    """Raised by the Kconfig parser only for input it cannot even read as text."""


class CheckFailed(HwclassError):
    """A check ran and found a mismatch (exit 1)."""

    exit_code = EXIT_CHECK_FAILED
