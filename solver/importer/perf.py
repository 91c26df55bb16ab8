"""The GPU training rating: Lambda's measured FP16 training throughput, and a calibrated spec model for the rest.

The spec model is fitted on every measured chipset and then calibrated per architecture and product line: the
measured cards of a group say how far the model sits off for that group, so modelled and measured ratings share
one scale. The fitting and calibration machinery (Fit, Calibrated) is generic; llm.py uses it for LLM ratings.
"""

from __future__ import annotations

import math
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
BRIDGES = ("GeForce RTX 3090", "RTX A6000", "Quadro RTX 8000", "A100 PCIe 40 GB", "A100 PCIe 80 GB", "A100 SXM4 80 GB")

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


def product_line(name: str) -> str:
    """geforce | workstation | datacenter, from the chipset's TechPowerUp name.

    TITAN boards are sold under the GeForce brand (TechPowerUp files them under GeForce 10/20) and use the GeForce
    driver, so they count as GeForce here, although their tensor cores run FP32 accumulate at full rate.
    Quadro and "RTX ..." professional boards are workstation cards; Tesla, A/H/L/B-series and everything else
    NVIDIA sells for servers are data-centre cards.
    """
    if name.startswith(("GeForce", "TITAN")):
        return "geforce"
    if name.startswith(("Quadro", "RTX ")) and "Server" not in name:
        return "workstation"
    return "datacenter"


PRODUCT_LINES = ("geforce", "workstation", "datacenter")

#: Architectures whose boards carry HBM (every other tensor-core architecture rated here uses GDDR).
HBM_ARCHITECTURES = ("volta", "ampere-ga100", "hopper")


def memory_kind(architecture: str) -> str:
    return "hbm" if architecture in HBM_ARCHITECTURES else "gddr"


@dataclass(frozen=True)
class SpecFeatures:
    """The spec inputs the models use for one chipset (guide rule 6: tensor cores, bandwidth, cache), plus memory
    size, which sets the batch size Lambda trains with (its batch-size tables grow with the card's memory)."""

    architecture: str
    tensor_tflops: float  # dense FP16 with FP32 accumulate (what AMP training uses)
    bandwidth_gb_s: float
    l2_mb: float
    memory_gb: float
    line: str  # product_line()
    tensor_fp16_acc_tflops: float  # dense FP16 with FP16 accumulate (llama.cpp's cuBLAS path)


def spec_features(ref: ReferenceGPU | None) -> SpecFeatures | None:
    if ref is None or ref.tensor_cores <= 0 or not ref.boost_mhz or not ref.bandwidth_gb_s or not ref.l2_mb:
        return None
    if not ref.memory_gb:
        return None
    arch = architecture_key(ref)
    if arch is None:
        return None
    fp16_acc = ref.tensor_cores * ref.boost_mhz * 1e6 * TENSOR_FLOP_PER_CLOCK[arch] / 1e12
    tflops = fp16_acc / 2 if half_rate_fp32_accumulate(ref.name) else fp16_acc
    return SpecFeatures(arch, tflops, ref.bandwidth_gb_s, ref.l2_mb, ref.memory_gb, product_line(ref.name), fp16_acc)


# ---------------------------------------------------------------------------------------------------------
# Measurements

#: A model whose ratio to the reference is this far (either way) from the median ratio over the chipset's models
#: is a failed run, not a measurement: the legacy RTX A4000 waveglow cell is 0.04x the RTX A4500's while its other
#: nine models sit at 0.69-0.82x. Dropping such cells keeps one broken run from moving a geometric mean by 25%.
OUTLIER_FACTOR = 3.0


def _float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _models(rows: list[dict[str, str]]) -> list[str]:
    skip = {"name_gpu", "num_gpu", "watt", "price"}
    return [c for c in (rows[0].keys() if rows else []) if c not in skip]


def relative_detail(a: dict[str, str], b: dict[str, str], models: list[str]) -> tuple[float, int, list[str]]:
    """Geometric mean over models of throughput(a) / throughput(b), the models used, and the models dropped.

    A model either row did not run (0 or -1) is skipped; a model whose ratio is more than OUTLIER_FACTOR off the
    median ratio is dropped as a failed run."""
    pairs = [
        (m, math.log(_float(a[m]) / _float(b[m]))) for m in models if _float(a.get(m)) > 0 and _float(b.get(m)) > 0
    ]
    if not pairs:
        return float("nan"), 0, []
    centre = float(np.median([v for _, v in pairs]))
    keep = [v for _, v in pairs if abs(v - centre) <= math.log(OUTLIER_FACTOR)]
    dropped = [m for m, v in pairs if abs(v - centre) > math.log(OUTLIER_FACTOR)]
    return math.exp(sum(keep) / len(keep)), len(keep), dropped


def relative(a: dict[str, str], b: dict[str, str], models: list[str]) -> tuple[float, int]:
    """relative_detail without the list of dropped models."""
    value, used, _ = relative_detail(a, b, models)
    return value, used


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
    dropped: dict[str, list[str]] = field(default_factory=dict)  # models dropped as failed runs


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
        value, used, dropped = relative_detail(row, ref, cur_models)
        if used:
            out.perf[chip] = value
            out.source[chip] = "lambda-current"
            out.models_used[chip] = used
            if dropped:
                out.dropped[chip] = sorted(dropped)
    old = _single(legacy, LAMBDA_LEGACY)
    old_models = _models(legacy)
    bridges = [b for b in BRIDGES if b in old and b in out.perf]
    for chip, row in sorted(old.items()):
        if chip in out.perf:
            continue
        estimates = []
        used_max = 0
        dropped_any: set[str] = set()
        for bridge in bridges:
            ratio, used, dropped = relative_detail(row, old[bridge], old_models)
            if used:
                estimates.append(ratio * out.perf[bridge])
                used_max = max(used_max, used)
                dropped_any.update(dropped)
        if estimates:
            out.perf[chip] = math.exp(sum(math.log(e) for e in estimates) / len(estimates))
            out.source[chip] = "lambda-legacy-bridged"
            out.models_used[chip] = used_max
            out.bridge_spread[chip] = max(estimates) / min(estimates)
            if dropped_any:
                out.dropped[chip] = sorted(dropped_any)
    # How well the two sets agree on the bridges themselves: legacy ratio vs current ratio, per pair.
    for a in bridges:
        for b in bridges:
            if a < b:
                legacy_ratio, _ = relative(old[a], old[b], old_models)
                out.bridge_check.setdefault(a, {})[b] = legacy_ratio / (out.perf[a] / out.perf[b])
    return out


# ---------------------------------------------------------------------------------------------------------
# Log-linear fits and their leave-one-out errors


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
        return median_abs(self.loo_error)

    @property
    def worst(self) -> tuple[str, float]:
        return worst(self.loo_error)


def median_abs(errors: dict[str, float]) -> float:
    return float(np.median([abs(e) for e in errors.values()])) if errors else float("nan")


def worst(errors: dict[str, float]) -> tuple[str, float]:
    name = max(errors, key=lambda k: (abs(errors[k]), k))
    return name, errors[name]


def _design(names: list[str], feats: dict[str, SpecFeatures], features: tuple[str, ...]) -> np.ndarray:
    return np.array([[1.0] + [math.log(getattr(feats[n], f)) for f in features] for n in names])


def _coefficients(
    names: list[str], measured: dict[str, float], feats: dict[str, SpecFeatures], features: tuple[str, ...]
) -> list[float]:
    x = _design(names, feats, features)
    y = np.array([math.log(measured[n]) for n in names])
    return [float(c) for c in np.linalg.lstsq(x, y, rcond=None)[0]]


def fit(measured: dict[str, float], feats: dict[str, SpecFeatures], features: tuple[str, ...]) -> Fit:
    """Least squares on every measured chipset with spec features; LOO refits without each one in turn."""
    names = sorted(n for n in measured if n in feats)
    if len(names) <= len(features) + 1:
        raise ValueError(f"need more than {len(features) + 1} measured chipsets to fit {features}, have {len(names)}")
    coef = _coefficients(names, measured, feats, features)
    loo_pred, loo_error = {}, {}
    for name in names:
        c = _coefficients([n for n in names if n != name], measured, feats, features)
        pred = Fit(features, c, [], {}, {}).predict(feats[name])
        loo_pred[name] = pred
        loo_error[name] = pred / measured[name] - 1
    return Fit(features, coef, names, loo_pred, loo_error)


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


# ---------------------------------------------------------------------------------------------------------
# Calibration per architecture and product line

#: The architecture a group falls back to when none of its own cards was measured (same product line): the
#: previous generation, e.g. RTX 50 (GB20x) GeForce cards are calibrated like the RTX 40 (Ada) GeForce cards.
ARCH_PREDECESSOR = {
    "turing": "volta",
    "ampere": "turing",
    "ampere-ga100": "volta",
    "ada": "ampere",
    "hopper": "ampere-ga100",
    "blackwell-gb20x": "ada",
}


@dataclass(frozen=True)
class Route:
    """Which measured chipsets calibrate a modelled one, and why those."""

    kind: str  # tried in this order: group, predecessor, architecture, product line, none
    group: str  # e.g. "ada geforce"
    members: tuple[str, ...]

    @property
    def extrapolated(self) -> bool:
        return self.kind != "group"


def calibration_route(feats: SpecFeatures, pool: dict[str, SpecFeatures]) -> Route:
    """The measured chipsets (from pool) whose residuals calibrate a chipset with these features.

    Same architecture and product line first; else the nearest earlier architecture of the same product line;
    else the same architecture in other product lines (same die, e.g. TITAN V and the V100s); else the product
    line across architectures; else nothing (factor 1)."""

    def members(test) -> tuple[str, ...]:
        return tuple(sorted(n for n, f in pool.items() if test(f)))

    same = members(lambda f: f.architecture == feats.architecture and f.line == feats.line)
    if same:
        return Route("group", f"{feats.architecture} {feats.line}", same)
    arch = feats.architecture
    while arch in ARCH_PREDECESSOR:
        arch = ARCH_PREDECESSOR[arch]
        earlier = members(lambda f, a=arch: f.architecture == a and f.line == feats.line)
        if earlier:
            return Route("predecessor", f"{arch} {feats.line}", earlier)
    same_arch = members(lambda f: f.architecture == feats.architecture)
    if same_arch:
        return Route("architecture", f"{feats.architecture} (all product lines)", same_arch)
    same_line = members(lambda f: f.line == feats.line)
    if same_line:
        return Route("product line", f"{feats.line} (all architectures)", same_line)
    return Route("none", "", ())


@dataclass
class Calibrated:
    """A spec fit calibrated per architecture and product line, with leave-one-out errors of the whole procedure.

    factor(route) = exp(mean over the route's measured chipsets of log(measured / fit)); a modelled chipset is
    rated fit x factor. The LOO error refits the model and recomputes the factors without the held-out chipset,
    so a chipset that is alone in its group is predicted by extrapolation, exactly as unmeasured ones are.
    """

    fit: Fit
    measured: dict[str, float]
    features: dict[str, SpecFeatures]
    log_residual: dict[str, float]  # measured chipset -> log(measured / fit)
    loo_pred: dict[str, float]
    loo_error: dict[str, float]
    loo_route: dict[str, Route]

    def route(self, chip: str) -> Route:
        """The route over every measured chipset (a measured one is a member of its own group)."""
        return calibration_route(self.features[chip], {n: self.features[n] for n in self.log_residual})

    def factor(self, route: Route) -> float:
        if not route.members:
            return 1.0
        return math.exp(sum(self.log_residual[n] for n in route.members) / len(route.members))

    def predict(self, chip: str) -> float:
        """Calibrated model value; for a measured chipset, its own group including itself."""
        return self.fit.predict(self.features[chip]) * self.factor(self.route(chip))

    def expected_error(self, route: Route) -> float:
        """Median absolute LOO error of the held-out chipsets predicted by the same kind of route (calibrated
        within their own group, or extrapolated); all of them when none was."""
        same = {n: e for n, e in self.loo_error.items() if self.loo_route[n].extrapolated == route.extrapolated}
        return median_abs(same or self.loo_error)

    @property
    def median_abs_error(self) -> float:
        return median_abs(self.loo_error)

    @property
    def mean_abs_error(self) -> float:
        return float(np.mean([abs(e) for e in self.loo_error.values()])) if self.loo_error else float("nan")

    @property
    def worst(self) -> tuple[str, float]:
        return worst(self.loo_error)


def calibrate(measured: dict[str, float], feats: dict[str, SpecFeatures], features: tuple[str, ...]) -> Calibrated:
    """Fit on every measured chipset, calibrate per group, and run the leave-one-out of the whole procedure."""
    base = fit(measured, feats, features)
    names = base.names

    def residuals(coef: list[float], keep: list[str]) -> dict[str, float]:
        model = Fit(features, coef, [], {}, {})
        return {n: math.log(measured[n] / model.predict(feats[n])) for n in keep}

    log_residual = residuals(base.coef, names)
    loo_pred, loo_error, loo_route = {}, {}, {}
    for name in names:
        keep = [n for n in names if n != name]
        coef = _coefficients(keep, measured, feats, features)
        res = residuals(coef, keep)
        route = calibration_route(feats[name], {n: feats[n] for n in keep})
        factor = math.exp(sum(res[n] for n in route.members) / len(route.members)) if route.members else 1.0
        pred = Fit(features, coef, [], {}, {}).predict(feats[name]) * factor
        loo_pred[name], loo_error[name], loo_route[name] = pred, pred / measured[name] - 1, route
    return Calibrated(base, dict(measured), feats, log_residual, loo_pred, loo_error, loo_route)


# ---------------------------------------------------------------------------------------------------------
# The training rating

#: Feature sets compared in docs/gpu-performance.md; the one with the lowest mean absolute leave-one-out error
#: after calibration rates the catalog (ties: the earlier one). Tensor throughput, memory bandwidth and L2 are the
#: guide's first three (rule 6); memory size stands for the batch size Lambda's suite runs at.
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "tensor+bandwidth+memory": ("tensor_tflops", "bandwidth_gb_s", "memory_gb"),
    "tensor+bandwidth+l2": ("tensor_tflops", "bandwidth_gb_s", "l2_mb"),
    "tensor+bandwidth+l2+memory": ("tensor_tflops", "bandwidth_gb_s", "l2_mb", "memory_gb"),
    "tensor+bandwidth": ("tensor_tflops", "bandwidth_gb_s"),
}

#: The specs compared for "dominated in every spec" (gpu_models.csv carries all four).
DOMINANCE_SPECS = ("tensor_tflops", "bandwidth_gb_s", "l2_mb", "memory_gb")


def dominates(f: SpecFeatures, g: SpecFeatures, specs: tuple[str, ...] = DOMINANCE_SPECS) -> bool:
    """f has at least g's value in every one of the specs."""
    return all(getattr(f, s) >= getattr(g, s) for s in specs)


@dataclass(frozen=True)
class Rating:
    """One chipset's rating and where it came from."""

    value: float
    source: str  # "measured" | "model"
    model: float | None  # the calibrated model value
    route: Route | None
    expected_error: float | None  # None for measured chipsets
    floor: tuple[str, float] | None = None  # measured chipset it dominates, when that lifted the rating
    ceiling: tuple[str, float] | None = None  # measured chipset that dominates it, when that capped the rating


def bounded(
    chip: str,
    value: float,
    feats: dict[str, SpecFeatures],
    measured: dict[str, float],
    specs: tuple[str, ...] = DOMINANCE_SPECS,
) -> tuple[float, tuple[str, float] | None, tuple[str, float] | None]:
    """Keep a modelled rating between the measured chipsets of its product line it dominates and is dominated by
    (in every one of the specs that bound the rating).

    Without these bounds a calibration factor (a group's average) could rate a card above a measured card of its
    line that beats it in every spec, or below one it beats in every spec. Where both bounds bind and contradict
    each other (the measurements themselves invert), the ceiling wins: the conservative reading.
    """
    f = feats[chip]
    below = above = None  # the fastest measured chipset it dominates, the slowest that dominates it
    for other, perf in sorted(measured.items()):
        g = feats.get(other)
        if other == chip or g is None or g.line != f.line:
            continue
        if dominates(f, g, specs) and (below is None or perf > below[1]):
            below = (other, perf)
        if dominates(g, f, specs) and (above is None or perf < above[1]):
            above = (other, perf)
    floor = below if below and below[1] > value else None
    if floor:
        value = floor[1]
    ceiling = above if above and above[1] < value else None
    if ceiling:
        value = ceiling[1]
    return value, floor, ceiling


@dataclass
class PerfModel:
    """Everything gpu_models.csv, the report and docs/gpu-performance.md need about the training rating."""

    measured: Measured
    features: dict[str, SpecFeatures]
    train: Calibrated
    label: str  # the FEATURE_SETS label of train
    alternatives: dict[str, Calibrated]  # the other feature sets, by label

    def rating(self, chip: str) -> Rating | None:
        if chip not in self.features and chip not in self.measured.perf:
            return None
        model = self.train.predict(chip) if chip in self.features else None
        if chip in self.measured.perf:
            route = self.train.route(chip) if chip in self.features else None
            return Rating(self.measured.perf[chip], "measured", model, route, None)
        route = self.train.route(chip)
        assert model is not None, "a chip neither measured nor in self.features returned None above"
        value, floor, ceiling = bounded(chip, model, self.features, self.measured.perf)
        return Rating(value, "model", model, route, self.train.expected_error(route), floor, ceiling)

    def summary(self) -> dict:
        out = {
            "reference": REFERENCE,
            "measured": {k: round(v, 4) for k, v in sorted(self.measured.perf.items())},
            "measured_source": dict(sorted(self.measured.source.items())),
            "training": {"feature_set": self.label, **calibrated_stats(self.train)},
            "alternatives": {k: calibrated_stats(v) for k, v in sorted(self.alternatives.items())},
            "bridges": [b for b in BRIDGES if b in self.measured.perf],
        }
        return out


def fit_stats(f: Fit, truth: dict[str, float]) -> dict:
    name, err = f.worst
    return {
        "features": list(f.features),
        "coefficients": [round(c, 4) for c in f.coef],
        "points": len(f.names),
        "loo_median_abs_error": round(f.median_abs_error, 4),
        "loo_worst": {"chipset": name, "error": round(err, 4)},
        "loo_rank_correlation": round(
            rank_correlation([f.loo_pred[n] for n in f.names], [truth[n] for n in f.names]), 4
        ),
    }


def calibrated_stats(c: Calibrated) -> dict:
    """The fit before calibration and the whole procedure after it, both as leave-one-out errors."""
    name, err = c.worst
    out = fit_stats(c.fit, c.measured)
    out["before_calibration"] = {k: out.pop(k) for k in ("loo_median_abs_error", "loo_worst", "loo_rank_correlation")}
    names = c.fit.names
    out.update(
        {
            "loo_median_abs_error": round(c.median_abs_error, 4),
            "loo_mean_abs_error": round(c.mean_abs_error, 4),
            "loo_worst": {"chipset": name, "error": round(err, 4)},
            "loo_rank_correlation": round(
                rank_correlation([c.loo_pred[n] for n in names], [c.measured[n] for n in names]), 4
            ),
            "expected_error": {
                "calibrated_in_group": round(c.expected_error(Route("group", "", ())), 4),
                "extrapolated": round(c.expected_error(Route("predecessor", "", ())), 4),
            },
        }
    )
    return out


def build_perf_model(refs: ReferenceIndex, current, legacy) -> PerfModel:
    measured = measure(current, legacy)
    feats = {name: f for name, ref in refs.by_name.items() if (f := spec_features(ref)) is not None}
    fits = {label: calibrate(measured.perf, feats, cols) for label, cols in FEATURE_SETS.items()}
    primary = min(
        FEATURE_SETS, key=lambda label: (round(fits[label].mean_abs_error, 6), list(FEATURE_SETS).index(label))
    )
    alternatives = {k: v for k, v in fits.items() if k != primary}
    return PerfModel(measured, feats, fits[primary], primary, alternatives)


def round_perf(value: float) -> float:
    """Three decimals, never 0 (spec §1: perf > 0 with at most 3 decimals)."""
    return max(round(value, 3), 0.001)
