"""Sentences to vectors with WordLlama, the small embedding model that ships inside its
wheel (MIT, weights included): loaded from the package's own folder, never downloaded.

    vectors = embed(["a passage", "another"])   # float32, one unit-length row per text
    blob = to_blob(vectors[0])                   # 256 bytes (int8) for the library

WordLlama and numpy are imported on first use: the window's first paint needs neither.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

MODEL = "wordllama l2_supercat 256"  # stored with the vectors: another model means re-embed
DIM = 256
BATCH = 32  # texts per call: numpy holds the GIL per call, so the window waits less
_lock = threading.Lock()
_model: Any = None


class ModelUnavailable(RuntimeError):
    """The embedding model could not be loaded (not installed, or its files are missing)."""


def model() -> Any:
    """The loaded model, once per process; raises ModelUnavailable with the fix."""
    global _model
    with _lock:
        if _model is None:
            _model = _load()
        return _model


def _load() -> Any:
    # Nothing may be fetched: huggingface_hub and tokenizers read these before any request.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    try:
        import wordllama  # deferred: ~0.5 s with numpy, tokenizers and safetensors
    except ImportError as e:
        raise ModelUnavailable(
            f"related passages need the wordllama package ({e}): "
            "install it with `pip install wordllama`"
        ) from e
    # Its plain load() looks for the tokenizer under ~/.cache and downloads it when absent;
    # the package's own folder holds both files, and downloads stay off.
    folder = Path(wordllama.__file__).parent
    try:
        return wordllama.WordLlama.load(cache_dir=folder, disable_download=True)
    except (FileNotFoundError, OSError, ValueError) as e:
        raise ModelUnavailable(
            f"cannot load the embedding model from {folder}: {e}; "
            "reinstall it with `pip install --force-reinstall wordllama`"
        ) from e


def embed(texts: list[str]) -> np.ndarray:
    """One unit-length float32 row per text (an empty text gives a zero row)."""
    import numpy as np  # deferred: numpy is heavy and only related passages need it here

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = np.asarray(model().embed(texts, norm=True, batch_size=BATCH), dtype=np.float32)
    return np.nan_to_num(vectors)


def to_blob(vector: np.ndarray) -> bytes:
    """A unit vector as int8 (each component times 127): a quarter of float32's bytes."""
    import numpy as np  # deferred: numpy

    return np.clip(np.rint(vector * 127.0), -127, 127).astype(np.int8).tobytes()


def from_blobs(blobs: list[bytes]) -> np.ndarray:
    """Stored vectors back as unit-length float32 rows (int8 rounding undone by norming)."""
    import numpy as np  # deferred: numpy

    if not blobs:
        return np.zeros((0, DIM), dtype=np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(blobs), DIM)
    matrix = matrix.astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms
