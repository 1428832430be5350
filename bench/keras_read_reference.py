#!/usr/bin/python3
"""The h5py side of bench/keras-read.mjs.

usage: keras_read_reference.py make FILE SIZE_MIB   writes a Keras save_weights-style HDF5 file of about SIZE_MIB
       keras_read_reference.py read FILE REPEATS    times h5py reading every dataset (ds[()], all kept); one JSON line
The file follows the legacy layout Keras 2 writes: root attributes layer_names, backend, keras_version; one
group per layer with weight_names and its datasets (`dense_3/kernel:0`), contiguous float32, as Keras stores them.
"""
import json, resource, sys, time

import h5py
import numpy as np

def make(path, size_mib):
    # A dense/conv/batch-norm mix whose big kernels (64-256 MiB) need more than one 64 MiB block.
    layers, total, i = [], 0, 0
    rng = np.random.default_rng(0)
    shapes = [("dense", [(8192, 8192), (8192,)]), ("conv2d", [(3, 3, 512, 512), (512,)]),
              ("batch_normalization", [(512,), (512,), (512,), (512,)]), ("dense", [(4096, 4096), (4096,)])]
    names = {"dense": ["kernel", "bias"], "conv2d": ["kernel", "bias"],
             "batch_normalization": ["gamma", "beta", "moving_mean", "moving_variance"]}
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.4.0"
        while total < size_mib * 2**20:
            kind, weights = shapes[i % len(shapes)]
            layer = f"{kind}_{i}"
            group = f.create_group(layer)
            weight_names = [f"{layer}/{n}:0" for n in names[kind]]
            group.attrs["weight_names"] = np.array([n.encode() for n in weight_names])
            for name, shape in zip(weight_names, weights):
                group.create_dataset(name, data=rng.standard_normal(shape, dtype=np.float32))
                total += int(np.prod(shape)) * 4
            layers.append(layer)
            i += 1
        f.attrs["layer_names"] = np.array([n.encode() for n in layers])
    print(json.dumps({"layers": len(layers), "bytes": total}))

def read(path, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        # Every value is kept until the end of the run, as weightscope keeps what it has read.
        values = []
        with h5py.File(path, "r") as f:
            datasets = []
            f.visititems(lambda name, obj: datasets.append(obj) if isinstance(obj, h5py.Dataset) else None)
            for ds in datasets:
                values.append(ds[()])
        times.append(time.perf_counter() - start)
        count, nbytes = len(values), sum(v.nbytes for v in values)
        del values
    print(json.dumps({"seconds": times, "datasets": count, "bytes": nbytes,
                      "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))

if __name__ == "__main__":
    mode, path, number = sys.argv[1], sys.argv[2], int(sys.argv[3])
    make(path, number) if mode == "make" else read(path, number)
