"""LLM ratings: token generation from effective memory bandwidth (llama.cpp rows), prompt processing."""

import pytest

from solver.importer.llm import (
    MODEL_BYTES,
    build_token_model,
    fit_tokens,
    measure_prompt,
    token_rows,
)
from solver.importer.perf import SpecFeatures

NAMES = {
    "GeForce RTX 4090": "4090 24GB",
    "GeForce RTX 3090": "3090 24GB",
    "RTX A6000": "RTX A6000 48GB",
    "GeForce RTX 3070": "3070 8GB",
    "A100 PCIe 80 GB": "A100 PCIe 80GB",
    "H100 PCIe 80 GB": "H100 PCIe 80GB",
}


def _feats(arch, bandwidth, line="geforce"):
    return SpecFeatures(arch, 100.0, bandwidth, 6.0, 24.0, line, 200.0)


FEATS = {
    "GeForce RTX 4090": _feats("ada", 1000.0),
    "GeForce RTX 3090": _feats("ampere", 900.0),
    "RTX A6000": _feats("ampere", 800.0, "workstation"),
    "GeForce RTX 3070": _feats("ampere", 450.0),
    "GeForce RTX 5090": _feats("blackwell-gb20x", 1800.0),
    "GeForce RTX 4060": _feats("ada", 270.0),
    "A100 PCIe 80 GB": _feats("ampere-ga100", 2000.0, "datacenter"),
    "H100 PCIe 80 GB": _feats("hopper", 2000.0, "datacenter"),
}


def _row(chip, n, model, tps, metric="text_generation_tokens_per_s", quant="Q4_K_M"):
    gpu = NAMES[chip]
    return {
        "metric": metric,
        "gpu_config": gpu if n == 1 else f"{gpu} * {n}",
        "gpu": gpu,
        "num_gpu": str(n),
        "model": model,
        "quantization": quant,
        "tokens_per_s": "" if tps is None else str(tps),
        "oom": str(tps is None),
    }


def _law(effective, model, n, overhead=2.0, hop=0.25):
    """tokens/s from the model the importer fits (effective GB/s, overhead and hop in ms)."""
    return 1000.0 / (MODEL_BYTES[model] / 1e9 / effective * 1000.0 + overhead + (n - 1) * hop)


TRUE = {
    "GeForce RTX 4090": 880.0,
    "GeForce RTX 3090": 750.0,
    "RTX A6000": 640.0,
    "GeForce RTX 3070": 400.0,
    "A100 PCIe 80 GB": 1000.0,
    "H100 PCIe 80 GB": 1100.0,
}


def _rows():
    rows = []
    for chip, e in TRUE.items():
        rows.append(_row(chip, 1, "LLaMA 3 8B", _law(e, "LLaMA 3 8B", 1)))
        rows.append(_row(chip, 1, "LLaMA 3 8B", 999.0, quant="F16"))  # other quantisations are not read
    for chip in ("GeForce RTX 4090", "GeForce RTX 3090"):
        rows.append(_row(chip, 1, "LLaMA 3 70B", None))  # OOM on one 24 GB card
        for n in (2, 4):
            rows.append(_row(chip, n, "LLaMA 3 70B", _law(TRUE[chip], "LLaMA 3 70B", n)))
            rows.append(_row(chip, n, "LLaMA 3 8B", _law(TRUE[chip], "LLaMA 3 8B", n)))
    for chip in ("RTX A6000", "A100 PCIe 80 GB", "H100 PCIe 80 GB"):
        rows.append(_row(chip, 1, "LLaMA 3 70B", _law(TRUE[chip], "LLaMA 3 70B", 1)))
    rows.append(_row("GeForce RTX 4090", 1, "LLaMA 3 8B", 7000.0, metric="prompt_eval_tokens_per_s"))
    return rows


def test_token_rows_skip_oom_other_quantisations_and_prompt_rows():
    rows = token_rows(_rows())
    assert all(r.tokens_per_s > 0 for r in rows) and len(rows) == 6 + 8 + 3
    assert {r.model for r in rows} == {"LLaMA 3 8B", "LLaMA 3 70B"}


def test_fit_recovers_bandwidth_overhead_and_hop():
    f = fit_tokens(token_rows(_rows()))
    assert f.overhead_fitted and f.hop_fitted
    assert f.overhead_ms == pytest.approx(2.0, rel=1e-6) and f.hop_ms == pytest.approx(0.25, rel=1e-6)
    for chip, e in TRUE.items():
        assert f.effective_gb_s[chip] == pytest.approx(e, rel=1e-6)


def test_a_term_no_row_separates_is_held_at_zero():
    # one model size, one card each: the overhead cannot be told apart from the bandwidths
    rows = [r for r in token_rows(_rows()) if r.gpus == 1 and r.model == "LLaMA 3 8B"]
    f = fit_tokens(rows)
    assert not f.overhead_fitted and not f.hop_fitted and f.overhead_ms == 0.0
    assert f.tokens_per_s(f.effective_gb_s["GeForce RTX 3070"], rows[0].gigabytes, 1) == pytest.approx(
        next(r.tokens_per_s for r in rows if r.chip == "GeForce RTX 3070")
    )


def test_token_rating_is_effective_bandwidth_relative_to_the_4090():
    model = build_token_model(_rows(), FEATS)
    assert model.rating("GeForce RTX 4090") == (pytest.approx(1.0), "measured")
    assert model.rating("GeForce RTX 3090")[0] == pytest.approx(750 / 880, rel=1e-6)
    # unmeasured GDDR card: its peak bandwidth x the GDDR cards' geometric-mean efficiency
    gddr = (880 / 1000 * 750 / 900 * 640 / 800 * 400 / 450) ** 0.25
    assert model.efficiency["gddr"] == pytest.approx(gddr, rel=1e-6)
    assert model.efficiency["hbm"] == pytest.approx((0.5 * 0.55) ** 0.5, rel=1e-6)
    assert model.rating("GeForce RTX 5090") == (pytest.approx(gddr * 1800 / 880, rel=1e-6), "model")
    assert model.expected_error("GeForce RTX 5090") > 0 and model.expected_error("GeForce RTX 4090") is None
    # a modelled card is kept at or below the measured cards of its line with at least its bandwidth
    low = model.rating("GeForce RTX 4060")[0]
    assert low == pytest.approx(min(gddr * 270 / 880, 400 / 880), rel=1e-6)
    assert set(model.loo_error) == set(TRUE)


def test_no_reference_card_no_token_rating():
    rows = [r for r in _rows() if r["gpu"] != "4090 24GB"]
    assert build_token_model(rows, FEATS) is None


def test_prompt_processing_is_one_card_8b_relative_to_the_4090():
    rows = _rows() + [
        _row("GeForce RTX 3090", 1, "LLaMA 3 8B", 3500.0, metric="prompt_eval_tokens_per_s"),
        _row("GeForce RTX 3090", 2, "LLaMA 3 8B", 4000.0, metric="prompt_eval_tokens_per_s"),
    ]
    assert measure_prompt(rows) == {"GeForce RTX 3090": pytest.approx(0.5), "GeForce RTX 4090": 1.0}
