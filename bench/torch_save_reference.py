#!/usr/bin/python3
"""The reference side of bench/torch-save.mjs: real torch.save of the tensors torch.load read from FILE.

usage: torch_save_reference.py FILE OUT -> one JSON line
  {"load_seconds": s, "save_seconds": s, "tensors": n, "peak_rss_bytes": N}
One process per measurement (the caller repeats it), so the peak RSS is that of one load and one save.
"""
import json, os, resource, sys, time

import torch

path, out = sys.argv[1], sys.argv[2]
start = time.perf_counter()
sd = torch.load(path, map_location="cpu")
loaded = time.perf_counter()
torch.save(sd, out)
saved = time.perf_counter()
print(json.dumps({"load_seconds": loaded - start, "save_seconds": saved - loaded, "tensors": len(sd),
                  "bytes": os.path.getsize(out),
                  "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
