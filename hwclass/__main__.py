"""``python -m hwclass`` and the ``hwclass`` console script.

:func:`run` is the console script's entry point: it turns Ctrl-C into exit
130 and one line even while the command line is still being imported (a
library import never changes signal handling; this only runs for the tool).
"""

import sys


def run() -> None:
    try:
        from .cli import main
    except KeyboardInterrupt:
        sys.stderr.write("hwclass: interrupted\n")
        sys.exit(130)
    try:
        main()
    except KeyboardInterrupt:   # between click's own handlers
        sys.stderr.write("hwclass: interrupted\n")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    run()
