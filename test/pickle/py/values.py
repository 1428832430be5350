# Pickles of many Python values in every protocol (and after pickletools.optimize), with their canonical form.
# Prints one JSON list of {name, protocol, optimized, pickle (base64), canon}.
import base64
import collections
import json
import pickle
import pickletools
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from canon import canon  # noqa: E402


class Point:
    def __init__(self):
        self.x = 1
        self.label = "p"
        self.items = [1.5, (2, 3)]


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a = 1
        self.b = [2]


class Linked:
    def __init__(self):
        self.me = self
        self.sub = Point()


class MyDict(dict):
    pass


class MyList(list):
    pass


shared = [1, 2]
loop = []
loop.append(loop)
selfdict = {}
selfdict["self"] = selfdict
cycle_list = []
cycle_tuple = (cycle_list, 1)
cycle_list.append(cycle_tuple)
mydict = MyDict(a=1)
mydict.extra = "attr"
mylist = MyList([1, 2])

ints = [0, 1, -1, 255, 256, 65535, 65536, -129, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1]
ints += [2**53 - 1, 2**53, 2**53 + 1, -(2**53) - 1, -(2**53), -(2**53) + 1, 2**63, -(2**63), 2**63 - 1, 2**64, -(2**64)]
ints += [2**1000, -(2**1000), -(2**40), 2**40, -(2**47), 2**47, -(2**48)]

cases = {
    "ints": ints,
    "floats": [0.0, 1.0, -0.0, float("inf"), float("-inf"), float("nan"), 1e-300, 5e-324, 1.7976931348623157e308, 0.1, -2.5],
    "strings": ["", "abc", "héllo wörld", "日本語", "😀 emoji", "back\\slash", "new\nline\r", "\x00nul", "\ud800 lone", "x" * 300, "\\u0041 not escaped"],
    "bytes": [b"", b"\x00\xff abc", bytes(range(256)), b"y" * 300],
    "bytearrays": [bytearray(b""), bytearray(b"\x00\x01\xff"), bytearray(300)],
    "tuples": [(), (1,), (1, 2), (1, 2, 3), tuple(range(10)), tuple(range(2000))],
    "lists": [[], [1], list(range(2500)), [[1, [2, [3]]]]],
    "dicts": [{}, {1: "a", "b": 2, (1, 2): None, None: 3, -5: 1.5, 2**70: "big", "k": {"n": [1]}}, {i: str(i) for i in range(2500)}],
    "sets": [set(), {1, 2, 3}, {"a", (1, 2)}, frozenset(), frozenset({1, "x"}), set(range(1500))],
    "constants": [None, True, False],
    "shared": [shared, shared, {"k": shared}, (shared,)],
    "list_cycle": loop,
    "dict_cycle": selfdict,
    "tuple_cycle": [cycle_tuple, cycle_list],
    "nested": {"a": [1, (2, 3), {"b": {4, 5}}], "c": collections.OrderedDict(x=[1, {"y": (None,)}])},
    "ordered": collections.OrderedDict([("z", 1), ("a", 2), ("m", [3])]),
    "defaultdict": collections.defaultdict(list, {"a": [1], "b": []}),
    "complex": [complex(1.5, -2), complex(0, 0)],
    "instance": Point(),
    "instances": [Point(), Linked()],
    "slotted": Slotted(),
    "dict_subclass": mydict,
    "list_subclass": mylist,
}

out = []
for protocol in range(6):
    for name, value in cases.items():
        if name == "slotted" and protocol < 2:
            continue  # copyreg cannot pickle __slots__ objects below protocol 2
        data = pickle.dumps(value, protocol=protocol)
        expected = canon(value)
        out.append({"name": name, "protocol": protocol, "optimized": False, "pickle": base64.b64encode(data).decode(), "canon": expected})
        small = pickletools.optimize(data)
        out.append({"name": name, "protocol": protocol, "optimized": True, "pickle": base64.b64encode(small).decode(), "canon": expected})
json.dump(out, sys.stdout)
