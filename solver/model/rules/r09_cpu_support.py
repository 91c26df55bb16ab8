"""R9 the CPU supports the GPUs: enough threads per GPU (2018 guide: "a minimum of 2 threads per GPU",
4 when data is preprocessed during training) and enough PCIe lanes per GPU (default 8)."""
from ...rulebook import title
from ..context import Context

ID = "R9"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v, inst = ctx.v, ctx.inst
    cards = [(g.count, g.var) for g in v.gpus]
    ctx.add_ge([(c.part["threads"], c.var) for c in v.cpus], [(inst.threads_per_gpu * n, x) for n, x in cards])
    lanes = inst.rules.min_pcie_lanes_per_gpu
    ctx.add_ge([(c.part["pcie_lanes"], c.var) for c in v.cpus], [(lanes * n, x) for n, x in cards])
