# Reference values from real torch and numpy for the tensor tests; prints one JSON document for the mode in argv[1].
import json, math, sys
import numpy as np
import torch

DTYPES = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "int8": torch.int8, "int16": torch.int16, "int32": torch.int32, "int64": torch.int64,
    "uint8": torch.uint8, "bool": torch.bool,
}
NUMPY = {name: np.dtype(name) for name in DTYPES if name != "bfloat16"}

def enc(value):
    """JSON for a tolist() result: non-finite floats as strings, ints beyond 2**53 as {"big": digits}."""
    if isinstance(value, list):
        return [enc(v) for v in value]
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and abs(value) > 2**53:
        return {"big": str(value)}
    return value

def raw_bytes(t):
    t = t.contiguous()
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.view(torch.int16)
    return t.numpy().tobytes().hex()

def base_data(name, n, seed):
    g = torch.Generator().manual_seed(seed)
    dtype = DTYPES[name]
    if dtype.is_floating_point:
        values = (torch.randn(n, generator=g, dtype=torch.float64) * 10)
        specials = [math.nan, math.inf, -math.inf, -0.0, 1e-40, 3e-6, 1e30, 65519.0, 65520.0, 0.5, 1.5, 2.5, -2.5,
                    1 + 2**-11 + 2**-40, 257.0, -129.75]
        values[: len(specials)] = torch.tensor(specials, dtype=torch.float64)
        values = values[torch.randperm(n, generator=g)]
        return values.to(dtype)
    if dtype == torch.bool:
        return torch.randint(0, 2, (n,), generator=g).bool()
    if dtype == torch.int64:
        values = torch.randint(-2**63, 2**63 - 1, (n,), generator=g, dtype=torch.int64)
        small = torch.randint(-300, 300, (n // 2,), generator=g, dtype=torch.int64)
        values[: n // 2] = small
        specials = [2**53 + 1, -(2**53) - 1, 2**62 + 2**38 + 1, -(2**63), 2**63 - 1, 2**24 + 1, 16777217 * 3]
        values[n // 2 : n // 2 + len(specials)] = torch.tensor(specials, dtype=torch.int64)
        return values[torch.randperm(n, generator=g)]
    info = torch.iinfo(dtype)
    return torch.randint(info.min, info.max + 1, (n,), generator=g, dtype=torch.int64).to(dtype)

# (offset, shape, strides) views over a 64-element storage.
VIEWS = [
    (0, [4, 4], [4, 1]), (3, [4, 4], [4, 1]), (1, [4, 3], [1, 4]), (0, [2, 3, 4], [1, 2, 6]),
    (5, [3, 2], [8, 2]), (7, [], []), (2, [0, 3], [3, 1]), (4, [1, 4, 1], [9, 2, 5]),
    (0, [3, 2], [0, 1]), (0, [2, 2, 3], [24, 3, 1]), (10, [6], [9]), (0, [2, 1, 3, 2], [6, 6, 2, 1]),
    (0, [3, 4], [1, 3]), (1, [2, 3, 2], [12, 4, 1]),
]

OPS = {
    "permute_reversed": lambda t: t.permute(list(reversed(range(t.dim())))),
    "T": lambda t: t.T,
    "transpose_0_last": lambda t: t.transpose(0, -1),
    "reshape_flat": lambda t: t.reshape(-1),
    "view_flat": lambda t: t.view(-1),
    "flatten": lambda t: t.flatten(),
    "flatten_from_1": lambda t: t.flatten(1),
    "reshape_last_2": lambda t: t.reshape(-1, 2),
    "view_last_2": lambda t: t.view(-1, 2),
    "view_unit_dims": lambda t: t.view(1, -1, 1),
    "squeeze": lambda t: t.squeeze(),
    "squeeze_0": lambda t: t.squeeze(0),
    "unsqueeze_0": lambda t: t.unsqueeze(0),
    "unsqueeze_last": lambda t: t.unsqueeze(-1),
    "unsqueeze_1": lambda t: t.unsqueeze(1),
    "contiguous": lambda t: t.contiguous(),
    "clone": lambda t: t.clone(),
    "to_float64": lambda t: t.to(torch.float64),
    "select_0_last": lambda t: t.select(0, -1),
}

def describe(t, base):
    return {
        "shape": list(t.shape), "strides": list(t.stride()), "offset": t.storage_offset(),
        "contiguous": t.is_contiguous(), "shares": t.storage().data_ptr() == base.storage().data_ptr(),
        "values": enc(t.tolist()),
    }

def views():
    import warnings
    warnings.simplefilter("ignore")
    out = []
    for index, name in enumerate(DTYPES):
        base = base_data(name, 64, 1000 + index)
        for offset, shape, strides in VIEWS:
            t = torch.as_strided(base, shape, strides, offset)
            case = {"dtype": name, "storage": raw_bytes(base), "offset": offset, "shape": shape, "strides": strides,
                    "contiguous_bytes": raw_bytes(t), "is_contiguous": t.is_contiguous(), "values": enc(t.tolist()),
                    "nbytes": t.element_size() * t.numel(), "ops": {}}
            for op, run in OPS.items():
                try:
                    case["ops"][op] = describe(run(t), base)
                except (RuntimeError, IndexError, TypeError):
                    case["ops"][op] = {"error": True}
            if name != "bfloat16":
                a = t.numpy()
                case["numpy"] = {"shape": list(a.shape), "strides": list(a.strides), "values": enc(a.tolist()),
                                 "itemsize": a.itemsize, "nbytes": a.nbytes, "T_strides": list(a.T.strides),
                                 "flatten": enc(a.flatten().tolist()), "copy_strides": list(a.copy().strides)}
            out.append(case)
    return out

def casts():
    import warnings
    warnings.simplefilter("ignore")
    out = []
    for index, name in enumerate(DTYPES):
        src = base_data(name, 48, 2000 + index)
        case = {"dtype": name, "storage": raw_bytes(src), "torch": {}, "numpy": {}}
        for target, dtype in DTYPES.items():
            case["torch"][target] = enc(src.to(dtype).tolist())
            if name in NUMPY and target in NUMPY:
                case["numpy"][target] = enc(src.numpy().astype(NUMPY[target]).tolist())
        out.append(case)
    return out

def dtypes():
    out = {}
    for name, dtype in DTYPES.items():
        storage = getattr(torch, {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16",
                                  "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long", "uint8": "Byte",
                                  "bool": "Bool"}[name] + "Storage")
        aliases = sorted(attr for attr in dir(torch) if getattr(torch, attr) is dtype and attr != name)
        row = {"itemsize": torch.empty(0, dtype=dtype).element_size(), "storage": storage.__name__,
               "storage_dtype": str(storage(0).dtype), "torch_name": str(dtype), "aliases": aliases,
               "is_floating_point": dtype.is_floating_point}
        if name in NUMPY:
            row["numpy_str"] = NUMPY[name].str
            row["numpy_name"] = NUMPY[name].name
            row["numpy_itemsize"] = NUMPY[name].itemsize
            row["numpy_kind"] = NUMPY[name].kind
        out[name] = row
    return out

def halves():
    bits = np.arange(65536, dtype=np.uint16)
    half_values = bits.view(np.float16).astype(np.float64)
    bf16_values = torch.from_numpy(bits.view(np.int16).copy()).view(torch.bfloat16).to(torch.float64).numpy()
    rng = np.random.default_rng(7)
    doubles = np.concatenate([rng.standard_normal(4000) * 10.0 ** rng.integers(-9, 6, 4000),
                              np.array([65504.0, 65519.99, 65520.0, 2.0**-24, 2.0**-25, 2.0**-25 * 1.0000001, 1 + 2**-11,
                                        1 + 2**-11 + 2**-40, 3 * 2**-25, -0.0, np.inf, -np.inf, 1e300, 6.1e-5])])
    with np.errstate(over="ignore"):
        floats = doubles.astype(np.float32)
        half_of_double = doubles.astype(np.float16)
    return {
        "half": [enc(float(v)) for v in half_values],
        "bfloat16": [enc(float(v)) for v in bf16_values],
        "doubles": doubles.tobytes().hex(),
        "half_of_double_numpy": half_of_double.view(np.uint16).tolist(),
        "floats": floats.tobytes().hex(),
        "bfloat16_of_float_torch": torch.from_numpy(floats).to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16).tolist(),
        "half_of_double_torch": torch.from_numpy(doubles).to(torch.float16).view(torch.int16).numpy().view(np.uint16).tolist(),
    }

def big_endian():
    out = []
    for index, name in enumerate(DTYPES):
        t = base_data(name, 24, 3000 + index)
        little = bytes.fromhex(raw_bytes(t))
        size = t.element_size()
        big = b"".join(little[i : i + size][::-1] for i in range(0, len(little), size))
        if name in NUMPY:
            assert big == t.numpy().astype(NUMPY[name].newbyteorder(">")).tobytes()
        out.append({"dtype": name, "big": big.hex(), "values": enc(t.tolist())})
    return out

def construct():
    """torch.tensor and np.array over the JSON data cases given in argv[2]."""
    out = []
    for case in json.loads(sys.argv[2]):
        result = {}
        for flavour, make, names in (("torch", torch.tensor, DTYPES), ("numpy", np.array, NUMPY)):
            dtype = case.get("dtype")
            if dtype is not None and dtype not in names:
                continue
            made = make(case["data"], dtype=names[dtype] if dtype else None)
            result[flavour] = {"dtype": str(made.dtype).replace("torch.", ""), "shape": list(made.shape), "values": enc(made.tolist())}
        out.append(result)
    return out

MODES = {"views": views, "casts": casts, "dtypes": dtypes, "halves": halves, "big_endian": big_endian, "construct": construct}
print(json.dumps(MODES[sys.argv[1]]()))
