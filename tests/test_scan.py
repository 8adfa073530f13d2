"""The scanner's git conversation: one log stream, one pipelined cat-file."""

from __future__ import annotations

import threading

from hwclass.scan import Scanner


def test_thousands_of_long_object_names_are_read_without_deadlock(kernel_repo):
    # Names of files at a revision are long; written all at once they would fill
    # the pipe to git while git waits for its answers to be read.
    kernel_repo.write("drivers/misc/" + "x" * 150 + ".c", "int x;\n")
    kernel_repo.commit("misc: a file with a long name")
    long_name = "HEAD:drivers/misc/" + "x" * 150 + ".c"
    names = [long_name] + [f"HEAD:drivers/misc/{'y' * 200}{i}.c" for i in range(3000)]
    result = {}

    def read():
        with Scanner(kernel_repo.path) as scanner:
            result.update(scanner.objects(names))

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(60)
    assert not t.is_alive(), "reading objects from git hung"
    assert result[long_name][1] == b"int x;\n"
    assert sum(v is None for v in result.values()) == 3000   # the missing ones, each answered


def test_prefetched_blobs_are_served_without_asking_git_again(kernel_repo):
    kernel_repo.write("drivers/misc/a.c", "int a;\n")
    kernel_repo.commit("misc: add a")
    with Scanner(kernel_repo.path) as scanner:
        blob = kernel_repo.repo.git.rev_parse("HEAD:drivers/misc/a.c")
        scanner.prefetch([blob, blob, None])
        asked = scanner.blobs_read
        assert scanner.blob(blob) == b"int a;\n"
        assert scanner.blobs_read == asked
        scanner.forget()
        assert scanner.blob(blob) == b"int a;\n"
        assert scanner.blobs_read == asked + 1


def test_each_kconfig_version_is_read_once_across_a_run_of_edits(kernel_repo):
    # Five commits each add a driver to the same Kconfig file: the new side of
    # an older change is the old side of the newer one, and is read once.
    from hwclass.detect import Detector
    from hwclass.rules import load_rules

    for i in range(5):
        kernel_repo.add_driver("drivers/iio/light", f"LIGHT{i}", f"Light sensor LS{i}00", f"ls{i}00.c")
        kernel_repo.commit(f"iio: light: add LS{i}00 driver")
    with Scanner(kernel_repo.path) as scanner:
        reads: list[str] = []

        def counting_blob(sha):
            reads.append(sha)
            return scanner.blob(sha)

        detector = Detector(counting_blob, load_rules(), holding=scanner.holding)
        for commit in scanner.commits(["v1.0..HEAD"], keep=detector.keep):
            detector.feed(commit)
        kconfig_blobs = {blob for c in scanner.commits(["v1.0..HEAD"]) for ch in c.changes
                         if ch.path.endswith("Kconfig") for blob in (ch.old_blob, ch.new_blob)}
        kconfig_reads = [sha for sha in reads if sha in kconfig_blobs]
        assert len(kconfig_reads) == len(set(kconfig_reads)) == 6   # 6 versions, each once
        names = sorted(it.hardware for it in detector.items())
    assert names == [f"Light sensor LS{i}00" for i in range(5)]


def test_blobs_read_ahead_are_held_and_a_read_meanwhile_still_answers(kernel_repo):
    kernel_repo.write("drivers/misc/a.c", "int a;\n")
    kernel_repo.write("drivers/misc/b.c", "int b;\n")
    kernel_repo.commit("misc: add a and b")
    git = kernel_repo.repo.git
    a, b = git.rev_parse("HEAD:drivers/misc/a.c"), git.rev_parse("HEAD:drivers/misc/b.c")
    with Scanner(kernel_repo.path) as scanner:
        read = scanner.read_ahead([a, None, a])
        assert scanner.blob(b) == b"int b;\n"      # a read of its own while git reads ahead
        with scanner.holding_read(read):
            asked = scanner.blobs_read
            assert scanner.blob(a) == b"int a;\n"
            assert scanner.blobs_read == asked      # served from what was read ahead
        assert scanner.blob(a) == b"int a;\n"
        assert scanner.blobs_read == asked + 1      # dropped after the block


def test_the_files_that_differ_between_two_revisions_come_with_their_blobs_at_each_end(kernel_repo):
    original = (kernel_repo.path / "drivers/iio/light/ol100.c").read_bytes()
    kernel_repo.write("drivers/misc/new.c", "int n;\n")
    kernel_repo.write("drivers/misc/oldmisc.c", "int changed;\n")
    kernel_repo.commit("misc: add new, change oldmisc")
    kernel_repo.write("drivers/iio/light/ol100.c", "int edited;\n")
    kernel_repo.commit("iio: edit ol100")
    kernel_repo.write("drivers/iio/light/ol100.c", original)
    kernel_repo.commit("iio: edit ol100 back")
    with Scanner(kernel_repo.path) as scanner:
        changes = {ch.path: ch for ch in scanner.changes_between("v1.0", "HEAD")}
        blob_at = kernel_repo.repo.git.rev_parse
        # a file edited and edited back is the same at both ends: not listed
        assert sorted(changes) == ["drivers/misc/new.c", "drivers/misc/oldmisc.c"]
        assert (changes["drivers/misc/new.c"].status, changes["drivers/misc/new.c"].old_blob) == ("A", None)
        assert changes["drivers/misc/new.c"].new_blob == blob_at("HEAD:drivers/misc/new.c")
        assert changes["drivers/misc/oldmisc.c"].status == "M"
        assert changes["drivers/misc/oldmisc.c"].old_blob == blob_at("v1.0:drivers/misc/oldmisc.c")
        # a second cat-file answers while the scanner's own is in use
        side = scanner.side_reader()
        got = side.objects([changes["drivers/misc/oldmisc.c"].new_blob])
        assert list(got.values())[0][1] == b"int changed;\n"


def _misc_commits(kernel_repo, n: int) -> list[str]:
    for i in range(n):
        kernel_repo.write(f"drivers/misc/m{i}.c", f"int m{i};\n")
        kernel_repo.commit(f"misc: add m{i}")
    return kernel_repo.repo.git.log("--format=%H", f"HEAD~{n}..HEAD").split()


def test_a_log_started_before_it_is_read_lists_every_commit_in_order(kernel_repo):
    shas = _misc_commits(kernel_repo, 30)
    with Scanner(kernel_repo.path) as scanner:
        log = scanner.start_log(["HEAD~30..HEAD"])
        log._thread.join(5)   # git has written everything before the reader starts
        commits = list(scanner.commits(log))
    assert [c.sha for c in commits] == shas
    assert commits[0].subject == "misc: add m29"
    assert [ch.path for ch in commits[0].changes] == ["drivers/misc/m29.c"]


def test_a_parser_far_behind_git_reads_the_rest_of_the_log_from_git_itself(kernel_repo, monkeypatch):
    # One commit of 5,000 files lists more than a pipe holds: the thread reading
    # git stops once it holds HOLD_MAX bytes, and the parser reads the rest itself.
    from hwclass.scan import GitLog
    shas = _misc_commits(kernel_repo, 3)
    for i in range(5000):
        kernel_repo.write(f"drivers/misc/{'long-name-' * 15}{i}.c", f"int f{i};\n")
    kernel_repo.commit("misc: add 5,000 files")
    shas.insert(0, kernel_repo.repo.head.commit.hexsha)
    monkeypatch.setattr(GitLog, "HOLD_MAX", 512)
    with Scanner(kernel_repo.path) as scanner:
        log = scanner.start_log(["HEAD~4..HEAD"])
        log._thread.join(10)
        assert not log._thread.is_alive()       # it stopped, holding a bounded part of the log
        assert 512 <= log._held_bytes <= 1 << 20
        commits: list = []
        reader = threading.Thread(target=lambda: commits.extend(scanner.commits(log)), daemon=True)
        reader.start()
        reader.join(60)
        assert not reader.is_alive(), "reading the rest of the log from git hung"
    assert [c.sha for c in commits] == shas
    assert len(commits[0].changes) == 5000


def test_a_log_never_read_ends_with_the_scanner(kernel_repo):
    kernel_repo.write("drivers/misc/a.c", "int a;\n")
    kernel_repo.commit("misc: add a")
    with Scanner(kernel_repo.path) as scanner:
        log = scanner.start_log(["HEAD"])
    assert log.process.proc.poll() is not None     # git is not left running
    assert not log._thread.is_alive()              # nor the thread reading it


def test_a_sha256_repository_gives_no_blob_id_for_the_side_a_change_lacks(tmp_path):
    import git
    import pytest
    try:
        repo = git.Repo.init(tmp_path / "sha256", object_format="sha256")
    except git.exc.GitCommandError:
        pytest.skip("this git makes no SHA-256 repositories")
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Test Developer")
        cw.set_value("user", "email", "dev@example.invalid")
    (tmp_path / "sha256/old.c").write_text("int old;\n")
    repo.git.add("-A")
    repo.git.commit("-q", "-m", "old")
    (tmp_path / "sha256/old.c").unlink()
    (tmp_path / "sha256/new.c").write_text("int new;\n")
    repo.git.add("-A")
    repo.git.commit("-q", "-m", "old -> new")
    with Scanner(repo.working_tree_dir) as scanner:
        for changes in ([c for commit in scanner.commits(["HEAD~1..HEAD"]) for c in commit.changes],
                        scanner.changes_between("HEAD~1", "HEAD")):
            by_path = {ch.path: ch for ch in changes}
            assert (by_path["old.c"].status, by_path["old.c"].new_blob) == ("D", None)
            assert (by_path["new.c"].status, by_path["new.c"].old_blob) == ("A", None)
            assert len(by_path["new.c"].new_blob) == 64
