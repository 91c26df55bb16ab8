"""R14 budget: the build spends at most budget_usd (contract v3 section 2: owned units are not bought)."""

from ...rulebook import title
from ..context import Context

ID = "R14"
TITLE = title(ID)


def add(ctx: Context) -> None:
    budget = ctx.inst.scenario.budget_cents
    if budget is not None:
        ctx._enforce(ctx.model.add(ctx.spend <= budget))
