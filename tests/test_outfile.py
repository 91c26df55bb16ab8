"""Where -o/--output, --report and --plot write: regular files atomically with their mode kept, links
followed, devices and pipes written through (a full one is an error), directories refused; a failed write
changes nothing and leaves no temporary file."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest
from conftest import MINI

from solver import outfile
from solver.cli import main
from solver.errors import InputError


@pytest.fixture
def scenario(tmp_path) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(f'name = "t"\ncatalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 6000\n')
    return path


def device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device to write to: a node of our own as root (so a regression could never replace the
    system's), else the system's own /dev/null or /dev/full."""
    if os.geteuid() == 0:
        node = tmp_path / name
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
        return node
    return Path("/dev") / name


def run(cli, *args) -> tuple[int, str, str]:
    """The command run in-process: writing a file may fail, but never with a traceback."""
    code, out, err = cli(*args)
    assert "Traceback" not in err and "Internal error" not in err, err
    return code, out, err


def test_a_regular_file_is_replaced_whole_and_keeps_its_mode(cli, scenario, tmp_path):
    target = tmp_path / "private.json"
    target.write_text("old\n")
    target.chmod(0o600)
    code, _, err = run(cli, "frontier", scenario, "--format", "json", "-o", target)
    assert code == 0 and f"Wrote {target}" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text().startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["private.json", "s.toml"]


def test_a_new_file_gets_a_new_files_mode(cli, scenario, tmp_path):
    target = tmp_path / "new.csv"
    old = os.umask(0o022)
    try:
        assert run(cli, "frontier", scenario, "--format", "csv", "-o", target)[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_symbolic_link_is_followed_and_stays_a_link(cli, scenario, tmp_path):
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text("old\n")
    real.chmod(0o640)
    link.symlink_to(real)
    assert run(cli, "frontier", scenario, "--format", "json", "-o", link)[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("{") and stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_dangling_link_creates_its_target(cli, scenario, tmp_path):
    link, real = tmp_path / "link.csv", tmp_path / "made.csv"
    link.symlink_to(real)
    assert run(cli, "frontier", scenario, "--format", "csv", "-o", link)[0] == 0
    assert link.is_symlink() and real.read_text().startswith("cost_usd,")


def test_a_character_device_is_written_through_not_replaced(cli, scenario, tmp_path):
    null = device(tmp_path, "null", 3)
    assert run(cli, "frontier", scenario, "-o", null)[0] == 0
    assert stat.S_ISCHR(os.stat(null).st_mode)


@pytest.mark.parametrize("option", ["-o", "--report", "--plot"])
def test_a_full_device_is_an_error_and_stays_a_device(cli, scenario, tmp_path, option):
    full = device(tmp_path, "full", 7)
    code, _, err = run(cli, "frontier", scenario, option, full)
    assert code == 2 and f"Error: Cannot write the output: {full}: cannot be written: the device is full" in err
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_a_fifo_is_written_through(cli, scenario, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    code, _, _ = run(cli, "frontier", scenario, "--format", "csv", "-o", fifo)
    reader.join(timeout=30)
    assert code == 0 and received and received[0].startswith("cost_usd,")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize(
    ("fault", "message"),
    [(errno.ENOSPC, "the disk is full (the file was left as it was)"),
     (errno.EROFS, "it is on a read-only file system"),
     (errno.EACCES, "permission denied"), (errno.EDQUOT, "the disk is full")],
)  # fmt: skip
@pytest.mark.parametrize("option", ["-o", "--report", "--plot"])
def test_a_failed_write_changes_nothing_and_leaves_no_temporary_file(
    cli, scenario, tmp_path, monkeypatch, fault, message, option
):
    target = tmp_path / ("out.png" if option == "--plot" else "out.txt")
    target.write_bytes(b"old complete file\n")

    def failing_fsync(fd):
        raise OSError(fault, os.strerror(fault))

    monkeypatch.setattr(outfile.os, "fsync", failing_fsync)
    code, _, err = run(cli, "frontier", scenario, option, target)
    assert code == 2 and f"{target}: cannot be written: {message}" in err
    assert target.read_bytes() == b"old complete file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.png" if option == "--plot" else "out.txt", "s.toml"]


def test_a_place_that_takes_no_new_file_is_an_error(cli, scenario, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(outfile.tempfile, "mkstemp", refused)
    code, _, err = run(cli, "frontier", scenario, "-o", scenario.parent / "out.txt")
    assert code == 2 and "out.txt: cannot be written: permission denied (writing in" in err


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs Linux's /sys, where no one may create a file")
def test_a_read_only_place_is_an_error(cli, scenario):
    code, _, err = run(cli, "frontier", scenario, "-o", "/sys/dlbuild-output.txt")
    assert code == 2 and "/sys/dlbuild-output.txt: cannot be written:" in err


def test_the_target_is_checked_before_any_work(scenario, tmp_path, monkeypatch):
    """A directory or a missing directory is refused at once: the frontier is never traced."""
    from solver.cli import explore

    monkeypatch.setattr(explore, "Progress", None)  # any use of it (tracing a frontier) would fail
    for target in (tmp_path, tmp_path / "missing" / "out.csv", scenario / "out.csv"):
        with pytest.raises(InputError):
            outfile.check(target)
        assert main(["frontier", str(scenario), "-o", str(target)]) == 2


def test_plot_writes_exactly_the_path_it_names(cli, scenario, tmp_path):
    plain = tmp_path / "chart"
    code, _, err = run(cli, "frontier", scenario, "--plot", plain)
    assert code == 0 and f"Wrote {plain}" in err
    assert plain.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and not (tmp_path / "chart.png").exists()
    svg = tmp_path / "chart.svg"
    assert run(cli, "sweep", scenario, "--budgets", "1000,4000", "--plot", svg)[0] == 0
    assert svg.read_text().lstrip().startswith("<?xml")


def test_a_descriptor_path_is_written_through(tmp_path):
    target = tmp_path / "log.txt"
    with target.open("w") as handle:
        handle.write("before\n")
        handle.flush()
        outfile.write_text(f"/proc/self/fd/{handle.fileno()}", "after")
    assert target.read_text() == "before\nafter\n"
