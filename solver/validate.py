"""Every rule R1-R18 evaluated on one concrete build, with the numbers behind the verdict.

Solver-agnostic: it reads parts and the scenario, never the CP-SAT model, so `check` can judge a build
someone brings, and the solver's own builds can be cross-checked."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from typing import Any

from .catalog import Part
from .categories import CATEGORIES
from .cells import same
from .instance import Instance, gpu_watts
from .layout import Layout, choose_layout, layout_words, usable, whole_slots
from .offers import stale
from .power import PowerFigures, efficiency_pct, wall_watts
from .result import Build, Pick, Scoring
from .rulebook import RuleCheck
from .scenario import EFFICIENCIES
from .text import num, plural, usd


def dc_load(inst: Instance, build: Build) -> Fraction:
    """GPUs at their power level + CPU + other components, in watts (R10, R13)."""
    return build.gpu.count * gpu_watts(build.gpu.part, build.power_level) + build.cpu.part["tdp_w"] + inst.rules.other_w


def power_figures(inst: Instance, build: Build) -> PowerFigures:
    """The build's power as the output shows it: level, watts per card, DC load, wall draw and efficiency."""
    rules, psu, m = inst.rules, build.psu.part, build.psu_count
    dc = Fraction(dc_load(inst, build))
    supply = m * Fraction(psu["wattage"])
    circuit = "max_wall_watts" if rules.max_wall_watts > 0 else rules.circuit
    return PowerFigures(build.power_level, Fraction(gpu_watts(build.gpu.part, build.power_level)), dc,
                        wall_watts(dc, supply, psu["efficiency"], rules.volts),
                        efficiency_pct(psu["efficiency"], rules.volts, dc / supply),
                        circuit, rules.wall_limit, m)  # fmt: skip


def layout_of(inst: Instance, gpu: Part, n: int, board: Part, case: Part) -> Layout:
    """The build's layout (solver.layout.choose_layout), once per instance for each set of what it reads: the
    card's whole slots and cooling, the count, the board's wiring and the case's expansion slots."""
    key = (
        whole_slots(gpu.attrs["slot_width"]),
        gpu.attrs["cooling"],
        n,
        board.attrs["gpu_slots"],
        board.attrs["wiring_inferred"],
        case.attrs["expansion_slots"],
    )
    layout = inst.layouts.get(key)
    if layout is None:
        layout = inst.layouts[key] = choose_layout(inst.rules, gpu, n, board, case)
    return layout


def performance(inst: Instance, gpu: Part, n: int, layout: Layout, level: int = 100) -> Fraction | None:
    """Contract v2 section 3: rating x speed-up x the layout's factor (adjacency and chipset) x the power level's
    throughput factor; None when the card is unrated, n of it have no speed-up, or it cannot run at the level."""
    rated = rated_performance(inst, gpu, n, level)
    return None if rated is None else rated * layout.factor


def rated_performance(inst: Instance, gpu: Part, n: int, level: int = 100) -> Fraction | None:
    """performance() before the layout's factor: rating x speed-up x the power level's throughput factor, all that
    the card's chipset and board power decide."""
    factors = rating_factors(inst, gpu, n, level)
    return None if factors is None else factors[0] * factors[1] * factors[2]


def rating_factors(inst: Instance, gpu: Part, n: int, level: int = 100) -> tuple[Fraction, Fraction, Fraction] | None:
    """What rated_performance() multiplies: the rating, the speed-up of n cards and the power level's throughput
    factor; None when the card is unrated, n of it have no speed-up, or it cannot run at the level."""
    perf, speedup, factor = inst.gpu_perf(gpu), inst.speedup(gpu, n), inst.power_levels(gpu).get(level)
    if perf is None or speedup is None or factor is None:
        return None
    return perf, speedup, factor


def assemble(inst: Instance, picks: dict[str, Pick | None], level: int = 100) -> Build:
    """A Build of these picks (gpu, cpu, ..., storage) at a power level with all that the rules read: the owned
    units, its layout and performance (0 for a card that cannot be scored). complete() adds what the output shows."""
    # Any: the keys are the slots, which name Build's Pick fields (the cooler's may be None).
    owning: dict[str, Any] = {slot: with_owned(inst, pick) for slot, pick in picks.items()}
    g = owning["gpu"]
    layout = layout_of(inst, g.part, g.count, owning["motherboard"].part, owning["case"].part)
    perf = performance(inst, g.part, g.count, layout, level)
    return Build(**owning, performance=perf or Fraction(0), layout=layout, power_level=level)


def complete(inst: Instance, picks: dict[str, Pick | None], level: int = 100) -> Build:
    """A Build of these picks (gpu, cpu, ..., storage) at a power level: its layout, performance (0 for a card that
    cannot be scored), power figures and what scored it."""
    build = assemble(inst, picks, level)
    g = build.gpu
    build = replace(
        build, power=power_figures(inst, build), scoring=scoring(inst, g.part, g.count), stale=stale_refs(inst, build)
    )
    if inst.usage is None:
        return build
    from .tco import compare_cloud  # [usage] only: a scenario without it never loads the TCO code

    used = build_energy(inst, build)
    cloud = (
        None
        if inst.cloud is None
        else compare_cloud(inst.usage, inst.cloud, build.performance, build.cost_cents, used.cents)
    )
    return replace(build, energy=used, cloud=cloud)


def with_owned(inst: Instance, pick: Pick | None) -> Pick | None:
    """The pick with its owned units (contract v3 section 2): as many as the user owns, at most the count."""
    if pick is None:
        return None
    owned = inst.owned.get(pick.part.ref)
    mine = min(owned.count, pick.count) if owned else 0
    return Pick(pick.part, pick.count, mine, owned.counted_cents if owned and mine else 0)


def build_energy(inst: Instance, build: Build):
    """Contract v3 section 4: the build's energy over the horizon at its wall draw (v2 power model) and idle draw."""
    from .tco import energy, idle_wall_w

    usage, psu = inst.usage, build.psu.part
    supply = build.psu_count * Fraction(psu["wattage"])
    idle = idle_wall_w(usage, build.gpu.count, supply, psu["efficiency"], inst.rules.volts)
    assert build.power is not None, "complete() figures the power before the energy"
    return energy(usage, build.power.wall_watts, idle, usage.idle_w is None)


def stale_refs(inst: Instance, build: Build) -> tuple[str, ...]:
    """Contract v3 section 3: the parts with a unit bought whose offer is older than max_price_age_days, or undated."""
    days = inst.scenario.max_price_age_days
    return tuple(p.part.ref for p in build.picks().values()
                 if p is not None and p.bought and p.part.offer is not None
                 and stale(p.part.offer, inst.today, days))  # fmt: skip


#: Without ratings.csv, the words for the catalog's one required rating column.
DEFAULT_WORDS = {"perf": "training throughput, one RTX 4090 = 1.0"}


def rating_words(inst: Instance) -> str:
    """The workload's rating column in words, with its unit (ratings.csv), e.g. "FP16 mixed-precision training
    throughput, one GeForce RTX 4090 = 1.0"."""
    column = inst.perf_column
    row = inst.catalog.ratings.get(column)
    if row is None:
        return DEFAULT_WORDS.get(column, f"the {column} rating")
    return f"{row['words']}, {row['unit']}" if row["unit"] else row["words"]


def scoring(inst: Instance, gpu, n: int) -> Scoring:
    """What scores n of this card: the rating column in words, measured or modelled (gpu_models' column that
    ratings.csv names, else rating_basis_<column>) with the expected error, and the speed-up table."""
    column = inst.perf_column
    row = inst.catalog.ratings.get(column, {})
    cells = _model_cells(inst, gpu["chipset"])
    basis_text = cells.get(row.get("source_column") or f"rating_basis_{column}", "")
    basis = {"measured": "measured", "model": "modelled", "modelled": "modelled"}.get(basis_text.lower(), "unknown")
    error_text = cells.get(row.get("error_column") or "expected_error", "")
    try:
        error = Fraction(error_text) if error_text else None
    except ValueError:
        error = None
    speedup, table, speedup_basis = inst.scaling_row(gpu, n) or (Fraction(0), "none", "no speed-up")
    return Scoring(column, rating_words(inst), basis, error, inst.scaling_profile, table, speedup, speedup_basis)


def _model_cells(inst: Instance, chipset: str) -> dict[str, str]:
    """gpu_models.csv's cells for a chipset, as text (display columns the loader does not type)."""
    table = inst.catalog.tables.get("gpu_models")
    if table is None:
        return {}
    index = table.columns.index("chipset")
    return next((dict(zip(table.columns, row)) for row in table.rows if row[index] == chipset), {})


def check_build(inst: Instance, build: Build) -> list[RuleCheck]:
    """Each rule's verdict, in rule order."""
    return [check(inst, build) for check in CHECKS]


def _r1(inst: Instance, b: Build) -> RuleCheck:
    counts, n = inst.scenario.gpu_counts, b.gpu.count
    row = inst.scaling_row(b.gpu.part, n)
    text = f"{plural(n, 'GPU')}; allowed: {', '.join(map(str, counts))}"
    if row is None:
        return RuleCheck("R1", False, text + f"; no speed-up for {n} x {b.gpu.part['chipset']} in the scaling table")
    speedup, table, _ = row
    return RuleCheck("R1", n in counts, text + f"; speed-up {num(speedup)} ({table} table)")


def _r2(inst: Instance, b: Build) -> RuleCheck:
    have, need, n = b.gpu.part["memory_gb"], inst.min_gpu_memory_gb, b.gpu.count
    perf = inst.gpu_perf(b.gpu.part)
    rated = "" if perf is not None else f"; chipset {b.gpu.part['chipset']!r} has no {inst.perf_column} rating"
    ok = have >= need and perf is not None
    text = f"{num(have)} GB per GPU >= {num(need)} GB needed{rated}"
    total = inst.min_total_memory_gb
    if total > 0:
        pooled = n * have
        ok = ok and pooled >= total
        text += f"; {n} x {num(have)} GB = {num(pooled)} GB {'>=' if pooled >= total else '<'} {num(total)} GB pooled"
    return RuleCheck("R2", ok, text)


def _r3(inst: Instance, b: Build) -> RuleCheck:
    rules = inst.rules
    ram = b.memory.count * b.memory.part["modules"] * b.memory.part["module_gb"]
    gpu_gb = b.gpu.part["memory_gb"]
    cards = b.gpu.count if rules.ram_basis == "total" else 1
    need = rules.ram_per_gpu_memory * gpu_gb * cards
    basis = f"{num(rules.ram_per_gpu_memory)} x {num(gpu_gb)} GB" + (
        f" x {cards} GPUs" if rules.ram_basis == "total" else ""
    )
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
    m, bays = b.psu_count, case["psu_bays"]
    bays_ok = m <= bays
    if m > 1 or bays > 1:
        parts.append(f"{plural(m, 'PSU')} in {plural(bays, 'PSU bay')}")
    cooler_ok = True
    if b.cooler is not None:
        c = b.cooler.part
        if c["kind"] == "air":
            cooler_ok = c["height_mm"] <= case["max_cooler_height_mm"]
            parts.append(
                f"cooler {num(c['height_mm'])} mm {'<=' if cooler_ok else '>'} {num(case['max_cooler_height_mm'])} mm"
            )
        else:
            cooler_ok = c["radiator_mm"] <= case["max_radiator_mm"]
            parts.append(
                f"radiator {num(c['radiator_mm'])} mm {'<=' if cooler_ok else '>'} {num(case['max_radiator_mm'])} mm"
            )
    return RuleCheck("R6", board_ok and psu_ok and length_ok and bays_ok and cooler_ok, "; ".join(parts))


def _r7(inst: Instance, b: Build) -> RuleCheck:
    g, board, case, layout = b.gpu, b.motherboard.part, b.case.part, b.layout
    width = g.part["slot_width"]
    wiring = " (wiring inferred: one CPU x16 slot)" if layout.inferred else ""
    if layout.r7:
        span = layout.span + math.ceil(width)
        return RuleCheck("R7", True, f"{plural(g.count, 'card')} {num(width)} slot{'' if width == 1 else 's'} wide "
                         f"in {layout_words(layout)}{wiring}; "
                         f"span {span} <= {case['expansion_slots']} case slots")  # fmt: skip
    rules = inst.rules
    fit = [s for s in board["gpu_slots"] if usable(rules, s)]
    what = (
        f"{plural(g.count, 'card')} {num(width)} slot{'' if width == 1 else 's'} wide, "
        f"board with {plural(len(fit), 'usable GPU slot')}{wiring}"
    )
    if rules.chipset_slots == "forbid" and any(s.attach == "chipset" for s in board["gpu_slots"]):
        what += " (chipset slots refused: rules.chipset_slots = forbid)"
    return RuleCheck("R7", False, f"{what}: no placement fits {case['expansion_slots']} case slots")


def _r8(inst: Instance, b: Build) -> RuleCheck:
    g, layout = b.gpu, b.layout
    if g.count == 1:
        return RuleCheck("R8", True, "one card")
    if not layout.adjacent:
        return RuleCheck("R8", True, "spaced: a free slot between cards")
    where = "" if layout.r7 else " (no placement, see R7)"
    cooling = g.part["cooling"]
    if cooling != "open-air":
        return RuleCheck("R8", True, f"adjacent cards, {cooling}-cooled{where}")
    if inst.rules.adjacent_open_air == "penalize":
        return RuleCheck(
            "R8",
            True,
            f"adjacent open-air cards: performance x {num(1 - inst.rules.adjacent_penalty)} (penalize){where}",
        )
    return RuleCheck(
        "R8", False, f"adjacent open-air cards need blower or water cooling (or a free slot between them){where}"
    )


def _r9(inst: Instance, b: Build) -> RuleCheck:
    n, cpu = b.gpu.count, b.cpu.part
    per = inst.rules.min_pcie_lanes_per_gpu
    cards = b.layout.cpu_cards
    threads, lanes = inst.threads_per_gpu * n, per * cards
    ok = cpu["threads"] >= threads and cpu["pcie_lanes"] >= lanes
    on = f"{plural(cards, 'card')} in CPU slots" if cards != n else f"{per} per GPU"
    return RuleCheck(
        "R9",
        ok,
        f"{cpu['threads']} threads >= {threads} needed ({inst.threads_per_gpu} per GPU); "
        f"{cpu['pcie_lanes']} lanes >= {lanes} needed ({on}{f' x {per}' if cards != n else ''})",
    )


def _r10(inst: Instance, b: Build) -> RuleCheck:
    g, m, factor = b.gpu, b.psu_count, 1 + inst.rules.psu_headroom
    need = factor * dc_load(inst, b)
    have = m * b.psu.part["wattage"]
    watts = gpu_watts(g.part, b.power_level)
    supply = f"{m} x {num(b.psu.part['wattage'])} W" if m > 1 else f"{num(have)} W"
    formula = (
        f"{num(factor)} x ({g.count} x {num(watts)} W + {num(b.cpu.part['tdp_w'])} W + {num(inst.rules.other_w)} W)"
    )
    ok = have >= need
    text = f"PSU {supply} >= {num(math.ceil(need))} W needed ({formula})"
    recommended = inst.recommended_psu_w(g.part)
    if recommended is not None:
        least = recommended + (g.count - 1) * watts
        ok = ok and have >= least
        extra = f" + {g.count - 1} x {num(watts)} W" if g.count > 1 else ""
        text += (
            f"; {'>=' if have >= least else '<'} {num(least)} W recommended "
            f"(maker's {num(recommended)} W for one card{extra})"
        )
    return RuleCheck("R10", ok, text)


def _r11(inst: Instance, b: Build) -> RuleCheck:
    n, gpu, psu, m = b.gpu.count, b.gpu.part, b.psu.part, b.psu_count
    need16, need8 = n * gpu["pcie_16pin"], n * gpu["pcie_8pin"]
    have16, have8 = m * psu["pcie_16pin"], m * psu["pcie_8pin"]
    missing = max(0, need16 - have16)
    eight = need8 + 4 * missing
    text = f"8-pin: {eight} needed of {have8}"
    if need16:
        text += f"; 16-pin: {need16} needed, {have16} on the PSU{'s' if m > 1 else ''}"
        if missing:
            text += f" ({missing} fed by {4 * missing} 8-pin leads)"
    return RuleCheck("R11", eight <= have8, text)


def _r12(inst: Instance, b: Build) -> RuleCheck:
    drive, board = b.storage.part, b.motherboard.part
    size_ok = drive["capacity_gb"] >= inst.rules.min_storage_gb
    slot_ok = drive["interface"] != "nvme" or board["m2_slots"] >= 1
    kind_ok = inst.drive_kind_ok(drive)
    kind = {"nvme": "NVMe", "sata": "SATA"}[drive["interface"]] + (
        f" {drive['drive_type'].upper()}" if drive["drive_type"] else ""
    )
    text = f"{num(drive['capacity_gb'])} GB >= {num(inst.rules.min_storage_gb)} GB needed; {kind} drive"
    if inst.ssd_unchecked():
        text += " (SSD not checked: storage.csv has no drive_type column)"
    elif inst.rules.storage_kind != "any":
        wanted = {"ssd": "an SSD", "nvme": "an NVMe drive"}[inst.rules.storage_kind]
        text += f" ({wanted} as asked)" if kind_ok else f" (not {wanted} as asked)"
    if drive["interface"] == "nvme":
        text += f", board has {plural(board['m2_slots'], 'M.2 slot')}"
    return RuleCheck("R12", size_ok and slot_ok and kind_ok, text)


def _r13(inst: Instance, b: Build) -> RuleCheck:
    p = power_figures(inst, b)
    rules = inst.rules
    units = f" through {p.psu_count} units" if p.psu_count > 1 else ""
    draw = (
        f"{num(p.wall_watts_shown)} W at the wall "
        f"({num(p.dc_watts)} W DC at {float(p.efficiency_pct):.1f}% efficiency{units})"
    )
    if p.limit is None:
        return RuleCheck("R13", True, f"{draw}; no wall-power limit")
    name = "rules.max_wall_watts" if p.circuit == "max_wall_watts" else f"circuit {p.circuit}"
    if b.psu.part["input_voltage"] == "230v" and rules.volts == 115:
        return RuleCheck("R13", False, f"{b.psu.part.name} is a 230 V unit; {name} is taken as a 115 V circuit")
    ok = p.wall_watts <= p.limit
    return RuleCheck("R13", ok, f"{draw} {'<=' if ok else '>'} {num(p.limit)} W ({name})")


def _r14(inst: Instance, b: Build) -> RuleCheck:
    """The budget limits what is spent: owned units are not bought (contract v3 section 2)."""
    budget, spend = inst.scenario.budget_cents, b.spend_cents
    what = f"spend {usd(spend)} (owned parts excluded)" if inst.owned else f"cost {usd(spend)}"
    if budget is None:
        return RuleCheck("R14", True, f"{what}; no budget")
    return RuleCheck("R14", spend <= budget, f"{what} <= budget {usd(budget)}")


def _r15(inst: Instance, b: Build) -> RuleCheck:
    """Exclude and require filters, and every owned part in the build (a GPU or kit at least as often as owned)."""
    held = {p.part.ref: p.count for p in b.picks().values() if p is not None}
    excluded = [r for r in inst.scenario.exclude if r in held]
    missing = [r for r in inst.scenario.require if r not in held]
    problems = [f"excluded {r} is chosen" for r in excluded] + [f"required {r} is not chosen" for r in missing]
    for ref, owned in inst.owned.items():
        if held.get(ref, 0) < owned.count:
            problems.append(
                f"owned {ref} is not used"
                if ref not in held
                else f"owned {owned.count} x {ref}, the build holds {held[ref]}"
            )
    if not inst.scenario.exclude and not inst.scenario.require and not inst.owned:
        return RuleCheck("R15", True, "no exclude or require filters")
    return RuleCheck(
        "R15",
        not problems,
        "; ".join(problems) or ("every filter holds" + ("; every owned part is used" if inst.owned else "")),
    )


def _r16(inst: Instance, b: Build) -> RuleCheck:
    rules, n, gpu = inst.rules, b.gpu.count, b.gpu.part
    ram = b.memory.count * b.memory.part["modules"] * b.memory.part["module_gb"]
    ok = ram >= rules.min_ram_gb
    text = f"RAM {num(ram)} GB {'>=' if ok else '<'} {num(rules.min_ram_gb)} GB floor"
    if n >= 2 and rules.ram_per_total_vram > 0:
        need = rules.ram_per_total_vram * n * gpu["memory_gb"]
        ok = ok and ram >= need
        text += (
            f"; {'>=' if ram >= need else '<'} {num(need)} GB "
            f"({num(rules.ram_per_total_vram)} x {n} x {num(gpu['memory_gb'])} GB of GPU memory)"
        )
    return RuleCheck("R16", ok, text)


def _r17(inst: Instance, b: Build) -> RuleCheck:
    rules, psu = inst.rules, b.psu.part
    above, least = rules.psu_efficiency_above_w, rules.psu_min_efficiency
    rating = psu["efficiency"]
    words = "unrated" if rating == "none" else f"80 PLUS {rating.title()}"
    if psu["wattage"] <= above:
        return RuleCheck("R17", True, f"{num(psu['wattage'])} W {words}: no floor at or below {num(above)} W")
    ok = EFFICIENCIES.index(rating) >= EFFICIENCIES.index(least)
    return RuleCheck(
        "R17",
        ok,
        f"{num(psu['wattage'])} W {words} {'meets' if ok else 'is below'} {least} (asked above {num(above)} W)",
    )


def _r18(inst: Instance, b: Build) -> RuleCheck:
    least = inst.rules.min_compute_capability
    if least <= 0:
        return RuleCheck("R18", True, "no compute-capability floor")
    if not inst.r18_checked():
        return RuleCheck("R18", True, "not checked: gpu_models.csv has no compute_capability column")
    cc = inst.model(b.gpu.part).get("compute_capability")
    if cc is None:
        return RuleCheck("R18", False, f"{b.gpu.part['chipset']}: compute capability unknown; >= {num(least)} needed")
    ok = cc >= least
    return RuleCheck("R18", ok, f"compute capability {float(cc):.1f} {'>=' if ok else '<'} {float(least):.1f}")


CHECKS = (_r1, _r2, _r3, _r4, _r5, _r6, _r7, _r8, _r9, _r10, _r11, _r12, _r13, _r14, _r15, _r16, _r17, _r18)

LAYOUT_SLOTS = ("gpu", "motherboard", "case")  # what a build's layout (and so its performance) is chosen from
_EVERY = tuple(c.slot for c in CATEGORIES)
#: The slots each check reads, the power level aside: a swap of one part in any other slot (at the same power level)
#: leaves the check's verdict as it was, so solver.binding judges a swap by the checks of its slot only.
READS: dict[Callable[[Instance, Build], RuleCheck], frozenset[str]] = {
    check: frozenset(slots)
    for check, slots in (
        (_r1, ("gpu",)),
        (_r2, ("gpu",)),
        (_r3, ("gpu", "memory")),
        (_r4, ("cpu", "motherboard", "cooler")),
        (_r5, ("memory", "motherboard")),
        (_r6, ("psu", "cooler", *LAYOUT_SLOTS)),
        (_r7, LAYOUT_SLOTS),
        (_r8, LAYOUT_SLOTS),
        (_r9, ("cpu", *LAYOUT_SLOTS)),
        (_r10, ("gpu", "cpu", "psu")),
        (_r11, ("gpu", "psu")),
        (_r12, ("motherboard", "storage")),
        (_r13, ("gpu", "cpu", "psu")),
        (_r14, _EVERY),
        (_r15, _EVERY),
        (_r16, ("gpu", "memory")),
        (_r17, ("psu",)),
        (_r18, ("gpu",)),
    )
}
