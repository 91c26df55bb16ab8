"""The GPU performance model: Lambda normalisation and bridging, the spec fit, its calibration per architecture
and product line, the dominance bounds, and the leave-one-out errors of the whole procedure."""

import math

import pytest

from solver.importer.chipsets import ReferenceGPU
from solver.importer.perf import (
    Measured,
    PerfModel,
    SpecFeatures,
    bounded,
    calibrate,
    calibration_route,
    fit,
    half_rate_fp32_accumulate,
    measure,
    product_line,
    rank_correlation,
    relative,
    relative_detail,
    round_perf,
    spec_features,
)


def _feats(arch, tensor, bandwidth, l2=6.0, memory=24.0, line="geforce"):
    return SpecFeatures(arch, tensor, bandwidth, l2, memory, line, tensor * 2)


def _lambda(rows):
    cols = ["ssd", "bert_base_squad", "resnet50"]
    out = []
    for name, n, values in rows:
        row = {"name_gpu": name, "num_gpu": str(n), "watt": "0", "price": "0"}
        row.update({c: str(v) for c, v in zip(cols, values)})
        out.append(row)
    return out


def test_relative_is_a_geometric_mean_and_skips_missing_models():
    a = {"x": "200", "y": "50", "z": "0"}
    b = {"x": "100", "y": "100", "z": "10"}
    value, used = relative(a, b, ["x", "y", "z"])
    assert used == 2 and value == pytest.approx(1.0)  # sqrt(2 * 0.5)


def test_measure_normalises_to_the_4090_and_bridges_the_legacy_set():
    current = _lambda(
        [
            ("RTX 4090", 1, (400, 300, 1300)),
            ("RTX 3090", 1, (240, 180, 780)),  # 0.6 on every model
            ("RTX A6000", 1, (280, 210, 910)),  # 0.7
            ("Dell H100 80GB SXM5", 1, (4000, 3000, 13000)),  # vendor-lab copy: ignored
        ]
    )
    legacy = _lambda(
        [
            ("RTX 3090", 1, (200, 100, 800)),
            ("RTX A6000", 1, (200 * 7 / 6, 100 * 7 / 6, 800 * 7 / 6)),
            ("RTX 3080", 1, (140, 70, 560)),  # 0.7 x RTX 3090 in the legacy set
            ("RTX 2080 SUPER MAX-Q", 1, (50, 20, 100)),  # laptop: ignored
        ]
    )
    m = measure(current, legacy)
    assert m.perf["GeForce RTX 4090"] == pytest.approx(1.0)
    assert m.perf["GeForce RTX 3090"] == pytest.approx(0.6)
    assert m.perf["RTX A6000"] == pytest.approx(0.7)
    assert m.perf["GeForce RTX 3080"] == pytest.approx(0.42)
    assert m.source["GeForce RTX 3080"] == "lambda-legacy-bridged"
    assert m.bridge_spread["GeForce RTX 3080"] == pytest.approx(1.0)
    assert "H100 SXM5 80 GB" not in m.perf
    assert m.bridge_check["GeForce RTX 3090"]["RTX A6000"] == pytest.approx(1.0)


def test_a_failed_run_is_dropped_not_averaged():
    # nine models near 0.75x, one at 0.04x (the legacy RTX A4000 waveglow cell): a failed run, not a measurement
    models = [f"m{i}" for i in range(10)]
    a = {m: str(75 + i) for i, m in enumerate(models[:9])} | {"m9": "4"}
    b = {m: "100" for m in models}
    value, used, dropped = relative_detail(a, b, models)
    assert dropped == ["m9"] and used == 9
    assert value == pytest.approx(math.exp(sum(math.log((75 + i) / 100) for i in range(9)) / 9))
    # a model 2x off the others is a real difference (small batches on an 8 GB card) and stays in
    a["m9"] = "38"
    assert relative_detail(a, b, models)[2] == []


def test_measure_records_dropped_models():
    current = _lambda([("RTX 4090", 1, (400, 300, 1300)), ("RTX 3090", 1, (240, 180, 780))])
    legacy = _lambda([("RTX 3090", 1, (200, 100, 800)), ("RTX A4000", 1, (120, 60, 20))])  # resnet50 failed
    m = measure(current, legacy)
    assert m.dropped["RTX A4000"] == ["resnet50"]
    assert m.perf["RTX A4000"] == pytest.approx(0.6 * 0.6)


def test_product_lines():
    assert product_line("GeForce RTX 4090") == "geforce" and product_line("TITAN V") == "geforce"
    assert product_line("RTX A6000") == "workstation" and product_line("Quadro RTX 8000") == "workstation"
    assert product_line("RTX 6000 Ada Generation") == "workstation"
    assert product_line("A100 PCIe 40 GB") == "datacenter" and product_line("Tesla V100 PCIe 32 GB") == "datacenter"
    assert product_line("RTX PRO 6000 Blackwell Server Edition") == "datacenter"


def _synthetic(n=9):
    """Chipsets whose perf follows a known log-linear law exactly."""
    feats, perf = {}, {}
    for i in range(n):
        f = _feats("ampere", 20.0 * (1.37**i), 300.0 * (1.21 ** ((i * 5) % n)), 2.0 * (1.5 ** ((i * 2) % n)))
        name = f"chip-{i}"
        feats[name] = f
        perf[name] = math.exp(-4.0) * f.tensor_tflops**0.3 * f.bandwidth_gb_s**0.5 * f.l2_mb**0.1
    return feats, perf


def test_fit_recovers_a_known_law_and_loo_is_exact_on_it():
    feats, perf = _synthetic()
    model = fit(perf, feats, ("tensor_tflops", "bandwidth_gb_s", "l2_mb"))
    assert model.coef == pytest.approx([-4.0, 0.3, 0.5, 0.1], abs=1e-9)
    assert model.median_abs_error == pytest.approx(0.0, abs=1e-9)
    unseen = _feats("ampere", 77.0, 555.0, 9.0)
    expected = math.exp(-4.0) * 77.0**0.3 * 555.0**0.5 * 9.0**0.1
    assert model.predict(unseen) == pytest.approx(expected, rel=1e-9)


def test_loo_reports_the_point_off_the_law():
    feats, perf = _synthetic()
    perf["chip-4"] *= 1.5  # one measurement 50% above what the specs explain
    model = fit(perf, feats, ("tensor_tflops", "bandwidth_gb_s", "l2_mb"))
    name, err = model.worst
    assert name == "chip-4" and err < -0.2  # predicted from the others: well below the measurement
    assert set(model.loo_error) == set(perf)


def test_fit_refuses_too_few_points():
    feats, perf = _synthetic(4)
    with pytest.raises(ValueError):
        fit(perf, feats, ("tensor_tflops", "bandwidth_gb_s", "l2_mb"))


def test_rank_correlation():
    assert rank_correlation([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert rank_correlation([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert rank_correlation([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(0.9486833, rel=1e-6)


def _ref(name, arch, die, tc, mhz, bw=500.0, l2=6.0):
    return ReferenceGPU(name, arch, die, 24, bw, l2, tc, mhz, 300, 267, 2, "", "")


def test_spec_features_tensor_throughput():
    # NVIDIA's whitepaper peaks: RTX 4090 330 TFLOPS FP16-accumulate, 165 with FP32 accumulate (GeForce half rate)
    f4090 = spec_features(_ref("GeForce RTX 4090", "Ada Lovelace", "AD102", 512, 2520))
    assert f4090.tensor_tflops == pytest.approx(165.2, rel=1e-3)
    assert f4090.tensor_fp16_acc_tflops == pytest.approx(330.3, rel=1e-3) and f4090.line == "geforce"
    assert f4090.memory_gb == 24
    a100 = spec_features(_ref("A100 PCIe 40 GB", "Ampere", "GA100", 432, 1410))
    assert a100.tensor_tflops == pytest.approx(312.0, rel=1e-2) and a100.architecture == "ampere-ga100"
    a6000 = spec_features(_ref("RTX A6000", "Ampere", "GA102", 336, 1800))
    assert a6000.tensor_tflops == pytest.approx(154.8, rel=1e-3)  # workstation boards: full rate
    assert spec_features(_ref("GeForce GTX 1080 Ti", "Pascal", "GP102", 0, 1582)) is None
    assert half_rate_fp32_accumulate("GeForce RTX 3090") and not half_rate_fp32_accumulate("TITAN RTX")


def test_round_perf_never_reaches_zero():
    assert round_perf(0.12345) == 0.123 and round_perf(0.0001) == 0.001


def _grouped():
    """Two architectures x two product lines with the same spread of specs (so the group offsets do not bias the
    fitted slopes), perf the law times a known factor per group."""

    def law(f):
        return math.exp(-4.0) * f.tensor_tflops**0.3 * f.bandwidth_gb_s**0.5 * f.memory_gb**0.2

    offsets = {
        ("ampere", "geforce"): 1.2,
        ("ampere", "workstation"): 0.9,
        ("ada", "geforce"): 1.3,
        ("ada", "workstation"): 1.0,
    }
    feats, perf = {}, {}
    for (arch, line), k in offsets.items():
        for i in range(4):
            f = _feats(
                arch, 40.0 * (1.5**i), 500.0 * (1.2 ** ((i * 3) % 4)), memory=8.0 * (2 ** ((i * 2 + 1) % 4)), line=line
            )
            name = f"{arch}-{line}-{i}"
            feats[name], perf[name] = f, law(f) * k
    return feats, perf, offsets


def test_calibration_puts_each_group_on_its_measured_scale():
    feats, perf, offsets = _grouped()
    cal = calibrate(perf, feats, ("tensor_tflops", "bandwidth_gb_s", "memory_gb"))
    assert cal.fit.coef[1:] == pytest.approx([0.3, 0.5, 0.2], abs=1e-9)  # balanced groups: slopes unbiased
    factors = {g: cal.factor(cal.route(f"{g[0]}-{g[1]}-0")) for g in offsets}
    assert factors[("ada", "geforce")] / factors[("ampere", "geforce")] == pytest.approx(1.3 / 1.2)
    assert factors[("ampere", "workstation")] / factors[("ada", "workstation")] == pytest.approx(0.9)
    # the uncalibrated fit is off by the group offsets; calibrated, every measured chipset is on its own scale
    assert all(cal.predict(n) == pytest.approx(perf[n]) for n in perf)
    assert cal.fit.median_abs_error > 0.05 and cal.median_abs_error < cal.fit.median_abs_error / 3
    assert all(not r.extrapolated for r in cal.loo_route.values())
    feats["ada-geforce-new"] = new = _feats("ada", 90.0, 800.0, memory=16.0, line="geforce")
    assert cal.predict("ada-geforce-new") / cal.fit.predict(new) == pytest.approx(factors[("ada", "geforce")])


def test_calibration_routes_fall_back_in_order():
    pool = {
        "ada-ws": _feats("ada", 300, 900, line="workstation"),
        "ampere-gf": _feats("ampere", 70, 900, line="geforce"),
        "volta-dc": _feats("volta", 120, 900, line="datacenter"),
    }
    assert calibration_route(_feats("ada", 100, 700, line="workstation"), pool).kind == "group"
    # no measured Blackwell at all, no Ada GeForce: the nearest earlier GeForce architecture
    route = calibration_route(_feats("blackwell-gb20x", 200, 1800, line="geforce"), pool)
    assert (route.kind, route.members) == ("predecessor", ("ampere-gf",))
    route = calibration_route(_feats("volta", 110, 650, line="geforce"), pool)  # TITAN V: the V100's die
    assert (route.kind, route.members) == ("architecture", ("volta-dc",))
    assert calibration_route(_feats("turing", 50, 400, line="workstation"), pool).kind == "product line"
    assert calibration_route(_feats("hopper", 900, 3000, line="datacenter"), {}).kind == "none"


def test_loo_of_a_lone_group_member_is_an_extrapolation():
    feats, perf, _ = _grouped()
    feats["ada-geforce-only"] = _feats("ada", 60, 700, line="geforce")
    perf = {k: v for k, v in perf.items() if not k.startswith("ada-geforce")}
    perf["ada-geforce-only"] = 2.0
    cal = calibrate(perf, feats, ("tensor_tflops", "bandwidth_gb_s", "memory_gb"))
    assert cal.loo_route["ada-geforce-only"].kind == "predecessor"
    assert cal.expected_error(cal.loo_route["ada-geforce-only"]) == pytest.approx(
        abs(cal.loo_error["ada-geforce-only"])
    )
    assert cal.route("ada-geforce-only").kind == "group"  # once measured, it calibrates its own group


def test_bounds_within_a_product_line():
    feats = {
        "slow": _feats("ampere", 30, 500, memory=8),
        "fast": _feats("ampere", 60, 900, memory=24),
        "mid": _feats("ada", 40, 600, memory=12),
        "pro": _feats("ampere", 30, 500, memory=8, line="workstation"),
    }
    measured = {"slow": 0.5, "fast": 0.8, "pro": 0.9}
    assert bounded("mid", 0.4, feats, measured) == (0.5, ("slow", 0.5), None)  # beats "slow" in every spec
    assert bounded("mid", 0.95, feats, measured) == (0.8, None, ("fast", 0.8))  # "fast" beats it in every spec
    assert bounded("mid", 0.6, feats, measured) == (0.6, None, None)
    # the measurements invert (slower card measured faster): the ceiling wins
    assert bounded("mid", 0.6, feats, {"slow": 0.9, "fast": 0.7})[0] == 0.7
    # another product line never bounds ("pro" is slower on paper but measured at 0.9)
    assert bounded("mid", 0.95, feats, {"pro": 0.9}) == (0.95, None, None)


def test_perf_model_rates_measured_and_modelled_chipsets():
    feats, perf, _ = _grouped()
    feats["dominant"] = _feats("ampere", 500, 5000, memory=96, line="geforce")
    cal = calibrate(perf, feats, ("tensor_tflops", "bandwidth_gb_s", "memory_gb"))
    model = PerfModel(Measured(perf=dict(perf)), feats, cal, "test", {})
    r = model.rating("ampere-geforce-1")
    assert (r.source, r.expected_error) == ("measured", None) and r.value == perf["ampere-geforce-1"]
    r = model.rating("dominant")
    assert r.source == "model" and r.route.kind == "group"
    assert r.expected_error == cal.expected_error(r.route) < 0.1
    assert r.value == pytest.approx(cal.predict("dominant"))
    assert model.rating("unknown") is None
