"""R4 socket: the board takes the CPU's socket, and a chosen cooler lists that socket."""

from ...cells import same
from ...rulebook import title
from ..context import Context

ID = "R4"
TITLE = title(ID)


def add(ctx: Context) -> None:
    v = ctx.v
    cpu_sockets = ctx.add_same("socket", v.cpus, v.motherboards)
    # Coolers are grouped by the set of sockets they fit, so this stays linear in the catalog. The set is
    # a sorted tuple: groups are made in the order of their keys' text, which a frozenset's text would
    # make depend on the process's string hashing, and with it the model and the build among ties.
    fits = ctx.group("cooler.sockets", v.coolers, lambda c: tuple(sorted({same(s) for s in c.part.attrs["sockets"]})))
    for socket in sorted(set(cpu_sockets)):
        misfits = [(1, g) for key, g in fits.items() if socket not in key]
        cpus = [(1, c.var) for c, s in zip(v.cpus, cpu_sockets) if s == socket]
        if misfits:
            ctx.add_le(misfits + cpus, constant=1)
