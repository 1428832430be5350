# Large pickles Python writes: a 300,000-item list in protocols 0, 2 and 5 (APPENDS in batches of 1000),
# and 200 KB ints (LONG4) of both signs with their hex value. Prints JSON with base64 pickles.
import base64
import json
import pickle
import random
import sys

rng = random.Random(7)
big = int.from_bytes(bytes(rng.randrange(256) for _ in range(200_000)), "little")
ints = [big, -big, big | (1 << (8 * 200_000 - 1)), -(1 << (8 * 200_000 - 1))]
out = {
    "lists": {p: base64.b64encode(pickle.dumps(list(range(300_000)), protocol=p)).decode() for p in (0, 2, 5)},
    "ints": [{"pickle": base64.b64encode(pickle.dumps(x, protocol=2)).decode(), "hex": format(x, "x")} for x in ints],
}
json.dump(out, sys.stdout)
