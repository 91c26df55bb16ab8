"""R13 wall power (off by default): GPUs + CPU + other draw at most max_wall_watts, e.g. one 15 A household
circuit."""
from ..context import Context

ID, TITLE = "R13", "Wall power"


def add(ctx: Context) -> None:
    limit = ctx.inst.rules.max_wall_watts
    if limit > 0:
        terms, other = ctx.power_terms()
        ctx.add_le(terms, constant=limit - other)
