"""R2 GPU memory: each card has at least the workload's minimum memory (guide 2018/2020 memory tables), and when a
workload holds one model across all cards (a layer-split LLM), the cards together hold min_total_memory_gb."""

from ...rulebook import title
from ..context import Context

ID = "R2"
TITLE = title(ID)


def add(ctx: Context) -> None:
    least, total = ctx.inst.min_gpu_memory_gb, ctx.inst.min_total_memory_gb
    short: dict[tuple, bool] = {}  # by (memory, count): many choices share them
    barred = []
    for c in ctx.v.gpus:
        key = (c.part.attrs["memory_gb"], c.count)
        if key not in short:
            short[key] = key[0] < least or (total > 0 and key[1] * key[0] < total)
        if short[key]:
            barred.append(c.var)
    ctx.forbid(barred)
