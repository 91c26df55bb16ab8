"""R7 GPU layout: the cards sit in distinct usable slots (a CPU slot with min_pcie_lanes_per_gpu lanes, or a chipset
x4 slot under rules.chipset_slots = "penalize"; never an x1 or x2 link), each at least its width below the last,
within the case's expansion slots. solver.model.placement pins each GPU choice's mode to the layout its parts have;
R7 refuses the mode that stands for "no placement fits"."""

from ...rulebook import title
from ..context import Context

ID = "R7"
TITLE = title(ID)


def add(ctx: Context) -> None:
    ctx.forbid([c.var for c in ctx.v.gpus if not c.gpu_mode.placed])
