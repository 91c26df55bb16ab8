"""Scenario files: defaults, exact values, unknown keys with suggestions, bad values, variants."""

from __future__ import annotations

from fractions import Fraction

import pytest

from solver.errors import InputError
from solver.instance import bind
from solver.scenario import DEFAULT_SCALING, apply_overrides, load_scenario, scenario_from_dict


def message(raw: dict) -> str:
    with pytest.raises(InputError) as info:
        scenario_from_dict(raw, source="s.toml")
    return str(info.value)


def test_defaults_follow_the_spec():
    s = scenario_from_dict({"workload": "kaggle"})
    assert s.objective == "perf_per_dollar" and s.gpu_counts == (1, 2, 3, 4) and s.budget_cents is None
    r = s.rules
    assert (r.ram_per_gpu_memory, r.ram_basis, r.min_pcie_lanes_per_gpu) == (1, "largest", 8)
    assert (r.psu_headroom, r.other_w, r.adjacent_open_air, r.adjacent_penalty) == (
        Fraction(1, 10),
        100,
        "forbid",
        Fraction(3, 10),
    )
    assert (r.max_wall_watts, r.min_storage_gb, r.threads_per_gpu) == (0, 500, None)
    assert r.scaling is None  # the catalog's scaling.csv, else DEFAULT_SCALING (solver.instance)
    assert DEFAULT_SCALING[2] == Fraction("1.87")


def test_values_are_exact_decimals():
    s = scenario_from_dict(
        {
            "workload": "w",
            "budget_usd": 2499.99,
            "rules": {"psu_headroom": 0.1, "scaling": {"1": 1.0, "2": 1.9}},
            "gpu": {"counts": [2, 1, 2]},
        }
    )
    assert s.budget_cents == 249999
    assert s.rules.psu_headroom == Fraction(1, 10)
    assert s.rules.scaling == {1: 1, 2: Fraction(19, 10)}
    assert s.gpu_counts == (1, 2)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"workload": "w", "budget": 100}, 's.toml, key budget: is not a scenario key (did you mean "budget_usd"?)'),
        (
            {"workload": "w", "rules": {"psu_headrom": 0.2}},
            'key rules.psu_headrom: is not a scenario key (did you mean "rules.psu_headroom"?)',
        ),
        ({"workload": "w", "psu_headroom": 0.2}, '(did you mean "rules.psu_headroom"?)'),
        ({"workload": "w", "gpu": {"count": [1]}}, '(did you mean "gpu.counts"?)'),
        ({"workload": "w", "budget_usd": 0}, "key budget_usd: 0 must be > 0"),
        ({"workload": "w", "budget_usd": 10.001}, "has more than 2 decimals"),
        (
            {"workload": "w", "objective": "fastest"},
            "key objective: 'fastest' is not one of perf_per_dollar, max_perf, min_cost",
        ),
        ({"workload": "w", "objective": "min_cost"}, "key min_perf: is required by objective min_cost"),
        (
            {"workload": "w", "gpu": {"counts": [0, 9]}},
            "key gpu.counts: must be a non-empty list of whole GPU counts from 1 to 8",
        ),
        ({"workload": "w", "gpu": {"counts": [5]}, "rules": {"scaling": {"1": 1.0}}}, "has no entry for GPU count 5"),
        ({"workload": "w", "rules": {"psu_headroom": 1.0}}, "key rules.psu_headroom: 1.0 must be < 1"),
        ({"workload": "w", "rules": {"adjacent_penalty": -0.1}}, "key rules.adjacent_penalty: -0.1 must be >= 0"),
        ({"workload": "w", "rules": {"ram_basis": "sum"}}, "'sum' is not one of largest, total"),
        ({"workload": "w", "rules": {"threads_per_gpu": 2.5}}, "key rules.threads_per_gpu: 2.5 is not a whole number"),
        (
            {"workload": "w", "rules": {"scaling": {"9": 8.0}}},
            "key rules.scaling.9: GPU counts are whole numbers from 1 to 8",
        ),
        ({"workload": "w", "parts": {"exclude": "gpus:x"}}, "key parts.exclude: must be a list of part references"),
        ({"workload": "w", "variants": [{"name": "a", "budget": 1}]}, "variant 'a', key budget: is not a scenario key"),
        ({"workload": "w", "variants": [{"budget_usd": 1}]}, "variant 1: has no name"),
        ({"budget_usd": 1}, "has no key workload"),
    ],
)
def test_bad_scenarios_are_named(raw, expected):
    assert expected in message(raw)


def test_all_problems_are_listed_together():
    text = message({"workload": "w", "budget_usd": -1, "rules": {"other_w": "x", "psu_headroom": 2}})
    assert "budget_usd" in text and "rules.other_w" in text and "rules.psu_headroom" in text


def test_files_resolve_the_catalog_relative_to_themselves(tmp_path):
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "s.toml"
    path.write_text('workload = "kaggle"\ncatalog = "../cat"\n')
    assert load_scenario(path).catalog == tmp_path / "sub" / ".." / "cat"


def test_broken_toml_names_the_file_and_position(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('workload = "kaggle"\nbudget_usd = \n')
    with pytest.raises(InputError) as info:
        load_scenario(path)
    assert "broken.toml: is not valid TOML" in str(info.value) and "line 2" in str(info.value)


def test_variants_change_only_what_they_name():
    s = scenario_from_dict(
        {
            "workload": "kaggle",
            "budget_usd": 3000,
            "variants": [
                {
                    "name": "cheap 4090",
                    "prices": {"gpus:rtx4090-tuf": 1499.0},
                    "rules": {"adjacent_open_air": "penalize"},
                }
            ],
        }
    )
    v = s.variant("cheap 4090")
    assert [(r.part, r.price_cents, r.condition) for r in v.prices] == [
        ("gpus:rtx4090-tuf", 149900, "new")
    ] and v.budget_cents == 300000
    assert v.rules.adjacent_open_air == "penalize" and v.rules.psu_headroom == Fraction(1, 10)
    with pytest.raises(InputError, match="has no variant 'dear'"):
        s.variant("dear")


def test_binding_checks_workload_and_references(mini_catalog):
    s = scenario_from_dict({"workload": "kagle", "parts": {"exclude": ["gpus:rtx4090-tu", "fans:x"]}}, source="s.toml")
    with pytest.raises(InputError) as info:
        bind(mini_catalog, s)
    text = str(info.value)
    assert "'kagle' is not a workload in workloads.csv (did you mean \"kaggle\"" in text
    assert "'gpus:rtx4090-tu' names no part in the catalog (did you mean \"gpus:rtx4090-tuf\"?)" in text
    assert "'fans:x' names no part in the catalog (no file fans.csv" in text


def test_binding_takes_workload_defaults_and_overrides(mini_catalog):
    inst = bind(mini_catalog, scenario_from_dict({"workload": "kaggle"}))
    assert (inst.min_gpu_memory_gb, inst.threads_per_gpu, inst.perf_column) == (8, 4, "perf")
    inst = bind(
        mini_catalog,
        scenario_from_dict(
            {"workload": "llm-inference", "gpu": {"min_memory_gb": 12}, "rules": {"threads_per_gpu": 3}}
        ),
    )
    assert (inst.min_gpu_memory_gb, inst.threads_per_gpu, inst.perf_column) == (12, 3, "perf_llm_infer")


VARIED = {
    "workload": "kaggle",
    "budget_usd": 3000,
    "variants": [{"name": "a", "budget_usd": 4000}, {"name": "b", "gpu": {"counts": [1]}}],
}


def test_variants_are_chosen_by_name_and_ad_hoc_ones_read_as_toml():
    from solver.scenario import adhoc_variant, chosen_variants

    s = scenario_from_dict(VARIED, source="v.toml")
    assert [v["name"] for v in chosen_variants(s)] == ["a", "b"]
    assert [v["name"] for v in chosen_variants(s, names=["b"])] == ["b"]
    made = chosen_variants(s, ["a"],
                           sets=["budget_usd=4500.5", "rules.adjacent_open_air=penalize", "gpu.counts=[1, 2]"],
                           prices=["gpus:x=1499"], adhoc_name="mine")  # fmt: skip
    assert made[1] == {"name": "mine", "budget_usd": 4500.5, "rules": {"adjacent_open_air": "penalize"},
                       "gpu": {"counts": [1, 2]}, "prices": {"gpus:x": 1499}}  # fmt: skip
    assert s.variant("a").budget_cents == 400_000 and adhoc_variant("x") == {"name": "x"}


@pytest.mark.parametrize(
    ("call", "where", "text"),
    [
        ({"names": ["c"]}, "--variant", "'c' is not a variant of v.toml (variants: a, b)"),
        ({"sets": ["budget_usd"]}, "--set", "'budget_usd' is not KEY=VALUE"),
        ({"prices": ["=5"]}, "--price", "'=5' is not KEY=VALUE"),
    ],
)
def test_bad_variant_options_are_input_errors_that_name_the_option(call, where, text):
    from solver.scenario import chosen_variants

    with pytest.raises(InputError) as info:
        chosen_variants(scenario_from_dict(VARIED, source="v.toml"), **call)
    assert [(p.where, p.message) for p in info.value.problems] == [(where, text)]


# ---- build model v2: profiles and keys ----


def test_the_profile_picks_defaults_and_explicit_keys_win():
    r = scenario_from_dict({"workload": "w"}).rules
    assert (r.profile, r.power_limit, r.recommended_psu, r.min_ram_gb, r.ram_per_total_vram) == (
        "recommended",
        "allow",
        "meet",
        32,
        Fraction(1, 2),
    )
    assert (r.psu_min_efficiency, r.storage_kind, r.min_compute_capability, r.chipset_slots, r.circuit) == (
        "gold",
        "ssd",
        Fraction(15, 2),
        "forbid",
        "none",
    )
    g = scenario_from_dict({"workload": "w", "rules": {"profile": "Guide-2018", "min_ram_gb": 16}}).rules
    assert (g.profile, g.power_limit, g.recommended_psu, g.min_ram_gb, g.ram_per_total_vram) == (
        "guide-2018",
        "off",
        "ignore",
        16,
        0,
    )
    assert (g.psu_min_efficiency, g.storage_kind, g.min_compute_capability) == ("none", "any", 0)


def test_a_variant_that_changes_the_profile_keeps_the_keys_given_explicitly():
    s = scenario_from_dict(
        {
            "workload": "w",
            "rules": {"storage_kind": "nvme"},
            "variants": [
                {"name": "old", "rules": {"profile": "guide-2018"}},
                {"name": "back", "rules": {"profile": "recommended", "min_ram_gb": 64}},
            ],
        }
    )
    old = s.variant("old").rules
    assert (old.storage_kind, old.min_ram_gb, old.psu_min_efficiency) == ("nvme", 0, "none")
    back = apply_overrides(s.variant("old"), {"name": "back", "rules": {"profile": "recommended"}}, "x").rules
    assert (back.storage_kind, back.min_ram_gb, back.psu_min_efficiency) == ("nvme", 32, "gold")


def test_circuits_and_wall_limits():
    assert scenario_from_dict({"workload": "w"}).rules.wall_limit is None
    us = scenario_from_dict({"workload": "w", "rules": {"circuit": "US_15A"}}).rules
    assert (us.wall_limit, us.volts) == (1440, 115)
    eu = scenario_from_dict({"workload": "w", "rules": {"circuit": "eu_16a"}}).rules
    assert (eu.wall_limit, eu.volts) == (2944, 230)
    own = scenario_from_dict({"workload": "w", "rules": {"circuit": "eu_16a", "max_wall_watts": 2000}}).rules
    assert (own.wall_limit, own.volts) == (2000, 115)  # a bare limit is read on the 115 V table
    assert scenario_from_dict({"workload": "w", "rules": {"dual_psu": "allow"}}).rules.psu_counts == (1, 2)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"workload": "w", "rules": {"circut": "us_15a"}}, '(did you mean "rules.circuit"?)'),
        (
            {"workload": "w", "rules": {"circuit": "us_30a"}},
            "'us_30a' is not one of none, us_15a, us_20a, eu_16a, uk_13a",
        ),
        (
            {"workload": "w", "rules": {"profile": "strict"}},
            "key rules.profile: 'strict' is not one of recommended, guide-2018",
        ),
        ({"workload": "w", "rules": {"chipset_penalty": 1.0}}, "key rules.chipset_penalty: 1.0 must be < 1"),
        ({"workload": "w", "rules": {"psu_min_efficiency": "diamond"}}, "'diamond' is not one of none, plus, bronze"),
        ({"workload": "w", "gpu": {"min_total_memory_gb": -1}}, "key gpu.min_total_memory_gb: -1 must be >= 0"),
    ],
)
def test_bad_v2_keys_are_named(raw, expected):
    assert expected in message(raw)


def test_pooled_memory_comes_from_the_workload_unless_the_scenario_says(tmp_path, mini_catalog):
    assert bind(mini_catalog, scenario_from_dict({"workload": "kaggle"})).min_total_memory_gb == 0
    assert (
        bind(
            mini_catalog, scenario_from_dict({"workload": "kaggle", "gpu": {"min_total_memory_gb": 48}})
        ).min_total_memory_gb
        == 48
    )
