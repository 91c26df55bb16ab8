"""R4 socket: the board takes the CPU's socket, and a chosen cooler lists that socket."""

from ...cells import same
from ...rulebook import title
from ..context import Context

ID = "R4"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v = ctx.v
    sockets = sorted({same(c.part["socket"]) for c in v.cpus} | {same(b.part["socket"]) for b in v.motherboards})
    for socket in sockets:
        cpus = [(1, c.var) for c in v.cpus if same(c.part["socket"]) == socket]
        boards = [(1, b.var) for b in v.motherboards if same(b.part["socket"]) == socket]
        ctx.add_eq(cpus, boards)
    # Coolers are grouped by the set of sockets they fit, so this stays linear in the catalog. The set is
    # a sorted tuple: groups are made in the order of their keys' text, which a frozenset's text would
    # make depend on the process's string hashing, and with it the model and the build among ties.
    fits = ctx.group("cooler.sockets", v.coolers, lambda c: tuple(sorted({same(s) for s in c.part["sockets"]})))
    for socket in sorted({same(c.part["socket"]) for c in v.cpus}):
        misfits = [(1, g) for key, g in fits.items() if socket not in key]
        cpus = [(1, c.var) for c in v.cpus if same(c.part["socket"]) == socket]
        if misfits:
            ctx.add_le(misfits + cpus, constant=1)
