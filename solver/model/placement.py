"""Where the cards sit, in the model: each GPU choice's layout mode pinned to the layout solver.layout computes.

GPU choices are grouped by (count, slot width, open-air or not, mode) and boards by their usable slots (all that
R7-R9 read of a board), so the constraints grow with the number of distinct geometries, not with the catalog. For a
group and a board, solver.layout.mode_room gives the case slots the mode needs and the case slots at which an
earlier class of R8's order would fit instead; with the chosen case's expansion slots S:

    mode chosen  =>  S >= the mode's room on the chosen board     (a placement of the mode fits; none: forbidden)
    mode chosen  =>  S <= the earlier classes' room - 1            (no earlier class fits)

so a mode is chosen exactly when its class is the first in R8's order that fits: the layout, its factor and the
cards R9 counts are those `check` computes for the same parts. These are definitions, never relaxed; R7 then
refuses the unplaced mode, R8 the modes it refuses, and R9 reads the cards in CPU slots."""

from __future__ import annotations

from ..layout import mode_room, usable_slots, whole_slots
from .choices import Choice
from .context import Context


def case_slots(ctx: Context):
    """The chosen case's expansion slots (an integer variable)."""
    return ctx.shared(
        "case.expansion_slots",
        lambda: ctx.int_var(
            "case.expansion_slots", [(k.part.attrs["expansion_slots"], k.var) for k in ctx.v.cases], one_hot=True
        ),
    )


def board_groups(ctx: Context) -> dict:
    """One literal per distinct tuple of usable slots, true for the chosen board's."""
    rules = ctx.inst.rules
    return ctx.group("board.slots", ctx.v.motherboards, lambda b: usable_slots(rules, b.part))


def gpu_groups(ctx: Context) -> dict:
    """One literal per (count, whole slots covered, open-air, mode) of the GPU choices."""
    shapes: dict[int, tuple[int, bool]] = {}  # by card (id): a card's choices differ in count and mode only

    def key(c: Choice) -> tuple:
        shape = shapes.get(id(c.part))
        if shape is None:
            attrs = c.part.attrs
            shape = shapes[id(c.part)] = (whole_slots(attrs["slot_width"]), attrs["cooling"] == "open-air")
        return c.count, shape[0], shape[1], c.mode

    return ctx.group("gpu.layout", ctx.v.gpus, key)


def rooms(ctx: Context) -> dict:
    """{(GPU group key, board tuple): (room, earlier room, CPU cards)} (solver.layout.mode_room), made once."""

    def make() -> dict:
        return {
            (key, slots): mode_room(key[3], key[0], key[1], slots)
            for key in gpu_groups(ctx)
            for slots in board_groups(ctx)
        }

    return ctx.shared("layout.rooms", make)


def add_definitions(ctx: Context) -> None:
    """Pin every GPU choice's mode to the layout its parts have (see the module docstring)."""
    if not ctx.v.gpus or not ctx.v.motherboards:
        return
    slots = case_slots(ctx)
    most = max((k.part.attrs["expansion_slots"] for k in ctx.v.cases), default=0)
    boards, room = board_groups(ctx), rooms(ctx)
    with ctx.definitions():
        for key, group in gpu_groups(ctx).items():
            figures = {lit: room[key, tup] for tup, lit in boards.items()}
            if key[3].placed:
                ctx.forbid([b for b, (fit, _, _) in figures.items() if fit is None], when=[group])
                needs = [(fit, b) for b, (fit, _, _) in figures.items() if fit]
                if needs:
                    ctx.add_ge([(1, slots)], needs, when=[group])
            if any(better is not None and better - 1 < most for _, better, _ in figures.values()):
                bounds = [(most if better is None else better - 1, b) for b, (_, better, _) in figures.items()]
                ctx.add_le([(1, slots)], bounds, when=[group])
