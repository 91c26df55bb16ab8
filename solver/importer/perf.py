"""The GPU performance model: Lambda's measured FP16 training throughput, and a spec model for the rest."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from .chipsets import ReferenceGPU, ReferenceIndex

REFERENCE = "GeForce RTX 4090"  # spec §1: perf is relative to one RTX 4090 = 1.000

#: Lambda's GPU names (deeplearning-benchmark pytorch CSVs) -> TechPowerUp chipset names. Only one row per
#: GPU is used: Lambda's own machine; vendor-lab copies of the same GPU (Dell, DellTexas, SMC, 1CC,
#: RAIDZ1), the cloud duplicate of a GPU also run locally, laptop (Max-Q) rows and the "V1" re-run in the
#: legacy file are left out. V100 variants follow the TDP Lambda lists (250 W PCIe, 300 W SXM2).
LAMBDA_CURRENT = {
    "RTX 4090": "GeForce RTX 4090",
    "RTX 3090": "GeForce RTX 3090",
    "RTX 6000 Ada": "RTX 6000 Ada Generation",
    "RTX A6000": "RTX A6000",
    "Quadro RTX 8000": "Quadro RTX 8000",
    "LambdaCloud V100 16GB": "Tesla V100 SXM2 16 GB",
    "LambdaCloud A10": "A10 PCIe",
    "LambdaCloud A100 40GB PCIe": "A100 PCIe 40 GB",
    "A100 80GB PCIe": "A100 PCIe 80 GB",
    "A100 80GB SXM4": "A100 SXM4 80 GB",
    "H100 80GB PCIe Gen5": "H100 PCIe 80 GB",
    "H100 80GB SXM5": "H100 SXM5 80 GB",
}
LAMBDA_LEGACY = {
    "V100 32GB": "Tesla V100 PCIe 32 GB",
    "Quadro RTX 8000": "Quadro RTX 8000",
    "Quadro RTX 6000": "Quadro RTX 6000",
    "Quadro RTX 5000": "Quadro RTX 5000",
    "Titan RTX": "TITAN RTX",
    "RTX 2080Ti": "GeForce RTX 2080 Ti",
    "RTX 3070": "GeForce RTX 3070",
    "RTX 3080": "GeForce RTX 3080",
    "RTX 3090": "GeForce RTX 3090",
    "A100 40GB PCIe": "A100 PCIe 40 GB",
    "A100 80GB PCIe": "A100 PCIe 80 GB",
    "A100 40GB SXM4": "A100 SXM4 40 GB",
    "A100 80GB SXM4": "A100 SXM4 80 GB",
    "RTX A6000": "RTX A6000",
    "RTX A5000": "RTX A5000",
    "RTX A40": "A40 PCIe",
    "RTX A4000": "RTX A4000",
    "RTX A4500": "RTX A4500",
    "RTX A5500": "RTX A5500",
}
#: Vendor-lab copies of Lambda's runs (same GPUs on partners' machines); their ncf column disagrees with
#: Lambda's own by up to 250x, so they are used neither for perf nor for scaling.
VENDOR_LABS = ("Dell", "DellTexas", "SMC", "1CC", "RAIDZ1")

#: GPUs measured in both Lambda sets: the legacy (2022-07) numbers reach the current scale through them.
BRIDGES = ("GeForce RTX 3090", "RTX A6000", "Quadro RTX 8000", "A100 PCIe 40 GB", "A100 PCIe 80 GB",
           "A100 SXM4 80 GB")

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
LLAMA_MODEL = ("LLaMA 3 8B", "Q4_K_M")  # fits every card benchmarked, so every card has both numbers

#: Dense FP16 tensor-core FLOP per clock per tensor core (FP16 inputs, FP16 accumulate), from NVIDIA's
#: architecture whitepapers: Volta and Turing 64 FMA/clock/TC; GA100 256; GA10x, Ada and GB20x 128;
#: GH100 512 (FLOP = 2 x FMA). Checked against the whitepapers' peak tables, e.g. RTX 2080 Ti 544 TC x
#: 1545 MHz x 128 = 107.6 TFLOPS, A100 432 x 1410 x 512 = 312, RTX 4090 512 x 2520 x 256 = 330.
TENSOR_FLOP_PER_CLOCK = {
    "volta": 128,
    "turing": 128,
    "ampere": 256,
    "ampere-ga100": 512,
    "ada": 256,
    "hopper": 1024,
    "blackwell-gb20x": 256,
}


def architecture_key(ref: ReferenceGPU) -> str | None:
    arch = ref.architecture.lower()
    if arch.startswith("volta"):
        return "volta"
    if arch.startswith("turing"):
        return "turing"
    if arch.startswith("ampere"):
        return "ampere-ga100" if ref.gpu_die.upper().startswith("GA100") else "ampere"
    if arch.startswith("ada"):
        return "ada"
    if arch.startswith("hopper"):
        return "hopper"
    if arch.startswith("blackwell") and ref.gpu_die.upper().startswith("GB20"):
        return "blackwell-gb20x"
    return None


def half_rate_fp32_accumulate(name: str) -> bool:
    """GeForce boards run FP16 matrix math with FP32 accumulation (what AMP training uses) at half the
    FP16-accumulate rate; TITAN, Quadro/RTX professional and data-centre boards run it at full rate
    (NVIDIA Turing, GA102, Ada and RTX Blackwell whitepapers, "FP16 Tensor TFLOPS with FP32 Accumulate")."""
    return name.startswith("GeForce")


@dataclass(frozen=True)
class SpecFeatures:
    """The spec inputs the model uses for one chipset, in the guide's order of importance (rule 6)."""

    architecture: str
    tensor_tflops: float  # dense FP16 with FP32 accumulate
    bandwidth_gb_s: float
    l2_mb: float


def spec_features(ref: ReferenceGPU | None) -> SpecFeatures | None:
    if ref is None or ref.tensor_cores <= 0 or not ref.boost_mhz or not ref.bandwidth_gb_s or not ref.l2_mb:
        return None
    arch = architecture_key(ref)
    if arch is None:
        return None
    tflops = ref.tensor_cores * ref.boost_mhz * 1e6 * TENSOR_FLOP_PER_CLOCK[arch] / 1e12
    if half_rate_fp32_accumulate(ref.name):
        tflops /= 2
    return SpecFeatures(arch, tflops, ref.bandwidth_gb_s, ref.l2_mb)


# ---------------------------------------------------------------------------------------------------------
# Measurements


def _float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _models(rows: list[dict[str, str]]) -> list[str]:
    skip = {"name_gpu", "num_gpu", "watt", "price"}
    return [c for c in (rows[0].keys() if rows else []) if c not in skip]


def relative(a: dict[str, str], b: dict[str, str], models: list[str]) -> tuple[float, int]:
    """Geometric mean over models of throughput(a) / throughput(b); models either did not run are skipped."""
    logs = [math.log(_float(a[m]) / _float(b[m])) for m in models if _float(a.get(m)) > 0 and _float(b.get(m)) > 0]
    if not logs:
        return float("nan"), 0
    return math.exp(sum(logs) / len(logs)), len(logs)


def _single(rows: list[dict[str, str]], names: dict[str, str]) -> dict[str, dict[str, str]]:
    out = {}
    for row in rows:
        if _float(row.get("num_gpu")) == 1 and row.get("name_gpu") in names:
            out[names[row["name_gpu"]]] = row
    return out


@dataclass
class Measured:
    """Measured perf per chipset and how each number was obtained."""

    perf: dict[str, float] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)  # "lambda-current" | "lambda-legacy-bridged"
    models_used: dict[str, int] = field(default_factory=dict)
    bridge_spread: dict[str, float] = field(default_factory=dict)  # max/min of the per-bridge estimates
    bridge_check: dict[str, dict[str, float]] = field(default_factory=dict)


def measure(current: list[dict[str, str]], legacy: list[dict[str, str]]) -> Measured:
    """Lambda FP16 training throughput relative to RTX 4090, current set first, legacy bridged in.

    Current: perf = geometric mean over the current models of throughput / RTX 4090's.
    Legacy (2022-07, other containers and batch sizes): for a legacy GPU X and every bridge B measured in both
    sets, X's legacy throughput relative to B (geometric mean over the legacy models) times B's current perf;
    X's perf is the geometric mean of those per-bridge estimates. The spread (largest / smallest estimate)
    says how much the choice of bridge matters.
    """
    out = Measured()
    cur = _single(current, LAMBDA_CURRENT)
    ref = cur.get(REFERENCE)
    if ref is None:
        raise ValueError(f"the current Lambda set has no {REFERENCE} row to normalise to")
    cur_models = _models(current)
    for chip, row in sorted(cur.items()):
        value, used = relative(row, ref, cur_models)
        if used:
            out.perf[chip] = value
            out.source[chip] = "lambda-current"
            out.models_used[chip] = used
    old = _single(legacy, LAMBDA_LEGACY)
    old_models = _models(legacy)
    bridges = [b for b in BRIDGES if b in old and b in out.perf]
    for chip, row in sorted(old.items()):
        if chip in out.perf:
            continue
        estimates = []
        used_max = 0
        for bridge in bridges:
            ratio, used = relative(row, old[bridge], old_models)
            if used:
                estimates.append(ratio * out.perf[bridge])
                used_max = max(used_max, used)
        if estimates:
            out.perf[chip] = math.exp(sum(math.log(e) for e in estimates) / len(estimates))
            out.source[chip] = "lambda-legacy-bridged"
            out.models_used[chip] = used_max
            out.bridge_spread[chip] = max(estimates) / min(estimates)
    # How well the two sets agree on the bridges themselves: legacy ratio vs current ratio, per pair.
    for a in bridges:
        for b in bridges:
            if a < b:
                legacy_ratio, _ = relative(old[a], old[b], old_models)
                out.bridge_check.setdefault(a, {})[b] = legacy_ratio / (out.perf[a] / out.perf[b])
    return out


def measure_llm(rows: list[dict[str, str]]) -> dict[str, float]:
    """LLaMA 3 8B Q4_K_M on one GPU: geometric mean of generation and prompt tokens/s, relative to RTX 4090.

    A request is a prompt and a reply; generation speed follows memory bandwidth, prompt processing follows
    compute, and both are weighted equally (in log space).
    """
    speeds: dict[str, dict[str, float]] = {}
    for row in rows:
        if (row.get("model"), row.get("quantization")) != LLAMA_MODEL or _float(row.get("num_gpu")) != 1:
            continue
        chip = LLAMA_NAMES.get(row.get("gpu", ""))
        value = _float(row.get("tokens_per_s"))
        if chip and value > 0:
            speeds.setdefault(chip, {})[row["metric"]] = value
    base = speeds.get(REFERENCE)
    if not base or len(base) < 2:
        return {}
    out = {}
    for chip, metrics in sorted(speeds.items()):
        if set(metrics) >= set(base):
            logs = [math.log(metrics[m] / base[m]) for m in sorted(base)]
            out[chip] = math.exp(sum(logs) / len(logs))
    return out


# ---------------------------------------------------------------------------------------------------------
# The spec model

#: Feature sets compared in docs/gpu-performance.md; the first is the one used (the guide's rule 6 order:
#: tensor cores, memory bandwidth, cache).
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "tensor+bandwidth+l2": ("tensor_tflops", "bandwidth_gb_s", "l2_mb"),
    "tensor+bandwidth": ("tensor_tflops", "bandwidth_gb_s"),
    "bandwidth": ("bandwidth_gb_s",),
    "tensor": ("tensor_tflops",),
}
LLM_FEATURES = ("bandwidth_gb_s", "tensor_tflops")


@dataclass
class Fit:
    """A log-linear least-squares fit log(perf) = b0 + sum b_i log(x_i) and its leave-one-out errors."""

    features: tuple[str, ...]
    coef: list[float]
    names: list[str]
    loo_pred: dict[str, float]
    loo_error: dict[str, float]  # predicted / measured - 1

    def predict(self, feats: SpecFeatures) -> float:
        x = [1.0] + [math.log(getattr(feats, f)) for f in self.features]
        return math.exp(sum(c * v for c, v in zip(self.coef, x)))

    @property
    def median_abs_error(self) -> float:
        return float(np.median([abs(e) for e in self.loo_error.values()])) if self.loo_error else float("nan")

    @property
    def worst(self) -> tuple[str, float]:
        name = max(self.loo_error, key=lambda k: (abs(self.loo_error[k]), k))
        return name, self.loo_error[name]


def _design(names: list[str], feats: dict[str, SpecFeatures], features: tuple[str, ...]) -> np.ndarray:
    return np.array([[1.0] + [math.log(getattr(feats[n], f)) for f in features] for n in names])


def fit(measured: dict[str, float], feats: dict[str, SpecFeatures], features: tuple[str, ...]) -> Fit:
    """Least squares on every measured chipset with spec features; LOO refits without each one in turn."""
    names = sorted(n for n in measured if n in feats)
    if len(names) <= len(features) + 1:
        raise ValueError(f"need more than {len(features) + 1} measured chipsets to fit {features}, have {len(names)}")
    x = _design(names, feats, features)
    y = np.array([math.log(measured[n]) for n in names])
    coef = np.linalg.lstsq(x, y, rcond=None)[0]
    loo_pred, loo_error = {}, {}
    for i, name in enumerate(names):
        keep = [j for j in range(len(names)) if j != i]
        c = np.linalg.lstsq(x[keep], y[keep], rcond=None)[0]
        pred = float(math.exp(x[i] @ c))
        loo_pred[name] = pred
        loo_error[name] = pred / measured[name] - 1
    return Fit(features, [float(c) for c in coef], names, loo_pred, loo_error)


def rank_correlation(a: list[float], b: list[float]) -> float:
    """Spearman's rho (average ranks for ties)."""

    def ranks(values: list[float]) -> np.ndarray:
        order = sorted(range(len(values)), key=lambda i: values[i])
        r = np.empty(len(values))
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2
            i = j + 1
        return r

    ra, rb = ranks(a), ranks(b)
    if len(a) < 2 or ra.std() == 0 or rb.std() == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


@dataclass
class PerfModel:
    """Everything gpu_models.csv, the report and docs/gpu-performance.md need."""

    measured: Measured
    features: dict[str, SpecFeatures]
    train: Fit
    alternatives: dict[str, Fit]
    llm_measured: dict[str, float]
    llm: Fit | None

    def perf(self, chip: str) -> tuple[float, str] | None:
        if chip in self.measured.perf:
            return self.measured.perf[chip], "measured"
        if chip in self.features:
            value = self.train.predict(self.features[chip])
            floor = self.floor(chip)
            return (max(value, floor[1]) if floor else value), "model"
        return None

    def floor(self, chip: str) -> tuple[str, float] | None:
        """The fastest measured chipset this one dominates, when it is faster than the model says.

        A chipset of the same architecture and product line (GeForce or not) with at least the tensor
        throughput, bandwidth and L2 of a measured one cannot be slower than it; without this floor the
        model (which under-predicts the measured RTX 3090) would rate an RTX 3090 Ti below an RTX 3090.
        """
        f = self.features.get(chip)
        if f is None or chip in self.measured.perf:
            return None
        best = None
        for other, value in sorted(self.measured.perf.items()):
            g = self.features.get(other)
            if g is None or g.architecture != f.architecture or chip.startswith("GeForce") != other.startswith("GeForce"):
                continue
            if f.tensor_tflops >= g.tensor_tflops and f.bandwidth_gb_s >= g.bandwidth_gb_s and f.l2_mb >= g.l2_mb:
                if best is None or value > best[1]:
                    best = (other, value)
        if best is None or best[1] <= self.train.predict(f):
            return None
        return best

    def perf_llm(self, chip: str) -> tuple[float, str] | None:
        if chip in self.llm_measured:
            return self.llm_measured[chip], "measured"
        if self.llm is not None and chip in self.features:
            return self.llm.predict(self.features[chip]), "model"
        return None

    def summary(self) -> dict:
        def stats(f: Fit) -> dict:
            name, err = f.worst
            return {
                "features": list(f.features),
                "coefficients": [round(c, 4) for c in f.coef],
                "points": len(f.names),
                "loo_median_abs_error": round(f.median_abs_error, 4),
                "loo_worst": {"chipset": name, "error": round(err, 4)},
                "loo_rank_correlation": round(
                    rank_correlation([f.loo_pred[n] for n in f.names], [self._truth(f, n) for n in f.names]), 4
                ),
            }

        out = {
            "reference": REFERENCE,
            "measured": {k: round(v, 4) for k, v in sorted(self.measured.perf.items())},
            "measured_source": dict(sorted(self.measured.source.items())),
            "training": stats(self.train),
            "alternatives": {k: stats(v) for k, v in sorted(self.alternatives.items())},
            "bridges": [b for b in BRIDGES if b in self.measured.perf],
        }
        if self.llm is not None:
            out["llm_inference"] = stats(self.llm)
        return out

    def _truth(self, f: Fit, name: str) -> float:
        if f is self.llm:
            return self.llm_measured[name]
        return self.measured.perf[name]


def build_perf_model(refs: ReferenceIndex, current, legacy, llama) -> PerfModel:
    measured = measure(current, legacy)
    feats = {name: f for name, ref in refs.by_name.items() if (f := spec_features(ref)) is not None}
    fits = {label: fit(measured.perf, feats, cols) for label, cols in FEATURE_SETS.items()}
    primary = next(iter(FEATURE_SETS))
    llm_measured = measure_llm(llama)
    llm_fit = None
    if sum(1 for n in llm_measured if n in feats) > len(LLM_FEATURES) + 1:
        llm_fit = fit(llm_measured, feats, LLM_FEATURES)
    alternatives = {k: v for k, v in fits.items() if k != primary}
    return PerfModel(measured, feats, fits[primary], alternatives, llm_measured, llm_fit)


def round_perf(value: float) -> float:
    """Three decimals, never 0 (spec §1: perf > 0 with at most 3 decimals)."""
    return max(round(value, 3), 0.001)


_SPACE = re.compile(r"\s+")
