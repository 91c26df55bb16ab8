"""R8 cooling of adjacent GPUs: open-air cards side by side need a free slot between them, or, when the scenario says
"penalize", run 30% slower (2018 guide: "about 30%" slower and "die faster"). The layout is the placement R8's order
prefers (solver.layout); R8 refuses GPU choices whose layout puts open-air cards side by side under "forbid"."""

from ...rulebook import title
from ..context import Context

ID = "R8"
TITLE = title(ID)


def add(ctx: Context) -> None:
    ctx.forbid([c.var for c in ctx.v.gpus if not c.gpu_mode.r8])
