"""R3 system RAM: at least as much RAM as the largest GPU has memory (2018 guide, RAM section), or per
GPU when the scenario asks for ram_basis = "total"."""

from fractions import Fraction

from ...rulebook import title
from ..context import Context

ID = "R3"
TITLE = title(ID)


def add(ctx: Context) -> None:
    rules = ctx.inst.rules
    ram = [(m.count * m.part.attrs["modules"] * m.part.attrs["module_gb"], m.var) for m in ctx.v.memory]
    per_card = rules.ram_basis == "total"
    # The RAM a choice needs, computed once per (memory, count): many choices share them, and the exact products
    # are Fractions (a whole one as an int, the same number, which the sum takes without scaling).
    needs: dict[tuple, Fraction | int] = {}
    need = []
    for g in ctx.v.gpus:
        key = (g.part.attrs["memory_gb"], g.count if per_card else 1)
        if key not in needs:
            value = rules.ram_per_gpu_memory * key[0] * key[1]
            needs[key] = value.numerator if value.denominator == 1 else value
        need.append((needs[key], g.var))
    ctx.add_ge(ram, need)
