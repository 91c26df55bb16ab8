"""R7 GPU layout: the cards fit the board's x16 slots at some step and the span fits the case's slots.

Written on attribute groups: GPU choices by (count, slot width, mode) and boards by (x16 slots, pitch),
so the number of constraints depends on how many distinct geometries exist, not on how many parts."""
from ...layout import placement
from ...rulebook import title
from ..context import Context

ID = "R7"
TITLE = title(ID)


def case_slots(ctx: Context):
    """The chosen case's expansion slots, shared by R7 and R8."""
    return ctx.shared(
        "case.expansion_slots",
        lambda: ctx.int_var("case.expansion_slots", [(k.part["expansion_slots"], k.var) for k in ctx.v.cases], one_hot=True),
    )


def layout_groups(ctx: Context) -> tuple[dict, dict]:
    gpus = ctx.group("gpu.layout", ctx.v.gpus, lambda c: (c.count, c.part["slot_width"], c.mode))
    boards = ctx.group("board.geometry", ctx.v.motherboards, lambda b: (b.part["x16_slots"], b.part["slot_pitch"]))
    return gpus, boards


def add(ctx: Context) -> None:
    slots = case_slots(ctx)
    gpus, boards = layout_groups(ctx)
    for (n, width, _mode), cls in gpus.items():
        spans = {g: placement(n, width, x16, pitch).any_span for (x16, pitch), g in boards.items()}
        ctx.forbid([g for g, span in spans.items() if span is None], when=[cls])
        ctx.add_ge([(1, slots)], [(span, g) for g, span in spans.items() if span is not None], when=[cls])
