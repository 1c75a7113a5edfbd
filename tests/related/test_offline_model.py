"""The embedding model loads from the installed package alone: nothing is fetched."""

import json
import os
import subprocess
import sys

import pytest

GUARDED = r"""
import json, socket, sys
attempts = []
def refuse(*args, **kwargs):
    attempts.append(repr(args[:2]))
    raise OSError("network access in an offline test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from reader.core import embedding
vectors = embedding.embed(["A cat sleeps in the sun.", "The feline dozes in sunlight.",
                           "Parliament passed the budget on Tuesday."])
print(json.dumps({"attempts": attempts, "shape": list(vectors.shape),
                  "near": float(vectors[0] @ vectors[1]), "far": float(vectors[0] @ vectors[2])}))
"""


@pytest.mark.parametrize("hf_offline", ["1", None])
def test_model_loads_and_embeds_without_any_connection(tmp_path, hf_offline):
    env = dict(os.environ, HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("HF_HUB_OFFLINE", None)
    if hf_offline:
        env["HF_HUB_OFFLINE"] = hf_offline
    done = subprocess.run(
        [sys.executable, "-c", GUARDED], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["attempts"] == []
    assert result["shape"] == [3, 256]
    assert result["near"] > result["far"] + 0.1  # the same meaning in other words
    assert not (tmp_path / ".cache").exists()  # nothing written to a download cache


def test_vectors_round_trip_through_int8_blobs():
    import numpy as np

    from reader.core import embedding

    vectors = embedding.embed(["Rain is expected tomorrow.", "Tomorrow it will probably rain."])
    blobs = [embedding.to_blob(v) for v in vectors]
    assert all(len(b) == 256 for b in blobs)
    back = embedding.from_blobs(blobs)
    assert np.allclose(back @ back[1], vectors @ vectors[1], atol=0.02)
