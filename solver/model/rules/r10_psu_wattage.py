"""R10 PSU wattage: at least (1 + headroom) x (GPUs + CPU + other). The 2018 guide's example:
4 x 250 W + 150 W + 100 W = 1250 W, plus 10% = 1375 W, "so a 1400 watts PSU"."""
from ...rulebook import title
from ..context import Context

ID = "R10"
TITLE = title(ID)


def add(ctx: Context) -> None:
    factor = 1 + ctx.inst.rules.psu_headroom
    terms, other = ctx.power_terms()
    ctx.add_ge([(p.part["wattage"], p.var) for p in ctx.v.psus], [(factor * c, x) for c, x in terms], factor * other)
