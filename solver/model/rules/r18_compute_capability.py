"""R18 compute capability (profile "recommended"): every card reaches min_compute_capability (7.5: current PyTorch
CUDA wheels build for Turing and newer). Not checked when gpu_models.csv has no compute_capability column."""

from ...rulebook import title
from ..context import Context

ID = "R18"
TITLE = title(ID)


def add(ctx: Context) -> None:
    inst = ctx.inst
    ctx.forbid([g.var for g in ctx.v.gpus if not inst.capability_ok(g.part)])
