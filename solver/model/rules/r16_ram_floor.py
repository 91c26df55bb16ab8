"""R16 system RAM floor (profile "recommended"): at least min_ram_gb, and for two or more GPUs at least
ram_per_total_vram x their memory together. Bekman's Machine Learning Engineering asks for as much CPU memory as
GPU memory; the default ratio is 0.5 because system builders ship multi-GPU workstations with half as much."""

from fractions import Fraction

from ...rulebook import title
from ..context import Context

ID = "R16"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v, rules = ctx.v, ctx.inst.rules
    ram = [(m.count * m.part.attrs["modules"] * m.part.attrs["module_gb"], m.var) for m in v.memory]
    ctx.forbid([x for gb, x in ram if gb < rules.min_ram_gb])
    if rules.ram_per_total_vram > 0:
        # Computed once per (count, memory), as in R3.
        needs: dict[tuple, Fraction | int] = {}
        need = []
        for g in v.gpus:
            if g.count >= 2:
                key = (g.count, g.part.attrs["memory_gb"])
                if key not in needs:
                    value = rules.ram_per_total_vram * key[0] * key[1]
                    needs[key] = value.numerator if value.denominator == 1 else value
                need.append((needs[key], g.var))
        if need:
            ctx.add_ge(ram, need)
