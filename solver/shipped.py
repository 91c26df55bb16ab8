"""The data that ships with dlbuild: the catalog and the example scenarios.

In the source tree they live at the top level (catalogs/, scenarios/), where they are edited and where the
catalog builder writes. An installed wheel carries them as package data in solver/data/ (setup.py copies
them there when the wheel is built), read through importlib.resources. An editable install or a checkout
reads them from the top level, beside the package."""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem

#: Where the wheel build puts the top-level data directories inside the package.
PACKAGED = "data"
CATALOG = "catalogs"
SCENARIOS = "scenarios"
#: How to choose a catalog when none is found or the one named cannot be used.
POINT_AT_ONE = (
    'give a catalog directory with --catalog DIR or with catalog = "DIR" in the scenario (relative to the '
    "scenario file), or leave both out to use the catalog that ships with dlbuild"
)


def _packaged(name: str) -> Path | None:
    root = importlib.resources.files(__package__) / PACKAGED / name
    # A wheel installs as plain files, so the resource is a directory on disk; a zipped package would not be,
    # and the loaders read files by path.
    return root if isinstance(root, Path) and root.is_dir() else None


def _checkout(name: str) -> Path | None:
    root = Path(__file__).resolve().parent.parent / name
    return root if root.is_dir() else None


def data_dir(name: str) -> Path | None:
    """The shipped directory `name` (CATALOG or SCENARIOS): the package's copy, else the source tree's."""
    return _packaged(name) or _checkout(name)


def source_catalog() -> Path | None:
    """The catalog directory of the source tree, which `catalog build` rewrites; None in an installed wheel,
    whose copy is part of the package."""
    return None if _packaged(CATALOG) else _checkout(CATALOG)


def catalog_dir() -> Path:
    """The shipped catalog; an InputError saying how to point at one when this installation has none."""
    root = data_dir(CATALOG)
    if root is None:
        raise InputError("No catalog", [Problem("dlbuild", f"this installation ships no catalog; {POINT_AT_ONE}")])
    return root


@dataclass(frozen=True)
class Example:
    """One shipped TOML file: a scenario, or a build file for `check`."""

    name: str  # the path below scenarios/ without .toml: "kaggle", "reference/training"
    path: Path
    kind: str  # "scenario" or "build"
    description: str


def examples() -> list[Example]:
    """Every shipped scenario and build file, scenarios first, each group by name."""
    root = data_dir(SCENARIOS)
    if root is None:
        return []
    found = [_example(root, path) for path in root.rglob("*.toml")]
    return sorted(found, key=lambda e: (e.kind != "scenario", e.name.count("/"), e.name))


def _example(root: Path, path: Path) -> Example:
    import tomllib

    text = path.read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    kind = "build" if "build" in raw else "scenario"
    description = raw.get("description") if kind == "scenario" else None
    return Example(
        path.relative_to(root).with_suffix("").as_posix(),
        path,
        kind,
        description or _summary(text) or raw.get("name", ""),
    )


def _summary(text: str) -> str:
    """The first sentence of the file's opening comment: up to the first ". " or ": " past a few words."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    words = " ".join(lines)
    cuts = [i for i in (words.find(". ", 30), words.find(": ", 30)) if i >= 0]
    return (words[: min(cuts)] if cuts else words).rstrip(".")


def find(name: str) -> Example | None:
    """The shipped example called `name` ("kaggle", "kaggle.toml", "reference/training"), or None."""
    wanted = name.removesuffix(".toml")
    root = data_dir(SCENARIOS)
    # The file of that name, read alone: reading every shipped example to pick one cost a solve more than
    # reading its scenario. examples() names each file by its path below root, so this is the same file.
    if root is not None and ".." not in Path(wanted).parts:
        direct = root / f"{wanted}.toml"
        if direct.is_file() and direct.relative_to(root).with_suffix("").as_posix() == wanted:
            return _example(root, direct)
    return next((e for e in examples() if e.name == wanted), None)


def unknown(name: str, what: str = "is not a shipped scenario") -> InputError:
    """The error for a name that is no shipped example, with the nearest names."""
    names = [e.name for e in examples()]
    import difflib  # here: only a name that is not shipped needs it

    near = difflib.get_close_matches(name.removesuffix(".toml"), names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    return InputError("Unknown scenario", [Problem(name, f"{what}{hint} (`dlbuild scenarios` lists the shipped ones)")])


def resolve(path: str | Path) -> Path:
    """A scenario or build file named on the command line: the file when it exists, else the shipped
    example of that name (so `dlbuild solve kaggle` works from any directory). A name that is neither is an
    InputError suggesting the nearest shipped names."""
    path = Path(path)
    if str(path) == "-" or path.exists():
        return path
    example = find(path.as_posix())
    if example is None:
        raise unknown(str(path), "does not exist, and is not the name of a shipped scenario")
    return example.path
