"""The energy cost of a build as an exact integer of cents in the model (build model v3, section 4).

The energy cost is round-half-even(A x wall(DC) + B x idle) cents (solver.tco: A and B fold in the hours, the
utilisation and the price per kWh). wall(DC) is not linear in the DC load: it is DC divided by the PSUs' 80 PLUS
efficiency at their share of it, which depends on the PSU choice. So the model tabulates it, exactly:

- The build's *energy key* Z is what the energy depends on besides the PSU: the DC load (in the model's units of
  1/D watts, solver.model.context.dc_load) when the GPUs are ever busy, and the GPU count when the idle draw is
  the inferred one (80 W + 20 W per card, through the build's PSUs): Z = M x DC + n. Z takes finitely many values
  z0 < z1 < ... < zK (every GPU choice at every power level it may run at, with every CPU), listed beforehand.
- For each PSU group g (PSU choices alike in total rating m x wattage and 80 PLUS level draw alike at the wall), the
  energy cost E_g(z) of every key is computed from the formula of solver.tco.
- Threshold literals t_k = [Z >= z_k] (k >= 1) describe Z exactly, and for the chosen group
  energy = E_g(z0) + sum_k (E_g(z_k) - E_g(z_(k-1))) x t_k, which is E_g(Z) for every Z, up or down.
  Keys R10 forbids for a group (DC above its rating / (1 + headroom)) are left out of its sum when R10 is enforced.
- One unconditional constraint, energy >= the least E_g(Z) over the groups, gives the LP relaxation a bound.

The table is computed in floating point and every entry within 10^-6 cent of a half cent is recomputed with exact
fractions (the floating error of these few operations on values below 10^9 cents is far below that), so every
entry equals the exact formula; the solution's energy is checked against solver.tco's exact value on extraction."""

from __future__ import annotations

import bisect
import math
from fractions import Fraction
from typing import cast

import numpy as np
from ortools.sat.python import cp_model

from ..instance import gpu_watts
from ..power import _below, _points, wall_watts
from ..tco import Usage, energy, idle_wall_w
from .choices import new_bool
from .context import INT64_MAX, INT64_MIN, Context, add_linear_at

#: Entries this close to a half cent are recomputed exactly.
TIE_MARGIN = 1e-6
#: Above this many cents the floating filter is not trusted and every entry is exact.
FLOAT_LIMIT = 1e9


def add_energy(ctx: Context, r10_enforced: bool) -> None:
    """Define ctx.energy (cents) for every build of the model, exactly (see the module docstring)."""
    inst, v, model = ctx.inst, ctx.v, ctx.model
    usage: Usage = inst.usage
    a, b = usage.cents_per_wh()
    by_load = a != 0
    by_count = b != 0 and usage.idle_w is None
    groups = ctx.group("psu.energy", v.psus, supply_key)
    counts = sorted({g.count for g in v.gpus})
    if not groups or not counts:
        ctx.energy, ctx.energy_top = model.new_constant(0), 0
        return
    dc, scale = ctx.dc_load()
    other = inst.rules.other_w
    loads = sorted(_loads(ctx, scale)) if by_load else [None]
    width = max(counts) + 1
    keys = sorted({(d, n) for d in loads for n in (counts if by_count else [None])},
                  key=lambda k: (k[0] or 0) * width + (k[1] or 0))  # fmt: skip
    table = {key: energy_table(usage, inst.rules.volts, key, keys, scale, other) for key in groups}
    top = max(max(row) for row in table.values())
    low = min(min(row) for row in table.values())
    ctx.energy, ctx.energy_top = model.new_int_var(low, top, "energy_cents"), top
    if len(keys) == 1:
        for key, literal in groups.items():
            model.add(ctx.energy == table[key][0]).only_enforce_if(literal)
        return
    if by_load and by_count:
        n_var = ctx.int_var("gpu_count", [(g.count, g.var) for g in v.gpus], one_hot=True)
        z_values = [d * width + n for d, n in keys if d is not None and n is not None]  # every key has both here
        z = model.new_int_var(z_values[0], z_values[-1], "energy_key")
        model.add(z == width * dc + n_var)
    elif by_load:
        z_values, z = [d for d, _ in keys if d is not None], dc  # every key has a load here
    else:
        z_values = [n for _, n in keys if n is not None]  # every key has a count here
        z = ctx.int_var("gpu_count", [(g.count, g.var) for g in v.gpus], one_hot=True)
    # The sums below are written by variable index (add_linear_at): a model with thousands of keys has as many
    # steps, and a sum over them for every PSU group.
    steps: list[cp_model.IntVar] = []
    key = z.index
    for k in range(1, len(z_values)):
        t = new_bool(model, f"energy_key>={z_values[k]}")
        add_linear_at(model, [key], [1], z_values[k], INT64_MAX).only_enforce_if(t)
        add_linear_at(model, [key], [1], INT64_MIN, z_values[k - 1]).only_enforce_if(t.Not())
        if steps:
            model.add_implication(t, steps[-1])
        steps.append(t)
    step = [t.index for t in steps]
    cents = ctx.energy.index  # made before the steps: the smallest index of each sum below
    key_loads = cast("list[int]", [d for d, _ in keys])  # ascending (keys sort by load first); read when by_load
    least: list[int | None] | None = None
    for key, literal in groups.items():
        row = table[key]
        last = (
            _last_allowed(key, key_loads, scale, other, inst.rules.psu_headroom)
            if r10_enforced and by_load
            else len(keys) - 1
        )
        # energy == row[0] + Σ (row[k] - row[k - 1]) x t_k
        rises = [k for k in range(1, last + 1) if row[k] != row[k - 1]]
        add_linear_at(model, [cents] + [step[k - 1] for k in rises], [1] + [row[k - 1] - row[k] for k in rises],
                      row[0], row[0]).only_enforce_if(literal)  # fmt: skip
        allowed = row[: last + 1] + [None] * (len(keys) - last - 1)
        least = (
            allowed
            if least is None
            else [x if y is None else y if x is None else min(x, y) for x, y in zip(least, allowed)]
        )
    # The least energy any group could have at each key: a bound the LP relaxation sees without knowing the PSU.
    assert least is not None, "groups is not empty (checked above), so the loop set it"
    floor = [x if x is not None else low for x in least]
    rises = [k for k in range(1, len(keys)) if floor[k] != floor[k - 1]]
    add_linear_at(model, [cents] + [step[k - 1] for k in rises], [1] + [floor[k - 1] - floor[k] for k in rises],
                  floor[0], INT64_MAX)  # fmt: skip


def supply_key(choice) -> tuple:
    """What a PSU choice's wall draw depends on: total rating (m identical units share the load) and 80 PLUS level."""
    return choice.count * Fraction(choice.part.attrs["wattage"]), choice.part.attrs["efficiency"]


def _loads(ctx: Context, scale: int) -> set[int]:
    """Every value the DC load (other_w left out, units of 1/scale W) takes: a GPU choice at a level it may run at,
    plus a CPU."""
    gpus = {
        int(c.count * gpu_watts(c.part, level) * scale) for c in ctx.v.gpus for level in ctx.inst.power_levels(c.part)
    }
    cpus = {int(c.part.attrs["tdp_w"] * scale) for c in ctx.v.cpus}
    return {g + c for g in gpus for c in cpus}


def _last_allowed(group: tuple, loads: list[int], scale: int, other: Fraction, headroom: Fraction) -> int:
    """The last key (the keys' loads, in model units, ascending) R10 allows for a group: (1 + headroom) x DC <= its
    rating. A whole-number load is at most the largest allowed exactly when it is at most that number's floor."""
    supply, _ = group
    most = math.floor((supply / (1 + headroom) - other) * scale)  # the largest load in model units
    return max(bisect.bisect_right(loads, most) - 1, 0)


def energy_table(usage: Usage, volts: int, group: tuple, keys: list, scale: int, other: Fraction) -> list[int]:
    """E_g(z) in cents for every key (load in units of 1/scale W or None, GPU count or None), exact."""
    supply, rating = group
    a, b = usage.cents_per_wh()
    ns = sorted({n for _, n in keys if n is not None})
    idle = {n: idle_wall_w(usage, n, supply, rating, volts) for n in ns} if usage.idle_w is None else {}
    fixed_idle = usage.idle_w if usage.idle_w is not None else Fraction(0)
    loads = [d for d, _ in keys]
    if loads[0] is None:
        walls_f = np.zeros(len(keys))
    else:
        walls_f = _walls(
            np.array(loads, dtype=np.float64), np.array(loads, dtype=np.int64), scale, other, supply, rating, volts
        )
    idle_f = {n: float(w) for n, w in idle.items()}  # per GPU count, not per key
    fixed_f = float(fixed_idle)
    idles_f = np.array([idle_f[n] if n is not None else fixed_f for _, n in keys])
    values = float(a) * walls_f + float(b) * idles_f
    rounded = np.floor(values + 0.5)
    frac = values - np.floor(values)
    suspect = np.abs(frac - 0.5) < TIE_MARGIN
    if values.size and np.max(np.abs(values)) > FLOAT_LIMIT:
        suspect[:] = True
    out = [int(x) for x in rounded.tolist()]
    for k in np.nonzero(suspect)[0]:
        d, n = keys[k]
        wall = Fraction(0) if d is None else wall_watts(Fraction(d, scale) + other, supply, rating, volts)
        out[k] = energy(usage, wall, idle[n] if n is not None else fixed_idle, usage.idle_w is None).cents
    return out


def _walls(
    loads_f: np.ndarray, loads: np.ndarray, scale: int, other: Fraction, supply: Fraction, rating: str, volts: int
) -> np.ndarray:
    """The wall draw (W, floating) of each DC load; which side of the lowest 80 PLUS point a load is on (where the
    curve steps) is decided exactly."""
    points = _points(rating, volts)
    dc = loads_f / scale + float(other)
    x = dc * 100 / float(supply)
    xs, es = [p[0] for p in points], [p[1] for p in points]
    eff = np.interp(x, xs, es)  # between points linear, above 100% the full-load value
    start = Fraction(points[0][0], 100) * supply  # the load at the lowest point, where the curve steps
    below = loads < math.ceil((start - other) * scale)
    eff = np.where(below, float(_below(rating, volts)), eff)
    walls = np.where(dc > 0, dc * 100 / eff, 0.0)
    return walls
