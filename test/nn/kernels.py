#!/usr/bin/python3
"""Prints, as JSON, inputs and real torch's results for the kernels of src/nn that module tests do not reach:
padding modes, asymmetric per-side pads, 3-d transposed convolution, adaptive max pooling, extra activations,
erf, matmul and embedding. Each case: its inputs (shape and values) and torch's output."""
import json
import math

import torch
import torch.nn.functional as F

torch.manual_seed(3)
cases = {}


def t(x):
    return {"shape": list(x.shape), "data": x.double().flatten().tolist()}


def case(name, out, **inputs):
    cases[name] = {"inputs": {k: t(v) for k, v in inputs.items()}, "out": t(out)}


x1 = torch.randn(2, 3, 7, dtype=torch.float64)
x2 = torch.randn(2, 3, 6, 5, dtype=torch.float64)
x3 = torch.randn(1, 2, 4, 5, 3, dtype=torch.float64)
for mode in ["reflect", "replicate", "circular"]:
    case(f"pad1d_{mode}", F.pad(x1, (2, 3), mode=mode), x=x1)
    case(f"pad2d_{mode}", F.pad(x2, (1, 2, 3, 0), mode=mode), x=x2)
    case(f"pad3d_{mode}", F.pad(x3, (1, 0, 2, 1, 0, 2), mode=mode), x=x3)

w2 = torch.randn(4, 3, 3, 3, dtype=torch.float64)
b2 = torch.randn(4, dtype=torch.float64)
# Keras 'same' with stride 2 on an even size pads (0, 1): expressed here as per-side pads.
case("conv2d_side_pads", F.conv2d(F.pad(x2, (0, 1, 1, 1)), w2, b2, stride=2), x=x2, w=w2, b=b2)
w3 = torch.randn(2, 3, 2, 3, 2, dtype=torch.float64)
case("conv_transpose3d", F.conv_transpose3d(x3, w3, None, stride=(2, 1, 2), padding=(1, 1, 0), output_padding=(1, 0, 1)), x=x3, w=w3)
case("conv3d_groups_dilation", F.conv3d(x3, torch.ones(4, 1, 2, 2, 2, dtype=torch.float64) * 0.3, None, dilation=(1, 2, 1), groups=2), x=x3)
case("adaptive_max_pool2d", F.adaptive_max_pool2d(x2, (4, 3)), x=x2)
case("max_pool3d", F.max_pool3d(x3, 2, stride=1, padding=1), x=x3)
case("avg_pool3d", F.avg_pool3d(x3, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), x=x3)

wide = torch.linspace(-30, 30, 241, dtype=torch.float64)
case("celu", F.celu(wide, 0.5), x=wide)
case("selu", F.selu(wide), x=wide)
case("softplus", F.softplus(wide, beta=2, threshold=10), x=wide)
case("hardtanh", F.hardtanh(wide, -2, 3), x=wide)
case("hardsigmoid", F.hardsigmoid(wide), x=wide)
case("mish", F.mish(wide), x=wide)
case("softsign", F.softsign(wide), x=wide)
case("logsigmoid", F.logsigmoid(wide), x=wide)
case("tanhshrink", F.tanhshrink(wide), x=wide)
erf_points = torch.linspace(-7, 7, 561, dtype=torch.float64)
case("erf", torch.tensor([math.erf(v) for v in erf_points.tolist()], dtype=torch.float64), x=erf_points)

a = torch.randn(5, 7, dtype=torch.float64)
b = torch.randn(7, 3, dtype=torch.float64)
case("matmul", a @ b, a=a, b=b)
weights = torch.randn(6, 4, dtype=torch.float64)
indices = torch.tensor([[5, 0], [2, 2]])
case("embedding", F.embedding(indices, weights), weight=weights, indices=indices)
gw = torch.randn(3, dtype=torch.float64)
case("group_norm", F.group_norm(x2, 3, gw, None, 1e-4), x=x2, w=gw)

print(json.dumps(cases))
