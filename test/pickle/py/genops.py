# pickletools' view of pickles: reads a JSON list of base64 pickles on stdin and prints, for each, the
# (position, opcode name) pairs of pickletools.genops and the (position, name) pairs parsed from pickletools.dis.
import base64
import io
import json
import pickletools
import re
import sys

out = []
for text in json.load(sys.stdin):
    data = base64.b64decode(text)
    ops = [[pos, op.name] for op, arg, pos in pickletools.genops(data)]
    listing = io.StringIO()
    pickletools.dis(data, out=listing)
    dis = [[int(m.group(1)), m.group(2)] for m in re.finditer(r"^\s*(\d+): \S+\s+([A-Z_0-9]+)", listing.getvalue(), re.M)]
    out.append({"genops": ops, "dis": dis})
json.dump(out, sys.stdout)
