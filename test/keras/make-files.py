# Writes the Keras-style HDF5 test files with h5py (the reference writer): hostile ones named after their error, and edge cases.
import os, sys
import h5py, numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
fixed = lambda names: np.array([n.encode() for n in names], dtype=f"S{max(len(n) for n in names)}")

def weights_file(path, layers, layer_names=None, chunked=False, vlen=False):
    """A save_weights-style file: root layer_names, one group per layer with weight_names and datasets."""
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.4.0"
        f.attrs["backend"] = "tensorflow"
        names = layer_names or list(layers)
        if chunked:
            half = len(names) // 2
            f.attrs["layer_names0"] = fixed(names[:half])
            f.attrs["layer_names1"] = fixed(names[half:])
        elif vlen:
            f.attrs.create("layer_names", names, dtype=h5py.string_dtype("ascii"))
        else:
            f.attrs["layer_names"] = fixed(names)
        for name, weights in layers.items():
            g = f.create_group(name)
            if weights:
                g.attrs["weight_names"] = fixed([w for w, _ in weights])
                for w, value in weights:
                    g.create_dataset(w, data=value)
            else:
                g.attrs["weight_names"] = np.array([], dtype="float64")

rng = np.random.default_rng(0)
dense = lambda name: [(f"{name}/kernel:0", rng.standard_normal((3, 2)).astype("float32")), (f"{name}/bias:0", np.arange(2, dtype="float32"))]
layers = {"dense_10": dense("dense_10"), "dropout_9": [], "dense_9": dense("dense_9")}
order = ["dense_9", "dropout_9", "dense_10"]

weights_file(f"{out}/chunked_layer_names.h5", layers, order, chunked=True)
weights_file(f"{out}/vlen_layer_names.h5", layers, order, vlen=True)

# Hostile files: each is named by the place its error must name.
weights_file(f"{out}/missing_layer_group.h5", layers, order + ["dense_11"])
weights_file(f"{out}/missing_weight_dataset.h5", layers, order)
with h5py.File(f"{out}/missing_weight_dataset.h5", "a") as f:
    del f["dense_9/dense_9/bias:0"]
weights_file(f"{out}/truncated.h5", {"big": [("big/kernel:0", np.ones((256, 256), dtype="float32"))]})
with open(f"{out}/truncated.h5", "r+b") as f:
    f.truncate(os.path.getsize(f"{out}/truncated.h5") // 2)
with h5py.File(f"{out}/not_keras.h5", "w") as f:
    f.create_dataset("x", data=np.zeros(3))
with open(f"{out}/not_hdf5.h5", "wb") as f:
    f.write(b"this is a text file with an .h5 name\n")
