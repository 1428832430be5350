# Reference digits from Python and numpy for digits.test.ts: one JSON list of cases on stdout.
import json, random
import numpy as np

random.seed(1234)
TYPES = {"float64": np.float64, "float32": np.float32, "float16": np.float16}

def values():
    out = [0.0, -0.0, 0.5, 1.5, 2.5, 1.03125, 0.125, 0.375, 1e-10, 6e-9, 5e-9, 9.9999999999, 0.1, 1/3, 2/3, 1e16, 123456789.0,
           1e22, 1e-300, 5e-324, 2.0**-1022, 65504.0, 6.1e-5, 9.5, 99.5, 0.05, 1e21, 2.0**60, 0.3, 7.0]
    for _ in range(600):
        mag = random.choice([-12, -8, -6, -5, -4, -3, -2, -1, 0, 0, 1, 2, 3, 5, 8, 9, 12, 20])
        out.append(random.uniform(-10, 10) * 10.0 ** mag)
    for _ in range(100):
        out.append(random.randint(-10**6, 10**6) / random.choice([1, 2, 4, 8, 16, 32, 64, 1024]))
    return out

cases = []
for name, t in TYPES.items():
    for v in values():
        x = t(v)
        if not np.isfinite(x):
            continue
        row = {"type": name, "x": float(x)}
        row["py_f4"] = "{:.4f}".format(float(x))
        row["py_e4"] = "{:.4e}".format(float(x))
        row["py_f0"] = "{:.0f}".format(float(x))
        row["py_e2"] = "{:.2e}".format(float(x))
        row["pos_unique"] = np.format_float_positional(x, unique=True, trim=".")
        row["pos_p8"] = np.format_float_positional(x, precision=8, unique=True, trim=".")
        row["pos_p8_min5"] = np.format_float_positional(x, precision=8, unique=True, trim="k", min_digits=5)
        row["pos_fixed3"] = np.format_float_positional(x, precision=3, unique=False, trim="k")
        row["sci_p8"] = np.format_float_scientific(x, precision=8, unique=True, trim=".")
        row["sci_p8_min6"] = np.format_float_scientific(x, precision=8, unique=True, trim="k", min_digits=6, exp_digits=3)
        row["sci_fixed2"] = np.format_float_scientific(x, precision=2, unique=False, trim="k", pad_left=3, sign=True)
        cases.append(row)
print(json.dumps(cases))
