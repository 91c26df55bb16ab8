"""R14 budget: the build costs at most budget_usd."""
from ...rulebook import title
from ..context import Context

ID = "R14"
TITLE = title(ID)


def add(ctx: Context) -> None:
    budget = ctx.inst.scenario.budget_cents
    if budget is not None:
        ctx.add_le([(1, ctx.cost)], constant=budget)
