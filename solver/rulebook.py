"""The rules R1-R18 by id: title and source, and the record of one rule's verdict on a build. Readable
without the CP-SAT model (validate, explain and the report name rules; only the model package enforces
them). The rule modules take their titles from here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One rule of the build model (docs/build-model.md)."""

    id: str  # "R10"
    title: str  # "PSU wattage": how tables and explanations name it
    source: str = ""  # where the rule comes from, in one line ("" where it is the buyer's own setting)
    override: str = ""  # the scenario keys that change or switch off the rule ("" where none does)


RULES: tuple[Rule, ...] = (
    Rule(
        "R1",
        "GPU count",
        '2018 guide: "usually limited to four GPUs"; a count needs a measured speed-up',
        "gpu.counts, rules.scaling",
    ),
    Rule(
        "R2",
        "GPU memory",
        "2018 and 2020 memory tables (e.g. Kaggle >= 8 GB, large transformers >= 24 GB)",
        "gpu.min_memory_gb, gpu.min_total_memory_gb",
    ),
    Rule(
        "R3",
        "System RAM",
        '2018 guide: "at least the amount of RAM that matches your biggest GPU"',
        "rules.ram_per_gpu_memory, rules.ram_basis",
    ),
    Rule("R4", "CPU socket", "compatibility"),
    Rule("R5", "Memory fit", "compatibility"),
    Rule(
        "R6", "Case fit", '2018 guide: "make sure that it supports full length GPUs"; a bay per PSU', "rules.dual_psu"
    ),
    Rule(
        "R7",
        "GPU layout",
        '2018 guide: "enough space between PCIe slots"; slots as the board wires them',
        "rules.min_pcie_lanes_per_gpu, rules.chipset_slots",
    ),
    Rule(
        "R8",
        "Adjacent GPU cooling",
        '2018 guide: open-air cards next to each other run "about 30%" slower and "die faster"',
        "rules.adjacent_open_air, rules.adjacent_penalty",
    ),
    Rule(
        "R9",
        "CPU threads and lanes",
        '2018 guide: "a minimum of 2 threads per GPU", 4 when preprocessing while training',
        "rules.threads_per_gpu, rules.min_pcie_lanes_per_gpu",
    ),
    Rule(
        "R10",
        "PSU wattage",
        '2018 guide: 4 x 250 W + 150 W + 100 W = 1250 W, +10% = 1375 W, "so a 1400 watts PSU"; '
        "the GPU maker's recommended system power",
        "rules.psu_headroom, rules.other_w, rules.recommended_psu",
    ),
    Rule("R11", "PSU connectors", '2018 guide: "it might not have enough PCIe 8-pin or 6-pin connectors"'),
    Rule("R12", "Storage", '2018 guide: "Use SSD for comfort"', "rules.min_storage_gb, rules.storage_kind"),
    Rule(
        "R13",
        "Wall power",
        "NEC continuous load: 80% of the circuit (Lambda: 1,440 W on a US 15 A circuit)",
        "rules.circuit, rules.max_wall_watts",
    ),
    Rule("R14", "Budget", "", "budget_usd"),
    Rule("R15", "Scenario filters", "", "parts.exclude, parts.require"),
    Rule(
        "R16",
        "System RAM floor",
        "Bekman, Machine Learning Engineering: CPU memory at least the GPU memory (ratio 0.5 by "
        "default, as builders ship)",
        "rules.min_ram_gb, rules.ram_per_total_vram",
    ),
    Rule(
        "R17",
        "PSU efficiency floor",
        '2018 guide: "get a high efficiency rating if you use multiple GPUs"',
        "rules.psu_min_efficiency, rules.psu_efficiency_above_w",
    ),
    Rule(
        "R18",
        "Compute capability",
        "PyTorch's CUDA wheels build for compute capability 7.5 (Turing) and newer",
        "rules.min_compute_capability",
    ),
)

_BY_ID = {r.id: r for r in RULES}


@dataclass(frozen=True)
class RuleCheck:
    """One rule's verdict on a build, with the numbers behind it."""

    rule: str  # "R10"
    ok: bool
    detail: str  # "PSU 1,000 W >= 952 W needed (1.1 x (2 x 350 W + 65 W + 100 W))"

    @property
    def title(self) -> str:
        return title(self.rule)


#: The scenario keys behind a requirement that is not a rule of its own: one part named under [parts], and the
#: performance floor of min_cost.
_PART_KEYS = {"require": "parts.require", "exclude": "parts.exclude", "own": "parts.own"}


def keys(requirement_id: str) -> tuple[str, ...]:
    """The scenario keys that change or switch off a requirement of an explanation ("R14", "min_perf",
    "R15:require:gpus:x"): what to edit when it is in the conflict. Empty for plain compatibility (R4, R5, R11)."""
    if requirement_id == "min_perf":
        return ("min_perf",)
    rule_id, _, rest = requirement_id.partition(":")
    if rest:
        return (_PART_KEYS[rest.partition(":")[0]],)
    override = _BY_ID[rule_id].override
    return tuple(override.split(", ")) if override else ()


def rule(rule_id: str) -> Rule:
    """The rule with this id ("R8"); KeyError for any other."""
    return _BY_ID[rule_id]


def title(rule_id: str) -> str:
    """A rule's title, or the id itself for what is not a rule of the book (e.g. "min_perf")."""
    found = _BY_ID.get(rule_id)
    return found.title if found else rule_id


def titles() -> dict[str, str]:
    """Every rule's title by id, in rule order."""
    return {r.id: r.title for r in RULES}
