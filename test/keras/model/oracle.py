# What h5py says a Keras file's model holds: layer names in model order and each weight's shape, digest and numpy repr.
# Written independently of weightscope: it walks model_config and the HDF5 groups as Keras's own loaders do.
import hashlib, io, json, re, sys, zipfile
import h5py, numpy as np

def snake(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()

def decode(x):
    return x.decode("utf8") if isinstance(x, bytes) else str(x)

def attr_list(group, name):
    if name in group.attrs:
        return [decode(n) for n in group.attrs[name]]
    out, i = [], 0
    while f"{name}{i}" in group.attrs:
        out += [decode(n) for n in group.attrs[f"{name}{i}"]]
        i += 1
    return out

def describe(array):
    array = np.ascontiguousarray(array)
    return {"shape": list(array.shape), "sha256": hashlib.sha256(array.astype(array.dtype.newbyteorder("<")).tobytes()).hexdigest(), "repr": repr(array)}

def legacy(path):
    h5 = h5py.File(path, "r")
    config = json.loads(decode(h5.attrs["model_config"]))
    group = h5["model_weights"]
    names = attr_list(group, "layer_names")
    weights = []
    for layer in names:
        for weight in attr_list(group[layer], "weight_names"):
            weights.append({"layer": layer, "name": weight, **describe(group[layer][weight][()])})
    return config, names, weights

def archive(path):
    zf = zipfile.ZipFile(path)
    config = json.loads(zf.read("config.json"))
    h5 = h5py.File(io.BytesIO(zf.read("model.weights.h5")), "r")
    layers = [l for l in config["config"]["layers"] if not (config["class_name"] == "Sequential" and l["class_name"] == "InputLayer")]
    counts, names, weights = {}, [], []
    for layer in layers:
        base = snake(layer["class_name"])
        n = counts.get(base, 0)
        counts[base] = n + 1
        stored = base if n == 0 else f"{base}_{n}"
        name = layer["config"]["name"]
        names.append(name)
        group = h5["layers"].get(stored)
        if group is not None and "vars" in group:
            for key in sorted(group["vars"].keys(), key=int):
                weights.append({"layer": name, "name": f"vars/{key}", **describe(group["vars"][key][()])})
    return config, names, weights

path = sys.argv[1]
config, names, weights = archive(path) if path.endswith(".keras") else legacy(path)
print(json.dumps({"class_name": config["class_name"], "layers": names, "weights": weights}))
