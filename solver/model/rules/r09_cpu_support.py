"""R9 the CPU supports the GPUs: enough threads per GPU (2018 guide: "a minimum of 2 threads per GPU", 4 when data is
preprocessed during training) and PCIe lanes (default 8) for every card in a CPU-attached slot of the layout."""

from ...rulebook import title
from ..context import Context
from ..placement import board_groups, gpu_groups, rooms

ID = "R9"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v, inst = ctx.v, ctx.inst
    lanes = inst.rules.min_pcie_lanes_per_gpu
    ctx.add_ge(
        [(c.part.attrs["threads"], c.var) for c in v.cpus], [(inst.threads_per_gpu * g.count, g.var) for g in v.gpus]
    )
    have = [(c.part.attrs["pcie_lanes"], c.var) for c in v.cpus]
    # Without a chipset slot every card is on the CPU; with one, the cards on the CPU depend on the board.
    chipset: dict[int, bool] = {}  # per mode (by id): the choices share a few
    for g in v.gpus:
        if id(g.mode) not in chipset:
            chipset[id(g.mode)] = g.gpu_mode.chipset
    ctx.add_ge(have, [(lanes * g.count, g.var) for g in v.gpus if not chipset[id(g.mode)]])
    if lanes and any(chipset.values()):
        boards, room = board_groups(ctx), rooms(ctx)
        for key, group in gpu_groups(ctx).items():
            if key[3].chipset:
                ctx.add_ge(have, [(lanes * room[key, tup][2], b) for tup, b in boards.items()], when=[group])
