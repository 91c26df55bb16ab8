"""The loader builds parts and offers without their __init__ (it sets each one's fields at once, for speed):
each must be the very object the dataclass's own __init__ makes, every field there, none added."""

from __future__ import annotations

import dataclasses

import pytest


@pytest.mark.parametrize("which", ["shipped_catalog", "mini_catalog"])
def test_parts_and_offers_are_what_init_makes(which: str, request: pytest.FixtureRequest) -> None:
    catalog = request.getfixturevalue(which)
    count = 0
    for parts in catalog.parts.values():
        for part in parts:
            assert part.offer is not None
            offer = dataclasses.replace(part.offer)  # through Offer.__init__, defaults included
            assert vars(part.offer) == vars(offer)
            made = dataclasses.replace(part, offer=offer)  # through Part.__init__
            assert vars(part) == vars(made)
            assert list(vars(part)) == list(vars(made))  # fields in declaration order, as __init__ sets them
            assert part == made and part.offer == offer
            count += 1
    assert count > 0
