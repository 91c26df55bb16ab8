"""R10 PSU wattage: the PSUs together give at least (1 + headroom) x (GPUs at their power level + CPU + other). The
2018 guide's example: 4 x 250 W + 150 W + 100 W = 1250 W, plus 10% = 1375 W, "so a 1400 watts PSU". And, when
rules.recommended_psu = "meet", the GPU maker's recommended system power for one card plus each further card's
power (inferred for several cards: the maker's figure covers a system with one)."""

from fractions import Fraction

from ...rulebook import title
from ..context import Context

ID = "R10"
TITLE = title(ID)


def add(ctx: Context) -> None:
    inst = ctx.inst
    factor = 1 + inst.rules.psu_headroom
    dc, scale = ctx.dc_load()
    supply = [(p.count * p.part.attrs["wattage"], p.var) for p in ctx.v.psus]
    ctx.add_ge(supply, [(factor / scale, dc)], factor * inst.rules.other_w)
    # The maker's figure (one per chipset) and the watts of each GPU choice's card, read once for every level.
    figures: dict[str, Fraction | None] = {}
    for g in ctx.v.gpus:
        chipset = g.part.attrs["chipset"]
        if chipset not in figures:
            figures[chipset] = inst.recommended_psu_w(g.part)
    cards = [(g, watts, ctx.card_watts(g.part)) for g in ctx.v.gpus
             if (watts := figures[g.part.attrs["chipset"]]) is not None]  # fmt: skip
    for level, literal in ctx.power_levels():
        recommended = [(watts + (g.count - 1) * lv[level], g.var) for g, watts, lv in cards if level in lv]
        if recommended:
            ctx.add_ge(supply, recommended, when=[literal] if literal is not None else None)
