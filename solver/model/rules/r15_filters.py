"""R15 scenario filters: parts in `exclude` are never chosen; parts in `require` always are; and every owned part
is used (contract v3 section 2), a GPU or memory kit at least as many times as it is owned."""

from ...rulebook import title
from ..context import Context

ID = "R15"
TITLE = title(ID)


def add(ctx: Context) -> None:
    by_ref: dict[str, list] = {}
    for choices in ctx.v.categories().values():
        for c in choices:
            by_ref.setdefault(c.part.ref, []).append(c.var)
    scenario = ctx.inst.scenario
    for ref in scenario.exclude:
        ctx.rule = f"R15:exclude:{ref}"
        ctx.forbid(by_ref.get(ref, []))
    for ref in scenario.require:
        ctx.rule = f"R15:require:{ref}"
        # A required part without any choice (an unrated GPU, say) leaves nothing to pick: infeasible.
        chosen = by_ref.get(ref) or [ctx.model.new_constant(0)]
        ctx.add_ge([(1, x) for x in chosen], constant=1)
    for ref, owned in ctx.inst.owned.items():
        ctx.rule = f"R15:own:{ref}"
        held = [c.var for cs in ctx.v.categories().values() for c in cs if c.part.ref == ref and c.count >= owned.count]
        ctx.add_ge([(1, x) for x in held or [ctx.model.new_constant(0)]], constant=1)
    ctx.rule = ID
