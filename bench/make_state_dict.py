#!/usr/bin/python3
"""Writes a state_dict of about SIZE_MIB mebibytes with real torch: bench input, never committed.

usage: make_state_dict.py OUT.pt [SIZE_MIB | manyN]
A mix of conv, linear, norm and int64 buffers, like a real network, so that both the per-tensor cost
(listing) and the per-byte cost (reading) show. `manyN` writes N tiny tensors instead (16 floats each),
where only the per-tensor cost shows.
"""
import sys
from collections import OrderedDict

import torch

out = sys.argv[1]
size_arg = sys.argv[2] if len(sys.argv) > 2 else "1024"
torch.manual_seed(0)
sd = OrderedDict()
if size_arg.startswith("many"):
    count = int(size_arg[4:])
    for i in range(count):
        sd[f"block{i // 4}.layer{i % 4}.weight"] = torch.randn(4, 4)
    torch.save(sd, out)
    print(f"{out}: {len(sd)} tensors")
    sys.exit(0)
size_mib = int(size_arg)
total, i = 0, 0
target = size_mib * 1024 * 1024
while total < target:
    block = f"layer{i}"
    w = torch.randn(1024, 1024 * 15)           # 60 MiB
    sd[f"{block}.conv.weight"] = torch.randn(64, 32, 3, 3)
    sd[f"{block}.conv.bias"] = torch.randn(64)
    sd[f"{block}.bn.weight"] = torch.ones(64)
    sd[f"{block}.bn.bias"] = torch.zeros(64)
    sd[f"{block}.bn.running_mean"] = torch.zeros(64)
    sd[f"{block}.bn.running_var"] = torch.ones(64)
    sd[f"{block}.bn.num_batches_tracked"] = torch.tensor(0)
    sd[f"{block}.fc.weight"] = w
    sd[f"{block}.fc.bias"] = torch.randn(1024)
    total += sum(t.numel() * t.element_size() for k, t in sd.items() if k.startswith(block + "."))
    i += 1
torch.save(sd, out)
print(f"{out}: {len(sd)} tensors, {total / 2**20:.0f} MiB")
