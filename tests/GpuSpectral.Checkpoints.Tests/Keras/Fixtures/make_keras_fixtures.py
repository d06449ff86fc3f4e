#!/usr/bin/python3
"""Writes keras2_h5py.h5: a tiny Keras 2 / tf.keras full-model layout written the way h5py writes it
(fixed-length byte-string attributes, contiguous datasets, one gzip-chunked dataset). Run with the Debian
python3-h5py package: /usr/bin/python3 make_keras_fixtures.py. Values follow KerasH5PyFixtureTests."""
import json

import h5py
import numpy as np


def values(n, seed):
    return np.array([seed + (i % 64) * 0.25 - 8 for i in range(n)], dtype=np.float64)


config = {"class_name": "Functional", "config": {"name": "model", "layers": [
    {"class_name": "InputLayer", "name": "input_1", "config": {"name": "input_1"}},
    {"class_name": "Dense", "name": "dense", "config": {"name": "dense"}},
    {"class_name": "Conv1D", "name": "conv1d", "config": {"name": "conv1d"}},
    {"class_name": "LayerNormalization", "name": "layer_normalization", "config": {"name": "layer_normalization"}},
]}}

with h5py.File("keras2_h5py.h5", "w") as f:
    f.attrs["keras_version"] = b"2.15.0"
    f.attrs["backend"] = b"tensorflow"
    f.attrs["model_config"] = json.dumps(config).encode("utf8")
    mw = f.create_group("model_weights")
    layers = [
        ("input_1", []),
        ("dense", [("dense/kernel:0", values(12, 1).reshape(4, 3).astype("<f4"), {}),
                   ("dense/bias:0", values(3, 2).astype("<f4"), {})]),
        ("conv1d", [("conv1d/kernel:0", values(24, 3).reshape(3, 2, 4).astype("<f2"), {}),
                    ("conv1d/bias:0", values(4, 4).astype("<f8"), {})]),
        ("layer_normalization", [("layer_normalization/gamma:0", values(300, 5).astype("<f4"),
                                  {"chunks": (100,), "compression": "gzip"}),
                                 ("layer_normalization/beta:0", values(300, 6).astype("<f4"), {})]),
    ]
    mw.attrs["layer_names"] = np.array([name.encode("utf8") for name, _ in layers])
    mw.attrs["backend"] = b"tensorflow"
    for name, weights in layers:
        g = mw.create_group(name)
        g.attrs["weight_names"] = np.array([w.encode("utf8") for w, _, _ in weights], dtype="S")
        for w, data, kw in weights:
            g.create_dataset(w, data=data, **kw)
    f.create_group("optimizer_weights")
