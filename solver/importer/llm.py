"""LLM ratings: token generation rated by memory bandwidth, prompt processing by tensor throughput.

Generating a token reads every weight once, so a card's token rate is its effective memory bandwidth divided by
the model's size, plus a fixed per-token cost (kernel launches, sampling) and a small cost per extra card of a
layer split. The llama.cpp measurements give each measured card's effective bandwidth; every other card gets its
bandwidth times the fraction of peak that measured cards of the same memory kind reach.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .perf import (
    REFERENCE,
    Calibrated,
    SpecFeatures,
    bounded,
    calibrate,
    median_abs,
    memory_kind,
)

#: llama.cpp benchmark GPU names -> TechPowerUp chipset names.
LLAMA_NAMES = {
    "3070 8GB": "GeForce RTX 3070",
    "3080 10GB": "GeForce RTX 3080",
    "3080 Ti 12GB": "GeForce RTX 3080 Ti",
    "4070 Ti 12GB": "GeForce RTX 4070 Ti",
    "4080 16GB": "GeForce RTX 4080",
    "3090 24GB": "GeForce RTX 3090",
    "4090 24GB": "GeForce RTX 4090",
    "RTX 4000 Ada 20GB": "RTX 4000 Ada Generation",
    "RTX 5000 Ada 32GB": "RTX 5000 Ada Generation",
    "RTX A6000 48GB": "RTX A6000",
    "RTX 6000 Ada 48GB": "RTX 6000 Ada Generation",
    "A40 48GB": "A40 PCIe",
    "L40S 48GB": "L40S",
    "A100 PCIe 80GB": "A100 PCIe 80 GB",
    "A100 SXM 80GB": "A100 SXM4 80 GB",
    "H100 PCIe 80GB": "H100 PCIe 80 GB",
}

#: The quantisation the ratings use (the one the LLM workloads assume).
QUANT = "Q4_K_M"

#: GGUF file sizes in bytes of the models the llama.cpp benchmark ran at QUANT. LLaMA 3 and Llama 3.1 share the
#: architecture and parameter count; the sizes are those of the Llama 3.1 Q4_K_M files listed at
#: https://huggingface.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF (4.92 GB) and
#: https://huggingface.co/bartowski/Meta-Llama-3.1-70B-Instruct-GGUF (42,520,398,400 bytes).
MODEL_BYTES = {"LLaMA 3 8B": 4.92e9, "LLaMA 3 70B": 42_520_398_400}
MODEL_SOURCES = (
    "https://huggingface.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF",
    "https://huggingface.co/bartowski/Meta-Llama-3.1-70B-Instruct-GGUF",
)

#: Prompt processing is rated on the 8B model with one card (the only size every benchmarked card holds).
PROMPT_MODEL = "LLaMA 3 8B"
PROMPT_FEATURES = ("tensor_fp16_acc_tflops", "bandwidth_gb_s")

#: Published llama.cpp token-generation figures for the RTX 5090 against the RTX 4090 (same model, both fully in
#: GPU memory), as checks of the modelled ratio; not used by the model.
PUBLISHED_5090_4090 = (
    (
        "https://coderacoon.com/articles/rtx-5090-vs-4090-local-llm-benchmark (2026-03-25, llama.cpp/Ollama, "
        "same system): DeepSeek R1 Q4_K_M 68 vs 42 tokens/s, Phi-4 Q8_0 187 vs 118",
        68 / 42,
    ),
    (
        "https://llmhardware.io/guides/rtx-5090-vs-4090-llm-guide (May 2026, llama-bench): Qwen3 32B Q4_K_M "
        "about 50 vs 28 tokens/s",
        50 / 28,
    ),
)


def _float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


@dataclass(frozen=True)
class TokenRow:
    """One measured token-generation speed: a card, how many of them split the model, the model, tokens/s."""

    chip: str
    gpus: int
    model: str
    tokens_per_s: float

    @property
    def gigabytes(self) -> float:
        return MODEL_BYTES[self.model] / 1e9


def token_rows(llama: list[dict[str, str]]) -> list[TokenRow]:
    """Text-generation rows at QUANT for chipsets we can name, fitted models only (no OOM rows)."""
    out = []
    for row in llama:
        if row.get("metric") != "text_generation_tokens_per_s" or row.get("quantization") != QUANT:
            continue
        chip = LLAMA_NAMES.get(row.get("gpu", ""))
        tps = _float(row.get("tokens_per_s"))
        if chip and tps > 0 and row.get("model") in MODEL_BYTES and _float(row.get("num_gpu")) >= 1:
            out.append(TokenRow(chip, int(_float(row["num_gpu"])), row["model"], tps))
    return sorted(out, key=lambda r: (r.chip, r.gpus, r.model))


@dataclass
class TokenFit:
    """time per token [ms] = model GB / effective bandwidth [GB/ms] + overhead + (cards - 1) x hop.

    Fitted by least squares on the relative error of every row at once; one effective bandwidth per measured
    chipset, one overhead and one hop cost shared by all (a term no row can separate from the bandwidths is held
    at 0 and reported as such)."""

    effective_gb_s: dict[str, float]
    overhead_ms: float
    hop_ms: float
    overhead_fitted: bool
    hop_fitted: bool
    rows: list[TokenRow]

    def tokens_per_s(self, effective_gb_s: float, gigabytes: float, gpus: int) -> float:
        return 1000.0 / (gigabytes / effective_gb_s * 1000.0 + self.overhead_ms + (gpus - 1) * self.hop_ms)


def fit_tokens(rows: list[TokenRow]) -> TokenFit | None:
    chips = sorted({r.chip for r in rows})
    if not chips:
        return None
    sizes: dict[str, set[str]] = {}
    counts: dict[str, set[int]] = {}
    for r in rows:
        sizes.setdefault(r.chip, set()).add(r.model)
        counts.setdefault(r.chip, set()).add(r.gpus)
    with_overhead = any(len(s) > 1 for s in sizes.values())
    with_hop = any(len(c) > 1 for c in counts.values())
    a, b = [], []
    for r in rows:
        t = 1000.0 / r.tokens_per_s
        x = [0.0] * len(chips) + [1.0 if with_overhead else 0.0, float(r.gpus - 1) if with_hop else 0.0]
        x[chips.index(r.chip)] = r.gigabytes
        a.append([v / t for v in x])  # relative error: divide each equation by its measured time
        b.append(1.0)
    sol = np.linalg.lstsq(np.array(a), np.array(b), rcond=None)[0]
    # sol[i] is ms per GB for chipset i: its effective bandwidth is 1000 / sol[i] GB/s
    effective = {c: 1000.0 / float(sol[i]) for i, c in enumerate(chips) if sol[i] > 0}
    return TokenFit(
        effective,
        float(sol[-2]) if with_overhead else 0.0,
        float(sol[-1]) if with_hop else 0.0,
        with_overhead,
        with_hop,
        rows,
    )


@dataclass
class TokenModel:
    """The token-generation rating: effective bandwidth relative to the reference card's."""

    fit: TokenFit
    features: dict[str, SpecFeatures]
    efficiency: dict[str, float]  # memory kind -> geometric mean of effective / peak bandwidth
    loo_pred: dict[str, float] = field(default_factory=dict)  # effective GB/s predicted without the chipset
    loo_error: dict[str, float] = field(default_factory=dict)

    @property
    def reference_gb_s(self) -> float:
        return self.fit.effective_gb_s[REFERENCE]

    def measured(self) -> dict[str, float]:
        return {c: e / self.reference_gb_s for c, e in self.fit.effective_gb_s.items()}

    def effective(self, chip: str) -> tuple[float, str] | None:
        if chip in self.fit.effective_gb_s:
            return self.fit.effective_gb_s[chip], "measured"
        f = self.features.get(chip)
        eta = self.efficiency.get(memory_kind(f.architecture)) if f else None
        if f is None or eta is None:
            return None
        value, _, _ = bounded(
            chip, eta * f.bandwidth_gb_s / self.reference_gb_s, self.features, self.measured(), ("bandwidth_gb_s",)
        )
        return value * self.reference_gb_s, "model"

    def rating(self, chip: str) -> tuple[float, str] | None:
        e = self.effective(chip)
        return (e[0] / self.reference_gb_s, e[1]) if e else None

    def expected_error(self, chip: str) -> float | None:
        """Median absolute LOO error of the measured chipsets of the same memory kind (all, if too few)."""
        if chip in self.fit.effective_gb_s or chip not in self.features:
            return None
        kind = memory_kind(self.features[chip].architecture)
        same = {c: e for c, e in self.loo_error.items() if memory_kind(self.features[c].architecture) == kind}
        return median_abs(same if len(same) >= 2 else self.loo_error)


def _efficiency(effective: dict[str, float], feats: dict[str, SpecFeatures]) -> dict[str, float]:
    logs: dict[str, list[float]] = {}
    for chip, e in sorted(effective.items()):
        if chip in feats:
            logs.setdefault(memory_kind(feats[chip].architecture), []).append(math.log(e / feats[chip].bandwidth_gb_s))
    return {k: math.exp(sum(v) / len(v)) for k, v in logs.items()}


def build_token_model(llama: list[dict[str, str]], feats: dict[str, SpecFeatures]) -> TokenModel | None:
    fitted = fit_tokens(token_rows(llama))
    if fitted is None or REFERENCE not in fitted.effective_gb_s:
        return None
    model = TokenModel(fitted, feats, _efficiency(fitted.effective_gb_s, feats))
    for chip, e in sorted(fitted.effective_gb_s.items()):
        if chip not in feats:
            continue
        others = {c: v for c, v in fitted.effective_gb_s.items() if c != chip}
        eta = _efficiency(others, feats).get(memory_kind(feats[chip].architecture))
        if eta is not None:
            model.loo_pred[chip] = eta * feats[chip].bandwidth_gb_s
            model.loo_error[chip] = model.loo_pred[chip] / e - 1
    return model


def measure_prompt(llama: list[dict[str, str]]) -> dict[str, float]:
    """Prompt processing (1024-token prompt) of PROMPT_MODEL at QUANT on one card, relative to the reference."""
    speeds = {}
    for row in llama:
        if (row.get("metric"), row.get("model"), row.get("quantization")) != (
            "prompt_eval_tokens_per_s",
            PROMPT_MODEL,
            QUANT,
        ):
            continue
        chip = LLAMA_NAMES.get(row.get("gpu", ""))
        value = _float(row.get("tokens_per_s"))
        if chip and value > 0 and _float(row.get("num_gpu")) == 1:
            speeds[chip] = value
    base = speeds.get(REFERENCE)
    return {c: v / base for c, v in sorted(speeds.items())} if base else {}


@dataclass
class PromptModel:
    """Prompt processing: measured where llama.cpp ran the card, else a calibrated tensor/bandwidth fit."""

    measured: dict[str, float]
    model: Calibrated

    def rating(self, chip: str) -> tuple[float, str] | None:
        if chip in self.measured:
            return self.measured[chip], "measured"
        if chip not in self.model.features:
            return None
        value, _, _ = bounded(chip, self.model.predict(chip), self.model.features, self.measured, PROMPT_FEATURES)
        return value, "model"

    def expected_error(self, chip: str) -> float | None:
        if chip in self.measured or chip not in self.model.features:
            return None
        return self.model.expected_error(self.model.route(chip))


def build_prompt_model(llama: list[dict[str, str]], feats: dict[str, SpecFeatures]) -> PromptModel | None:
    measured = measure_prompt(llama)
    if sum(1 for c in measured if c in feats) <= len(PROMPT_FEATURES) + 1:
        return None
    return PromptModel(measured, calibrate(measured, feats, PROMPT_FEATURES))


@dataclass
class LLMRatings:
    tokens: TokenModel | None
    prompt: PromptModel | None


def build_llm_ratings(llama: list[dict[str, str]], feats: dict[str, SpecFeatures]) -> LLMRatings:
    return LLMRatings(build_token_model(llama, feats), build_prompt_model(llama, feats))
