"""Dominance pruning (solver.prune): numbers a 64-bit integer cannot scale to one denominator, and the parts and
memory choices kept against the rule written out."""

import random
from fractions import Fraction

from solver.catalog import Part
from solver.prune import memory_front, pareto


def _psu(i: int, price: int, load: Fraction) -> Part:
    return Part("psus", f"p{i}", f"PSU {i}", price, {"load": load}, i + 2)


def test_pareto_ranks_fractions_whose_common_denominator_overflows_64_bits():
    # R13's largest allowed DC load per PSU is a fraction with a large prime denominator; the product of a few of
    # them passes 2**63, which a common-denominator scaling cannot hold in an int64 matrix.
    primes = [1_000_000_007, 1_000_000_009, 998_244_353, 2_147_483_647]
    loads = [1400 + Fraction(i, 1000) + Fraction(1, p) for i, p in enumerate(primes)]  # rising with the price
    parts = [_psu(i, 100_00 + i, load) for i, load in enumerate(loads)]
    parts.append(_psu(9, 200_00, Fraction(1399)))  # dearer and allows less than every other unit: dominated
    kept = pareto(parts, key=lambda p: "psu", numbers=lambda p: (p["load"],))
    assert [p.id for p in kept] == ["p0", "p1", "p2", "p3"]


def test_pareto_keeps_the_order_of_exact_values_that_differ_below_float_precision():
    tiny = Fraction(1, 10**30)
    parts = [_psu(0, 100, Fraction(1000) + tiny), _psu(1, 100, Fraction(1000))]
    kept = pareto(parts, key=lambda p: "psu", numbers=lambda p: (p["load"],))
    assert [p.id for p in kept] == ["p0"]


def test_pareto_scales_a_column_to_one_denominator_exactly():
    # 1/3 and 333333/1000000 differ by 1/3000000: scaled to the common denominator 3000000 they stay apart.
    parts = [_psu(0, 100, Fraction(333333, 1000000)), _psu(1, 100, Fraction(1, 3)), _psu(2, 100, Fraction(1, 3))]
    kept = pareto(parts, key=lambda p: "psu", numbers=lambda p: (p["load"],))
    assert [p.id for p in kept] == ["p1"]  # the larger load; of the two equal ones the smaller id


def test_pareto_compares_parts_only_within_their_key_and_by_price():
    parts = [_psu(0, 100, Fraction(5)), _psu(1, 200, Fraction(9)), _psu(2, 300, Fraction(9)), _psu(3, 50, Fraction(1))]
    kept = pareto(parts, key=lambda p: p.id == "p2", numbers=lambda p: (p["load"],))
    assert [p.id for p in kept] == ["p0", "p1", "p2", "p3"]  # p2 is alone in its key; p1 dearer than p0 but better
    kept = pareto(parts, key=lambda p: "psu", numbers=lambda p: (p["load"],))
    assert [p.id for p in kept] == ["p0", "p1", "p3"]  # p2: dearer than p1 for the same load


def _dominated(parts: list[Part], key, vector) -> set[str]:
    """The ids of the parts another part with the same key dominates, by the definition (solver.prune's module
    docstring): no dearer and a vector entry-wise >=, and, between parts equal in price and vector, a smaller id."""
    out = set()
    for y in parts:
        for x in parts:
            if x is y or key(x) != key(y) or x.price_cents > y.price_cents:
                continue
            if all(a >= b for a, b in zip(vector(x), vector(y))):
                same = x.price_cents == y.price_cents and vector(x) == vector(y)
                if not same or x.id < y.id:
                    out.add(y.id)
    return out


def test_pareto_keeps_exactly_the_parts_nothing_dominates():
    # Many ties in price and vector (the id decides among identical parts), several keys, more parts than one block
    # of the comparison, columns of exact decimals and of numbers beyond 64 bits (ranked).
    rng = random.Random(15)
    for _ in range(300):
        size = rng.randint(1, 140)
        ids = rng.sample(range(10 * size), size)
        parts = [
            Part("psus", f"p{i:04}", "", rng.randint(1, 4) * 100,
                 {"a": rng.randint(0, 3), "b": Fraction(rng.randint(0, 3), rng.choice([1, 3, 10])),
                  "c": rng.choice([0, 2**70, 2**70 + 1]), "key": rng.randint(0, 2)}, line)
            for line, i in enumerate(ids)
        ]  # fmt: skip

        def vector(p: Part) -> tuple:
            return p["a"], p["b"], p["c"]

        kept = pareto(parts, key=lambda p: p["key"], numbers=vector)
        dominated = _dominated(parts, lambda p: p["key"], vector)
        assert [p.id for p in kept] == [p.id for p in parts if p.id not in dominated]


def _memory_choices_by_definition(kits: list[Part], most_slots: int) -> list[tuple[str, int]]:
    """The (kit, count) choices memory_front keeps, by the module docstring's rule written out: within each (type,
    total RAM) group, ordered by price, modules used, id and count, a choice stays when it uses fewer modules than
    every choice before it."""
    groups: dict[tuple, list[tuple]] = {}
    for kit in kits:
        for k in range(1, most_slots // kit["modules"] + 1):
            total = k * kit["modules"] * kit["module_gb"]
            groups.setdefault((kit["memory_type"].lower(), total), []).append(
                (k * kit.price_cents, k * kit["modules"], kit.id, k, kit)
            )
    kept = []
    for choices in groups.values():
        fewest = None
        for _, used, _, k, kit in sorted(choices, key=lambda c: c[:4]):
            if fewest is None or used < fewest:
                kept.append((kit, k))
                fewest = used
    return [(kit.id, k) for kit, k in sorted(kept, key=lambda c: (c[0].line, c[1]))]


def test_memory_front_keeps_the_choices_the_rule_keeps():
    # Alike kits (type, modules, module size) at one price and at several, so the cheapest-kit shortcut and the
    # id order are both exercised; module sizes with decimals and beyond 64 bits once scaled.
    rng = random.Random(7)
    for _ in range(300):
        size = rng.randint(1, 60)
        kits = [
            Part("memory", f"k{i:03}", "", rng.randint(1, 4) * 100,
                 {"modules": rng.choice([1, 2, 4]), "memory_type": rng.choice(["DDR4", "ddr4", "DDR5"]),
                  "module_gb": rng.choice([8, 16, Fraction(3, 2), Fraction(10**19 + 1, 10**18)])}, line)
            for line, i in enumerate(rng.sample(range(5 * size), size))
        ]  # fmt: skip
        most = rng.choice([2, 4, 8])
        got = [(kit.id, k) for kit, k in memory_front(kits, most, set())]
        assert got == _memory_choices_by_definition(kits, most)
