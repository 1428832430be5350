# Expected outputs, computed with numpy from Keras's documented formulas, for layers TensorFlow.js does not run
# (or runs differently from Keras). Reads JSON cases on stdin, writes JSON outputs on stdout.
import json
import math
import sys

import h5py
import numpy as np


def same_pads(size, kernel, stride, dilation):
    span = (kernel - 1) * dilation + 1
    total = max((math.ceil(size / stride) - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


def conv1d(x, kernel, bias, c):
    k, _, out = kernel.shape
    s, d = c["strides"][0], c["dilation_rate"][0]
    groups = c.get("groups", 1)
    span = (k - 1) * d + 1
    if c["padding"] == "causal":
        x = np.pad(x, ((0, 0), (span - 1, 0), (0, 0)))
    elif c["padding"] == "same":
        x = np.pad(x, ((0, 0), same_pads(x.shape[1], k, s, d), (0, 0)))
    length = (x.shape[1] - span) // s + 1
    cin = x.shape[2] // groups
    cout = out // groups
    y = np.zeros((x.shape[0], length, out))
    for g in range(groups):
        for t in range(k):
            window = x[:, t * d: t * d + (length - 1) * s + 1: s, g * cin:(g + 1) * cin]
            y[:, :, g * cout:(g + 1) * cout] += window @ kernel[t, :, g * cout:(g + 1) * cout]
    return y + (bias if bias is not None else 0)


def conv2d(x, kernel, bias, c):
    kh, kw, _, out = kernel.shape
    (sh, sw), (dh, dw) = c["strides"], c["dilation_rate"]
    groups = c.get("groups", 1)
    if c["padding"] == "same":
        x = np.pad(x, ((0, 0), same_pads(x.shape[1], kh, sh, dh), same_pads(x.shape[2], kw, sw, dw), (0, 0)))
    oh = (x.shape[1] - (kh - 1) * dh - 1) // sh + 1
    ow = (x.shape[2] - (kw - 1) * dw - 1) // sw + 1
    cin, cout = x.shape[3] // groups, out // groups
    y = np.zeros((x.shape[0], oh, ow, out))
    for g in range(groups):
        for i in range(kh):
            for j in range(kw):
                window = x[:, i * dh: i * dh + (oh - 1) * sh + 1: sh, j * dw: j * dw + (ow - 1) * sw + 1: sw, g * cin:(g + 1) * cin]
                y[..., g * cout:(g + 1) * cout] += window @ kernel[i, j, :, g * cout:(g + 1) * cout]
    return y + (bias if bias is not None else 0)


def conv1d_transpose(x, kernel, bias, c):
    # kernel (k, out, in): every input step spreads kernel[t] @ x into output step i*s + t*d.
    k, out, _ = kernel.shape
    s, d = c["strides"][0], c["dilation_rate"][0]
    span = (k - 1) * d + 1
    n = x.shape[1]
    full = np.zeros((x.shape[0], (n - 1) * s + max(span, s), out))
    for i in range(n):
        for t in range(k):
            full[:, i * s + t * d] += x[:, i] @ kernel[t].T
    if c["padding"] == "same":
        start = max(span - s, 0) // 2
        full = full[:, start:start + n * s]
    return full + (bias if bias is not None else 0)


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def hard_sigmoid(v, keras3):
    return np.clip(v / 6 + 0.5, 0, 1) if keras3 else np.clip(0.2 * v + 0.5, 0, 1)


def gru_reset_after(x, kernel, recurrent, bias, c):
    units = recurrent.shape[0]
    h = np.zeros((x.shape[0], units))
    outputs = []
    for t in range(x.shape[1]):
        xi = x[:, t] @ kernel + bias[0]
        hi = h @ recurrent + bias[1]
        z = sigmoid(xi[:, :units] + hi[:, :units])
        r = sigmoid(xi[:, units:2 * units] + hi[:, units:2 * units])
        candidate = np.tanh(xi[:, 2 * units:] + r * hi[:, 2 * units:])
        h = z * h + (1 - z) * candidate
        outputs.append(h)
    return np.stack(outputs, 1) if c.get("return_sequences") else h


def activation(name, v, keras3):
    table = {
        "hard_sigmoid": lambda: hard_sigmoid(v, keras3),
        "leaky_relu": lambda: np.where(v < 0, 0.2 * v, v),
        "exponential": lambda: np.exp(v),
        "linear": lambda: v,
    }
    return table[name]()


def layer(class_name, c, w, x, keras3):
    if class_name == "Conv1D":
        return conv1d(x, w["kernel"], w.get("bias"), c)
    if class_name == "Conv2D":
        return conv2d(x, w["kernel"], w.get("bias"), c)
    if class_name == "Conv1DTranspose":
        return conv1d_transpose(x, w["kernel"], w.get("bias"), c)
    if class_name == "GRU":
        return gru_reset_after(x, w["kernel"], w["recurrent_kernel"], w["bias"], c)
    if class_name == "BatchNormalization":
        shape = [1] * x.ndim
        shape[c["axis"]] = x.shape[c["axis"]]
        r = lambda name: w[name].reshape(shape)
        return (x - r("moving_mean")) / np.sqrt(r("moving_variance") + c["epsilon"]) * r("gamma") + r("beta")
    if class_name == "ELU":
        return np.where(x > 0, x, c["alpha"] * np.expm1(x))
    if class_name == "ReLU":
        return np.minimum(np.where(x >= c["threshold"], x, c["negative_slope"] * (x - c["threshold"])), c["max_value"])
    if class_name == "Softmax":
        e = np.exp(x - x.max(axis=c["axis"], keepdims=True))
        return e / e.sum(axis=c["axis"], keepdims=True)
    if class_name == "Activation":
        return activation(c["activation"], x, keras3)
    if class_name == "ZeroPadding1D":
        return np.pad(x, ((0, 0), tuple(c["padding"]), (0, 0)))
    if class_name == "Cropping1D":
        return x[:, c["cropping"][0]:x.shape[1] - c["cropping"][1]]
    if class_name == "UpSampling1D":
        return np.repeat(x, c["size"], axis=1)
    raise ValueError(class_name)


def keras1_embedding_lstm(path, ids):
    # Keras 1.2.2: Embedding, then an LSTM (tanh, hard_sigmoid gates) returning sequences, one weight per gate.
    with h5py.File(path, "r") as f:
        g = f["model_weights"]
        table = g["embedding_1/embedding_1_W:0"][()]
        w = {name: g["lstm_1/lstm_1_" + name + ":0"][()] for name in ["W_i", "W_f", "W_c", "W_o", "U_i", "U_f", "U_c", "U_o", "b_i", "b_f", "b_c", "b_o"]}
    x = table[ids.astype(int)]
    units = w["U_i"].shape[0]
    h = np.zeros((x.shape[0], units))
    cell = np.zeros_like(h)
    outputs = []
    for t in range(x.shape[1]):
        gate = lambda g: x[:, t] @ w["W_" + g] + h @ w["U_" + g] + w["b_" + g]
        i, f, o = hard_sigmoid(gate("i"), False), hard_sigmoid(gate("f"), False), hard_sigmoid(gate("o"), False)
        cell = f * cell + i * np.tanh(gate("c"))
        h = o * np.tanh(cell)
        outputs.append(h)
    return np.stack(outputs, 1)


def run(case):
    x = np.array(case["input"]["data"], dtype=np.float64).reshape(case["input"]["shape"])
    if "fixture" in case:
        return keras1_embedding_lstm(case["fixture"], x)
    for item in case["layers"]:
        weights = {name: np.array(v["data"], dtype=np.float64).reshape(v["shape"]) for name, v in item["weights"].items()}
        x = layer(item["class_name"], item["config"], weights, x, case["keras3"])
    return x


cases = json.load(sys.stdin)
json.dump([{"shape": list(out.shape), "data": out.ravel().tolist()} for out in map(run, cases)], sys.stdout)
