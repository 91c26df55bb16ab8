"""R1 GPU count: n is one of the scenario's allowed counts (guide: "usually limited to four GPUs")."""

from ...rulebook import title
from ..context import Context

ID = "R1"
TITLE = title(ID)


def add(ctx: Context) -> None:
    allowed = set(ctx.inst.scenario.gpu_counts)
    ctx.forbid([c.var for c in ctx.v.gpus if c.count not in allowed])
