"""Why nothing fits: the smallest set of clashing requirements, and how far each is from reach.

1. A model without objective where every requirement (the rules R1-R18, R15 once per exclude/require filter
   and owned part, and the min_cost target) has an enforcement literal, solved with all of them assumed (one
   worker, as CP-SAT's assumptions need). 2. CP-SAT's core, shrunk by deletion to a minimal set; user targets
   (budget, performance target, wall power, GPU counts and memory, filters) are tried for removal first, so
   they are blamed only when no conflict without them exists. 3. One solve per requirement of that set, with it
   switched off and every other requirement on, for the build that comes closest: its numbers say by how much it
   misses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from . import interrupt
from .catalog import Catalog
from .cells import same
from .cpsat import new_solver, search
from .instance import Instance, bind
from .layout import LEAST_USABLE_LANES, least_room, usable
from .model import build_model
from .optimize import extract
from .result import Build
from .rulebook import keys, title
from .scenario import EFFICIENCIES, Scenario
from .slots import slot_words
from .text import num, usd
from .validate import check_build


@dataclass(frozen=True)
class Requirement:
    """One requirement of the conflict, what it asks, and the best any build reaches without it."""

    id: str  # "R14", "R15:require:gpus:x", "min_perf"
    rule: str  # "R14", "R15", "min_perf"
    asks: str  # "budget $1,800.00"
    message: str  # the sentence for people
    limit: float | None = None  # the requirement's number, in its unit
    best: float | None = None  # the best value reachable with every other requirement met
    closest: Build | None = None


@dataclass(frozen=True)
class Explanation:
    conflict: list[str]
    requirements: list[Requirement] = field(default_factory=list)
    structural: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # the parts and files behind a compatibility clash

    def text(self) -> str:
        lines = []
        if self.structural:
            lines += [f"Nothing can be built: {s}" for s in self.structural]
        if self.requirements:
            names = "; ".join(r.asks for r in self.requirements)
            lines.append(f"These requirements cannot all be met together: {names}.")
            lines += [f"  - {r.message}" for r in self.requirements]
            settable = [f"{', '.join(keys(r.id))} ({r.rule})" for r in self.requirements if keys(r.id)]
            if settable:
                lines.append(f"  Scenario keys that change them: {'; '.join(settable)}.")
        lines += [f"  - {p}" for p in self.parts]
        return "\n".join(lines) or "No build meets the rules."

    def to_dict(self) -> dict:
        return {
            "conflict": self.conflict,
            "structural": self.structural,
            "parts": self.parts,
            "requirements": [
                {
                    "id": r.id,
                    "rule": r.rule,
                    "requirement": r.asks,
                    "limit": r.limit,
                    "best_achievable": r.best,
                    "message": r.message,
                    "keys": list(keys(r.id)),
                }
                for r in self.requirements
            ],
            "text": self.text(),
        }


def _ids(inst: Instance) -> list[str]:
    """Every requirement of the scenario that can be switched off, the user targets first (deletion tries them
    first, so they are blamed last)."""
    s, rules = inst.scenario, inst.rules
    ids = ["R14"] if s.budget_cents is not None else []
    ids += ["min_perf"] if s.objective == "min_cost" and s.min_perf is not None else []
    ids += ["R13"] if rules.wall_limit is not None else []
    ids += ["R1", "R2"]
    ids += (
        [f"R15:require:{r}" for r in s.require]
        + [f"R15:exclude:{r}" for r in s.exclude]
        + [f"R15:own:{r}" for r in inst.owned]
    )
    ids += (
        ["R3", "R4", "R5", "R6", "R7"]
        + (["R8"] if rules.adjacent_open_air == "forbid" else [])
        + ["R9", "R10", "R11", "R12"]
    )
    ids += ["R16", "R17", "R18"]
    return ids


def _asks(inst: Instance, rid: str) -> str:
    s, r = inst.scenario, inst.rules
    if rid.startswith("R15:"):
        _, kind, ref = rid.split(":", 2)
        return f"use owned {ref} (R15)" if kind == "own" else f"{kind} {ref} (R15)"
    return {
        "R1": f"GPU counts {', '.join(map(str, s.gpu_counts))} (R1)",
        "R2": f">= {num(inst.min_gpu_memory_gb)} GB per GPU (R2)",
        "R13": f"wall power <= {num(r.wall_limit or 0)} W (R13)",
        "R14": f"budget {usd(s.budget_cents or 0)} (R14)",
        "min_perf": f"performance >= {num(s.min_perf or 0)} (min_perf)",
    }.get(rid, f"{title(rid)} ({rid})")


class _Explainer:
    def __init__(self, inst: Instance):
        self.inst = inst
        self.ids = _ids(inst)
        counts = inst.counts_with_speedup()  # every count, so that R1 itself can be blamed
        self.ctx = build_model(inst, relax=[i for i in self.ids if i != "min_perf"], counts=counts)
        self.lits = dict(self.ctx.literals)
        if "min_perf" in self.ids:
            lit = self.ctx.model.new_bool_var("rule[min_perf]")
            target = inst.scenario.min_perf
            assert target is not None, "_ids lists min_perf only when the scenario sets it"
            floor = -(-target * self.ctx.perf_scale // 1)
            self.ctx.model.add(self.ctx.perf >= int(floor)).only_enforce_if(lit)
            self.lits["min_perf"] = lit

    def _solve(self, on: list[str], off: Sequence[str] = (), assume: bool = False):
        model = self.ctx.model
        model.clear_assumptions()
        for rid, lit in self.lits.items():
            lit.proto.domain.clear()
            lit.proto.domain.extend([0, 0] if rid in off else ([0, 1] if assume or rid not in on else [1, 1]))
        if assume:
            model.add_assumptions([self.lits[i] for i in on])
        if interrupt.requested() is not None:  # an explanation is whole or not given
            raise KeyboardInterrupt
        solver = new_solver(assumptions=True, time_limit=60)
        status = search(solver, model)
        if interrupt.requested() is not None:
            raise KeyboardInterrupt
        return status, solver

    def feasible(self, on: list[str]) -> bool:
        status, _ = self._solve(on)
        return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    def core(self) -> list[str]:
        status, solver = self._solve(self.ids, assume=True)
        if status != cp_model.INFEASIBLE:
            return []
        by_index = {lit.index: rid for rid, lit in self.lits.items()}
        found = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
        return [i for i in self.ids if i in found] or list(self.ids)

    def minimal(self, core: list[str]) -> list[str]:
        """Deletion: drop each member in turn when the rest still clash (user targets tried first)."""
        kept = list(core)
        for rid in list(core):
            trial = [k for k in kept if k != rid]
            if trial and not self.feasible(trial):
                kept = trial
        return kept

    def closest(self, rid: str, sense: str, expr, on: list[str]) -> Build | None:
        """The best build by `expr` with `rid` switched off and the requirements `on` switched on."""
        model = self.ctx.model
        (model.minimize if sense == "min" else model.maximize)(expr)
        status, solver = self._solve(on, off=[rid])
        model.clear_objective()
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        values = {var.index: int(solver.value(var)) for var in self.ctx.decisions()}
        return extract(self.ctx, values)


def _goal(e: _Explainer, rid: str):
    """What 'closest' means for a requirement: (sense, expression)."""
    ctx, v = e.ctx, e.ctx.v
    if rid == "R2":
        return "max", cp_model.LinearExpr.weighted_sum(
            [g.var for g in v.gpus], [int(g.part["memory_gb"] * 1000) for g in v.gpus]
        )
    if rid == "R1":
        return "max", cp_model.LinearExpr.weighted_sum([g.var for g in v.gpus], [g.count for g in v.gpus])
    if rid == "R13":
        return "min", ctx.dc_load()[0]
    if rid == "R16":  # the most RAM above what the GPUs' memory asks (milli-GB: the ratio may have decimals)
        ratio = e.inst.rules.ram_per_total_vram if any(g.count >= 2 for g in v.gpus) else 0
        terms = [(m.var, round(m.count * m.part["modules"] * m.part["module_gb"] * 1000)) for m in v.memory]
        terms += [(g.var, -round(ratio * g.count * g.part["memory_gb"] * 1000)) for g in v.gpus if g.count >= 2]
        return "max", cp_model.LinearExpr.weighted_sum([t for t, _ in terms], [w for _, w in terms])
    if rid == "R18":  # the highest compute capability (tenths; an unknown one counts as 0)
        ccs = [round((e.inst.model(g.part).get("compute_capability") or 0) * 10) for g in v.gpus]
        return "max", cp_model.LinearExpr.weighted_sum([g.var for g in v.gpus], ccs)
    if rid == "min_perf":
        return "max", ctx.perf
    if rid == "R14":
        return "min", ctx.spend
    return "min", ctx.cost


def _placement_text(inst: Instance, b: Build) -> str | None:
    """R7 in a builder's words: the least room the cards need on any board, and the roomiest case;
    None when some board and case of the catalog would hold them (then another part is the obstacle)."""
    n, width = b.gpu.count, b.gpu.part["slot_width"]
    spaced = b.gpu.part["cooling"] == "open-air" and n > 1 and inst.rules.adjacent_open_air == "forbid"
    spans = []
    for board in inst.catalog.parts["motherboards"]:
        span = least_room(inst.rules, width, n, board, spaced)
        if span is not None:
            spans.append(span)
    most = max((c["expansion_slots"] for c in inst.catalog.parts["cases"]), default=0)
    cards = (
        f"{n} x {b.gpu.part['chipset']} ({num(width)} slots wide{', with a free slot between them' if spaced else ''})"
    )
    if not spans:
        return f"{cards} cannot be placed: no board has enough usable GPU slots at a wide enough spacing (R7)."
    if min(spans) <= most:
        return None
    return (
        f"{cards} cannot be placed: they need at least {min(spans)} slot positions, "
        f"the roomiest case offers {most} (R7)."
    )


def _chipset_text(inst: Instance, b: Build) -> str | None:
    """R7 when the closest build's board wires too few GPU slots to the CPU: its slots in numbers, and what
    rules.chipset_slots = "penalize" would accept; None when the board is not the obstacle."""
    rules, n, board = inst.rules, b.gpu.count, b.motherboard.part
    if rules.chipset_slots != "forbid":
        return None
    slots = board["gpu_slots"]
    fit = [s for s in slots if usable(rules, s)]
    chipset = [s for s in slots if s.attach == "chipset"]
    if len(fit) >= n or not chipset:
        return None
    listed = ", ".join(f"position {s.position}: {slot_words(s)}" for s in slots)
    cards = f"{n} x {b.gpu.part['chipset']}"
    penal = [s for s in chipset if s.lanes >= LEAST_USABLE_LANES]
    offer = (f"; rules.chipset_slots = \"penalize\" would accept the x{penal[0].lanes} "
             f"chipset slot at {num(rules.chipset_penalty * 100)}% "
             f"less performance"
             if penal else "; its chipset slots are x1 or x2 links, which no setting accepts")  # fmt: skip
    return (f"GPU layout (R7): {cards} need {n} CPU-wired slots of >= {rules.min_pcie_lanes_per_gpu} lanes; "
            f"{board.name} (the board of "
            f"the cheapest build meeting the other requirements) has {len(fit)} ({listed}){offer}.")  # fmt: skip


def _quantify(e: _Explainer, rid: str, conflict: list[str]) -> Requirement:
    inst, asks, rule = e.inst, _asks(e.inst, rid), rid.split(":")[0]
    sense, expr = _goal(e, rid)
    scope, b = "every other requirement", e.closest(rid, sense, expr, [i for i in e.ids if i != rid])
    if b is None:
        # Other conflicts remain without this one: describe it against the rest of this conflict only.
        scope, b = "the other requirements listed", e.closest(rid, sense, expr, [i for i in conflict if i != rid])
    if b is None:
        return Requirement(rid, rule, asks, f"{asks}: no build meets the other requirements listed either.")
    alone = "" if scope == "every other requirement" else " (other requirements also block it)"
    if rid == "R14":
        budget, spend = inst.scenario.budget_cents, b.spend_cents
        assert budget is not None, "_ids lists R14 only when the scenario has a budget"
        verb = "spends" if inst.owned else "costs"
        return Requirement(rid, rule, asks,
                           f"Budget {usd(budget)} is {usd(spend - budget)} short: the cheapest build that meets "
                           f"{scope} {verb} {usd(spend)} (R14).", budget / 100, spend / 100, b)  # fmt: skip
    if rid == "R2":
        most = b.gpu.part["memory_gb"]
        return Requirement(rid, rule, asks,
                           f"No GPU with >= {num(inst.min_gpu_memory_gb)} GB fits {scope}; "
                           "the most GPU memory possible "
                           f"is {num(most)} GB ({b.gpu.part['chipset']}) (R2).",
                           float(inst.min_gpu_memory_gb), float(most), b)  # fmt: skip
    if rid == "R1":
        counts = inst.scenario.gpu_counts
        return Requirement(rid, rule, asks,
                           f"No build with {' or '.join(map(str, counts))} GPUs meets {scope}; the most GPUs that fit "
                           f"is {b.gpu.count} (R1).", float(min(counts)), float(b.gpu.count), b)  # fmt: skip
    if rid == "R13":
        limit, p = inst.rules.wall_limit, b.power
        assert limit is not None, "_ids lists R13 only when the rules set a wall limit"
        assert p is not None, "complete() figures every build's power"
        level = f"{p.level_pct}%" + (' (rules.power_limit = "off")' if inst.rules.power_limit == "off" else "")
        rating = "unrated" if b.psu.part["efficiency"] == "none" else f"80 PLUS {b.psu.part['efficiency']}"
        supply = f"{p.psu_count} x {num(b.psu.part['wattage'])} W {rating}"
        return Requirement(rid, rule, asks,
                           f"The wall-power limit of {num(limit)} W is too low: the least DC load of a build meeting "
                           f"{scope} is {num(p.dc_watts)} W ({b.gpu.count} x {num(p.gpu_watts)} W GPUs at {level}), "
                           f"{num(p.wall_watts_shown)} W at the wall through its PSU "
                           f"({supply}, {float(p.efficiency_pct):.1f}% efficient) (R13).",
                           float(limit), float(p.dc_watts), b)  # fmt: skip
    if rid == "min_perf":
        target = inst.scenario.min_perf
        assert target is not None, "_ids lists min_perf only when the scenario sets it"
        return Requirement(rid, rule, asks,
                           f"Performance {num(target)} is out of reach: the fastest build that meets {scope} reaches "
                           f"{float(b.performance):.4f} ({b.gpu.count} x {b.gpu.part['chipset']}).",
                           float(target), float(b.performance), b)  # fmt: skip
    if rule == "R15":
        kind, ref = rid.split(":", 2)[1:]
        what = {"require": f"Requiring {ref}", "exclude": f"Excluding {ref}", "own": f"Using the owned {ref}"}[kind]
        return Requirement(rid, rule, asks,
                           f"{what} leaves no valid build; without that filter the cheapest build meeting {scope} "
                           f"costs {usd(b.cost_cents)} (R15).", None, b.cost_cents / 100, b)  # fmt: skip
    if rule == "R7" and (text := _chipset_text(inst, b)):
        return Requirement(rid, rule, asks, text + alone, None, None, b)
    if rule == "R7" and (text := _placement_text(inst, b)):
        return Requirement(rid, rule, asks, text, None, None, b)
    if rule == "R16":
        rules, n, gpu = inst.rules, b.gpu.count, b.gpu.part
        ram = b.memory.count * b.memory.part["modules"] * b.memory.part["module_gb"]
        need = max(rules.min_ram_gb, rules.ram_per_total_vram * n * gpu["memory_gb"] if n >= 2 else 0)
        why = (f"{num(rules.ram_per_total_vram)} x {n} x {num(gpu['memory_gb'])} GB of GPU memory"
               if n >= 2 and need > rules.min_ram_gb
               else "rules.min_ram_gb")  # fmt: skip
        return Requirement(rid, rule, asks,
                           f"System RAM floor (R16): {num(need)} GB of RAM needed ({why}); "
                           "the most RAM a build meeting "
                           f"{scope} holds is {num(ram)} GB "
                           f"({b.memory.count} x {b.memory.part.name} on {b.motherboard.part.name}, "
                           f"{num(b.motherboard.part['max_memory_gb'])} GB at most){alone}.",
                           float(need), float(ram), b)  # fmt: skip
    if rule == "R17":
        psu, rules = b.psu.part, inst.rules
        large = [p for p in inst.catalog.parts["psus"] if p["wattage"] >= psu["wattage"]]
        best = max((EFFICIENCIES.index(p["efficiency"]) for p in large), default=0)
        return Requirement(rid, rule, asks,
                           f"PSU efficiency floor (R17): units above {num(rules.psu_efficiency_above_w)} W "
                           "must be 80 PLUS "
                           f"{rules.psu_min_efficiency} or better; the cheapest build meeting {scope} "
                           f"needs {num(psu['wattage'])} W "
                           f"({b.psu.part.name}, {psu['efficiency']}), and the best rating among the catalog's "
                           f"{len(large)} units of >= {num(psu['wattage'])} W is {EFFICIENCIES[best]}{alone}.",
                           None, None, b)  # fmt: skip
    if rule == "R18":
        least, cc = inst.rules.min_compute_capability, inst.model(b.gpu.part).get("compute_capability")
        have = f"{float(cc):.1f}" if cc is not None else "unknown"
        return Requirement(rid, rule, asks,
                           f"Compute capability (R18): {float(least):.1f} or newer asked; the highest of a GPU meeting "
                           f"{scope} is {have} ({b.gpu.part['chipset']}){alone}.",
                           float(least), float(cc or 0), b)  # fmt: skip
    verdict = next(c for c in check_build(inst, b) if c.rule == rule)
    return Requirement(
        rid,
        rule,
        asks,
        f"{title(rule)} ({rule}): the cheapest build meeting {scope} fails it: {verdict.detail}{alone}.",
        None,
        None,
        b,
    )


def _structural(inst: Instance, e: _Explainer) -> list[str]:
    """Problems no requirement can lift: an empty category, or no rated GPU."""
    out = []
    for name, choices in e.ctx.v.categories().items():
        if name == "gpus":
            if not choices:
                out.append(
                    f"no GPU in gpus.csv has a {inst.perf_column!r} rating in gpu_models.csv "
                    "(unrated GPUs are never chosen)"
                )
        elif not choices and name != "coolers":
            out.append(f"{name}.csv has no parts")
    if not e.ctx.v.coolers and not any(c.part["includes_cooler"] for c in e.ctx.v.cpus):
        out.append("coolers.csv has no parts and no CPU includes a cooler")
    return out


def explain(inst: Instance) -> Explanation:
    """Why the bound scenario of `inst` has no build (assumes it has none)."""
    e = _Explainer(inst)
    structural = _structural(inst, e)
    if structural or not e.feasible([]):
        return Explanation(
            [],
            [],
            structural or ["the catalog's parts cannot form any build (check sockets, memory types and form factors)"],
        )
    core = e.core()
    if not core:
        return Explanation([], [], [])
    conflict = e.minimal(core)
    return Explanation(
        conflict, [_quantify(e, rid, conflict) for rid in conflict], parts=_clashing_parts(inst, conflict)
    )


def explain_scenario(catalog: Catalog, scenario: Scenario) -> Explanation:
    """`explain` for a scenario not yet bound to its catalog."""
    return explain(bind(catalog, scenario))


def _clashing_parts(inst: Instance, conflict: list[str]) -> list[str]:
    """When a filter meets a compatibility rule (R4 socket, R5 memory type), the parts and files involved:
    "No board in motherboards.csv takes the sTRX4 socket of the required cpus:x (excluded: ...)"."""
    s, parts = inst.scenario, inst.catalog.parts
    if not any(c.startswith("R15") for c in conflict):
        return []
    excluded = set(s.exclude)
    out = []
    pairs = {
        "R4": ("cpus", "motherboards", "socket", "socket", "board"),
        "R5": ("memory", "motherboards", "memory_type", "memory_type", "board"),
    }
    for rule, (stem, other, attr, other_attr, _label) in pairs.items():
        if rule not in conflict:
            continue
        for ref in s.require:
            part = inst.catalog.find(ref)
            for mine, theirs, their_attr, my_attr in ((stem, other, other_attr, attr), (other, stem, attr, other_attr)):
                if part is None or part.stem != mine:
                    continue
                value = part[my_attr]
                fits = [p for p in parts[theirs] if same(p[their_attr]) == same(value)]
                usable = [
                    p
                    for p in fits
                    if p.ref not in excluded and all(r.partition(":")[0] != theirs or r == p.ref for r in s.require)
                ]
                if usable:
                    continue
                what = f"the {value} {their_attr.replace('_', ' ')} of the required {ref}"
                if fits:
                    names = ", ".join(p.ref for p in fits[:3]) + (" and others" if len(fits) > 3 else "")
                    out.append(
                        f"Only {names} in {theirs}.csv {'has' if len(fits) == 1 else 'have'} {what}, "
                        f"and the filters rule {'it' if len(fits) == 1 else 'them'} out ({rule})."
                    )
                else:
                    out.append(f"No part in {theirs}.csv has {what} ({rule}).")
    return out
