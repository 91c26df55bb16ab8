"""R5 memory fit: the kit's memory type is the board's, and the board has the slots and capacity for it."""

from ...cells import same
from ...rulebook import title
from ..context import Context

ID = "R5"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v = ctx.v
    kinds = sorted(
        {same(m.part["memory_type"]) for m in v.memory} | {same(b.part["memory_type"]) for b in v.motherboards}
    )
    for kind in kinds:
        kits = [(1, m.var) for m in v.memory if same(m.part["memory_type"]) == kind]
        boards = [(1, b.var) for b in v.motherboards if same(b.part["memory_type"]) == kind]
        ctx.add_eq(kits, boards)
    modules = [(m.count * m.part["modules"], m.var) for m in v.memory]
    ctx.add_le(modules, [(b.part["memory_slots"], b.var) for b in v.motherboards])
    ram = [(m.count * m.part["modules"] * m.part["module_gb"], m.var) for m in v.memory]
    ctx.add_le(ram, [(b.part["max_memory_gb"], b.var) for b in v.motherboards])
