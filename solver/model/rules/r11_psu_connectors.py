"""R11 PSU connectors: the PSUs have the PCIe power leads the cards need (2018 guide: "even if a PSU has the
required wattage, it might not have enough PCIe 8-pin or 6-pin connectors"). A 16-pin the PSUs lack is fed by four
8-pin leads through the card's adapter; two units bring two sets of leads."""

from ...rulebook import title
from ..context import Context

ID = "R11"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v = ctx.v
    need16 = [(g.count * g.part.attrs["pcie_16pin"], g.var) for g in v.gpus]
    need8 = [(g.count * g.part.attrs["pcie_8pin"], g.var) for g in v.gpus]
    # missing >= need16 - psu16 and missing >= 0 is exactly max(0, need16 - psu16) where it matters:
    # the budget of 8-pin leads below only gets tighter as `missing` grows.
    most = max((int(c) for c, _ in need16), default=0)
    missing = ctx.model.new_int_var(0, most, "missing_16pin")
    with ctx.definitions():
        ctx.add_ge([(1, missing)] + [(p.count * p.part.attrs["pcie_16pin"], p.var) for p in v.psus], need16)
    ctx.add_le(need8 + [(4, missing)], [(p.count * p.part.attrs["pcie_8pin"], p.var) for p in v.psus])
