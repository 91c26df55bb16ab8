"""R17 PSU efficiency floor (profile "recommended"): a unit above psu_efficiency_above_w watts is rated at least
psu_min_efficiency (80 PLUS Gold by default; the 2018 guide: "get a high efficiency rating if you use multiple
GPUs"). Judged per unit, also for two identical units."""

from ...rulebook import title
from ...scenario import EFFICIENCIES
from ..context import Context

ID = "R17"
TITLE = title(ID)


def add(ctx: Context) -> None:
    rules = ctx.inst.rules
    least = EFFICIENCIES.index(rules.psu_min_efficiency)
    ctx.forbid([p.var for p in ctx.v.psus
                if p.part.attrs["wattage"] > rules.psu_efficiency_above_w
                and EFFICIENCIES.index(p.part.attrs["efficiency"]) < least])  # fmt: skip
