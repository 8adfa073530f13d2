"""``python -m hwclass``: the same command line as ``hwclass``."""

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
