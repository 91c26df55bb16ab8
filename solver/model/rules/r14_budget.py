"""R14 budget: the build costs at most budget_usd."""
from ..context import Context

ID, TITLE = "R14", "Budget"


def add(ctx: Context) -> None:
    budget = ctx.inst.scenario.budget_cents
    if budget is not None:
        ctx.add_le([(1, ctx.cost)], constant=budget)
