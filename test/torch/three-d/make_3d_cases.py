#!/usr/bin/python3
"""Real torch's side of the 3-D file tests, written into the folder given: decoder.pt and
decoder.state.pt, a small 3-D decoder saved whole and as a state_dict; decoder.io.pt, an input and
torch's output for it; decoder.json, its repr, the repr of each child and its state_dict keys. (The
BatchNorm3d and ConvTranspose3d forward cases are in ../forward/make_forward_cases.py.)

Run by test/torch/three-d/forward.test.ts (through generateOnce): /usr/bin/python3 make_3d_cases.py OUT
"""
import json
import os
import sys

import torch
import torch.nn as nn

out_dir = sys.argv[1]
os.makedirs(out_dir, exist_ok=True)

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
