"""R2 GPU memory: each card has at least the workload's minimum memory (guide 2018/2020 memory tables)."""
from ...rulebook import title
from ..context import Context

ID = "R2"
TITLE = title(ID)


def add(ctx: Context) -> None:
    least = ctx.inst.min_gpu_memory_gb
    ctx.forbid([c.var for c in ctx.v.gpus if c.part["memory_gb"] < least])
