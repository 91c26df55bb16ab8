"""R3 system RAM: at least as much RAM as the largest GPU has memory (2018 guide, RAM section), or per
GPU when the scenario asks for ram_basis = "total"."""

from ...rulebook import title
from ..context import Context

ID = "R3"
TITLE = title(ID)


def add(ctx: Context) -> None:
    rules = ctx.inst.rules
    ram = [(m.count * m.part["modules"] * m.part["module_gb"], m.var) for m in ctx.v.memory]
    per_card = rules.ram_basis == "total"
    need = [(rules.ram_per_gpu_memory * g.part["memory_gb"] * (g.count if per_card else 1), g.var) for g in ctx.v.gpus]
    ctx.add_ge(ram, need)
