"""R5 memory fit: the kit's memory type is the board's, and the board has the slots and capacity for it."""

from ...rulebook import title
from ..context import Context

ID = "R5"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v = ctx.v
    ctx.add_same("memory_type", v.memory, v.motherboards)
    modules = [(m.count * m.part.attrs["modules"], m.var) for m in v.memory]
    ctx.add_le(modules, [(b.part.attrs["memory_slots"], b.var) for b in v.motherboards])
    ram = [(m.count * m.part.attrs["modules"] * m.part.attrs["module_gb"], m.var) for m in v.memory]
    ctx.add_le(ram, [(b.part.attrs["max_memory_gb"], b.var) for b in v.motherboards])
