"""Reading a model file's bytes, with the refusals that need nothing heavy.

``hwclass.textmodel`` parses what this reads; ``classify`` uses it alone to
refuse a missing or unreadable ``--model`` when a range has no candidate
item and the model itself (numpy and all) is never loaded; and, before the
model's first import of numpy, :func:`import_numpy_for_prediction`.
"""

from __future__ import annotations

import os
import sys

from .errors import ModelFileError

#: The variable OpenBLAS reads, once, when numpy loads it.
_BLAS_THREADS = "OPENBLAS_NUM_THREADS"


def import_numpy_for_prediction() -> None:
    """Import numpy with OpenBLAS on one thread, where numpy is not loaded yet
    and the environment does not choose a number of threads itself.

    Prediction multiplies a few hundred feature rows: OpenBLAS's worker
    threads cost more to start (numpy's import took 0.08-0.13 s of CPU instead
    of 0.04 s) and to spin after each product than they save, and their CPU is
    taken from the ``git`` processes classify runs beside them.  The variable
    is set for the import only, so processes started later inherit the
    caller's environment unchanged.  Training, which multiplies large
    matrices, does not call this."""
    if "numpy" in sys.modules:
        return
    chosen = _BLAS_THREADS in os.environ
    if not chosen:
        os.environ[_BLAS_THREADS] = "1"
    try:
        import numpy  # noqa: F401
    finally:
        if not chosen:
            os.environ.pop(_BLAS_THREADS, None)


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
