"""The JSON Schemas (draft 2020-12) of dlbuild's files and outputs, shipped as package data.

scenario.json and build-file.json describe the TOML files dlbuild reads (as the JSON objects TOML maps to);
each command's schema (solve.json, check.json, frontier.json, sweep.json, compare.json, catalog-search.json,
catalog-stats.json, scenarios.json, workloads.json) describes its `--format json` document; common.json holds what
they share. The schemas refer to each other by file name, so they resolve against the directory they sit in.
docs/json.md explains them."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

#: Each command that writes JSON, and its schema's file name.
COMMANDS = {
    "solve": "solve.json", "check": "check.json", "frontier": "frontier.json", "sweep": "sweep.json",
    "compare": "compare.json",
    "catalog search": "catalog-search.json", "catalog stats": "catalog-stats.json",
    "scenarios": "scenarios.json", "workloads": "workloads.json",
}  # fmt: skip


def names() -> list[str]:
    """Every schema's file name."""
    return sorted(p.name for p in resources.files(__name__).iterdir() if p.name.endswith(".json"))


def load(name: str) -> dict[str, Any]:
    """One schema by file name ("solve.json") or by the command it describes ("catalog search")."""
    return json.loads(resources.files(__name__).joinpath(COMMANDS.get(name, name)).read_text(encoding="utf-8"))
