#!/usr/bin/python3
"""The reference side of bench/torch-load.mjs: times real torch.load on the same file, in the same run.

usage: torch_load_reference.py FILE REPEATS -> one JSON line {"seconds": [...], "peak_rss_bytes": N}
torch.load has no 'list only' mode: it reads every tensor either way, so the one number serves both ratios.
"""
import json, resource, sys, time

import torch

path, repeats = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(repeats):
    start = time.perf_counter()
    sd = torch.load(path, map_location="cpu")
    keys = [(k, tuple(v.shape), v.dtype) for k, v in sd.items()]
    times.append(time.perf_counter() - start)
    del sd
print(json.dumps({"seconds": times, "tensors": len(keys),
                  "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
