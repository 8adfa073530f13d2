"""hwclass: which new hardware does a commit range support, and in what category?

The package is a library first and a command-line tool second: every stage of
the pipeline (scan, detect, name, categorise, report) is a module that can be
imported and called on its own; :mod:`hwclass.cli` only parses options.
"""

__version__ = "0.1.0"
