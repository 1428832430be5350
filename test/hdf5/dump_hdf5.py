# Dumps every group, dataset and attribute of an HDF5 file as JSON, as h5py and libhdf5 see them: the oracle
# the writer's tests compare against. Usage: python3 dump_hdf5.py FILE [--data]
# (--data adds each dataset's bytes as hex, to rebuild the file with the writer).
import hashlib, json, sys
import h5py, numpy as np


def attribute(obj, name):
    aid = h5py.h5a.open(obj.id, name.encode("utf-8"))
    tid = aid.get_type()
    out = {"name": name, "shape": list(aid.shape)}
    if tid.get_class() == h5py.h5t.STRING:
        variable = tid.is_variable_str()
        out["string"] = {"size": None if variable else tid.get_size(), "pad": tid.get_strpad(), "cset": tid.get_cset(), "variable": variable}
        if variable:
            value = obj.attrs[name]
            out["value"] = [value] if isinstance(value, str) else [str(v) for v in np.asarray(value).reshape(-1)]
        else:
            raw = np.empty(aid.shape, dtype="S%d" % tid.get_size())
            aid.read(raw, mtype=tid)  # the stored type itself, so no conversion touches the padding
            out["value"] = raw.tobytes().hex()
    else:
        out["dtype"] = aid.dtype.str
        out["value"] = np.asarray(obj.attrs[name]).tobytes().hex()
    return out


def node(obj):
    out = {"attributes": [attribute(obj, name) for name in obj.attrs]}
    if isinstance(obj, h5py.Dataset):
        data = np.asarray(obj[()])
        out.update(kind="dataset", dtype=obj.dtype.str, shape=list(obj.shape), sha256=hashlib.sha256(data.tobytes()).hexdigest())
        if "--data" in sys.argv:
            out["data"] = data.tobytes().hex()
    else:
        out.update(kind="group", children=[[name, node(obj[name])] for name in obj])
    return out


with h5py.File(sys.argv[1], "r") as f:
    print(json.dumps(node(f)))
