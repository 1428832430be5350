# What a tf.keras 2.x session prints for the transcript's lines, computed from the file with h5py and
# numpy: layer names, weight shapes, numpy's reprs of get_weights(), and tf.Variable reprs built from
# TensorFlow 2's format: <tf.Variable 'NAME' shape=(...) dtype=float32, numpy=REPR>, where a repr that
# spans lines starts on a line of its own. Usage: transcript_oracle.py FILE -> JSON on stdout.
import json
import sys

import h5py
import numpy as np


def text(value):
    return value.decode() if isinstance(value, bytes) else value


def shape_text(shape):
    return "(%d,)" % shape[0] if len(shape) == 1 else "(" + ", ".join(str(d) for d in shape) + ")"


with h5py.File(sys.argv[1], "r") as f:
    group = f["model_weights"]
    config = json.loads(text(f.attrs["model_config"]))
    names = [text(n) for n in group.attrs["layer_names"]]
    weights = []
    for layer in names:
        for weight in group[layer].attrs["weight_names"]:
            weights.append((text(weight), group[layer][text(weight)][()]))
    sizes = {layer: int(sum(group[layer][text(w)].size for w in group[layer].attrs["weight_names"])) for layer in names}

variables = []
for name, array in weights:
    shown = repr(array)
    variables.append("<tf.Variable '%s' shape=%s dtype=%s, numpy=%s%s>" % (name, shape_text(array.shape), array.dtype.name, "\n" if "\n" in shown else "", shown))

print(json.dumps({
    "config": config,
    "names": names,
    "shapes": [shape_text(a.shape) for _, a in weights],
    "get_weights": "[" + ", ".join(repr(a) for _, a in weights) + "]",
    "weights": "[" + ", ".join(variables) + "]",
    "sizes": sizes,
}))
