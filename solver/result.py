"""Results as plain objects: the chosen build, its numbers and how sure the solver is of them."""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

from .categories import CATEGORIES
from .notebook import Rendered
from .rulebook import RuleCheck

if TYPE_CHECKING:  # annotations only: a result is read by modules that must not load the solver
    from .catalog import Part
    from .instance import Instance
    from .layout import Layout
    from .power import PowerFigures


@dataclass(frozen=True)
class Pick:
    """A chosen part and how many of it."""

    part: Part
    count: int = 1

    @property
    def cost_cents(self) -> int:
        return self.count * self.part.price_cents


@dataclass(frozen=True)
class Scoring:
    """What scored a build (contract v2 section 7): the rating column in words, whether the card's rating is
    measured or modelled and the model's expected relative error, and the speed-up table that applied."""

    column: str  # the workload's rating column, e.g. "perf_llm_infer"
    words: str  # "LLM token generation (memory-bandwidth bound) ..., one GeForce RTX 4090 = 1.0"
    basis: str  # measured | modelled | unknown
    expected_error: Fraction | None
    profile: str  # the workload's scaling profile
    table: str  # the scaling table used: "scenario", a chipset, a product line, or "default"
    speedup: Fraction
    speedup_basis: str


@dataclass(frozen=True)
class Build:
    """One GPU model in a count, one CPU, board, memory kit in a count, PSU (one, or two identical units: its
    count), case, drive, and a cooler unless the CPU includes one (spec §2); the GPUs' power level and the slots
    they sit in (contract v2 sections 4 and 5)."""

    gpu: Pick
    cpu: Pick
    motherboard: Pick
    memory: Pick
    psu: Pick
    case: Pick
    cooler: Pick | None
    storage: Pick
    performance: Fraction
    layout: Layout
    power_level: int = 100  # percent of each card's board power (100: no power limit)
    # Derived from the parts and the instance (solver.validate.complete), for the output.
    power: PowerFigures | None = field(default=None, compare=False)
    scoring: Scoring | None = field(default=None, compare=False)

    @property
    def adjacent(self) -> bool:
        return self.layout.adjacent

    @property
    def psu_count(self) -> int:
        return self.psu.count

    def picks(self) -> dict[str, Pick | None]:
        """Every slot's pick in build order (None for a cooler left out)."""
        return {c.slot: getattr(self, c.slot) for c in CATEGORIES}

    @property
    def cost_cents(self) -> int:
        return sum(p.cost_cents for p in self.picks().values() if p is not None)

    @property
    def gpu_label(self) -> str:
        return f"{self.gpu.count} x {self.gpu.part['chipset']}"


@dataclass(frozen=True)
class Binding:
    """A rule that binds a build: its verdict on the build and the best one-part swap it alone forbids
    (solver.binding finds them)."""

    check: RuleCheck
    blocked: Pick | None  # the swapped-in part, or None for leaving the cooler out
    slot: str
    saving_cents: int
    perf_gain: Fraction


@dataclass(frozen=True)
class Result(Rendered):
    """What `solve` answers. `status` is optimal, feasible (stopped by the time limit before the proof),
    infeasible or unknown (stopped before any build was found). A result keeps the instance it was solved
    on and, for a build, every rule's verdict on it and the rules that bind it, so that nothing downstream
    binds or checks again."""

    command: ClassVar[str] = "solve"  # solver.notebook: to_dict(), to_frame(), _repr_html_()

    status: str
    objective: str
    scenario: str
    workload: str
    build: Build | None = None
    bound: Fraction | None = None  # best proven bound on the objective when not optimal
    explanation: Any = None  # why nothing fits (solver.explain.Explanation), when infeasible
    notes: tuple[str, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)
    instance: Instance | None = field(default=None, compare=False, repr=False)
    checks: list[RuleCheck] = field(default_factory=list)  # every rule's verdict on the build, in rule order
    bindings: list[Binding] | None = None  # the rules that alone stop a better one-part swap; None: not computed

    @property
    def cost_cents(self) -> int | None:
        return self.build.cost_cents if self.build else None

    @property
    def performance(self) -> Fraction | None:
        return self.build.performance if self.build else None

    @property
    def perf_per_dollar(self) -> Fraction | None:
        if not self.build:
            return None
        return self.build.performance * 100 / self.build.cost_cents
