"""R8 cooling of adjacent GPUs: open-air cards side by side need a free slot between them, or, when the
scenario says "penalize", run 30% slower (2018 guide: "about 30%" slower and "die faster").

Under "penalize" an open-air multi-GPU choice comes in a spaced and an adjacent (penalised) version;
the constraints here pin each version to the layouts it describes, so performance is exact."""
from ...layout import placement
from ...rulebook import title
from ..choices import ADJACENT, SPACED
from ..context import Context
from .r07_gpu_layout import case_slots, layout_groups

ID = "R8"
TITLE = title(ID)


def add(ctx: Context) -> None:
    slots = case_slots(ctx)
    gpus, boards = layout_groups(ctx)
    penalize = ctx.inst.rules.adjacent_open_air == "penalize"
    most = max((k.part["expansion_slots"] for k in ctx.v.cases), default=0)
    for (n, width, mode), cls in gpus.items():
        if mode not in (SPACED, ADJACENT):
            continue
        spaced = {g: placement(n, width, x16, pitch).spaced_span for (x16, pitch), g in boards.items()}
        # Under "penalize" both versions are definitions of the performance, never relaxed.
        with ctx.definitions(penalize):
            if mode == SPACED:
                ctx.forbid([g for g, span in spaced.items() if span is None], when=[cls])
                ctx.add_ge([(1, slots)], [(span, g) for g, span in spaced.items() if span is not None], when=[cls])
            else:
                # Adjacent only where no spaced placement fits the case: the build is spaced if it can be.
                bounds = [(most if span is None else span - 1, g) for g, span in spaced.items()]
                ctx.add_le([(1, slots)], bounds, when=[cls])

