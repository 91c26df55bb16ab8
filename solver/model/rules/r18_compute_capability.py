"""R18 compute capability (profile "recommended"): every card reaches min_compute_capability (7.5: current PyTorch
CUDA wheels build for Turing and newer). Not checked when gpu_models.csv has no compute_capability column."""

from ...rulebook import title
from ..context import Context

ID = "R18"
TITLE = title(ID)


def add(ctx: Context) -> None:
    inst = ctx.inst
    ok: dict[str, bool] = {}  # by chipset, all that R18 reads of a card
    for g in ctx.v.gpus:
        if g.part.attrs["chipset"] not in ok:
            ok[g.part.attrs["chipset"]] = inst.capability_ok(g.part)
    ctx.forbid([g.var for g in ctx.v.gpus if not ok[g.part.attrs["chipset"]]])
