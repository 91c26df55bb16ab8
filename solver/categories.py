"""The part categories of a build, in build order: the one registry of their names.

A category has one name per use, and every module takes it from here: the build's slot (a Build field,
a JSON and build-file key), the catalog file stem (also a reference's prefix and the model's variable
group), the label tables show, and the word sentences use."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """One kind of part in a build."""

    slot: str  # "motherboard": the Build field, the JSON key and the build-file key
    stem: str  # "motherboards": the catalog file (motherboards.csv) and a reference's prefix
    label: str  # "Motherboard": the row label in tables
    word: str  # "board": how sentences name it ("board: X -> Y")
    count_key: str | None = None  # "gpu_count": a build holds a count of it, given under this key
    optional: bool = False  # a build may leave it out (the cooler, when the CPU comes with one)

    @property
    def counted(self) -> bool:
        """Whether a build holds a count of this part (GPUs, memory kits) rather than exactly one."""
        return self.count_key is not None


CATEGORIES: tuple[Category, ...] = (
    Category("gpu", "gpus", "GPU", "GPU", count_key="gpu_count"),
    Category("cpu", "cpus", "CPU", "CPU"),
    Category("motherboard", "motherboards", "Motherboard", "board"),
    Category("memory", "memory", "Memory", "memory", count_key="memory_count"),
    Category("psu", "psus", "PSU", "PSU"),
    Category("case", "cases", "Case", "case"),
    Category("cooler", "coolers", "CPU cooler", "cooler", optional=True),
    Category("storage", "storage", "Storage", "storage"),
)

_BY_SLOT = {c.slot: c for c in CATEGORIES}
_BY_STEM = {c.stem: c for c in CATEGORIES}


def category(slot: str) -> Category:
    """The category of a build slot ("motherboard")."""
    return _BY_SLOT[slot]


def by_stem(stem: str) -> Category:
    """The category of a catalog file stem ("motherboards")."""
    return _BY_STEM[stem]


def slots() -> tuple[str, ...]:
    return tuple(c.slot for c in CATEGORIES)


def stems() -> tuple[str, ...]:
    return tuple(c.stem for c in CATEGORIES)
