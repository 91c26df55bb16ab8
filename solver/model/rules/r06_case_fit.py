"""R6 case fit: the case takes the board's and the PSU's form factors, the GPU's length and the cooler (2018 guide,
case section: "make sure that it supports full length GPUs"), and has a bay for each PSU (two identical units need a
dual-PSU case)."""

from ...cells import same
from ...rulebook import title
from ..context import Context

ID = "R6"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v = ctx.v
    for board_attr, case_attr, choices in (
        ("form_factor", "motherboard_form_factors", v.motherboards),
        ("form_factor", "psu_form_factors", v.psus),
    ):
        factors = [same(c.part.attrs[board_attr]) for c in choices]
        taken = [{same(f) for f in k.part.attrs[case_attr]} for k in v.cases]
        for factor in sorted(set(factors)):
            users = [(1, c.var) for c, f in zip(choices, factors) if f == factor]
            takers = [(1, k.var) for k, names in zip(v.cases, taken) if factor in names]
            ctx.add_le(users, takers)
    for m in sorted({p.count for p in v.psus if p.count > 1}):
        ctx.add_le(
            [(1, p.var) for p in v.psus if p.count == m], [(1, k.var) for k in v.cases if k.part.attrs["psu_bays"] >= m]
        )
    ctx.add_le(
        [(g.part.attrs["length_mm"], g.var) for g in v.gpus],
        [(k.part.attrs["max_gpu_length_mm"], k.var) for k in v.cases],
    )
    air = [(c.part.attrs["height_mm"], c.var) for c in v.coolers if c.part.attrs["kind"] == "air"]
    ctx.add_le(air, [(k.part.attrs["max_cooler_height_mm"], k.var) for k in v.cases])
    aio = [(c.part.attrs["radiator_mm"], c.var) for c in v.coolers if c.part.attrs["kind"] == "aio"]
    ctx.add_le(aio, [(k.part.attrs["max_radiator_mm"], k.var) for k in v.cases])
