"""R13 wall power (off by default): GPUs + CPU + other draw at most max_wall_watts, e.g. one 15 A household
circuit."""
from ...rulebook import title
from ..context import Context

ID = "R13"
TITLE = title(ID)


def add(ctx: Context) -> None:
    limit = ctx.inst.rules.max_wall_watts
    if limit > 0:
        terms, other = ctx.power_terms()
        ctx.add_le(terms, constant=limit - other)
