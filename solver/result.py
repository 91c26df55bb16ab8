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
    from .tco import CloudComparison, Energy


@dataclass(frozen=True)
class Pick:
    """A chosen part and how many of it; `owned` of those units the user owns (contract v3 section 2), each counted
    at `owned_cents` (its resale value when resale counts, else 0). The rest are bought at the part's offer."""

    part: Part
    count: int = 1
    owned: int = 0
    owned_cents: int = 0

    @property
    def bought(self) -> int:
        return self.count - self.owned

    @property
    def spend_cents(self) -> int:
        """What the units bought cost (R14 limits the sum)."""
        return self.bought * self.part.price_cents

    @property
    def cost_cents(self) -> int:
        """The units bought at their offer plus the owned units at their counted value (the objectives' cost)."""
        return self.spend_cents + self.owned * self.owned_cents


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
    # Contract v3, with [usage]: the energy over the horizon and the comparison with the cloud (None: no cloud
    # instance to compare with); and the parts whose bought offer is stale or undated (section 3).
    energy: Energy | None = field(default=None, compare=False)
    cloud: CloudComparison | None = field(default=None, compare=False)
    stale: tuple[str, ...] = field(default=(), compare=False)

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
    def spend_cents(self) -> int:
        return sum(p.spend_cents for p in self.picks().values() if p is not None)

    @property
    def tco_cents(self) -> int | None:
        """Cost plus the energy's cost over [usage]'s horizon; None without [usage]."""
        return None if self.energy is None else self.cost_cents + self.energy.cents

    def money(self, basis: str) -> int:
        """What a build costs on a cost basis, as the objectives count it: "purchase" (cost) or "tco"."""
        return self._tco() if basis == "tco" else self.cost_cents

    def budgeted(self, basis: str) -> int:
        """What a budget limits on a cost basis: spend (R14: owned units are not bought), or TCO."""
        return self._tco() if basis == "tco" else self.spend_cents

    def _tco(self) -> int:
        tco = self.tco_cents
        assert tco is not None, "the TCO basis needs [usage] (the scenario's check), which gives each build its energy"
        return tco

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
        if not self.build or not self.build.cost_cents:
            return None
        return self.build.performance * 100 / self.build.cost_cents
