"""The approaches users would otherwise take: a top-k shortlist searched exhaustively (what open-source
build pickers do), and the exhaustive enumerator on a catalog small enough for it."""

from __future__ import annotations

import itertools
import sys
from fractions import Fraction
from pathlib import Path

from solver.instance import Instance
from solver.result import Build, Pick
from solver.scenario import EFFICIENCIES
from solver.validate import CHECKS, complete, layout_of, performance

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import oracle  # noqa: E402


def shortlist(inst: Instance, k: int) -> dict[str, list]:
    """A picker's shortlist: the k GPUs with the best performance per dollar that meet the memory minimum and
    the compute capability asked for, the k cheapest CPUs with the lanes and threads for one GPU, for each of their
    sockets the k cheapest boards, for each board memory type the k cheapest kits of at least the RAM floor, the
    cheapest PSU of each common
    wattage at the 80 PLUS level asked for, the k cheapest ATX cases, the cheapest cooler for each socket, and the k
    cheapest drives that meet the storage rule."""
    parts, rules = inst.catalog.parts, inst.rules
    by_price = lambda items: sorted(items, key=lambda p: (p.price_cents, p.id))  # noqa: E731
    gpus = [
        g
        for g in parts["gpus"]
        if inst.gpu_perf(g) is not None and g["memory_gb"] >= inst.min_gpu_memory_gb and inst.capability_ok(g)
    ]
    gpus.sort(key=lambda g: (-inst.gpu_perf(g) / g.price_cents, g.id))
    cpus = by_price(
        c
        for c in parts["cpus"]
        if c["pcie_lanes"] >= rules.min_pcie_lanes_per_gpu and c["threads"] >= inst.threads_per_gpu
    )[:k]
    sockets = {c["socket"] for c in cpus}
    boards = [
        b
        for s in sorted(sockets)
        for b in by_price(b for b in parts["motherboards"] if b["socket"] == s and b["x16_slots"] >= 1)[:k]
    ]
    kinds = {b["memory_type"] for b in boards}
    enough = lambda m: m["modules"] * m["module_gb"] >= rules.min_ram_gb  # noqa: E731  (a picker buys a kit of the RAM floor)
    memory = [
        m
        for t in sorted(kinds)
        for m in by_price(m for m in parts["memory"] if m["memory_type"] == t and enough(m))[:k]
    ]
    psus = []
    floor = EFFICIENCIES.index(rules.psu_min_efficiency)  # a picker filters on the 80 PLUS level it is asked for
    rated = [
        p
        for p in parts["psus"]
        if p["wattage"] <= rules.psu_efficiency_above_w or EFFICIENCIES.index(p["efficiency"]) >= floor
    ]
    for low, high in ((550, 750), (750, 1000), (1000, 1200), (1200, 1500), (1500, 10**6)):
        band = by_price(p for p in rated if low <= p["wattage"] < high)
        psus += band[:1]
    cases = by_price(c for c in parts["cases"] if "ATX" in c["motherboard_form_factors"])[:k]
    coolers = [c for s in sorted(sockets) for c in by_price(c for c in parts["coolers"] if s in c["sockets"])[:1]]
    drives = by_price(
        d for d in parts["storage"] if d["capacity_gb"] >= rules.min_storage_gb and inst.drive_kind_ok(d)
    )[:k]
    return {"gpus": gpus[:k], "cpus": cpus, "motherboards": boards, "memory": memory, "psus": psus, "cases": cases,
            "coolers": coolers + [None], "storage": drives}  # fmt: skip


def _value(objective: str, inst: Instance, cost_cents: int, performance: Fraction):
    if objective == "max_perf":
        return (performance, -cost_cents)
    if objective == "min_cost":
        return (-cost_cents, performance) if performance >= inst.scenario.min_perf else None
    return (Fraction(performance, 1) / cost_cents,)


def topk_search(inst: Instance, objective: str, k: int = 3) -> Build | None:
    """The best valid build among every combination of the shortlist (counts from the scenario)."""
    s = shortlist(inst, k)
    best, best_value = None, None
    most = max((b["memory_slots"] for b in s["motherboards"]), default=0)
    memory = [(m, c) for m in s["memory"] for c in range(1, most // m["modules"] + 1)]
    for gpu, n, cpu, board, (kit, kc), psu, case, cooler, drive in itertools.product(
        s["gpus"],
        inst.scenario.gpu_counts,
        s["cpus"],
        s["motherboards"],
        memory,
        s["psus"],
        s["cases"],
        s["coolers"],
        s["storage"],
    ):
        picks = {"gpu": Pick(gpu, n), "cpu": Pick(cpu), "motherboard": Pick(board), "memory": Pick(kit, kc),
                 "psu": Pick(psu),
                 "case": Pick(case), "cooler": Pick(cooler) if cooler else None, "storage": Pick(drive)}  # fmt: skip
        cost = sum(p.cost_cents for p in picks.values() if p is not None)
        layout = layout_of(inst, gpu, n, board, case)
        perf = performance(inst, gpu, n, layout) or Fraction(0)
        value = _value(objective, inst, cost, perf)
        if value is None or (best_value is not None and value <= best_value):
            continue
        build = Build(**picks, performance=perf, layout=layout)
        if all(check(inst, build).ok for check in CHECKS):  # stops at the first rule broken
            best, best_value = build, value
    return complete(inst, best.picks()) if best is not None else None


def enumerate_optimum(catalog_dir: Path, scenario: dict, objective: str):
    """The exhaustive enumerator's optimum (tests/oracle.py): (cost_cents, performance) or None."""
    value, builds = oracle.optimum(oracle.load_catalog(catalog_dir), {**scenario, "objective": objective}, objective)
    if value is None:
        return None
    return builds[0].cost_cents, builds[0].performance
