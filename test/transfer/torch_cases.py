#!/usr/bin/python3
"""The torch side of the transfer tests, with real torch and numpy as the oracles.

make OUTDIR: for every case, a torch module with random weights saved whole (CASE.pt), a second one of
the same architecture with other weights (CASE_fresh.pt, the target of Keras -> torch), and CASE.json with
the input, torch's output, and the Keras arrays each rule must give, computed here in numpy.

run OUTDIR CASE...: loads CASE_copied.pt (a state_dict weightscope wrote after copying Keras -> torch)
into the case's architecture and prints {case: output} as JSON, run by torch on the same input.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

torch.set_grad_enabled(False)


def gru_gates(a):
    """torch's GRU gates r,z,n in Keras's order z,r,h (rows of the first axis)."""
    h = a.shape[0] // 3
    return np.concatenate([a[h : 2 * h], a[:h], a[2 * h :]])


def recurrent(m, cell, suffix="", layer=0):
    w_ih, w_hh = (getattr(m, f"{k}_l{layer}{suffix}").numpy() for k in ("weight_ih", "weight_hh"))
    b_ih, b_hh = (getattr(m, f"{k}_l{layer}{suffix}").numpy() for k in ("bias_ih", "bias_hh"))
    if cell == "gru":
        return [gru_gates(w_ih).T, gru_gates(w_hh).T, np.stack([gru_gates(b_ih), gru_gates(b_hh)])]
    return [w_ih.T, w_hh.T, b_ih + b_hh]


class Head(nn.Module):
    """A recurrent module and a Linear over every step (nn.Sequential cannot hold a module that returns a tuple)."""

    def __init__(self, rnn, out):
        super().__init__()
        self.rnn = rnn
        self.fc = nn.Linear(rnn.hidden_size * (2 if rnn.bidirectional else 1), out)

    def forward(self, x):
        return self.fc(self.rnn(x)[0])


def stacked(m, cell):
    """Keras's arrays for a Head: one Keras layer per torch layer (forward then backward when bidirectional), then the Dense."""
    directions = ["", "_reverse"] if m.rnn.bidirectional else [""]
    layers = [a for k in range(m.rnn.num_layers) for suffix in directions for a in recurrent(m.rnn, cell, suffix, k)]
    return layers + [m.fc.weight.numpy().T, m.fc.bias.numpy()]


def kernel(conv):
    """Keras's kernel layout: spatial dims first, then in, then out (a transposed conv's in and out swap places in torch too)."""
    w = conv.weight
    return w.permute(*range(2, w.dim()), 1, 0).numpy()


def batch_norm(bn):
    return [bn.weight.numpy(), bn.bias.numpy(), bn.running_mean.numpy(), bn.running_var.numpy()]


def randomize_norm(bn):
    bn.weight.uniform_(0.5, 1.5)
    bn.bias.uniform_(-0.5, 0.5)
    bn.running_mean.uniform_(-1, 1)
    bn.running_var.uniform_(0.5, 2)
    bn.num_batches_tracked.fill_(7)


def image(*shape):
    return torch.randn(*shape)


# name: (build, input, expected Keras arrays in get_weights() order)
CASES = {
    "flatten4x4": (
        lambda: nn.Sequential(nn.Conv2d(2, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.5), nn.Linear(128, 10)),
        lambda: image(3, 2, 10, 10),
        lambda m: [kernel(m[0]), m[0].bias.numpy(), m[5].weight.numpy().reshape(10, 8, 4, 4).transpose(2, 3, 1, 0).reshape(128, 10), m[5].bias.numpy()],
    ),
    "flatten1d": (
        lambda: nn.Sequential(nn.Conv1d(3, 4, 3), nn.Flatten(), nn.Linear(24, 5)),
        lambda: image(3, 3, 8),
        lambda m: [kernel(m[0]), m[0].bias.numpy(), m[2].weight.numpy().reshape(5, 4, 6).transpose(2, 1, 0).reshape(24, 5), m[2].bias.numpy()],
    ),
    "batchnorm": (
        lambda: nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(64, 5), nn.BatchNorm1d(5)),
        lambda: image(3, 3, 6, 6),
        lambda m: [kernel(m[0]), m[0].bias.numpy(), *batch_norm(m[1]), m[4].weight.numpy().reshape(5, 4, 4, 4).transpose(2, 3, 1, 0).reshape(64, 5), m[4].bias.numpy(), *batch_norm(m[5])],
    ),
    "lstm": (lambda: nn.LSTM(4, 6, batch_first=True), lambda: torch.randn(3, 5, 4), lambda m: recurrent(m, "lstm")),
    "gru": (lambda: nn.GRU(4, 6, batch_first=True), lambda: torch.randn(3, 5, 4), lambda m: recurrent(m, "gru")),
    "rnn": (lambda: nn.RNN(4, 6, batch_first=True), lambda: torch.randn(3, 5, 4), lambda m: recurrent(m, "rnn")),
    "bilstm": (lambda: nn.LSTM(4, 6, batch_first=True, bidirectional=True), lambda: torch.randn(3, 5, 4), lambda m: recurrent(m, "lstm") + recurrent(m, "lstm", "_reverse")),
    "bigru": (lambda: nn.GRU(4, 6, batch_first=True, bidirectional=True), lambda: torch.randn(3, 5, 4), lambda m: recurrent(m, "gru") + recurrent(m, "gru", "_reverse")),
    "depthwise": (lambda: nn.Conv2d(3, 6, 3, groups=3), lambda: image(3, 3, 7, 7), lambda m: [m.weight.permute(2, 3, 0, 1).numpy().reshape(3, 3, 3, 2), m.bias.numpy()]),
    "separable": (
        lambda: nn.Sequential(nn.Conv2d(3, 6, 3, groups=3, bias=False), nn.Conv2d(6, 5, 1)),
        lambda: image(3, 3, 7, 7),
        lambda m: [m[0].weight.permute(2, 3, 0, 1).numpy().reshape(3, 3, 3, 2), kernel(m[1]), m[1].bias.numpy()],
    ),
    "convtranspose": (lambda: nn.ConvTranspose2d(3, 4, 3, stride=2), lambda: image(3, 3, 5, 5), lambda m: [kernel(m), m.bias.numpy()]),
    "conv1d": (lambda: nn.Conv1d(3, 4, 3), lambda: image(3, 3, 8), lambda m: [kernel(m), m.bias.numpy()]),
    "conv3d": (lambda: nn.Conv3d(2, 3, 2), lambda: image(2, 2, 4, 4, 4), lambda m: [kernel(m), m.bias.numpy()]),
    "embedding": (lambda: nn.Embedding(10, 4), lambda: torch.randint(0, 10, (3, 6)), lambda m: [m.weight.numpy()]),
    "prelu": (lambda: nn.Sequential(nn.Conv2d(2, 3, 3), nn.PReLU(3)), lambda: image(3, 2, 6, 6), lambda m: [kernel(m[0]), m[0].bias.numpy(), m[1].weight.numpy().reshape(1, 1, 3)]),
    "layernorm": (lambda: nn.Sequential(nn.Linear(4, 6), nn.LayerNorm(6)), lambda: torch.randn(3, 4), lambda m: [m[0].weight.numpy().T, m[0].bias.numpy(), m[1].weight.numpy(), m[1].bias.numpy()]),
    "grouped": (lambda: nn.Conv2d(4, 6, 3, groups=2), lambda: image(3, 4, 6, 6), lambda m: [kernel(m), m.bias.numpy()]),
    "convtranspose1d": (lambda: nn.ConvTranspose1d(3, 4, 3, stride=2), lambda: image(3, 3, 5), lambda m: [kernel(m), m.bias.numpy()]),
    # A kernel of three different sizes and a stride per axis, so swapped spatial axes could not pass; where the
    # kernel is shorter than the stride (W: 1 < 3) Keras's 'valid' output is in·s, which torch reaches with output_padding.
    "convtranspose3d": (lambda: nn.ConvTranspose3d(3, 4, (2, 3, 1), stride=(2, 1, 3), output_padding=(0, 0, 2)), lambda: image(2, 3, 3, 4, 2), lambda m: [kernel(m), m.bias.numpy()]),
    "batchnorm3d": (lambda: nn.BatchNorm3d(4), lambda: image(2, 4, 3, 2, 3), lambda m: batch_norm(m)),
    "decoder3d": (
        lambda: nn.Sequential(nn.Conv3d(2, 4, 2), nn.BatchNorm3d(4), nn.ReLU(), nn.ConvTranspose3d(4, 3, 2, stride=2), nn.BatchNorm3d(3)),
        lambda: image(2, 2, 3, 4, 3),
        lambda m: [kernel(m[0]), m[0].bias.numpy(), *batch_norm(m[1]), kernel(m[3]), m[3].bias.numpy(), *batch_norm(m[4])],
    ),
}


# Stacked recurrent modules against one Keras layer per torch layer, a Dense after the stack.
CASES["lstm_stack"] = (lambda: Head(nn.LSTM(4, 6, num_layers=2, dropout=0.25, batch_first=True), 3), lambda: torch.randn(3, 5, 4), lambda m: stacked(m, "lstm"))
CASES["gru_stack"] = (lambda: Head(nn.GRU(4, 6, num_layers=2, batch_first=True), 3), lambda: torch.randn(3, 5, 4), lambda m: stacked(m, "gru"))
CASES["rnn_stack"] = (lambda: Head(nn.RNN(4, 6, num_layers=3, batch_first=True), 3), lambda: torch.randn(3, 5, 4), lambda m: stacked(m, "rnn"))
CASES["bilstm_stack"] = (lambda: Head(nn.LSTM(4, 6, num_layers=2, bidirectional=True, batch_first=True), 3), lambda: torch.randn(3, 5, 4), lambda m: stacked(m, "lstm"))
CASES["lstm_stack_functional"] = CASES["lstm_stack"]

# The refusal and verify tests use this one: a bare stacked LSTM, which weightscope's own torch forward runs.
CASES["lstm2"] = (lambda: nn.LSTM(4, 6, num_layers=2, batch_first=True), lambda: torch.randn(3, 5, 4), lambda m: [])
CASES["lstm2_proj"] = (lambda: nn.LSTM(4, 6, num_layers=2, proj_size=3, batch_first=True), lambda: torch.randn(3, 5, 4), lambda m: [])

# The same torch module as flatten4x4; its Keras twin is a functional model (the Flatten found through inbound nodes).
CASES["flatten4x4_functional"] = CASES["flatten4x4"]


def build(name, seed):
    torch.manual_seed(seed)
    m = CASES[name][0]()
    for module in m.modules():
        if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):
            randomize_norm(module)
        if isinstance(module, (nn.PReLU, nn.LayerNorm)):
            for p in module.parameters():
                p.uniform_(-1, 1)
    return m.eval()


def forward(m, x):
    y = m(x)
    return (y[0] if isinstance(y, tuple) else y).numpy()


def dump(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "data": a.astype(np.float64).ravel().tolist()}


def make(outdir):
    os.makedirs(outdir, exist_ok=True)
    for name in CASES:
        m = build(name, 1)
        torch.save(m, os.path.join(outdir, f"{name}.pt"))
        torch.save(build(name, 2), os.path.join(outdir, f"{name}_fresh.pt"))
        torch.manual_seed(3)
        x = CASES[name][1]()
        expected = CASES[name][2](m)
        state = {k: dump(v.numpy()) for k, v in m.state_dict().items()}
        record = {"input": dump(x.numpy()), "output": dump(forward(m, x)), "keras": [dump(a) for a in expected], "state": state}
        with open(os.path.join(outdir, f"{name}.json"), "w") as f:
            json.dump(record, f)


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def keras_gru(x, kernel, recurrent_kernel, bias, backwards=False):
    """Keras's GRU with reset_after=True (keras rnn/gru.py), gates z,r,h, in numpy: the Keras-side oracle
    where TensorFlow.js has no reset_after. Returns the sequence of states, in input order."""
    x = x.astype(np.float64)
    units = recurrent_kernel.shape[0]
    h = np.zeros((x.shape[0], units))
    steps = range(x.shape[1] - 1, -1, -1) if backwards else range(x.shape[1])
    outputs = [None] * x.shape[1]
    for t in steps:
        xs = x[:, t] @ kernel + bias[0]
        hs = h @ recurrent_kernel + bias[1]
        z = sigmoid(xs[:, :units] + hs[:, :units])
        r = sigmoid(xs[:, units : 2 * units] + hs[:, units : 2 * units])
        candidate = np.tanh(xs[:, 2 * units :] + r * hs[:, 2 * units :])
        h = z * h + (1 - z) * candidate
        outputs[t] = h
    return np.stack(outputs, axis=1)


def keras_batch_norm(x, gamma, beta, moving_mean, moving_variance, epsilon=1e-5):
    """Keras's BatchNormalization at inference (keras normalization/batch_normalization.py: gamma times the input
    less moving_mean over sqrt(moving_variance + epsilon), plus beta) over the last axis of a channels-last input,
    in numpy: the Keras-side oracle for 5-D inputs, which TensorFlow.js's BatchNormalization refuses. Takes and
    returns torch's channels-first layout."""
    y = (np.moveaxis(x.astype(np.float64), 1, -1) - moving_mean) / np.sqrt(moving_variance + epsilon) * gamma + beta
    return np.moveaxis(y, -1, 1)


def keras_by_numpy(name, x, arrays):
    """The Keras model of a case whose Keras forward TensorFlow.js cannot run, computed by numpy from its arrays."""
    if name == "batchnorm3d":
        return keras_batch_norm(x, *arrays)
    if name == "gru_stack":
        out = keras_gru(keras_gru(x, *arrays[:3]), *arrays[3:6])
        return out @ arrays[6] + arrays[7]
    out = keras_gru(x, *arrays[:3])
    if len(arrays) == 6:
        out = np.concatenate([out, keras_gru(x, *arrays[3:], backwards=True)], axis=-1)
    return out


def undump(d):
    return np.array(d["data"], dtype=np.float64).reshape(d["shape"])


def run(outdir, names):
    """Real torch on each copied state_dict; for the cases TensorFlow.js cannot run, also numpy's Keras layer on the Keras arrays."""
    results = {}
    for name in names:
        m = build(name, 2)
        m.load_state_dict(torch.load(os.path.join(outdir, f"{name}_copied.pt")))
        torch.manual_seed(3)
        x = CASES[name][1]()
        results[name] = dump(forward(m, x))
        keras_file = os.path.join(outdir, f"{name}_keras.json")
        if os.path.exists(keras_file):
            arrays = [undump(d) for d in json.load(open(keras_file))]
            results[f"{name}/keras"] = dump(keras_by_numpy(name, x.numpy(), arrays))
    print(json.dumps(results))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        run(sys.argv[2], sys.argv[3:])
