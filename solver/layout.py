"""GPU placement on a board and in a case (rules R7 and R8): which slot steps work and how much room they take."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .catalog import Part


@dataclass(frozen=True)
class Placement:
    """The least room `n` cards of one width need on one board geometry, for any step and for a spaced step.

    A step s puts the cards in every s-th x16 slot. It is valid when the cards fit the board,
    (n-1)*s + 1 <= x16_slots, and each card fits its slot, s*pitch >= width. It spans
    (n-1)*s*pitch + ceil(width) expansion-slot positions, which grows with s, so the smallest valid
    step needs the least room. A step is spaced when it leaves a free slot between cards,
    s*pitch - width >= 1 (R8: "stick GPUs into PCIe slots which are next to each other" needs blowers).
    """

    any_step: int | None  # smallest valid step, None when the cards cannot be placed at all
    any_span: int | None  # expansion slots that step needs in the case
    spaced_step: int | None  # smallest valid spaced step, None when no spaced placement exists
    spaced_span: int | None


@lru_cache(maxsize=65536)
def placement(n: int, width: Fraction, x16_slots: int, pitch: int) -> Placement:
    """Where `n` cards of `width` slots go on a board with `x16_slots` slots `pitch` positions apart."""
    edge = math.ceil(width)
    if n == 1:
        # R7, one card: any x16 slot will do and nothing sits beside it.
        return Placement(1, edge, 1, edge) if x16_slots >= 1 else Placement(None, None, None, None)
    largest = (x16_slots - 1) // (n - 1)  # (n-1)*s + 1 <= x16_slots
    fits = max(1, math.ceil(width / pitch))  # s*pitch >= width
    spaced = max(1, math.ceil((width + 1) / pitch))  # s*pitch - width >= 1
    any_step = fits if fits <= largest else None
    spaced_step = spaced if spaced <= largest else None
    span = lambda s: None if s is None else (n - 1) * s * pitch + edge  # noqa: E731
    return Placement(any_step, span(any_step), spaced_step, span(spaced_step))


def chosen_layout(gpu: Part, count: int, board: Part, case: Part) -> tuple[int, bool] | None:
    """(step, adjacent) of `count` cards of `gpu` on `board` in `case`, preferring a spaced step as R7 says;
    None when nothing fits."""
    p = placement(count, gpu["slot_width"], board["x16_slots"], board["slot_pitch"])
    room = case["expansion_slots"]
    if count == 1:
        return (1, False) if p.any_span is not None and p.any_span <= room else None
    if p.spaced_span is not None and p.spaced_span <= room:
        return p.spaced_step, False
    if p.any_span is not None and p.any_span <= room:
        return p.any_step, True
    return None
