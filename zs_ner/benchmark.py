"""Speed measurements: batch-inference chars/s per device and batch size, and training chars/s.

Results go to ``reports/benchmark.md`` and ``reports/benchmark.json`` so they can be compared over time.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from zs_ner.document import Document


@dataclass
class InferenceTiming:
    """Throughput of ``Extractor.extract`` on one device at one batch size (median of the repeats)."""

    device: str
    batch_size: int
    documents: int
    characters: int
    seconds: float
    chars_per_second: float


def _devices(requested: Sequence[str]) -> list[str]:
    import torch

    out = []
    for dev in requested:
        if dev == "cuda" and not torch.cuda.is_available():
            continue
        out.append(dev)
    return out


def time_inference(model_dir: str | Path, docs: Sequence[Document], batch_sizes: Sequence[int] = (1, 8, 32), devices: Sequence[str] = ("cpu", "cuda"), repeats: int = 3) -> list[InferenceTiming]:
    """Chars/s of the extractor over ``docs`` for each device and batch size (a warm-up pass first)."""
    from zs_ner.model.extractor import Extractor

    inputs = [Document(d.id, d.text) for d in docs]
    chars = sum(len(d.text) for d in inputs)
    results = []
    for device in _devices(devices):
        extractor = Extractor.from_pretrained(model_dir, device=device)
        extractor.extract(inputs[: min(8, len(inputs))], batch_size=8)  # warm-up
        for bs in batch_sizes:
            runs = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                extractor.extract(inputs, batch_size=bs)
                runs.append(time.perf_counter() - t0)
            secs = sorted(runs)[len(runs) // 2]
            results.append(InferenceTiming(extractor.device_name, bs, len(inputs), chars, round(secs, 3), round(chars / secs)))
    return results


def machine_description() -> dict[str, Any]:
    """CPU count, torch threads and versions, so numbers are read against the machine they came from."""
    import torch

    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "cuda": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
    }


def training_speed(model_dir: str | Path) -> dict[str, Any]:
    """Training time and chars/s recorded by the run that produced ``model_dir``."""
    from zs_ner.model.model_dir import MODEL_CONFIG_FILE

    data = json.loads((Path(model_dir) / MODEL_CONFIG_FILE).read_text(encoding="utf-8"))
    training = data.get("training") or {}
    keys = ("train_seconds", "train_minutes", "train_chars_per_second", "epochs_run", "device", "train_documents", "train_characters")
    return {k: training[k] for k in keys if k in training}


def write_benchmark(out_md: str | Path, model_dir: str | Path, timings: Sequence[InferenceTiming], train: dict[str, Any]) -> dict[str, Any]:
    """Write the benchmark report (markdown + JSON twin) and return its content."""
    report = {
        "model": str(model_dir),
        "machine": machine_description(),
        "inference": [asdict(t) for t in timings],
        "training": train,
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    out_md = Path(out_md)
    out_md.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Speed benchmark",
        "",
        "Produced by `python scripts/benchmark.py` (= `zs-ner benchmark`).",
        "",
        f"- machine: {report['machine']}",
        f"- model: `{model_dir}`",
        f"- measured at: {report['measured_at']}",
        "",
        "## Batch inference (normalise + windows + model + decoding), PyTorch fp32 on CPU, fp16 autocast on GPU",
        "",
        "| device | batch size | documents | characters | seconds | chars/s |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {t.device} | {t.batch_size} | {t.documents} | {t.characters} | {t.seconds} | {t.chars_per_second} |" for t in timings]
    lines += ["", "## Training (the run that produced the model)", ""]
    lines += [f"- {k}: {v}" for k, v in train.items()] or ["- not recorded"]
    out_md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out_md.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return report
