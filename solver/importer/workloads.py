"""workloads.csv: the guide's memory tables (2018 and 2020) as workloads, and local LLM inference workloads whose
model memory is pooled across cards; one source per row."""

from __future__ import annotations

import math
from dataclasses import dataclass

GUIDE_2020 = "https://timdettmers.com/2020/09/07/which-gpu-for-deep-learning/"
GUIDE_2018 = "https://timdettmers.com/2018/12/16/deep-learning-hardware-guide/"
FLOWCHART_2023 = (
    "https://timdettmers.com/2023/01/30/which-gpu-for-deep-learning/ (flowchart as transcribed at https://nanx.me/gpu/)"
)

COLUMNS = [
    "workload",
    "min_gpu_memory_gb",
    "threads_per_gpu",
    "source",
    "perf_column",
    "scaling_profile",
    "min_total_memory_gb",
    "guide_year",
    "guide_text",
    "notes",
]

#: scaling.csv profiles: data-parallel training (each card adds throughput) and LLM token generation (a layer
#: split runs the cards one after another: a card adds memory, not speed).
TRAINING = "training"
TOKEN_GENERATION = "llm-token-generation"

#: Guide rule 23 (2018, CPU section): 4 threads per GPU "for the first strategy" (preprocessing while you
#: train), 2 threads per GPU when data is preprocessed before training. Each row says which applies.
ONLINE = 4
OFFLINE = 2


GIB = 2**30

#: Context length the LLM workloads' memory is sized for (tokens); the KV cache grows linearly with it.
CONTEXT_TOKENS = 8192
#: llama.cpp also allocates a compute buffer on every card and each card holds a CUDA context; neither is in the
#: model file. 10% on top of weights and cache covers them for 1-4 cards (inferred, conservative: the shipped
#: llama.cpp data ran the 14.96 GiB LLaMA 3 8B F16 file on a 16 GiB RTX 4080, 7% to spare, with 1024-token prompts).
RUNTIME_ALLOWANCE = 0.10
#: Smallest card a layer split may use (inferred): each card holds its layers, its compute buffer and CUDA context,
#: and the last one the output layer (about 0.9 GB for a 70B model at Q6_K); the smallest card the shipped
#: llama.cpp data ran a model on has 8 GB (RTX 3070, LLaMA 3 8B Q4_K_M).
MIN_SPLIT_CARD_GB = 8


@dataclass(frozen=True)
class LLM:
    """A quantised model file and the architecture facts its KV cache follows from."""

    name: str
    file_bytes: float
    file_source: str
    layers: int
    kv_heads: int
    head_dim: int
    config_source: str

    @property
    def weights_gib(self) -> float:
        return self.file_bytes / GIB

    @property
    def kv_cache_gib(self) -> float:
        """FP16 keys and values for every layer and KV head, CONTEXT_TOKENS tokens long."""
        return 2 * self.layers * self.kv_heads * self.head_dim * 2 * CONTEXT_TOKENS / GIB

    @property
    def total_gb(self) -> int:
        """Memory the model needs across all cards, in the catalog's unit (GB as cards are labelled, i.e. GiB),
        rounded up to a whole GB."""
        return math.ceil((self.weights_gib + self.kv_cache_gib) * (1 + RUNTIME_ALLOWANCE))

    def source(self) -> str:
        return f"{self.file_source}; {self.config_source}"

    def note(self) -> str:
        return (
            f"{self.name}: weights {self.weights_gib:.2f} GiB (GGUF file) + KV cache {self.kv_cache_gib:.2f} GiB "
            f"({CONTEXT_TOKENS} tokens, FP16, {self.layers} layers x {self.kv_heads} KV heads x {self.head_dim}) "
            f"+ {RUNTIME_ALLOWANCE:.0%} for compute buffers and CUDA contexts (inferred) = {self.total_gb} GB "
            "across all cards, split by layers."
        )


LLAMA_8B = LLM(
    "Llama 3.1 8B Instruct, Q4_K_M",
    4.92e9,
    "https://huggingface.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF (Q4_K_M file 4.92 GB)",
    32,
    8,
    128,
    "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct (config.json: 32 layers, 8 KV heads of 128)",
)
LLAMA_70B = LLM(
    "Llama 3.1 70B Instruct, Q4_K_M",
    42_520_398_400,
    "https://huggingface.co/bartowski/Meta-Llama-3.1-70B-Instruct-GGUF (Q4_K_M file 42,520,398,400 bytes)",
    80,
    8,
    128,
    "https://huggingface.co/meta-llama/Llama-3.1-70B-Instruct (config.json: 80 layers, 8 KV heads of 128)",
)
MISTRAL_LARGE = LLM(
    "Mistral Large Instruct 2407 (123B), Q4_K_M",
    73.22e9,
    "https://huggingface.co/bartowski/Mistral-Large-Instruct-2407-GGUF (Q4_K_M file 73.22 GB)",
    88,
    8,
    128,
    "https://huggingface.co/mistralai/Mistral-Large-Instruct-2407 (config.json: 88 layers, 8 KV heads of 128)",
)


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
    scaling_profile: str = TRAINING
    model: LLM | None = None  # the LLM whose memory the cards pool (layer split); None = no such need

    @property
    def min_total_gb(self) -> int | None:
        return self.model.total_gb if self.model else None


def _llm_workload(key: str, model: LLM, min_gpu_gb: float, why_min: str) -> Workload:
    return Workload(
        key,
        min_gpu_gb,
        OFFLINE,
        model.source(),
        0,
        "",
        f"{model.note()} Per card at least {min_gpu_gb:g} GB: {why_min} Rated by token generation "
        "(perf_llm_infer) with the llm-token-generation scaling profile; 2 threads/GPU: no training input pipeline.",
        perf_column="perf_llm_infer",
        scaling_profile=TOKEN_GENERATION,
        model=model,
    )


WORKLOADS: tuple[Workload, ...] = (
    Workload(
        "kaggle",
        8,
        ONLINE,
        f"{GUIDE_2020} (2020), memory table",
        2020,
        "Kaggle competitions: >= 8 GB",
        "4 threads/GPU: competition pipelines (images, tabular feature engineering) mostly augment or "
        "transform data while training.",
    ),
    Workload(
        "prototyping",
        10,
        OFFLINE,
        f"{GUIDE_2020} (2020), memory table",
        2020,
        "Prototyping neural networks (either transformer or convolutional nets): >= 10 GB",
        "2 threads/GPU: prototypes run on small or cached datasets preprocessed once.",
    ),
    Workload(
        "pretrained-transformers",
        11,
        OFFLINE,
        f"{GUIDE_2020} (2020), memory table",
        2020,
        "Using pretrained transformers; training small transformer: >= 11 GB",
        "2 threads/GPU: text is tokenized once before fine-tuning.",
    ),
    Workload(
        "large-transformer-training",
        24,
        OFFLINE,
        f"{GUIDE_2020} (2020), memory table",
        2020,
        "Training large transformer in research / production: >= 24 GB",
        "2 threads/GPU: pre-tokenized shards; the GPU, not the input pipeline, is the bottleneck.",
    ),
    Workload(
        "research-sota-2018",
        11,
        ONLINE,
        f"{GUIDE_2018} (2018), GPU memory section",
        2018,
        "Research that is hunting state-of-the-art scores: >= 11 GB",
        "4 threads/GPU: full training runs on raw datasets with on-the-fly augmentation.",
    ),
    Workload(
        "research-architectures-2018",
        8,
        ONLINE,
        f"{GUIDE_2018} (2018), GPU memory section",
        2018,
        "Research that is hunting for interesting architectures: >= 8 GB",
        "4 threads/GPU: many full training runs with on-the-fly augmentation.",
    ),
    Workload(
        "research-other-2018",
        8,
        OFFLINE,
        f"{GUIDE_2018} (2018), GPU memory section",
        2018,
        "Any other research: 8 GB",
        "2 threads/GPU: no particular input pipeline assumed; data preprocessed before training.",
    ),
    Workload(
        "kaggle-2018",
        4,
        ONLINE,
        f"{GUIDE_2018} (2018), GPU memory section",
        2018,
        "Kaggle: 4 - 8 GB",
        "Lower bound of the guide's range (4 GB) is the minimum; 4 threads/GPU as for kaggle (2020).",
    ),
    Workload(
        "startup-2018",
        8,
        OFFLINE,
        f"{GUIDE_2018} (2018), GPU memory section",
        2018,
        "Startups: 8 GB (but check the specific application area for model sizes)",
        "2 threads/GPU: product prototypes on prepared datasets.",
    ),
    Workload(
        "company-prototyping-2018",
        8,
        OFFLINE,
        f"{GUIDE_2018} (2018), GPU memory section",
        2018,
        "Companies: 8 GB for prototyping",
        "2 threads/GPU: prototyping on prepared datasets.",
    ),
    Workload(
        "company-training-2018",
        11,
        ONLINE,
        f"{GUIDE_2018} (2018), GPU memory section",
        2018,
        "Companies: >= 11 GB for training",
        "4 threads/GPU: production training reads and augments raw data while training.",
    ),
    Workload(
        "llm-inference",
        24,
        OFFLINE,
        f"{FLOWCHART_2023} (2023, third-party transcription [S])",
        2023,
        "Uses LLMs: RTX 4090, then used RTX 3090 / 3090 Ti (24 GB cards)",
        "Ranks GPUs by LLM token generation (perf_llm_infer: effective memory bandwidth, from llama.cpp "
        "measurements where present) with the llm-token-generation scaling profile. 24 GB because the 2023 "
        "flowchart sends LLM users only to 24 GB cards; 2 threads/GPU: no training input pipeline.",
        perf_column="perf_llm_infer",
        scaling_profile=TOKEN_GENERATION,
    ),
    _llm_workload(
        "llm-inference-8b-q4",
        LLAMA_8B,
        8,
        "the whole model fits one 8 GB card (the shipped llama.cpp data ran LLaMA 3 8B Q4_K_M on an 8 GB RTX 3070).",
    ),
    _llm_workload(
        "llm-inference-70b-q4",
        LLAMA_70B,
        MIN_SPLIT_CARD_GB,
        "each card of a layer split holds its layers, compute buffer and CUDA context, the last one also "
        "the output layer; 8 GB is the smallest card the shipped llama.cpp data ran a model on (inferred "
        "floor).",
    ),
    _llm_workload(
        "llm-inference-123b-q4",
        MISTRAL_LARGE,
        MIN_SPLIT_CARD_GB,
        "each card of a layer split holds its layers, compute buffer and CUDA context, the last one also "
        "the output layer; 8 GB is the smallest card the shipped llama.cpp data ran a model on (inferred "
        "floor).",
    ),
)


def workload_rows() -> list[dict]:
    rows = []
    for w in sorted(WORKLOADS, key=lambda w: w.key):
        rows.append(
            {
                "workload": w.key,
                "min_gpu_memory_gb": str(int(w.min_gb)) if w.min_gb == int(w.min_gb) else str(w.min_gb),
                "threads_per_gpu": str(w.threads),
                "source": w.source,
                "perf_column": w.perf_column,
                "scaling_profile": w.scaling_profile,
                "min_total_memory_gb": "" if w.min_total_gb is None else str(w.min_total_gb),
                "guide_year": str(w.year) if w.year else "",
                "guide_text": w.text,
                "notes": w.notes,
            }
        )
    return rows
