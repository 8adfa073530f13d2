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
