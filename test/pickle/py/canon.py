# The canonical JSON form of a Python value that test/pickle/support.ts computes for the decoded JavaScript value.
# Tags say the Python type; ints are decimal strings, floats their IEEE bits, bytes hex; containers seen before
# (lists, dicts, sets, non-empty tuples and frozensets, instances) become ["ref", n] in first-visit order.
import collections
import json
import struct


def canon(value):
    seen = {}
    keep = []  # objects numbered so far stay alive, so id() is never reused during one walk

    def number(v):
        if id(v) in seen:
            return ["ref", seen[id(v)]]
        seen[id(v)] = len(seen)
        keep.append(v)
        return None

    def walk(v):
        if v is None:
            return ["none"]
        if isinstance(v, bool):
            return ["bool", v]
        if isinstance(v, int):
            return ["int", str(v)]
        if isinstance(v, float):
            return ["float", "nan" if v != v else struct.pack(">d", v).hex()]
        if isinstance(v, complex):
            return ["complex", walk(v.real), walk(v.imag)]
        if isinstance(v, str):
            return ["str", v]
        if isinstance(v, bytes):
            return ["bytes", v.hex()]
        if isinstance(v, bytearray):
            return ["bytearray", v.hex()]
        if isinstance(v, (tuple, frozenset)) and len(v) == 0:
            return ["tuple", []] if isinstance(v, tuple) else ["frozenset", []]
        ref = number(v)
        if ref:
            return ref
        if type(v) is tuple:
            return ["tuple", [walk(x) for x in v]]
        if type(v) is list:
            return ["list", [walk(x) for x in v]]
        if type(v) is collections.OrderedDict:
            out = ["odict", [[walk(k), walk(x)] for k, x in v.items()]]
            if vars(v):
                out.append(walk(attributes(v)))
            return out
        if type(v) is collections.defaultdict:
            factory = v.default_factory
            return ["defaultdict", f"{factory.__module__}.{factory.__qualname__}", [[walk(k), walk(x)] for k, x in v.items()]]
        if type(v) is dict:
            return ["dict", [[walk(k), walk(x)] for k, x in v.items()]]
        if type(v) in (set, frozenset):
            items = [walk(x) for x in v]
            return ["set" if type(v) is set else "frozenset", sorted(items, key=json.dumps)]
        out = ["instance", type(v).__module__, type(v).__qualname__, walk(attributes(v))]
        # A subclass of dict or list keeps its items beside its attributes.
        if isinstance(v, dict):
            out.append([[walk(k), walk(x)] for k, x in v.items()])
        elif isinstance(v, list):
            out.append([walk(x) for x in v])
        return out

    def attributes(v):
        attrs = dict(getattr(v, "__dict__", {}))
        for slot in getattr(type(v), "__slots__", ()):
            attrs[slot] = getattr(v, slot)
        keep.append(attrs)
        return attrs

    return walk(value)
