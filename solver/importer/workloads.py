"""workloads.csv: the guide's memory tables (2018 and 2020) as workloads, one source per row."""
from __future__ import annotations

from dataclasses import dataclass

GUIDE_2020 = "https://timdettmers.com/2020/09/07/which-gpu-for-deep-learning/"
GUIDE_2018 = "https://timdettmers.com/2018/12/16/deep-learning-hardware-guide/"
FLOWCHART_2023 = "https://timdettmers.com/2023/01/30/which-gpu-for-deep-learning/ (flowchart as transcribed at https://nanx.me/gpu/)"

COLUMNS = ["workload", "min_gpu_memory_gb", "threads_per_gpu", "source", "perf_column", "guide_year",
           "guide_text", "notes"]

#: Guide rule 23 (2018, CPU section): 4 threads per GPU "for the first strategy" (preprocessing while you
#: train), 2 threads per GPU when data is preprocessed before training. Each row says which applies.
ONLINE = 4
OFFLINE = 2


@dataclass(frozen=True)
class Workload:
    key: str
    min_gb: float
    threads: int
    source: str
    year: int
    text: str  # the guide's words for the row and its memory figure
    notes: str
    perf_column: str = "perf"


WORKLOADS: tuple[Workload, ...] = (
    Workload("kaggle", 8, ONLINE, f"{GUIDE_2020} (2020), memory table", 2020,
             "Kaggle competitions: >= 8 GB",
             "4 threads/GPU: competition pipelines (images, tabular feature engineering) mostly augment or "
             "transform data while training."),
    Workload("prototyping", 10, OFFLINE, f"{GUIDE_2020} (2020), memory table", 2020,
             "Prototyping neural networks (either transformer or convolutional nets): >= 10 GB",
             "2 threads/GPU: prototypes run on small or cached datasets preprocessed once."),
    Workload("pretrained-transformers", 11, OFFLINE, f"{GUIDE_2020} (2020), memory table", 2020,
             "Using pretrained transformers; training small transformer: >= 11 GB",
             "2 threads/GPU: text is tokenized once before fine-tuning."),
    Workload("large-transformer-training", 24, OFFLINE, f"{GUIDE_2020} (2020), memory table", 2020,
             "Training large transformer in research / production: >= 24 GB",
             "2 threads/GPU: pre-tokenized shards; the GPU, not the input pipeline, is the bottleneck."),
    Workload("research-sota-2018", 11, ONLINE, f"{GUIDE_2018} (2018), GPU memory section", 2018,
             "Research that is hunting state-of-the-art scores: >= 11 GB",
             "4 threads/GPU: full training runs on raw datasets with on-the-fly augmentation."),
    Workload("research-architectures-2018", 8, ONLINE, f"{GUIDE_2018} (2018), GPU memory section", 2018,
             "Research that is hunting for interesting architectures: >= 8 GB",
             "4 threads/GPU: many full training runs with on-the-fly augmentation."),
    Workload("research-other-2018", 8, OFFLINE, f"{GUIDE_2018} (2018), GPU memory section", 2018,
             "Any other research: 8 GB",
             "2 threads/GPU: no particular input pipeline assumed; data preprocessed before training."),
    Workload("kaggle-2018", 4, ONLINE, f"{GUIDE_2018} (2018), GPU memory section", 2018,
             "Kaggle: 4 - 8 GB",
             "Lower bound of the guide's range (4 GB) is the minimum; 4 threads/GPU as for kaggle (2020)."),
    Workload("startup-2018", 8, OFFLINE, f"{GUIDE_2018} (2018), GPU memory section", 2018,
             "Startups: 8 GB (but check the specific application area for model sizes)",
             "2 threads/GPU: product prototypes on prepared datasets."),
    Workload("company-prototyping-2018", 8, OFFLINE, f"{GUIDE_2018} (2018), GPU memory section", 2018,
             "Companies: 8 GB for prototyping",
             "2 threads/GPU: prototyping on prepared datasets."),
    Workload("company-training-2018", 11, ONLINE, f"{GUIDE_2018} (2018), GPU memory section", 2018,
             "Companies: >= 11 GB for training",
             "4 threads/GPU: production training reads and augments raw data while training."),
    Workload("llm-inference", 24, OFFLINE, f"{FLOWCHART_2023} (2023, third-party transcription [S])", 2023,
             "Uses LLMs: RTX 4090, then used RTX 3090 / 3090 Ti (24 GB cards)",
             "Ranks GPUs by measured llama.cpp LLaMA 3 8B Q4_K_M tokens/s (perf_llm_infer). 24 GB because the "
             "2023 flowchart sends LLM users only to 24 GB cards; 2 threads/GPU: no training input pipeline.",
             perf_column="perf_llm_infer"),
)


def workload_rows() -> list[dict]:
    rows = []
    for w in sorted(WORKLOADS, key=lambda w: w.key):
        rows.append({
            "workload": w.key,
            "min_gpu_memory_gb": str(int(w.min_gb)) if w.min_gb == int(w.min_gb) else str(w.min_gb),
            "threads_per_gpu": str(w.threads),
            "source": w.source,
            "perf_column": w.perf_column,
            "guide_year": str(w.year),
            "guide_text": w.text,
            "notes": w.notes,
        })
    return rows
