"""R5 memory fit: the kit's memory type is the board's, and the board has the slots and capacity for it."""

from ...cells import same
from ...rulebook import title
from ..context import Context

ID = "R5"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v = ctx.v
    kit_types = [same(m.part.attrs["memory_type"]) for m in v.memory]
    board_types = [same(b.part.attrs["memory_type"]) for b in v.motherboards]
    for kind in sorted({*kit_types, *board_types}):
        kits = [(1, m.var) for m, t in zip(v.memory, kit_types) if t == kind]
        boards = [(1, b.var) for b, t in zip(v.motherboards, board_types) if t == kind]
        ctx.add_eq(kits, boards)
    modules = [(m.count * m.part.attrs["modules"], m.var) for m in v.memory]
    ctx.add_le(modules, [(b.part.attrs["memory_slots"], b.var) for b in v.motherboards])
    ram = [(m.count * m.part.attrs["modules"] * m.part.attrs["module_gb"], m.var) for m in v.memory]
    ctx.add_le(ram, [(b.part.attrs["max_memory_gb"], b.var) for b in v.motherboards])
