"""The catalog's files, their columns and what each cell must hold (build-model spec §1)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .categories import CATEGORIES

# Column kinds. Every kind is parsed by solver.cells; the names say what a cell must hold.
ID = "id"  # non-empty text, unique within the file
TEXT = "text"  # non-empty text
INT = "int"  # whole number
NUM = "num"  # decimal number, kept exactly as a Fraction
BOOL = "bool"  # true / false
ENUM = "enum"  # one of a fixed set of lowercase words
LIST = "list"  # ';'-separated list of non-empty items
SLOTS = "slots"  # a board's x16-length slots, POS:ATTACH:LANES:GEN;... (solver.layout.Slot)
DATE = "date"  # a calendar date, YYYY-MM-DD

#: Prices above this are refused: no workstation part costs more, and the bound keeps every
#: product the solver forms (cost x performance in Dinkelbach's iterations) inside 64-bit integers.
MAX_PRICE_USD = 1_000_000
#: Physical quantities above this are refused as typos (100,000 W, 100,000 mm, 100,000 GB are all absurd
#: but still exact; a million is not a part).
MAX_QUANTITY = 1_000_000


@dataclass(frozen=True)
class Column:
    """One required or optional column of a catalog file."""

    name: str
    kind: str
    minimum: int | None = None  # inclusive lower bound for INT and NUM
    positive: bool = False  # strictly > 0 for NUM
    choices: tuple[str, ...] = ()  # for ENUM
    decimals: int | None = None  # at most this many decimals (NUM)
    required: bool = True  # False: the column may be absent or the cell empty
    maximum: int | None = None  # inclusive upper bound for INT and NUM
    default: object = None  # the value of an empty cell or an absent optional column (contract v2 section 1)


#: Contract v3 section 1: where a catalog row's price comes from. The row is the part's first offer (condition new);
#: an empty or absent column means an unknown date, no source, and kind `snapshot`.
PRICE_KINDS = ("snapshot", "list", "listing", "user")
PRICE_COLUMNS = (
    Column("price_date", DATE, required=False),
    Column("price_kind", ENUM, choices=PRICE_KINDS, required=False, default="snapshot"),
    Column("source_url", TEXT, required=False),
    Column("source", TEXT, required=False),
)


@dataclass(frozen=True)
class FileSpec:
    """A catalog file: its stem (used in part references such as "gpus:rtx-4090") and its columns."""

    stem: str
    columns: tuple[Column, ...]
    priced: bool = True  # has id, name and price_usd
    key: str | tuple[str, ...] = "id"  # the column (or columns together) that must be unique
    optional: bool = False  # the file may be absent from the catalog directory

    @property
    def typed(self) -> tuple[Column, ...]:
        """Every column the loader types: the file's own, and for a part file the price columns of contract v3."""
        return (*self.columns, *PRICE_COLUMNS) if self.priced else self.columns

    @property
    def filename(self) -> str:
        return f"{self.stem}.csv"


def _count(name: str) -> Column:
    return Column(name, INT, minimum=0)


def _positive(name: str, decimals: int | None = None) -> Column:
    return Column(name, NUM, positive=True, decimals=decimals)


def _nonneg(name: str) -> Column:
    return Column(name, NUM, minimum=0)


#: 80 PLUS levels in R17's order, worst first (contract v2 section 1: `none` is an unrated unit).
EFFICIENCIES = ("none", "plus", "bronze", "silver", "gold", "platinum", "titanium")
PRODUCT_LINES = ("geforce", "workstation", "datacenter")
SCALING_PROFILES = ("training", "llm-token-generation")

GPU_MODELS = FileSpec(
    "gpu_models",
    (
        Column("chipset", TEXT),
        _positive("perf", decimals=3),
        # Contract v2: which scaling table applies, R18's capability, the power-limit class and the firmware's floor,
        # and the maker's recommended system power (R10). Each optional, with the conservative default.
        Column("product_line", ENUM, choices=PRODUCT_LINES, required=False, default="geforce"),
        Column("compute_capability", NUM, minimum=0, decimals=1, required=False),
        Column("power_class", TEXT, required=False, default="default"),
        Column("min_power_limit_w", NUM, minimum=0, required=False),
        Column("recommended_psu_w", NUM, positive=True, required=False),
    ),
    priced=False,
    key="chipset",
)
GPUS = FileSpec(
    "gpus",
    (
        Column("chipset", TEXT),
        _positive("memory_gb"),
        _positive("tdp_w"),
        _positive("slot_width"),
        _positive("length_mm"),
        Column("cooling", ENUM, choices=("blower", "open-air", "water")),
        _count("pcie_8pin"),
        _count("pcie_16pin"),
    ),
)
CPUS = FileSpec(
    "cpus",
    (
        Column("socket", TEXT),
        Column("cores", INT, minimum=1),
        Column("threads", INT, minimum=1),
        _nonneg("tdp_w"),
        _count("pcie_lanes"),
        Column("includes_cooler", BOOL),
    ),
)
MOTHERBOARDS = FileSpec(
    "motherboards",
    (
        Column("socket", TEXT),
        Column("form_factor", TEXT),
        Column("memory_type", TEXT),
        Column("memory_slots", INT, minimum=1),
        _positive("max_memory_gb"),
        _count("x16_slots"),
        Column("slot_pitch", INT, minimum=1),
        _count("m2_slots"),
        Column("chipset", TEXT, required=False),
        # Empty: derived from x16_slots and slot_pitch, one CPU x16 slot and chipset x4 slots (solver.layout).
        Column("gpu_slots", SLOTS, required=False),
    ),
)
MEMORY = FileSpec(
    "memory",
    (Column("memory_type", TEXT), Column("modules", INT, minimum=1), _positive("module_gb")),
)
PSUS = FileSpec(
    "psus",
    (
        _positive("wattage"),
        Column("form_factor", TEXT),
        _count("pcie_8pin"),
        _count("pcie_16pin"),
        Column("efficiency", ENUM, choices=EFFICIENCIES, required=False, default="none"),
        Column("input_voltage", ENUM, choices=("any", "230v"), required=False, default="any"),
    ),
)
CASES = FileSpec(
    "cases",
    (
        Column("motherboard_form_factors", LIST),
        Column("psu_form_factors", LIST),
        _nonneg("max_gpu_length_mm"),
        _count("expansion_slots"),
        _nonneg("max_cooler_height_mm"),
        _nonneg("max_radiator_mm"),
        Column("psu_bays", INT, minimum=1, maximum=8, required=False, default=1),
    ),
)
COOLERS = FileSpec(
    "coolers",
    (
        Column("sockets", LIST),
        Column("kind", ENUM, choices=("air", "aio")),
        # height_mm is read for air coolers, radiator_mm for AIOs; each may be empty for the other kind.
        Column("height_mm", NUM, minimum=0, required=False),
        Column("radiator_mm", NUM, minimum=0, required=False),
    ),
)
STORAGE = FileSpec(
    "storage",
    (
        Column("interface", ENUM, choices=("nvme", "sata")),
        _positive("capacity_gb"),
        # Optional; read when rules.storage_kind is "ssd" (unknown or empty is not an SSD).
        Column("drive_type", ENUM, choices=("ssd", "hdd", "unknown"), required=False),
    ),
)
WORKLOADS = FileSpec(
    "workloads",
    (
        Column("workload", TEXT),
        _nonneg("min_gpu_memory_gb"),
        Column("threads_per_gpu", INT, minimum=1),
        Column("source", TEXT),
        Column("perf_column", TEXT, required=False),
        Column("scaling_profile", ENUM, choices=SCALING_PROFILES, required=False, default="training"),
        Column("min_total_memory_gb", NUM, minimum=0, required=False, default=0),
    ),
    priced=False,
    key="workload",
)
# Contract v2's optional tables: measured multi-GPU speed-ups and power-limit levels.
SCALING = FileSpec(
    "scaling",
    (
        Column("profile", ENUM, choices=SCALING_PROFILES),
        Column("product_line", ENUM, choices=PRODUCT_LINES),
        Column("chipset", TEXT, required=False, default=""),  # empty: the product line's default row
        Column("gpus", INT, minimum=1, maximum=8),
        _positive("speedup", decimals=3),
        Column("basis", TEXT, required=False, default=""),
        Column("source", TEXT, required=False, default=""),
    ),
    priced=False,
    key=("profile", "product_line", "chipset", "gpus"),
    optional=True,
)
POWER_LIMITS = FileSpec(
    "power_limits",
    (
        Column("power_class", TEXT),
        Column("level_pct", INT, minimum=1, maximum=99),
        Column("factor", NUM, positive=True, maximum=1, decimals=3),
        Column("basis", TEXT, required=False, default=""),
        Column("source", TEXT, required=False, default=""),
    ),
    priced=False,
    key=("power_class", "level_pct"),
    optional=True,
)
# What each rating column means in words (display only: the output names what was scored).
RATINGS = FileSpec(
    "ratings",
    (
        Column("column", TEXT),
        Column("words", TEXT),
        Column("unit", TEXT, required=False, default=""),
        Column("source_column", TEXT, required=False, default=""),
        Column("error_column", TEXT, required=False, default=""),
    ),
    priced=False,
    key="column",
    optional=True,
)

# Contract v3 section 5: on-demand cloud prices per instance, for the comparison of a build with renting.
CLOUD = FileSpec(
    "cloud",
    (
        Column("provider", TEXT),
        Column("instance", TEXT),
        Column("chipset", TEXT),  # a gpu_models chipset; a row the workload does not rate is skipped
        Column("gpus", INT, minimum=1, maximum=64),
        _positive("usd_per_hour"),
        Column("price_date", DATE),
        Column("source_url", TEXT),
        Column("region", TEXT, required=False, default=""),
        Column("price_kind", TEXT, required=False, default=""),
        Column("notes", TEXT, required=False, default=""),
    ),
    priced=False,
    key=("provider", "instance", "region"),
    optional=True,
)

_PART_SPECS = {spec.stem: spec for spec in (GPUS, CPUS, MOTHERBOARDS, MEMORY, PSUS, CASES, COOLERS, STORAGE)}
#: Part files in the order a build lists them: one per category.
PART_FILES: tuple[FileSpec, ...] = tuple(_PART_SPECS[c.stem] for c in CATEGORIES)
ALL_FILES: tuple[FileSpec, ...] = (GPU_MODELS, *PART_FILES, WORKLOADS, SCALING, POWER_LIMITS, RATINGS, CLOUD)


def default_catalog_path() -> Path:
    """The catalog used when neither the command nor the scenario names one: the shipped catalog (an
    InputError saying how to point at one when this installation has none)."""
    from .shipped import catalog_dir

    return catalog_dir()
