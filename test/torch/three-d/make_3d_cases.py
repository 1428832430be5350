#!/usr/bin/python3
"""Real torch's side of the BatchNorm3d and ConvTranspose3d tests, written into the folder given.

forward/<case>.pt: a module saved whole before it runs, its input, torch's output and the module's
tensors afterwards (training-mode BatchNorm3d updates its buffers); forward/index.json lists the cases.
decoder.pt and decoder.state.pt: a small 3-D decoder saved whole and as a state_dict; decoder.json holds
its repr, the repr of each child, and the input and output the tests feed it.

Run by test/torch/three-d/cases.ts: /usr/bin/python3 make_3d_cases.py OUT
"""
import copy
import json
import os
import sys

import torch
import torch.nn as nn

out_dir = sys.argv[1]
os.makedirs(os.path.join(out_dir, "forward"), exist_ok=True)
names = []


def case(name, make, shape, train=False, dtype=torch.float32, seed=0):
    torch.manual_seed(seed)
    module = make().to(dtype)
    # Weights away from their initial ones (BatchNorm starts at ones and zeros), so every term shows.
    with torch.no_grad():
        for param in module.parameters():
            param.copy_(torch.randn_like(param) * 0.5)
        for buf_name, buf in module.named_buffers():
            if buf_name.endswith("running_var"):
                buf.copy_(torch.rand_like(buf) + 0.5)
            elif buf_name.endswith("running_mean"):
                buf.copy_(torch.randn_like(buf) * 0.3)
    module.train(train)
    x = torch.randn(*shape, dtype=dtype)
    saved = copy.deepcopy(module)
    with torch.no_grad():
        y = module(x)
    torch.save({"module": saved, "inputs": [x], "outputs": [y], "after": module.state_dict()}, os.path.join(out_dir, "forward", f"{name}.pt"))
    names.append(name)


T = nn.ConvTranspose3d
case("plain_stride2", lambda: T(4, 6, 3, stride=2), (2, 4, 3, 4, 5))
case("kernel_213_all_settings", lambda: T(4, 6, (2, 3, 1), stride=(2, 1, 3), padding=(1, 1, 0), output_padding=(1, 0, 2), groups=2, dilation=(1, 2, 1)), (2, 4, 3, 5, 4))
case("grouped_dilated_no_bias", lambda: T(6, 3, 3, padding=1, dilation=2, groups=3, bias=False), (1, 6, 4, 3, 5))
case("unbatched_output_padding", lambda: T(4, 2, 2, stride=3, output_padding=(2, 1, 0)), (4, 2, 3, 3))
case("output_padding_below_dilation", lambda: T(3, 4, 2, dilation=2, output_padding=1), (2, 3, 3, 3, 3))
case("padding_trims_more_than_stride", lambda: T(2, 5, 4, stride=2, padding=2, groups=1), (3, 2, 3, 2, 4))
case("depthwise_like", lambda: T(4, 8, (3, 1, 2), stride=(1, 2, 2), padding=(1, 0, 0), groups=4), (2, 4, 2, 3, 3))
case("float64", lambda: T(3, 2, 3, stride=2, padding=1, output_padding=1), (2, 3, 3, 3, 3), dtype=torch.float64)

B = nn.BatchNorm3d
case("bn_eval", lambda: B(5), (3, 5, 2, 3, 4))
case("bn_eval_no_affine_eps", lambda: B(5, eps=1e-2, affine=False), (2, 5, 3, 3, 2))
case("bn_no_running_stats", lambda: B(4, track_running_stats=False), (2, 4, 3, 2, 3))
case("bn_training", lambda: B(4, momentum=0.3), (2, 4, 3, 2, 3), train=True)
case("bn_training_cumulative", lambda: B(4, momentum=None), (2, 4, 2, 2, 3), train=True)
case("bn_float64", lambda: B(3), (2, 3, 2, 2, 2), dtype=torch.float64)
case(
    "decoder_sequential",
    lambda: nn.Sequential(nn.Conv3d(2, 4, 3, padding=1), nn.BatchNorm3d(4), nn.ReLU(), nn.ConvTranspose3d(4, 3, 2, stride=2), nn.BatchNorm3d(3)),
    (2, 2, 3, 4, 3),
)

with open(os.path.join(out_dir, "forward", "index.json"), "w") as f:
    json.dump(names, f)

# A 3-D decoder as a user saves it: whole (the classes by name) and as a state_dict (tensors only).
torch.manual_seed(7)
decoder = nn.Sequential(
    nn.ConvTranspose3d(8, 4, (2, 3, 3), stride=(2, 1, 2), padding=(0, 1, 1), output_padding=(1, 0, 1), groups=2, bias=False, dilation=(1, 1, 2)),
    nn.BatchNorm3d(4, eps=1e-3, momentum=0.01),
    nn.ReLU(),
    nn.ConvTranspose3d(4, 2, 3, stride=2),
    nn.BatchNorm3d(2, affine=False),
).eval()
with torch.no_grad():
    for buf_name, buf in decoder.named_buffers():
        if buf_name.endswith("running_var"):
            buf.copy_(torch.rand_like(buf) + 0.5)
        elif buf_name.endswith("running_mean"):
            buf.copy_(torch.randn_like(buf) * 0.3)
torch.save(decoder, os.path.join(out_dir, "decoder.pt"))
torch.save(decoder.state_dict(), os.path.join(out_dir, "decoder.state.pt"))
x = torch.randn(1, 8, 2, 3, 2)
with torch.no_grad():
    y = decoder(x)
torch.save({"input": x, "output": y}, os.path.join(out_dir, "decoder.io.pt"))
with open(os.path.join(out_dir, "decoder.json"), "w") as f:
    json.dump({"repr": repr(decoder), "children": [repr(m) for m in decoder], "keys": list(decoder.state_dict().keys())}, f)
