"""Dominance pruning on numbers a 64-bit integer cannot scale to one denominator (solver.prune.pareto)."""

from fractions import Fraction

from solver.catalog import Part
from solver.prune import pareto


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
