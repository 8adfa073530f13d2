"""Reading a model file's bytes, with the refusals that need nothing heavy.

``hwclass.textmodel`` parses what this reads; ``classify`` uses it alone to
refuse a missing or unreadable ``--model`` when a range has no candidate
item and the model itself (numpy and all) is never loaded.
"""

from __future__ import annotations

import os

from .errors import ModelFileError


def read_model_file(path: str | os.PathLike) -> bytes:
    """The bytes of a model file; :class:`ModelFileError` (one line, with the
    path) when it is missing, a folder or unreadable."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise ModelFileError(path, "no such model file") from None
    except IsADirectoryError:
        raise ModelFileError(path, "is a folder, not a model file") from None
    except OSError as exc:
        raise ModelFileError(path, f"cannot read model file: {exc.strerror or exc}") from None
