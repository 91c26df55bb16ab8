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
import oracle  # noqa: E402


def shortlist(inst: Instance, k: int) -> dict[str, list]:
    """k candidates per category: the GPUs with the best performance per dollar that meet the memory
    minimum, and the k cheapest parts of every other category."""
    parts = inst.catalog.parts
    gpus = [g for g in parts["gpus"] if inst.gpu_perf(g) is not None and g["memory_gb"] >= inst.min_gpu_memory_gb]
    gpus.sort(key=lambda g: (-inst.gpu_perf(g) / g.price_cents, g.id))
    cheapest = lambda stem: sorted(parts[stem], key=lambda p: (p.price_cents, p.id))[:k]  # noqa: E731
    return {
        "gpus": gpus[:k], "cpus": cheapest("cpus"), "motherboards": cheapest("motherboards"), "memory": cheapest("memory"),
        "psus": cheapest("psus"), "cases": cheapest("cases"), "coolers": cheapest("coolers") + [None], "storage": cheapest("storage"),
    }  # fmt: skip


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
        layout = chosen_layout(n, gpu["slot_width"], board["x16_slots"], board["slot_pitch"], case["expansion_slots"])
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
    """The exhaustive enumerator's optimum (tests/oracle.py): (cost_cents, performance) or None."""
    value, builds = oracle.optimum(oracle.load_catalog(catalog_dir), {**scenario, "objective": objective}, objective)
    if value is None:
        return None
    return builds[0].cost_cents, builds[0].performance
