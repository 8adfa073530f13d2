"""Scan a commit range in one streamed pass over git.

One ``git log --no-merges --raw -z --no-renames --no-abbrev`` process lists the
range (:class:`GitLog`: started as soon as the range is known, a thread
reading its output ahead of the parser); one persistent ``git cat-file --batch`` reads the few blobs the
detectors ask for.  Requests are pipelined: the caller names the blobs a
chunk of commits will need (:meth:`Scanner.prefetch`), they are written to
cat-file in one go and read back in one go, so a blob costs a read, not a
round trip.  No subprocess per commit, no ``Commit.stats``.  Both processes
are started through GitPython with argument lists, never a shell.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .errors import RepositoryError, RevisionError

NULL_SHA = "0" * 40
#: The null object id of each object format git has: SHA-1 and SHA-256 repositories.
NULL_IDS = frozenset((NULL_SHA, "0" * 64))

#: What ``git log`` prints before each commit: a marker, sha, parents, subject, body.
_LOG_FORMAT = "%x01%H %P%x00%s%x00%b%x00"
_READ_SIZE = 1 << 20
#: Requests written to cat-file before reading its answers: at most this many,
#: and at most half a pipe's 64 KiB of names, so our write never waits for git
#: while git waits for us to read (``rev:path`` names are long).
_BATCH_REQUESTS = 1000
_BATCH_BYTES = 32 * 1024
#: Keep decisions remembered per (status, path) while a log streams past.
_KEEP_CACHE = 200_000
_UNSEEN = object()


@dataclass
class FileChange:
    """One line of ``git log --raw``: a file added (A), modified (M), deleted (D)..."""

    status: str
    path: str
    old_blob: str | None
    new_blob: str | None

    @property
    def added(self) -> bool:
        return self.status == "A"

    @property
    def deleted(self) -> bool:
        return self.status == "D"


@dataclass
class Commit:
    sha: str
    parents: list[str]
    subject: str
    body: str
    changes: list[FileChange] = field(default_factory=list)
    order: int = 0            # position in the stream: 0 is the newest commit


#: Decides which file changes a caller wants kept: ``keep(status, path)``.
ChangeFilter = Callable[[str, str], bool]


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _is_gitlink(meta: bytes) -> bool:
    """Whether a raw line (``:160000 160000 <old> <new> M``) is a submodule's, not a file's."""
    return b"160000" in meta[:15]


def _file_change(meta: bytes, path: str) -> FileChange:
    """The change a raw line's meta (``:100644 100644 <old> <new> M``) says of ``path``."""
    parts = meta[1:].split(b" ")
    old_blob = parts[2].decode("ascii") if len(parts) > 2 else None
    new_blob = parts[3].decode("ascii") if len(parts) > 3 else None
    return FileChange(chr(meta[-1]), path, None if old_blob in NULL_IDS else old_blob,
                      None if new_blob in NULL_IDS else new_blob)


def _raw_changes(tokens: list[bytes]) -> Iterator[FileChange]:
    """File changes from the NUL-split tokens of ``git diff --raw -z --no-renames``
    (a raw line's meta, then its path); submodules left out."""
    meta = None
    for tok in tokens:
        if meta is None:
            tok = tok.lstrip(b"\n")
            meta = tok if tok.startswith(b":") else None
            continue
        if not _is_gitlink(meta):
            yield _file_change(meta, _decode(tok))
        meta = None


def open_repository(path: str | os.PathLike | None = None):
    """Open the repository holding ``path`` (any folder inside a work tree, or a bare repository)."""
    try:
        import git  # GitPython: imported here so `hwclass --help` stays fast
    except ImportError as exc:   # GitPython refuses to load without a git executable
        if "git executable" in str(exc).lower() or "refresh" in str(exc).lower():
            raise RepositoryError("git is not installed or not on PATH (hwclass runs git)") from None
        raise

    path = os.fspath(path or os.getcwd())
    if not os.path.exists(path):
        raise RepositoryError(f"{path}: no such folder")
    if not os.path.isdir(path):
        raise RepositoryError(f"{path}: not a folder")
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except git.exc.InvalidGitRepositoryError:
        raise RepositoryError(f"{path}: not a git repository (or any of its parents)") from None
    except git.exc.NoSuchPathError:
        raise RepositoryError(f"{path}: no such folder") from None
    except (git.exc.GitError, OSError) as exc:
        raise RepositoryError(f"{path}: cannot open repository: {exc}") from None
    return repo


def check_revision_args(ranges: Iterable[str]) -> list[str]:
    """Refuse anything git could read as an option; return the ranges as a list."""
    out = []
    for r in ranges:
        if not r or not r.strip():
            raise RevisionError("empty revision argument")
        if r.startswith("-"):
            raise RevisionError(f"{r!r}: a revision range may not start with '-'")
        if "\0" in r or "\n" in r:
            raise RevisionError(f"{r!r}: not a revision")
        out.append(r)
    if not out:
        raise RevisionError("no revision range given (for example v6.11..v6.12)")
    return out


#: Linux's F_SETPIPE_SZ: a pipe of 1 MiB (the default maximum) instead of 64 KiB
#: lets a git process write that far ahead of the reader.
_F_SETPIPE_SZ = 1031
_PIPE_SIZE = 1 << 20


def _widen_pipe(fileobj) -> None:
    """Best effort: a larger pipe buffer where the system allows one."""
    try:
        import fcntl
        fcntl.fcntl(fileobj.fileno(), _F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, OSError, ValueError, AttributeError):
        pass


def _git_failure_line(exc) -> str:
    stderr = getattr(exc, "stderr", "") or ""
    if isinstance(stderr, bytes):
        stderr = _decode(stderr)
    lines = [_unwrap(ln.strip()) for ln in str(stderr).splitlines() if ln.strip()]
    for ln in lines:
        if ln.lower().startswith(("fatal:", "error:")):
            return ln
    return lines[0] if lines else str(exc).splitlines()[0]


def _unwrap(line: str) -> str:
    """GitPython's ``stderr: '<git's line>'`` back to git's line, its own quotes kept."""
    if line.startswith("stderr: '") and line.endswith("'"):
        return line[len("stderr: '"):-1]
    return line


class CatFile:
    """One ``git cat-file --batch`` conversation: names in, (object id, content) out.

    Requests are pipelined (written in one go under a pipe's capacity, answers
    read back in one go); one conversation at a time, whichever thread asks."""

    def __init__(self, repo):
        self.repo = repo
        self._cat_file = None
        self._answers = None   # cat-file's answers, through a large buffer (see start)
        self._conversation = threading.Lock()
        self.blobs_read = 0

    def start(self):
        """Start git (once); returns its process."""
        if self._cat_file is None:
            self._cat_file = self.repo.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
            out = self._cat_file.proc.stdout
            _widen_pipe(out)
            # Answers are read through a 1 MiB buffer (and pipe): a blob is mostly
            # copied out of it without a system call.  With subprocess's 8 KiB one,
            # every 24 KB Kconfig took a few reads, each giving up Python's GIL, and
            # the thread reading ahead then waited for the busy main thread to hand
            # it back (up to a switch interval, 5 ms) before it could go on.
            self._answers = open(out.fileno(), "rb", buffering=_READ_SIZE, closefd=False)
        return self._cat_file.proc

    def close(self) -> None:
        if self._cat_file is None:
            return
        proc = self._cat_file.proc
        try:
            proc.stdin.close()
        except OSError:  # pragma: no cover
            pass
        try:
            proc.kill()
        except OSError:  # pragma: no cover
            pass
        proc.wait()
        self._cat_file = None
        if self._answers is not None:
            self._answers.close()   # the buffer only: the pipe is subprocess's to close
            self._answers = None

    def objects(self, names: list[str]) -> dict[str, tuple[str, bytes] | None]:
        """Read objects named by id or ``rev:path``, pipelined: name -> (object id,
        content), or None when git has no such object."""
        out: dict[str, tuple[str, bytes] | None] = {}
        batch: list[str] = []
        size = 0
        for name in names:
            if batch and (len(batch) >= _BATCH_REQUESTS or size + len(name) + 1 > _BATCH_BYTES):
                out.update(self._objects(batch))
                batch, size = [], 0
            batch.append(name)
            size += len(name.encode("utf-8", "surrogateescape")) + 1
        if batch:
            out.update(self._objects(batch))
        return out

    def _objects(self, names: list[str]) -> dict[str, tuple[str, bytes] | None]:
        """One write of requests (under a pipe's capacity), then the answers in one go."""
        with self._conversation:
            return self._converse(names)

    def _converse(self, names: list[str]) -> dict[str, tuple[str, bytes] | None]:
        proc = self.start()
        out: dict[str, tuple[str, bytes] | None] = {}
        try:
            proc.stdin.write("".join(f"{name}\n" for name in names).encode("utf-8", "surrogateescape"))
            proc.stdin.flush()
            read = self._answers.read
            readline = self._answers.readline
            for name in names:
                header = readline()
                parts = header.split()
                if len(parts) != 3 or not parts[2].isdigit():   # "<name> missing", or git died
                    if not header:
                        raise OSError("git cat-file ended")
                    out[name] = None
                    continue
                size = int(parts[2])
                out[name] = (parts[0].decode("ascii"), read(size))
                read(1)   # the line feed after the content (read apart: no copy of the content)
        except (OSError, ValueError) as exc:
            raise RepositoryError(f"cannot read objects through git cat-file: {exc}") from None
        self.blobs_read += len(names)
        return out


class GitLog:
    """A running ``git log``, read in chunks of bytes by :meth:`chunks`.

    A thread reads what git writes as it writes it, into memory, while the
    parser keeps up: git walks the range while Python still imports and sets
    up the detectors (0.05-0.1 s), and it does not wait on a full pipe while
    the parser waits for blobs from cat-file (0.2 s in all on a merge window,
    in stops of a few milliseconds each; with the pipe alone a merge window's
    log took 0.75 s instead of the 0.61 s git needs on its own).  Once the
    parser is :data:`HOLD_MAX` bytes behind (a long range, where Python and
    not git sets the pace), the thread stops and the parser reads the pipe
    itself, as it would without the thread: memory does not grow with it."""

    #: The most of git's output held ahead of the parser (git writes a merge
    #: window's log at 10-15 MB/s; a stop of the parser is a few ms).  1 MB
    #: was slower on h100k mw..end (1.06 of 4 MB's time over 10 pairs).
    HOLD_MAX = 4 << 20
    #: What the thread reads at a time: pieces of 1 MB, made in one thread and
    #: freed in another, left the process 16 MB larger at its peak on h300k
    #: base..end (278 MB against 262 MB); pieces of 64 KB, 5-8 MB larger, as
    #: fast.
    READ_SIZE = 64 << 10

    def __init__(self, process):
        self.process = process          # GitPython's handle; .proc is the Popen
        self._out = process.proc.stdout
        _widen_pipe(self._out)
        self._held: deque[bytes] = deque()
        self._held_bytes = 0
        self._eof = False               # git's output has ended
        self._reading = True            # the thread still reads the pipe
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, name="hwclass-log", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        cond = self._cond
        try:
            while True:
                with cond:
                    if self._held_bytes >= self.HOLD_MAX:
                        return   # the parser is behind: it reads the pipe itself from here on
                data = self._out.read1(self.READ_SIZE)
                if not data:
                    self._eof = True
                    return
                with cond:
                    self._held.append(data)
                    self._held_bytes += len(data)
                    cond.notify_all()
        except (OSError, ValueError):   # the pipe closed under it: an end
            self._eof = True
        finally:
            with cond:
                self._reading = False
                cond.notify_all()

    def chunks(self) -> Iterator[bytes]:
        """What git writes, in order, until it ends."""
        cond = self._cond
        while True:
            with cond:
                while not self._held and self._reading:
                    cond.wait()
                if not self._held:
                    break
                data = self._held.popleft()
                self._held_bytes -= len(data)
            yield data
        if self._eof:
            return
        while True:   # the thread has stopped: the pipe, directly
            data = self._out.read(_READ_SIZE)
            if not data:
                return
            yield data

    def finish(self) -> None:
        """Wait for git; :class:`RevisionError` with its first line when it failed."""
        proc = self.process.proc
        code = proc.wait()
        if code != 0:
            err = _decode(proc.stderr.read() if proc.stderr else b"")
            line = next((ln for ln in err.splitlines() if ln.strip()), f"git log exited {code}")
            raise RevisionError(line.strip())

    def close(self) -> None:
        """End git (if it still runs), and so the thread reading it: with git
        gone, its read finds the pipe's end."""
        proc = self.process.proc
        try:
            proc.kill()
        except OSError:
            pass
        proc.wait()
        self._thread.join()


class Scanner:
    """A repository opened for one scan: the log stream and the blob reader.

    Use as a context manager so both git processes end with it::

        with Scanner(repo_dir) as scanner:
            for commit in scanner.commits(["v6.11..v6.12"]):
                ...
    """

    def __init__(self, repo_path: str | os.PathLike | None = None):
        self.repo = open_repository(repo_path)
        self.shallow_commits = self._read_shallow()
        self._cat_file = CatFile(self.repo)
        self._side_readers: list[CatFile] = []
        self._prefetched: dict[str, bytes | None] = {}
        self._reader = None   # the read-ahead thread (concurrent.futures), made when first needed
        self._logs: list[GitLog] = []

    # -- lifecycle -------------------------------------------------------
    def close(self) -> None:
        if self._reader is not None:
            self._reader.shutdown(wait=True, cancel_futures=True)
            self._reader = None
        for log in self._logs:
            log.close()
        self._logs = []
        for cat_file in [self._cat_file, *self._side_readers]:
            cat_file.close()
        self._side_readers = []
        try:
            self.repo.close()
        except Exception:  # pragma: no cover - best effort
            pass

    def __enter__(self) -> "Scanner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- facts about the repository --------------------------------------
    @property
    def git_dir(self) -> str:
        return self.repo.git_dir

    @property
    def work_tree(self) -> str | None:
        return None if self.repo.bare else self.repo.working_tree_dir

    def _read_shallow(self) -> set[str]:
        shallow = os.path.join(self.repo.common_dir, "shallow")
        try:
            with open(shallow, encoding="ascii", errors="replace") as fh:
                return {ln.strip() for ln in fh if ln.strip()}
        except OSError:
            return set()

    def has_commits(self) -> bool:
        import git
        try:
            self.repo.git.rev_parse("--verify", "--quiet", "HEAD")
            return True
        except git.exc.GitCommandError:
            # No HEAD: an empty repository, unless some other ref exists.
            try:
                return bool(self.repo.git.for_each_ref("--count=1", "refs/").strip())
            except git.exc.GitCommandError:
                return False

    def resolve(self, ranges: Iterable[str]) -> list[str]:
        """Check that every range names known revisions; return git's reading of them."""
        import git
        ranges = check_revision_args(ranges)
        try:
            out = self.repo.git.rev_parse(*ranges, "--")
        except git.exc.GitCommandError as exc:
            if not self.has_commits():
                raise RevisionError(f"{self.repo.common_dir}: the repository has no commits yet") from None
            bad = _git_failure_line(exc)
            raise RevisionError(f"unknown revision in {' '.join(ranges)}: {bad}") from None
        return [ln for ln in out.splitlines() if ln and ln != "--"]

    def count(self, ranges: list[str]) -> int:
        """How many non-merge commits the range holds (for progress bars)."""
        out = self.repo.git.rev_list("--no-merges", "--count", *ranges, "--")
        return int(out.strip() or 0)

    # -- reading ---------------------------------------------------------
    @property
    def blobs_read(self) -> int:
        return self._cat_file.blobs_read

    def objects(self, names: list[str]) -> dict[str, tuple[str, bytes] | None]:
        """Read objects named by id or ``rev:path``, pipelined: name -> (object id,
        content), or None when git has no such object."""
        return self._cat_file.objects(names)

    def side_reader(self) -> "CatFile":
        """A second ``git cat-file --batch`` (started now, ended with the scanner)
        for a thread that reads while the scanner's own reader serves the scan."""
        reader = CatFile(self.repo)
        reader.start()
        self._side_readers.append(reader)
        return reader

    def changes_between(self, start: str, end: str, keep: ChangeFilter | None = None) -> list[FileChange]:
        """The files that differ between two revisions (``git diff --raw``), with
        their blob ids at ``start`` (old) and ``end`` (new); only those
        ``keep(status, path)`` accepts, when given."""
        out = self.repo.git.diff("--raw", "-z", "--no-renames", "--no-abbrev", "--no-ext-diff",
                                 "--no-textconv", start, end, "--", stdout_as_string=False)
        return [ch for ch in _raw_changes(out.split(b"\0")) if keep is None or keep(ch.status, ch.path)]

    def _request(self, shas: list[str]) -> dict[str, bytes | None]:
        return {sha: (None if got is None else got[1]) for sha, got in self.objects(shas).items()}

    def files_at(self, where: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, bytes] | None]:
        """Files as they are at revisions, pipelined: (rev, path) -> (blob id,
        content), or None when there is no such file (or the path cannot be
        named to cat-file: it holds a line break)."""
        where = list(dict.fromkeys(where))
        names = {key: f"{key[0]}:{key[1]}" for key in where if "\n" not in key[1] and "\r" not in key[1]}
        got = self.objects(list(names.values()))
        return {key: got[names[key]] if key in names else None for key in where}

    def read_paths(self, rev: str, paths: list[str]) -> dict[str, bytes | None]:
        """``paths`` as they are at ``rev``: path -> content, or None where there is no such file."""
        got = self.files_at((rev, path) for path in paths)
        return {path: (None if got[(rev, path)] is None else got[(rev, path)][1]) for path in paths}

    def kconfig_defining(self, rev: str, symbol: str) -> str | None:
        """The first Kconfig file (git's path order) that has an entry for
        ``symbol`` at ``rev``, found by one ``git grep``; None where none has.
        For a symbol defined far from the sources it builds (ARCH_TEGRA, in
        arch/, builds drivers/soc/tegra/fuse/)."""
        import git
        if not re.fullmatch(r"[A-Za-z0-9_]+", symbol):
            return None
        try:
            out = self.repo.git.grep("-l", "-E", "-e", rf"^[[:space:]]*(menu)?config[[:space:]]+{symbol}[[:space:]]*$",
                                     rev, "--", "*Kconfig*")
        except git.exc.GitCommandError:   # no match (exit 1), or no such revision
            return None
        first = out.splitlines()[0] if out else ""
        return first[len(rev) + 1:] if first.startswith(rev + ":") else None

    def read_path(self, rev: str, path: str) -> tuple[str, bytes] | None:
        """``path`` as it is at ``rev``: (blob id, content), or None when there is no such file."""
        return self.files_at([(rev, path)])[(rev, path)]

    def _unheld(self, shas: Iterable[str | None]) -> list[str]:
        """``shas`` once each, without empty or null ids and those already held."""
        return [s for s in dict.fromkeys(shas) if s and s not in NULL_IDS and s not in self._prefetched]

    def _hold(self, got: dict[str, tuple[str, bytes] | None]) -> list[str]:
        """Keep what a read got in memory; the names that were not held before."""
        fresh = [name for name in got if name not in self._prefetched]
        for name in fresh:
            found = got[name]
            self._prefetched[name] = None if found is None else found[1]
        return fresh

    def prefetch(self, shas: Iterable[str | None]) -> None:
        """Read ``shas`` now, pipelined; :meth:`blob` then answers from memory until :meth:`forget`."""
        self._hold(self.objects(self._unheld(shas)))

    def forget(self, shas: Iterable[str | None] | None = None) -> None:
        """Drop the prefetched blobs, or only ``shas`` (memory stays bounded by one chunk of commits)."""
        if shas is None:
            self._prefetched.clear()
            return
        for sha in shas:
            self._prefetched.pop(sha, None)

    @contextlib.contextmanager
    def _holding(self, got: dict[str, tuple[str, bytes] | None]):
        fresh = self._hold(got)
        try:
            yield
        finally:
            self.forget(fresh)

    @contextlib.contextmanager
    def holding(self, shas: Iterable[str | None]):
        """Blobs held in memory for a block of work: ``with scanner.holding(shas): ...``.

        Those already held (a caller's prefetch) are not read again and are
        still held after the block; those read for it are dropped after it.
        """
        with self._holding(self.objects(self._unheld(shas))):
            yield

    def read_ahead(self, shas: Iterable[str | None]):
        """Start reading ``shas`` in a background thread while the caller works on;
        :meth:`holding_read` then holds what it read.  git inflates the next
        block's blobs while Python parses this one."""
        if self._reader is None:
            from concurrent.futures import ThreadPoolExecutor
            self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hwclass-cat-file")
        todo = list(dict.fromkeys(s for s in shas if s and s not in NULL_IDS))
        if todo:
            self._cat_file.start()   # cat-file is the caller's child, not the reading thread's
        return self._reader.submit(self.objects, todo)

    def holding_read(self, read):
        """Hold the blobs a :meth:`read_ahead` read (waiting for it) for a block of work;
        those already held before are left as they were."""
        return self._holding(read.result())

    def blob(self, sha: str | None) -> bytes:
        """The content of one blob: prefetched, or read now through the persistent cat-file."""
        if not sha or sha in NULL_IDS:
            return b""
        data = self._prefetched[sha] if sha in self._prefetched else self._request([sha])[sha]
        if data is None:  # a missing object in a partial/shallow clone
            raise RepositoryError(f"cannot read object {sha}: missing from the repository")
        return data

    def start_log(self, ranges: list[str], extra_args: Iterable[str] = ()) -> "GitLog":
        """Start listing ``ranges`` now (see :class:`GitLog`): git walks the range
        while the caller sets up; :meth:`commits` then reads it.  The log ends
        with the scanner if it is never read."""
        ranges = check_revision_args(ranges)
        args = ["--no-merges", "--raw", "-z", "--no-renames", "--no-abbrev",
                "--no-color", "--no-ext-diff", "--no-textconv", f"--format={_LOG_FORMAT}",
                *extra_args, *ranges, "--"]
        log = GitLog(self.repo.git.log(*args, as_process=True))
        self._logs.append(log)
        return log

    def commits(self, ranges: "list[str] | GitLog", keep: ChangeFilter | None = None,
                extra_args: Iterable[str] = ()) -> Iterator[Commit]:
        """Stream the non-merge commits of ``ranges`` (or of a log :meth:`start_log`
        started), newest first.

        ``keep(status, path)`` selects which file changes are kept on each commit
        (all when None); the rest are dropped as they stream past, so memory
        does not grow with the size of the range.
        """
        log = ranges if isinstance(ranges, GitLog) else self.start_log(ranges, extra_args)
        try:
            yield from self._parse_log(log.chunks(), keep)
            log.finish()
        finally:
            log.close()
            if log in self._logs:
                self._logs.remove(log)

    def _parse_log(self, chunks: Iterable[bytes], keep: ChangeFilter | None) -> Iterator[Commit]:
        shallow = self.shallow_commits
        commit: Commit | None = None
        order = 0
        pending = b""
        # State of the token machine: "header", "subject", "body", "raw"
        # ("path" waits for the path of a raw line).
        state = "header"
        raw_meta: bytes | None = None
        kept: dict[bytes, str | None] = {}
        for chunk in chunks:
            tokens = (pending + chunk).split(b"\0")
            pending = tokens.pop()
            for tok in tokens:
                if state == "path":
                    state = "raw"
                    meta = raw_meta
                    if commit is None or meta is None:
                        continue
                    if _is_gitlink(meta):
                        continue  # a submodule, not a file: nothing to read
                    # Most changes are dropped; the same paths come again and again,
                    # so the decision (and the decoded path) is remembered by raw bytes.
                    key = meta[-1:] + tok
                    path = kept.get(key, _UNSEEN)
                    if path is _UNSEEN:
                        path = _decode(tok)
                        if keep is not None and not keep(chr(meta[-1]), path):
                            path = None
                        if len(kept) >= _KEEP_CACHE:
                            kept.clear()
                        kept[key] = path
                    if path is not None:
                        commit.changes.append(_file_change(meta, path))
                    continue
                if state == "raw" or state == "header":
                    t = tok.lstrip(b"\n")
                    if t.startswith(b":"):
                        raw_meta = t
                        state = "path"
                        continue
                    if t.startswith(b"\x01"):
                        if commit is not None:
                            yield commit
                        head = t[1:].decode("ascii", "replace").split()
                        sha = head[0] if head else ""
                        if sha in shallow:
                            raise RevisionError(
                                f"the range reaches {sha[:12]}, the edge of this shallow clone: "
                                "deepen it (git fetch --deepen / --unshallow) or give a shorter range")
                        commit = Commit(sha=sha, parents=head[1:], subject="", body="", order=order)
                        order += 1
                        state = "subject"
                        continue
                    continue  # the empty token git puts after the body
                if state == "subject":
                    if commit is not None:
                        commit.subject = _decode(tok).strip()
                    state = "body"
                    continue
                if state == "body":
                    if commit is not None:
                        commit.body = _decode(tok).strip()
                    state = "raw"
                    continue
        if commit is not None:
            yield commit
