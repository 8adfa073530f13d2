"""The whole path from a commit range to categorised items, as one library call.

    from hwclass.pipeline import classify_range
    result = classify_range(["v6.11..v6.12"], repo="~/linux")
    for item in result.items:
        print(item.category, item.hardware)
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from .categorise import DEFAULT_MIN_CONFIDENCE, ModelInBackground
from .errors import RevisionError
from .item import HardwareItem
from .scan import GitLog, Scanner

ITEM_TYPES = ("driver", "device", "board")
DEFAULT_TYPES = ("driver", "device")


@dataclass
class ClassifyResult:
    items: list[HardwareItem]
    taxonomy: object
    commits: int = 0
    warnings: list[str] = field(default_factory=list)


def parse_types(value: str | None, boards: bool = False) -> tuple[str, ...]:
    """``--type driver,device`` -> ("driver", "device"); ``--boards`` adds boards."""
    if not value:
        types = list(DEFAULT_TYPES)
    else:
        types = [t.strip() for t in value.split(",") if t.strip()]
        unknown = [t for t in types if t not in ITEM_TYPES]
        if unknown:
            raise RevisionError(f"unknown item type {unknown[0]!r}; choose from {', '.join(ITEM_TYPES)}")
    if boards and "board" not in types:
        types.append("board")
    return tuple(types)


def classify_range(ranges: list[str], repo: str | os.PathLike | None = None, *,
                   rules=None, taxonomy=None, model=None, types=DEFAULT_TYPES,
                   min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                   progress: Callable[[int], None] | None = None,
                   count_commits: Callable[[int], None] | None = None) -> ClassifyResult:
    """Scan ``ranges`` in ``repo`` and return its new hardware, categorised.

    ``rules`` and ``taxonomy`` may be loaded objects, file paths or names
    (None: the shipped ones); ``model`` is an object with
    ``kind_probabilities(items)`` or None.  ``progress(n)`` is called every
    few hundred commits; ``count_commits(total)`` once, before the scan, if
    given (it costs one ``git rev-list --count``).
    """
    with Scanner(repo) as scanner:
        resolved = scanner.resolve(ranges)
        # git walks the range while the detectors' modules are imported and set up
        log = scanner.start_log(resolved)
        from .categorise import categorise
        from .detect import Detector
        from .naming import finish_names
        from .rules import load_rules
        from .taxonomy import load_taxonomy
        if rules is None or isinstance(rules, (str, os.PathLike)):
            rules = load_rules(rules)
        if taxonomy is None or isinstance(taxonomy, (str, os.PathLike)):
            taxonomy = load_taxonomy(taxonomy)
        if count_commits is not None:
            count_commits(scanner.count(resolved))
        ends = range_ends(resolved)
        detector = Detector(scanner.blob, rules, boards="board" in types, holding=scanner.holding,
                            read_at=scanner.read_paths, ends=ends)
        devices = None
        if "device" in types:
            try:
                from .devices import DeviceDetector
            except ImportError:  # device-ID detection not built yet
                DeviceDetector = None
            if DeviceDetector is not None:
                devices = DeviceDetector(scanner, rules, end=None if ends is None else ends[1])
        warming = _ComparingEnds.start(scanner, ends, detector)
        keep = detector.keep if devices is None else (
            lambda s, p: detector.keep(s, p) or devices.keep(s, p))
        feeders = [detector] if devices is None else [detector, devices]
        try:
            n = _stream(scanner, log, keep, feeders, model, progress)
        finally:
            if warming is not None:
                warming.finish()
        if not n and not _range_has_commits(scanner, resolved):
            raise RevisionError(f"empty range: {' '.join(ranges)} holds no commits")
        items = [it for it in detector.items() if it.type in types]
        if devices is not None:
            items = devices.merge_into(items)
        warnings = list(detector.stats.warnings)
    if isinstance(model, ModelInBackground):
        if items or model.started:
            model = model.get()   # a bad model file raises here
        else:
            model.check()         # no item: a missing or unreadable file is refused all the same
            model = None
    categorise(items, rules, taxonomy, model=model, min_confidence=min_confidence)
    finish_names(items)   # vendor and kind noun: "Epson RX8111" -> "Epson RX8111 real-time clock"
    return ClassifyResult(items=items, taxonomy=taxonomy, commits=n, warnings=warnings)


#: Commits whose blobs are read together; a chunk also ends at this many kept changes.
CHUNK_COMMITS = 256
CHUNK_CHANGES = 2000
#: Most blobs held in memory for one chunk, and read ahead for the chunks waiting.
PREFETCH_MAX = 4000
#: Chunks whose blobs git reads while the detectors work on an older one: with
#: one, the main thread waited 0.7-0.8 s for cat-file over h100k base..end;
#: with three, 0.2-0.3 s (0.95-0.99 of the time in three sets of 6 pairs;
#: merge windows: the same, 0.997).
READ_AHEAD_CHUNKS = 3


def _stream(scanner: Scanner, log: GitLog, keep, feeders, model, progress) -> int:
    """Feed the range's commits to the detectors; returns how many there were.
    While the detectors work on one chunk, git reads the blobs of the next ones
    (:data:`READ_AHEAD_CHUNKS`, at most :data:`PREFETCH_MAX` blobs in all)."""
    n = 0
    waiting: deque = deque()   # (chunk, the read of its blobs, how many), oldest first
    reading = 0                # blobs asked for by the chunks waiting
    asked: set[str] = set()
    for chunk in _chunks(scanner.commits(log, keep=keep)):
        wanted = [sha for commit in chunk for f in feeders for sha in f.blobs_wanted(commit)]
        if len(wanted) > PREFETCH_MAX:
            wanted = []   # a huge commit: the detectors read it a slice at a time themselves
        # what the chunk before asked for is held by the detectors' caches or read again
        wanted = [sha for sha in dict.fromkeys(wanted) if sha not in asked]
        waiting.append((chunk, scanner.read_ahead(wanted), len(wanted)))
        reading += len(wanted)
        asked = set(wanted)
        while len(waiting) > READ_AHEAD_CHUNKS or len(waiting) > 1 and reading > PREFETCH_MAX:
            oldest, read, count = waiting.popleft()
            reading -= count
            n += _feed(scanner, feeders, oldest, read, progress)
            _start_if_candidates(model, feeders)   # load it while the rest of the range streams past
    while waiting:
        oldest, read, _count = waiting.popleft()
        n += _feed(scanner, feeders, oldest, read, progress)
        _start_if_candidates(model, feeders)   # while the detectors resolve the range
    return n


class _ComparingEnds:
    """:meth:`Detector.warm` in a thread while git lists the range's commits.

    For a range with one start and one end (``A..B``) the detector compares
    the Kconfig and build files that differ between the two after the stream;
    this starts that while Python mostly waits for ``git log``, reading
    through a second cat-file (the scanner's own serves the stream).  What it
    has not done when the stream ends is done then, as without it."""

    def __init__(self, scanner: Scanner, ends: tuple[str, str], detector):
        import threading
        self.stop = threading.Event()
        self.objects = scanner.side_reader().objects   # git started here: the caller's child
        self.scanner, self.ends, self.detector = scanner, ends, detector
        self.thread = threading.Thread(target=self._run, name="hwclass-ends", daemon=True)
        self.thread.start()

    @classmethod
    def start(cls, scanner: Scanner, ends, detector) -> "_ComparingEnds | None":
        if ends is None or ends[0] is None:
            return None   # several ends, or no start: nothing to compare
        return cls(scanner, ends, detector)

    def _run(self) -> None:
        try:
            changes = self.scanner.changes_between(*self.ends, keep=self.detector.compared_at_ends)
            self.detector.warm(changes, self.objects, self.stop)
        except Exception:   # noqa: BLE001 - what it did not compare is compared at the end
            pass

    def finish(self) -> None:
        """Stop between slices and wait for the thread."""
        self.stop.set()
        self.thread.join()


def _feed(scanner: Scanner, feeders, chunk, read, progress) -> int:
    """Feed one chunk of commits to the detectors, its blobs held; returns its size."""
    with scanner.holding_read(read):
        for commit in chunk:
            for f in feeders:
                f.feed(commit)
    if progress is not None:
        progress(len(chunk))
    return len(chunk)


def _start_if_candidates(model, feeders) -> None:
    """Start loading a model in the background once a detector holds a candidate item."""
    if isinstance(model, ModelInBackground) and not model.started and any(f.has_candidates() for f in feeders):
        model.start()


def _chunks(commits):
    """Group a commit stream into chunks (bounded by commits and by kept file changes)."""
    chunk: list = []
    changes = 0
    for commit in commits:
        chunk.append(commit)
        changes += len(commit.changes)
        if len(chunk) >= CHUNK_COMMITS or changes >= CHUNK_CHANGES:
            yield chunk
            chunk, changes = [], 0
    if chunk:
        yield chunk


def range_ends(resolved: list[str]) -> tuple[str | None, str] | None:
    """(start, end) of a range git reads as one end less at most one start
    (``A..B``, ``B ^A``, ``B``: start None); None for others (``A...B``,
    several ends or starts), whose files have no one start and end."""
    ends = [r for r in resolved if not r.startswith("^")]
    starts = [r[1:] for r in resolved if r.startswith("^")]
    if len(ends) != 1 or len(starts) > 1:
        return None
    return (starts[0] if starts else None), ends[0]


def _range_has_commits(scanner: Scanner, resolved: list[str]) -> bool:
    """A range of merges only is not empty; one of no commits at all is."""
    out = scanner.repo.git.rev_list("--max-count=1", *resolved, "--")
    return bool(out.strip())
