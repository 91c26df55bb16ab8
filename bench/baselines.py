"""The approaches users would otherwise take: a top-k shortlist searched exhaustively (what open-source
build pickers do), and the exhaustive enumerator on a catalog small enough for it."""
from __future__ import annotations

import itertools
import sys
from fractions import Fraction
from pathlib import Path

from solver.instance import Instance
from solver.layout import chosen_layout
from solver.result import Build, Pick
from solver.validate import check_build, performance

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import gen  # noqa: E402
import oracle  # noqa: E402


def shortlist(inst: Instance, k: int) -> dict[str, list]:
    """A picker's shortlist: the k GPUs with the best performance per dollar that meet the memory
    minimum, the k cheapest CPUs with the lanes and threads for one GPU, for each of their sockets the k
    cheapest boards, for each board memory type the k cheapest kits, the cheapest PSU of each common
    wattage, the k cheapest ATX cases, the cheapest cooler for each socket, and the k cheapest drives that
    meet the storage rule."""
    parts, rules = inst.catalog.parts, inst.rules
    by_price = lambda items: sorted(items, key=lambda p: (p.price_cents, p.id))  # noqa: E731
    gpus = [g for g in parts["gpus"] if inst.gpu_perf(g) is not None and g["memory_gb"] >= inst.min_gpu_memory_gb]
    gpus.sort(key=lambda g: (-inst.gpu_perf(g) / g.price_cents, g.id))
    cpus = by_price(c for c in parts["cpus"] if c["pcie_lanes"] >= rules.min_pcie_lanes_per_gpu and c["threads"] >= inst.threads_per_gpu)[:k]
    sockets = {c["socket"] for c in cpus}
    boards = [b for s in sorted(sockets) for b in by_price(b for b in parts["motherboards"] if b["socket"] == s and b["x16_slots"] >= 1)[:k]]
    kinds = {b["memory_type"] for b in boards}
    memory = [m for t in sorted(kinds) for m in by_price(m for m in parts["memory"] if m["memory_type"] == t)[:k]]
    psus = []
    for low, high in ((550, 750), (750, 1000), (1000, 1200), (1200, 1500), (1500, 10**6)):
        band = by_price(p for p in parts["psus"] if low <= p["wattage"] < high)
        psus += band[:1]
    cases = by_price(c for c in parts["cases"] if "ATX" in c["motherboard_form_factors"])[:k]
    coolers = [c for s in sorted(sockets) for c in by_price(c for c in parts["coolers"] if s in c["sockets"])[:1]]
    drives = by_price(d for d in parts["storage"] if d["capacity_gb"] >= rules.min_storage_gb and inst.drive_kind_ok(d))[:k]
    return {"gpus": gpus[:k], "cpus": cpus, "motherboards": boards, "memory": memory, "psus": psus, "cases": cases,
            "coolers": coolers + [None], "storage": drives}  # fmt: skip


def _value(objective: str, inst: Instance, b: Build):
    if objective == "max_perf":
        return (b.performance, -b.cost_cents)
    if objective == "min_cost":
        return (-b.cost_cents, b.performance) if b.performance >= inst.scenario.min_perf else None
    return (Fraction(b.performance, 1) / b.cost_cents,)


def topk_search(inst: Instance, objective: str, k: int = 3) -> Build | None:
    """The best valid build among every combination of the shortlist (counts from the scenario)."""
    s = shortlist(inst, k)
    best, best_value = None, None
    most = max((b["memory_slots"] for b in s["motherboards"]), default=0)
    memory = [(m, c) for m in s["memory"] for c in range(1, most // m["modules"] + 1)]
    for gpu, n, cpu, board, (kit, kc), psu, case, cooler, drive in itertools.product(
        s["gpus"], inst.scenario.gpu_counts, s["cpus"], s["motherboards"], memory, s["psus"], s["cases"], s["coolers"], s["storage"]
    ):
        layout = chosen_layout(gpu, n, board, case)
        step, adjacent = layout or (0, False)
        perf = performance(inst, n, gpu, adjacent)
        build = Build(Pick(gpu, n), Pick(cpu), Pick(board), Pick(kit, kc), Pick(psu), Pick(case), Pick(cooler) if cooler else None, Pick(drive),
                      perf, step, adjacent)  # fmt: skip
        value = _value(objective, inst, build)
        if value is None or (best_value is not None and value <= best_value):
            continue
        if all(c.ok for c in check_build(inst, build)):
            best, best_value = build, value
    return best


def enumerate_optimum(catalog_dir: Path, scenario: dict, objective: str):
    """The exhaustive enumerator's optimum (tests/oracle.py): (cost_cents, performance) or None.

    SOLVER_V2_PENDING: the solver decides build model v1, which the enumerator reproduces under the guide-2018
    profile with v1's wiring written out (every x16 slot a CPU x16 slot); read the catalog and scenario as they
    are once the solver implements contract v2."""
    catalog = oracle.catalog_from_rows(gen.with_v1_wiring(oracle.read_rows(catalog_dir)))
    scenario = {**scenario, "objective": objective, "rules": {**scenario.get("rules", {}), "profile": "guide-2018"}}
    value, builds = oracle.optimum(catalog, scenario, objective)
    if value is None:
        return None
    return builds[0].cost_cents, builds[0].performance
