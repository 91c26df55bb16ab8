"""The rules R1-R18 of the build model, one module each, in the spec's order."""

from . import (
    r01_gpu_count,
    r02_gpu_memory,
    r03_system_ram,
    r04_socket,
    r05_memory_fit,
    r06_case_fit,
    r07_gpu_layout,
    r08_adjacent_cooling,
    r09_cpu_support,
    r10_psu_wattage,
    r11_psu_connectors,
    r12_storage,
    r13_wall_power,
    r14_budget,
    r15_filters,
    r16_ram_floor,
    r17_psu_efficiency,
    r18_compute_capability,
)

ALL = (
    r01_gpu_count, r02_gpu_memory, r03_system_ram, r04_socket, r05_memory_fit, r06_case_fit, r07_gpu_layout,
    r08_adjacent_cooling, r09_cpu_support, r10_psu_wattage, r11_psu_connectors, r12_storage, r13_wall_power,
    r14_budget, r15_filters, r16_ram_floor, r17_psu_efficiency, r18_compute_capability,
)  # fmt: skip
