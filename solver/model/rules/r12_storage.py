"""R12 storage: the drive holds at least min_storage_gb, is of the kind the scenario asks for (any, an SSD
"for comfort", 2018 guide, or NVMe), and an NVMe drive needs an M.2 slot on the board."""

from ...rulebook import title
from ..context import Context

ID = "R12"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v = ctx.v
    ctx.forbid(
        [
            s.var
            for s in v.storage
            if s.part.attrs["capacity_gb"] < ctx.inst.rules.min_storage_gb or not ctx.inst.drive_kind_ok(s.part)
        ]
    )
    nvme = [(1, s.var) for s in v.storage if s.part.attrs["interface"] == "nvme"]
    ctx.add_le(nvme, [(1, b.var) for b in v.motherboards if b.part.attrs["m2_slots"] >= 1])
