# Dumps an HDF5 file's whole structure as JSON with h5py: groups, datasets (dtype, shape, sha256 of the
# bytes) and attributes (value, and for strings the HDF5 size, padding, character set and whether the
# length is variable). Usage: h5dump.py FILE [SUBGROUP]; the tests compare two dumps for equality.
import hashlib
import json
import sys

import h5py
import numpy as np


def attr_record(obj, name):
    attr_id = obj.attrs.get_id(name)
    kind = attr_id.get_type()
    value = obj.attrs[name]
    record = {"shape": list(attr_id.shape)}
    if isinstance(kind, h5py.h5t.TypeStringID):
        record.update(variable=kind.is_variable_str(), size=None if kind.is_variable_str() else kind.get_size(),
                      pad=kind.get_strpad(), cset=kind.get_cset())
        items = value.tolist() if isinstance(value, np.ndarray) else [value]
        record["value"] = [item.decode("utf-8") if isinstance(item, bytes) else item for item in items]
    else:
        array = np.asarray(value)
        record.update(dtype=array.dtype.str, value=hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest())
    return record


def dump(root):
    out = {}

    def visit(name, obj):
        entry = {"attrs": {key: attr_record(obj, key) for key in obj.attrs}}
        if isinstance(obj, h5py.Dataset):
            data = obj[()]
            entry.update(kind="dataset", dtype=obj.dtype.str, shape=list(obj.shape),
                         sha256=hashlib.sha256(np.ascontiguousarray(data).tobytes()).hexdigest())
        else:
            entry["kind"] = "group"
        out[name] = entry

    visit("/", root)
    root.visititems(visit)
    return out


with h5py.File(sys.argv[1], "r") as f:
    node = f[sys.argv[2]] if len(sys.argv) > 2 else f
    print(json.dumps(dump(node), sort_keys=True))
