"""R16 system RAM floor (profile "recommended"): at least min_ram_gb, and for two or more GPUs at least
ram_per_total_vram x their memory together. Bekman's Machine Learning Engineering asks for as much CPU memory as
GPU memory; the default ratio is 0.5 because system builders ship multi-GPU workstations with half as much."""

from ...rulebook import title
from ..context import Context

ID = "R16"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v, rules = ctx.v, ctx.inst.rules
    ram = [(m.count * m.part["modules"] * m.part["module_gb"], m.var) for m in v.memory]
    ctx.forbid([x for gb, x in ram if gb < rules.min_ram_gb])
    if rules.ram_per_total_vram > 0:
        need = [(rules.ram_per_total_vram * g.count * g.part["memory_gb"], g.var) for g in v.gpus if g.count >= 2]
        if need:
            ctx.add_ge(ram, need)
