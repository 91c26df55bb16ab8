"""The rules R1-R15 by id: title and source, and the record of one rule's verdict on a build. Readable
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


RULES: tuple[Rule, ...] = (
    Rule("R1", "GPU count", '2018 guide: "usually limited to four GPUs"'),
    Rule("R2", "GPU memory", "2018 and 2020 memory tables (e.g. Kaggle >= 8 GB, large transformers >= 24 GB)"),
    Rule("R3", "System RAM", '2018 guide: "at least the amount of RAM that matches your biggest GPU"'),
    Rule("R4", "CPU socket", "compatibility"),
    Rule("R5", "Memory fit", "compatibility"),
    Rule("R6", "Case fit", '2018 guide: "make sure that it supports full length GPUs"'),
    Rule("R7", "GPU layout", '2018 guide: "enough space between PCIe slots"'),
    Rule("R8", "Adjacent GPU cooling", '2018 guide: open-air cards next to each other run "about 30%" slower and "die faster"'),
    Rule("R9", "CPU threads and lanes", '2018 guide: "a minimum of 2 threads per GPU", 4 when preprocessing while training'),
    Rule("R10", "PSU wattage", '2018 guide: 4 x 250 W + 150 W + 100 W = 1250 W, +10% = 1375 W, "so a 1400 watts PSU"'),
    Rule("R11", "PSU connectors", '2018 guide: "it might not have enough PCIe 8-pin or 6-pin connectors"'),
    Rule("R12", "Storage", '2018 guide: "Use SSD for comfort"'),
    Rule("R13", "Wall power", "users' single-outlet builds"),
    Rule("R14", "Budget"),
    Rule("R15", "Scenario filters"),
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
