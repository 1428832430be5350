# Reference reprs from real torch and numpy for reprs.test.ts: one JSON list of cases on stdout.
#
# Each case is a flat base tensor (its bytes in hex) and a view of it (offset, shape, strides), so views
# and their strides reach the TypeScript side exactly; the expected texts are repr(view) and repr(view.numpy()).
import json, math, random
import numpy as np
import torch

DTYPES = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "int8": torch.int8, "int16": torch.int16, "int32": torch.int32, "int64": torch.int64,
    "uint8": torch.uint8, "bool": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}

def hex_of(flat):
    if flat.dtype in (torch.float16, torch.bfloat16):
        flat = flat.view(torch.int16)
    return flat.numpy().tobytes().hex()

cases = []

def add(name, base, offset=0, shape=None, strides=None, torch_options=None, numpy_options=None, grad=None):
    """Records repr(view) and repr(view.numpy()) for a view of the flat tensor `base`."""
    base = base.reshape(-1).contiguous()
    shape = list(base.shape) if shape is None else list(shape)
    if strides is None:
        strides, step = [], 1
        for size in reversed(shape):
            strides.insert(0, step)
            step *= max(size, 1)
    view = base.as_strided(shape, strides, offset)
    case = {"name": name, "dtype": NAMES[base.dtype], "storage": hex_of(base), "offset": offset, "shape": shape, "strides": list(strides)}
    torch.set_printoptions(profile="default", sci_mode=None)
    if torch_options:
        torch.set_printoptions(**torch_options)
        case["torch_options"] = torch_options
    if grad == "parameter":
        case["torch"] = repr(torch.nn.Parameter(view.clone()))
    elif grad == "requires_grad":
        case["torch"] = repr(view.clone().requires_grad_(True))
    else:
        case["torch"] = repr(view)
    case["grad"] = grad
    torch.set_printoptions(profile="default", sci_mode=None)
    if base.dtype != torch.bfloat16:
        with np.printoptions(**(numpy_options or {})):
            case["numpy"] = repr(view.numpy())
        if numpy_options:
            case["numpy_options"] = numpy_options
    cases.append(case)

def t(values, dtype="float32"):
    return torch.tensor(values, dtype=DTYPES[dtype])

# Floats: notation choices, trailing zeros, non-finite values, signs.
float_rows = {
    "whole": [1.0, 2.0, 3.0], "mixed": [1.5, 2.0, -3.25], "tenths": [0.1, 0.2, 0.3], "big": [1e10, 1.0],
    "small": [1e-5, 1.0], "over 1e8": [123456789.0, 1.0], "whole big ratio": [1.0, 2000.0], "whole at 1e8": [1e8, 2.0],
    "fraction at 1e-4": [1e-4, 0.5], "ratio 1000": [0.001, 1.0], "ratio over 1000": [0.00099, 1.0],
    "zeros": [0.0, 0.0], "negative zero": [-0.0, 0.0, 1.0], "nan and one": [math.nan, 1.0], "only nan": [math.nan],
    "non-finite": [math.inf, -math.inf, math.nan], "inf with fractions": [math.inf, 0.25, -1.5],
    "nan whole": [math.nan, 100.0, -2.0], "negatives": [-1.2345678, -20.5, 300.125], "ties": [1.03125, 2.5, 0.00015],
    "huge": [3e38, -1e-38, 1.0], "tiny": [1e-30, 2e-30], "many digits": [123456.789, 0.000123],
    "halves": [0.5, 1.5, 2.5, 3.5], "max half": [65504.0, -65504.0], "one": [1.0],
}
for dtype in ["float32", "float64", "float16", "bfloat16"]:
    for name, values in float_rows.items():
        add(f"{dtype} {name}", t(values, dtype))

# Integers and booleans.
int_rows = {"small": [1, -2, 3], "wide": [0, 100, -1000], "zeros": [0, 0], "extremes8": [-128, 127], "extremes16": [-32768, 32767]}
for dtype in ["int8", "int16", "int32", "int64", "uint8"]:
    for name, values in int_rows.items():
        add(f"{dtype} {name}", t(values, "int64").to(DTYPES[dtype]))
add("int64 beyond 2**53", t([2**62 + 1, -(2**63), 7], "int64"))
add("int32 extremes", t([-(2**31), 2**31 - 1], "int32"))
add("bool mixed", t([True, False, True], "bool"))
add("bool all true", t([True, True], "bool"))
add("bool matrix", t([[True, False], [False, False]], "bool"))

# Scalars and empty tensors of every dtype.
for dtype in DTYPES:
    value = {"bool": True, "uint8": 200, "int8": -7, "int16": 300, "int32": 42, "int64": 42}.get(dtype, 1.5)
    add(f"{dtype} scalar", t([value], dtype), shape=[], strides=[])
    add(f"{dtype} empty", t([], dtype))
    add(f"{dtype} empty 0x3", t([], dtype), shape=[0, 3], strides=[3, 1])
    add(f"{dtype} empty 2x0x4", t([], dtype), shape=[2, 0, 4], strides=[0, 4, 1])
for value in [1.0, -0.0, math.nan, -math.inf, 1e-7, 123456789.0, 0.1]:
    add(f"float32 scalar {value}", t([value]), shape=[], strides=[])
add("float64 scalar 0.1", t([0.1], "float64"), shape=[], strides=[])

# Shapes: matrices, 3-d and 4-d blocks, wrapping, summarization.
g = torch.Generator().manual_seed(7)
add("4-d small", torch.randn(2, 3, 2, 2, generator=g))
add("3-d ints", torch.arange(24).reshape(2, 3, 4))
add("long row floats", torch.randn(30, generator=g))
add("long row ints", torch.arange(100))
add("wide matrix", torch.randn(3, 25, generator=g) * 100)
add("wide float64 matrix", torch.randn(2, 20, generator=g, dtype=torch.float64))
add("summarized 1-d", torch.arange(2000, dtype=torch.float32) / 7)
add("summarized 2-d", torch.randn(50, 50, generator=g))
add("summarized 3-d", torch.arange(3000).reshape(10, 10, 30))
add("summarized 4-d", torch.randn(5, 5, 8, 8, generator=g))
add("summarized 4-d int8", torch.randint(-100, 100, (6, 4, 7, 8), generator=g, dtype=torch.int8))
add("summarized bool", torch.rand(1200, generator=g) > 0.5)
add("summarized with small edges", torch.cat([torch.full((5,), 1e-6), torch.ones(1990), torch.full((5,), 3.0)]))

# Non-contiguous views: transpose, strided slices, a select with an offset.
base = torch.randn(4, 6, generator=g)
add("transpose", base, shape=[6, 4], strides=[1, 6])
add("every other column", base, offset=1, shape=[4, 3], strides=[6, 2])
add("row 2", base, offset=12, shape=[6], strides=[1])
add("broadcast row", base, shape=[3, 6], strides=[0, 1])
add("4-d permuted", torch.arange(120, dtype=torch.float64) / 8, shape=[5, 4, 3, 2], strides=[1, 5, 40, 20])

# Rows of every length, so the dtype suffix lands both on the last line and on a line of its own.
for n in range(1, 30):
    add(f"float16 row of {n}", (torch.arange(n, dtype=torch.float64) * 1.37 - 5).to(torch.float16))
    add(f"int8 row of {n}", torch.arange(n, dtype=torch.int8) * 4 - 50)
    add(f"float32 rows of {n}", torch.arange(2 * n, dtype=torch.float32) / 3, shape=[2, n], strides=[n, 1])

# Options: torch.set_printoptions and np.set_printoptions.
values = torch.tensor([1.123456789, -22.5, 0.000123, 1000.0])
add("precision 2", values, torch_options={"precision": 2}, numpy_options={"precision": 2})
add("precision 2 plain", torch.tensor([1.12345, 2.5]), torch_options={"precision": 2}, numpy_options={"precision": 3})
add("sci on", torch.tensor([1.5, 2.0]), torch_options={"sci_mode": True})
add("sci off", torch.tensor([1e-6, 2e10]), torch_options={"sci_mode": False}, numpy_options={"suppress": True})
add("linewidth 40", torch.randn(20, generator=g), torch_options={"linewidth": 40}, numpy_options={"linewidth": 40})
add("threshold 10", torch.arange(30.0), torch_options={"threshold": 10, "edgeitems": 2}, numpy_options={"threshold": 10, "edgeitems": 2})
add("profile short", torch.randn(3, 3, generator=g), torch_options={"profile": "short"})
add("profile full", torch.arange(1500), torch_options={"profile": "full"}, numpy_options={"threshold": 100000})
add("floatmode fixed", torch.tensor([1.0, 0.25, 3.0]), numpy_options={"floatmode": "fixed", "precision": 3})
add("floatmode unique", torch.tensor([0.1, 1.0 / 3.0], dtype=torch.float64), numpy_options={"floatmode": "unique"})
add("floatmode maxprec_equal", torch.tensor([0.1, 0.25, 1.0]), numpy_options={"floatmode": "maxprec_equal"})
add("sign plus", torch.tensor([1.5, -2.0, math.nan, math.inf]), numpy_options={"sign": "+"})
add("sign space", torch.tensor([1.5, 2.0]), numpy_options={"sign": " "})
add("linewidth 10", torch.randn(3, 4, generator=g), torch_options={"linewidth": 10}, numpy_options={"linewidth": 10})
add("edgeitems 0", torch.arange(20.0).reshape(4, 5), torch_options={"threshold": 5, "edgeitems": 0}, numpy_options={"threshold": 5, "edgeitems": 0})
add("edgeitems 1 3-d", torch.arange(64), shape=[4, 4, 4], torch_options={"threshold": 10, "edgeitems": 1}, numpy_options={"threshold": 10, "edgeitems": 1})
add("fixed scientific", torch.tensor([1e-7, 1.0, 2.5e12]), numpy_options={"floatmode": "fixed", "precision": 3})
add("unique scientific", torch.tensor([1e-7, 1.0, 2.5e12], dtype=torch.float64), numpy_options={"floatmode": "unique"})
add("maxprec_equal scientific", torch.tensor([1e-7, 1.0, 2.5e12]), numpy_options={"floatmode": "maxprec_equal"})
add("sign space with negatives", torch.tensor([1.5, -2.0, math.inf]), numpy_options={"sign": " "})
add("sign plus scientific", torch.tensor([1e-9, -2.0, math.nan]), numpy_options={"sign": "+"})
add("precision 0", torch.tensor([1.5, 2.25, -3.75]), torch_options={"precision": 0}, numpy_options={"precision": 0})
add("nanstr", torch.tensor([math.nan, math.inf, 1.0]), numpy_options={"nanstr": "NaN", "infstr": "Inf"})

# Autograd: parameters and tensors that require grad.
add("parameter", torch.randn(2, 3, generator=g), grad="parameter")
add("parameter long row", torch.randn(6, generator=g), grad="parameter")
add("requires grad", torch.randn(3, generator=g), grad="requires_grad")
add("requires grad float64", torch.randn(3, generator=g, dtype=torch.float64), grad="requires_grad")

# Random cases: every dtype, 0 to 4 dims, values across magnitudes, views.
rng = random.Random(2024)
for index in range(400):
    dtype = rng.choice(list(DTYPES))
    ndim = rng.choice([0, 1, 1, 2, 2, 3, 4])
    shape = [rng.choice([1, 2, 3, 4, 5, 7, 9, 13]) for _ in range(ndim)]
    if rng.random() < 0.1 and ndim > 0:
        shape[0] = rng.choice([150, 400, 1100])
    n = max(1, math.prod(shape)) * (2 if rng.random() < 0.3 else 1)
    dt = DTYPES[dtype]
    if dt == torch.bool:
        base = torch.rand(n, generator=g) > 0.5
    elif dt.is_floating_point:
        scale = 10.0 ** rng.choice([-9, -5, -3, -1, 0, 0, 1, 2, 4, 7, 9, 20])
        kind = rng.choice(["normal", "normal", "whole", "uniform"])
        base = torch.randn(n, generator=g, dtype=torch.float64) * scale
        if kind == "whole":
            base = base.round()
        elif kind == "uniform":
            base = torch.rand(n, generator=g, dtype=torch.float64) * scale
        if rng.random() < 0.2:
            base[rng.randrange(n)] = rng.choice([math.nan, math.inf, -math.inf, 0.0])
        base = base.to(dt)
    else:
        info = torch.iinfo(dt)
        high = rng.choice([10, 1000, info.max])
        low = max(info.min, -high)
        base = torch.randint(low, high, (n,), generator=g, dtype=torch.int64).to(dt)
    offset = n - max(1, math.prod(shape)) if n > max(1, math.prod(shape)) else 0
    strides, step = [], 1
    for size in reversed(shape):
        strides.insert(0, step)
        step *= size
    if ndim >= 2 and rng.random() < 0.4:
        i, j = rng.sample(range(ndim), 2)
        shape[i], shape[j] = shape[j], shape[i]
        strides[i], strides[j] = strides[j], strides[i]
    add(f"random {index} {dtype} {shape}", base, offset=offset, shape=shape, strides=strides)

print(json.dumps(cases))
