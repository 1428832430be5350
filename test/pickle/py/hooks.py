# Pickles that need the unpickler's hooks: persistent ids (as torch writes storages), two pickles in a row
# (as legacy torch files), and classes a findClass hook claims. Prints JSON with base64 pickles and facts.
import base64
import collections
import io
import json
import pickle
import sys


class Storage:
    pass


class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", "FloatStorage", "0", "cpu", 6)
        return None


class TextIdPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return "key-7" if isinstance(obj, Storage) else None


def b64(data):
    return base64.b64encode(data).decode()


out = {"persistent": {}, "text_persistent": {}}
value = {"weight": Storage(), "step": 3}
for protocol in range(6):
    buf = io.BytesIO()
    Pickler(buf, protocol=protocol).dump(value)
    out["persistent"][protocol] = b64(buf.getvalue())
buf = io.BytesIO()
TextIdPickler(buf, protocol=0).dump([Storage()])
out["text_persistent"] = b64(buf.getvalue())

# Several pickles in a row, and where each one ends.
buf = io.BytesIO()
ends = []
for item in [0x1950A86A20F9469CFC6C, 1001, {"little_endian": True}, [1, 2]]:
    pickle.dump(item, buf, protocol=2)
    ends.append(buf.tell())
out["sequence"] = {"pickle": b64(buf.getvalue()), "ends": ends}

# A state_dict-like OrderedDict whose attributes BUILD restores.
state = collections.OrderedDict(w=1)
state._metadata = collections.OrderedDict([("", {"version": 1})])
out["state_dict"] = {p: b64(pickle.dumps(state, protocol=p)) for p in range(6)}


# Classes a findClass hook claims: made by NEWOBJ (or copyreg._reconstructor), filled by BUILD and APPENDS.
class Point:
    def __init__(self):
        self.x = 1


class Bag(list):
    pass


out["point"] = {p: b64(pickle.dumps(Point(), protocol=p)) for p in range(6)}
out["bag"] = {p: b64(pickle.dumps(Bag([1, 2, 3]), protocol=p)) for p in range(2, 6)}
json.dump(out, sys.stdout)
