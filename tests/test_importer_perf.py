"""The GPU performance model: Lambda normalisation and bridging, the spec fit and its leave-one-out errors."""
import math

import pytest

from solver.importer.chipsets import ReferenceGPU
from solver.importer.perf import (
    SpecFeatures,
    fit,
    half_rate_fp32_accumulate,
    measure,
    measure_llm,
    rank_correlation,
    relative,
    round_perf,
    spec_features,
)


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
    current = _lambda([
        ("RTX 4090", 1, (400, 300, 1300)),
        ("RTX 3090", 1, (240, 180, 780)),       # 0.6 on every model
        ("RTX A6000", 1, (280, 210, 910)),      # 0.7
        ("Dell H100 80GB SXM5", 1, (4000, 3000, 13000)),  # vendor-lab copy: ignored
    ])
    legacy = _lambda([
        ("RTX 3090", 1, (200, 100, 800)),
        ("RTX A6000", 1, (200 * 7 / 6, 100 * 7 / 6, 800 * 7 / 6)),
        ("RTX 3080", 1, (140, 70, 560)),        # 0.7 x RTX 3090 in the legacy set
        ("RTX 2080 SUPER MAX-Q", 1, (50, 20, 100)),  # laptop: ignored
    ])
    m = measure(current, legacy)
    assert m.perf["GeForce RTX 4090"] == pytest.approx(1.0)
    assert m.perf["GeForce RTX 3090"] == pytest.approx(0.6)
    assert m.perf["RTX A6000"] == pytest.approx(0.7)
    assert m.perf["GeForce RTX 3080"] == pytest.approx(0.42)
    assert m.source["GeForce RTX 3080"] == "lambda-legacy-bridged"
    assert m.bridge_spread["GeForce RTX 3080"] == pytest.approx(1.0)
    assert "H100 SXM5 80 GB" not in m.perf
    assert m.bridge_check["GeForce RTX 3090"]["RTX A6000"] == pytest.approx(1.0)


def test_measure_llm_uses_both_metrics():
    rows = []
    for gpu, tg, pp in [("4090 24GB", 100, 1000), ("3090 24GB", 81, 400)]:
        rows.append({"metric": "text_generation_tokens_per_s", "gpu": gpu, "num_gpu": "1", "model": "LLaMA 3 8B",
                     "quantization": "Q4_K_M", "tokens_per_s": str(tg)})
        rows.append({"metric": "prompt_eval_tokens_per_s", "gpu": gpu, "num_gpu": "1", "model": "LLaMA 3 8B",
                     "quantization": "Q4_K_M", "tokens_per_s": str(pp)})
    got = measure_llm(rows)
    assert got["GeForce RTX 4090"] == pytest.approx(1.0)
    assert got["GeForce RTX 3090"] == pytest.approx(math.sqrt(0.81 * 0.4))


def _synthetic(n=9):
    """Chipsets whose perf follows a known log-linear law exactly."""
    feats, perf = {}, {}
    for i in range(n):
        f = SpecFeatures("ampere", 20.0 * (1.37 ** i), 300.0 * (1.21 ** ((i * 5) % n)), 2.0 * (1.5 ** ((i * 2) % n)))
        name = f"chip-{i}"
        feats[name] = f
        perf[name] = math.exp(-4.0) * f.tensor_tflops ** 0.3 * f.bandwidth_gb_s ** 0.5 * f.l2_mb ** 0.1
    return feats, perf


def test_fit_recovers_a_known_law_and_loo_is_exact_on_it():
    feats, perf = _synthetic()
    model = fit(perf, feats, ("tensor_tflops", "bandwidth_gb_s", "l2_mb"))
    assert model.coef == pytest.approx([-4.0, 0.3, 0.5, 0.1], abs=1e-9)
    assert model.median_abs_error == pytest.approx(0.0, abs=1e-9)
    unseen = SpecFeatures("ampere", 77.0, 555.0, 9.0)
    expected = math.exp(-4.0) * 77.0 ** 0.3 * 555.0 ** 0.5 * 9.0 ** 0.1
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
    a100 = spec_features(_ref("A100 PCIe 40 GB", "Ampere", "GA100", 432, 1410))
    assert a100.tensor_tflops == pytest.approx(312.0, rel=1e-2) and a100.architecture == "ampere-ga100"
    a6000 = spec_features(_ref("RTX A6000", "Ampere", "GA102", 336, 1800))
    assert a6000.tensor_tflops == pytest.approx(154.8, rel=1e-3)  # workstation boards: full rate
    assert spec_features(_ref("GeForce GTX 1080 Ti", "Pascal", "GP102", 0, 1582)) is None
    assert half_rate_fp32_accumulate("GeForce RTX 3090") and not half_rate_fp32_accumulate("TITAN RTX")


def test_round_perf_never_reaches_zero():
    assert round_perf(0.12345) == 0.123 and round_perf(0.0001) == 0.001


def test_floor_keeps_a_dominating_chipset_above_the_measured_one():
    from solver.importer.perf import Measured, PerfModel

    feats, perf = _synthetic()
    feats["GeForce fast"] = SpecFeatures("ampere", 30.0, 900.0, 6.0)
    feats["GeForce faster"] = SpecFeatures("ampere", 31.0, 950.0, 6.0)
    measured = Measured(perf=dict(perf))
    measured.perf["GeForce fast"] = 5.0  # far above what the specs explain
    train = fit(perf, feats, ("tensor_tflops", "bandwidth_gb_s", "l2_mb"))
    model = PerfModel(measured, feats, train, {}, {}, None)
    assert model.floor("GeForce faster") == ("GeForce fast", 5.0)
    assert model.perf("GeForce faster") == (5.0, "model")
    feats["Pro faster"] = SpecFeatures("ampere", 31.0, 950.0, 6.0)  # another product line: no floor
    assert model.floor("Pro faster") is None
