"""Every rule R1-R15 evaluated on one concrete build, with the numbers behind the verdict.

Solver-agnostic: it reads parts and the scenario, never the CP-SAT model, so `check` can judge a build
someone brings, and the solver's own builds can be cross-checked."""
from __future__ import annotations

import math
from fractions import Fraction

from .cells import same
from .instance import Instance
from .layout import chosen_layout, placement
from .result import Build
from .rulebook import RuleCheck
from .text import num, plural, usd


def power_load(inst: Instance, build: Build) -> Fraction:
    """GPUs + CPU + other components, in watts (R10, R13)."""
    n = build.gpu.count
    return n * build.gpu.part["tdp_w"] + build.cpu.part["tdp_w"] + inst.rules.other_w


def check_build(inst: Instance, build: Build) -> list[RuleCheck]:
    """Each rule's verdict, in rule order."""
    return [check(inst, build) for check in CHECKS]


def _r1(inst: Instance, b: Build) -> RuleCheck:
    counts = inst.scenario.gpu_counts
    ok = b.gpu.count in counts
    return RuleCheck("R1", ok, f"{plural(b.gpu.count, 'GPU')}; allowed: {', '.join(map(str, counts))}")


def _r2(inst: Instance, b: Build) -> RuleCheck:
    have, need = b.gpu.part["memory_gb"], inst.min_gpu_memory_gb
    perf = inst.gpu_perf(b.gpu.part)
    rated = "" if perf is not None else f"; chipset {b.gpu.part['chipset']!r} has no {inst.perf_column} rating"
    return RuleCheck("R2", have >= need and perf is not None, f"{num(have)} GB per GPU >= {num(need)} GB needed{rated}")


def _r3(inst: Instance, b: Build) -> RuleCheck:
    rules = inst.rules
    ram = b.memory.count * b.memory.part["modules"] * b.memory.part["module_gb"]
    gpu_gb = b.gpu.part["memory_gb"]
    cards = b.gpu.count if rules.ram_basis == "total" else 1
    need = rules.ram_per_gpu_memory * gpu_gb * cards
    basis = f"{num(rules.ram_per_gpu_memory)} x {num(gpu_gb)} GB" + (f" x {cards} GPUs" if rules.ram_basis == "total" else "")
    return RuleCheck("R3", ram >= need, f"RAM {num(ram)} GB >= {num(need)} GB needed ({basis})")


def _r4(inst: Instance, b: Build) -> RuleCheck:
    cpu_socket, board_socket = b.cpu.part["socket"], b.motherboard.part["socket"]
    ok = same(cpu_socket) == same(board_socket)
    text = f"CPU {cpu_socket} {'=' if ok else '!='} board {board_socket}"
    if b.cooler is None:
        included = b.cpu.part["includes_cooler"]
        ok = ok and included
        text += "; no cooler: " + ("the CPU includes one" if included else "the CPU does not include one")
    else:
        fits = same(cpu_socket) in {same(s) for s in b.cooler.part["sockets"]}
        ok = ok and fits
        text += f"; cooler {'fits' if fits else 'does not fit'} {cpu_socket}"
    return RuleCheck("R4", ok, text)


def _r5(inst: Instance, b: Build) -> RuleCheck:
    kit, board = b.memory.part, b.motherboard.part
    modules = b.memory.count * kit["modules"]
    ram = modules * kit["module_gb"]
    type_ok = same(kit["memory_type"]) == same(board["memory_type"])
    ok = type_ok and modules <= board["memory_slots"] and ram <= board["max_memory_gb"]
    return RuleCheck(
        "R5",
        ok,
        f"{kit['memory_type']} kit on a {board['memory_type']} board; {modules} of {board['memory_slots']} slots; "
        f"{num(ram)} GB of {num(board['max_memory_gb'])} GB",
    )


def _r6(inst: Instance, b: Build) -> RuleCheck:
    case, board, psu, gpu = b.case.part, b.motherboard.part, b.psu.part, b.gpu.part
    board_ok = same(board["form_factor"]) in {same(f) for f in case["motherboard_form_factors"]}
    psu_ok = same(psu["form_factor"]) in {same(f) for f in case["psu_form_factors"]}
    length_ok = gpu["length_mm"] <= case["max_gpu_length_mm"]
    parts = [
        f"{board['form_factor']} board {'fits' if board_ok else 'does not fit'}",
        f"{psu['form_factor']} PSU {'fits' if psu_ok else 'does not fit'}",
        f"GPU {num(gpu['length_mm'])} mm {'<=' if length_ok else '>'} {num(case['max_gpu_length_mm'])} mm",
    ]
    cooler_ok = True
    if b.cooler is not None:
        c = b.cooler.part
        if c["kind"] == "air":
            cooler_ok = c["height_mm"] <= case["max_cooler_height_mm"]
            parts.append(f"cooler {num(c['height_mm'])} mm {'<=' if cooler_ok else '>'} {num(case['max_cooler_height_mm'])} mm")
        else:
            cooler_ok = c["radiator_mm"] <= case["max_radiator_mm"]
            parts.append(f"radiator {num(c['radiator_mm'])} mm {'<=' if cooler_ok else '>'} {num(case['max_radiator_mm'])} mm")
    return RuleCheck("R6", board_ok and psu_ok and length_ok and cooler_ok, "; ".join(parts))


def _layout(b: Build):
    g, board, case = b.gpu, b.motherboard.part, b.case.part
    return placement(g.count, g.part["slot_width"], board["x16_slots"], board["slot_pitch"]), case["expansion_slots"]


def _r7(inst: Instance, b: Build) -> RuleCheck:
    p, slots = _layout(b)
    g, board = b.gpu, b.motherboard.part
    what = f"{plural(g.count, 'card')} {num(g.part['slot_width'])} slots wide, board with {plural(board['x16_slots'], 'x16 slot')}"
    if g.count > 1:
        what += f" {board['slot_pitch']} positions apart"
    if p.any_span is None:
        return RuleCheck("R7", False, f"{what}: no step places them")
    ok = p.any_span <= slots
    step = f"step {p.any_step} spans" if g.count > 1 else "spans"
    return RuleCheck("R7", ok, f"{what}: {step} {p.any_span} {'<=' if ok else '>'} {slots} case slots")


def _r8(inst: Instance, b: Build) -> RuleCheck:
    g = b.gpu
    layout = chosen_layout(g.part, g.count, b.motherboard.part, b.case.part)
    if g.count == 1 or layout is None:
        return RuleCheck("R8", True, "one card" if g.count == 1 else "no layout (see R7)")
    step, adjacent = layout
    if not adjacent:
        return RuleCheck("R8", True, f"spaced: a free slot between cards (step {step})")
    cooling = g.part["cooling"]
    if cooling != "open-air":
        return RuleCheck("R8", True, f"adjacent cards, {cooling}-cooled")
    if inst.rules.adjacent_open_air == "penalize":
        return RuleCheck("R8", True, f"adjacent open-air cards: performance x {num(1 - inst.rules.adjacent_penalty)} (penalize)")
    return RuleCheck("R8", False, "adjacent open-air cards need blower or water cooling (or a free slot between them)")


def _r9(inst: Instance, b: Build) -> RuleCheck:
    n, cpu = b.gpu.count, b.cpu.part
    threads, lanes = inst.threads_per_gpu * n, inst.rules.min_pcie_lanes_per_gpu * n
    ok = cpu["threads"] >= threads and cpu["pcie_lanes"] >= lanes
    return RuleCheck(
        "R9",
        ok,
        f"{cpu['threads']} threads >= {threads} needed ({inst.threads_per_gpu} per GPU); "
        f"{cpu['pcie_lanes']} lanes >= {lanes} needed ({inst.rules.min_pcie_lanes_per_gpu} per GPU)",
    )


def _r10(inst: Instance, b: Build) -> RuleCheck:
    g, factor = b.gpu, 1 + inst.rules.psu_headroom
    need = factor * power_load(inst, b)
    have = b.psu.part["wattage"]
    formula = f"{num(factor)} x ({g.count} x {num(g.part['tdp_w'])} W + {num(b.cpu.part['tdp_w'])} W + {num(inst.rules.other_w)} W)"
    return RuleCheck("R10", have >= need, f"PSU {num(have)} W >= {num(math.ceil(need))} W needed ({formula})")


def _r11(inst: Instance, b: Build) -> RuleCheck:
    n, gpu, psu = b.gpu.count, b.gpu.part, b.psu.part
    need16, need8 = n * gpu["pcie_16pin"], n * gpu["pcie_8pin"]
    missing = max(0, need16 - psu["pcie_16pin"])
    eight = need8 + 4 * missing
    text = f"8-pin: {eight} needed of {psu['pcie_8pin']}"
    if need16:
        text += f"; 16-pin: {need16} needed, {psu['pcie_16pin']} on the PSU"
        if missing:
            text += f" ({missing} fed by {4 * missing} 8-pin leads)"
    return RuleCheck("R11", eight <= psu["pcie_8pin"], text)


def _r12(inst: Instance, b: Build) -> RuleCheck:
    drive, board = b.storage.part, b.motherboard.part
    size_ok = drive["capacity_gb"] >= inst.rules.min_storage_gb
    slot_ok = drive["interface"] != "nvme" or board["m2_slots"] >= 1
    kind_ok = inst.drive_kind_ok(drive)
    kind = {"nvme": "NVMe", "sata": "SATA"}[drive["interface"]] + (f" {drive['drive_type'].upper()}" if drive["drive_type"] else "")
    text = f"{num(drive['capacity_gb'])} GB >= {num(inst.rules.min_storage_gb)} GB needed; {kind} drive"
    if inst.rules.storage_kind != "any":
        wanted = {"ssd": "an SSD", "nvme": "an NVMe drive"}[inst.rules.storage_kind]
        text += f" ({wanted} as asked)" if kind_ok else f" (not {wanted} as asked)"
    if drive["interface"] == "nvme":
        text += f", board has {plural(board['m2_slots'], 'M.2 slot')}"
    return RuleCheck("R12", size_ok and slot_ok and kind_ok, text)


def _r13(inst: Instance, b: Build) -> RuleCheck:
    limit = inst.rules.max_wall_watts
    if limit <= 0:
        return RuleCheck("R13", True, "no wall-power limit")
    load = power_load(inst, b)
    return RuleCheck("R13", load <= limit, f"{num(load)} W drawn <= {num(limit)} W limit")


def _r14(inst: Instance, b: Build) -> RuleCheck:
    budget = inst.scenario.budget_cents
    if budget is None:
        return RuleCheck("R14", True, f"cost {usd(b.cost_cents)}; no budget")
    return RuleCheck("R14", b.cost_cents <= budget, f"cost {usd(b.cost_cents)} <= budget {usd(budget)}")


def _r15(inst: Instance, b: Build) -> RuleCheck:
    refs = {p.part.ref for p in b.picks().values() if p is not None}
    excluded = [r for r in inst.scenario.exclude if r in refs]
    missing = [r for r in inst.scenario.require if r not in refs]
    problems = [f"excluded {r} is chosen" for r in excluded] + [f"required {r} is not chosen" for r in missing]
    if not inst.scenario.exclude and not inst.scenario.require:
        return RuleCheck("R15", True, "no exclude or require filters")
    return RuleCheck("R15", not problems, "; ".join(problems) or "every filter holds")


CHECKS = (_r1, _r2, _r3, _r4, _r5, _r6, _r7, _r8, _r9, _r10, _r11, _r12, _r13, _r14, _r15)


def performance(inst: Instance, build_gpu_count: int, gpu, adjacent: bool) -> Fraction | None:
    """Spec §4: perf x scaling[n] x (1 - penalty when R8 penalises this adjacent open-air build)."""
    perf = inst.gpu_perf(gpu)
    scaling = inst.rules.scaling.get(build_gpu_count)
    if perf is None or scaling is None:
        return None
    value = perf * scaling
    if adjacent and gpu["cooling"] == "open-air" and inst.rules.adjacent_open_air == "penalize":
        value *= 1 - inst.rules.adjacent_penalty
    return value
