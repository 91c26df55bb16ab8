"""R13 wall power: the build's draw at the wall, its DC load divided by the PSUs' efficiency at their load (80 PLUS
curves, solver.power), stays within the circuit's continuous limit (rules.circuit, e.g. 1,440 W on a US 15 A circuit)
or rules.max_wall_watts. A 230 V-only unit fails on a 115 V circuit.

The wall draw is not linear, but for a fixed PSU choice the DC loads within the limit are one or two intervals
(solver.power.allowed_loads), computed exactly in advance. The DC load is an integer in units of 1/D watts (D the
common denominator of every watt figure), so each bound becomes an integer by rounding towards the allowed side:
DC <= hi exactly when D x DC <= floor(D x hi). One linear constraint covers every PSU choice; a PSU whose loads split
in two (a load just under 20% of its rating draws more at the wall than one at 20%) adds one Boolean saying which."""

import math
from fractions import Fraction

from ...power import allowed_loads
from ...rulebook import title
from ..context import Context

ID = "R13"
TITLE = title(ID)


def add(ctx: Context) -> None:
    rules = ctx.inst.rules
    limit = rules.wall_limit
    if limit is None:
        return
    dc, scale = ctx.dc_load()
    base = int(rules.other_w * scale)  # what other_w adds to D x DC
    # per (supply, rating, input voltage): PSU choices alike in these allow the same loads
    spans_of: dict[tuple, list[tuple[Fraction, Fraction]]] = {}
    for p in ctx.v.psus:
        key = _supply(p)
        if key not in spans_of:
            if p.part.attrs["input_voltage"] == "230v" and rules.volts == 115:
                spans_of[key] = []  # a 230 V-only unit on a circuit taken as 115 V
            else:
                spans_of[key] = allowed_loads(
                    limit, p.count * Fraction(p.part.attrs["wattage"]), p.part.attrs["efficiency"], rules.volts
                )
    ctx.forbid([p.var for p in ctx.v.psus if not spans_of[_supply(p)]])
    caps = [(math.floor(spans_of[_supply(p)][-1][1] * scale) - base, p.var) for p in ctx.v.psus if spans_of[_supply(p)]]
    ctx.add_le([(1, dc)], caps)
    # A PSU whose loads split in two: one Boolean per group of alike choices says which part the load is in.
    split = {key: spans for key, spans in spans_of.items() if len(spans) == 2}
    groups = ctx.group("psu.split_loads", [p for p in ctx.v.psus if _supply(p) in split], _supply)
    for key, group in groups.items():
        (_, low), (start, _) = split[key]
        below = ctx.model.new_bool_var(f"{group.name}:below")
        ctx.add_le([(1, dc)], constant=math.floor(low * scale) - base, when=[group, below])
        ctx.add_ge([(1, dc)], constant=math.ceil(start * scale) - base, when=[group, below.Not()])


def _supply(p) -> tuple:
    return p.count * p.part.attrs["wattage"], p.part.attrs["efficiency"], p.part.attrs["input_voltage"]
