"""Workload names as people say them: plain aliases for the rows of workloads.csv, and the nearest names
for one that is not known.

A scenario's `workload` may be a row's name in any spelling ("Large Transformer Training",
"large_transformer_training") or one of the aliases below. Each alias names the row a user saying it most
likely means, and why; where the guides leave it open, the row with the higher memory floor is taken (the
conservative reading: a build that meets the larger floor also meets the smaller)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalog import Catalog

#: alias -> (workload, why this row). The rows are the shipped catalog's; an alias whose row a catalog lacks
#: is not offered for that catalog.
ALIASES: dict[str, tuple[str, str]] = {
    "computer vision": (
        "research-sota-2018",
        '2020 guide: "a competitive computer vision ... researcher: 4x RTX 3090"; '
        "the shipped computer-vision lab scenario uses it (>= 11 GB, 4 threads per GPU for augmentation)",
    ),
    "cv": ("research-sota-2018", "short for computer vision"),
    "kaggle competitions": ("kaggle", '2020 guide\'s memory table row "Kaggle competitions"'),
    "llm fine-tuning": (
        "large-transformer-training",
        "fine-tuning an LLM trains a large transformer (2020 guide: >= 24 GB); "
        "the shipped LLM fine-tuning scenario uses it",
    ),
    "llm finetuning": ("large-transformer-training", "as llm fine-tuning"),
    "llm training": ("large-transformer-training", '2020 guide\'s row "Training large transformer"'),
    "transformer training": ("large-transformer-training", '2020 guide\'s row "Training large transformer"'),
    "large transformers": ("large-transformer-training", '2020 guide\'s row "Training large transformer"'),
    "fine-tuning": (
        "pretrained-transformers",
        '2020 guide\'s row "Using pretrained transformers"; for LLMs say llm fine-tuning',
    ),
    "nlp": (
        "pretrained-transformers",
        "2020 guide: an NLP researcher not pretraining needs less than the largest cards; transformers want >= 11 GB",
    ),
    "transformers": ("pretrained-transformers", '2020 guide: "at least 11 GB of memory if you work with transformers"'),
    "small transformers": ("pretrained-transformers", '2020 guide\'s row "training small transformer"'),
    "llm inference": ("llm-inference", "2023 guide: LLM users are sent to 24 GB cards"),
    "local llm": ("llm-inference", "running LLMs (2023 guide)"),
    "llama 8b": ("llm-inference-8b-q4", "Llama 3.1 8B at 4-bit"),
    "llama 70b": ("llm-inference-70b-q4", "Llama 3.1 70B at 4-bit"),
    "mistral large": ("llm-inference-123b-q4", "Mistral Large 2407 (123B) at 4-bit"),
    "research": (
        "research-sota-2018",
        '2018 guide\'s "Research that is hunting state-of-the-art scores" (the largest research floor)',
    ),
    "startup": ("startup-2018", '2018 guide\'s row "Startups"'),
    "company training": ("company-training-2018", '2018 guide\'s row "Companies: >= 11 GB for training"'),
    "company prototyping": ("company-prototyping-2018", '2018 guide\'s row "Companies: 8 GB for prototyping"'),
}


def key(name: str) -> str:
    """The spelling-free form of a name: lower case, spaces, underscores and hyphens alike."""
    return re.sub(r"[\s_\-]+", "-", name.strip().lower())


def aliases_of(workloads: Iterable[str]) -> dict[str, list[str]]:
    """Each workload's aliases that lead to it (for a catalog with these workloads)."""
    known = set(workloads)
    out: dict[str, list[str]] = {w: [] for w in known}
    for alias, (target, _) in ALIASES.items():
        if target in known:
            out[target].append(alias)
    return out


def resolve(name: str, workloads: Iterable[str]) -> str | None:
    """The workload `name` means among `workloads` (its own name in any spelling, or an alias), or None."""
    by_key = {key(w): w for w in workloads}
    if key(name) in by_key:
        return by_key[key(name)]
    alias = {key(a): target for a, (target, _) in ALIASES.items()}.get(key(name))
    return alias if alias in by_key.values() else None


def nearest(name: str, workloads: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` known names (workloads or aliases) nearest to an unknown one, best first."""
    import difflib  # here: only a name that is not known needs it

    names = list(workloads)
    pool = {key(w): w for w in names}
    pool.update({key(a): a for a, (target, _) in ALIASES.items() if target in names})
    probe = key(name)
    near = difflib.get_close_matches(probe, list(pool), n=n, cutoff=0.5)
    # A word of the name found inside a workload's name ("transformer" in large-transformer-training) counts too.
    words = [w for w in probe.split("-") if len(w) >= 3]
    near += [k for k in pool if k not in near and any(w in k for w in words)]
    return [pool[k] for k in near[:n]]


def record(catalog: Catalog, workload: str) -> dict[str, str]:
    """The workload's row of workloads.csv as text, every column (the guide's words among them)."""
    table = catalog.tables.get("workloads")
    rows = table.records() if table is not None else []
    return next((r for r in rows if r.get("workload") == workload), {})


def describe(catalog: Catalog) -> list[dict[str, Any]]:
    """Each workload of the catalog as `dlbuild workloads` shows it: memory floors, threads, the rating
    column that ranks GPUs for it (with the rating's words), the guide's words, and its aliases."""
    aliases = aliases_of(catalog.workloads)
    out = []
    for name, row in sorted(catalog.workloads.items()):
        text = record(catalog, name)
        column = row["perf_column"]
        rating = catalog.ratings.get(column, {})
        out.append({
            "workload": name,
            "min_gpu_memory_gb": float(row["min_gpu_memory_gb"]),
            "min_total_memory_gb": float(row["min_total_memory_gb"] or 0),
            "threads_per_gpu": row["threads_per_gpu"],
            "rating_column": column,
            "rating_words": rating.get("words", ""),
            "guide_year": text.get("guide_year", ""),
            "guide_words": text.get("guide_text", ""),
            "notes": text.get("notes", ""),
            "aliases": aliases[name],
        })  # fmt: skip
    return out
