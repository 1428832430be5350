#!/usr/bin/python3
"""Torch twins of real Keras fixtures (../shared/fixtures/real), for the transfer tests: same layers,
torch's own random weights (BatchNorm statistics randomised too), each saved whole as OUTDIR/<fixture>.pt.
When OUTDIR/inputs.json exists ({fixture: {shape, data}}), each twin's output on its input is written to
OUTDIR/<fixture>.out.json, so the tests need no second torch process for the twins.

Run with the reference interpreter: /usr/bin/python3 fixture_models.py OUTDIR
"""
import json
import os
import sys

import torch
import torch.nn as nn


def depthwise_block():
    # DepthwiseConv2D 3x3 'same' (stride 1: one pixel each side) tanh, SpatialDropout2D, ZeroPadding2D(3),
    # UpSampling2D(2) nearest, Cropping2D(1) (a negative pad crops), MaxPooling2D(2).
    return [nn.Conv2d(3, 3, 3, padding=1, groups=3), nn.Tanh(), nn.Dropout2d(0.2), nn.ZeroPad2d(3),
            nn.Upsample(scale_factor=2, mode="nearest"), nn.ZeroPad2d(-1), nn.MaxPool2d(2)]


TWINS = {
    # Conv 32@3x3 relu, max pool, Conv 64@3x3 relu, max pool, flatten (5x5x64), dropout, Dense 128 relu, Dense 10 softmax.
    "keras3.15.1_seq_cnn_mnist.keras": lambda: nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10), nn.Softmax(dim=1),
    ),
    # Four Dense + BatchNormalization(epsilon=1e-6) blocks, relu between, softmax at the end.
    "keras2.3.1_func_dense_batchnorm.h5": lambda: nn.Sequential(
        nn.Linear(16, 64), nn.BatchNorm1d(64, eps=1e-6), nn.ReLU(),
        nn.Linear(64, 32), nn.BatchNorm1d(32, eps=1e-6), nn.ReLU(),
        nn.Linear(32, 32), nn.BatchNorm1d(32, eps=1e-6), nn.ReLU(),
        nn.Linear(32, 5), nn.BatchNorm1d(5, eps=1e-6), nn.Softmax(dim=1),
    ),
    # Keras 2.0.8 (list-style Sequential config): Conv 6@5x5 relu, max pool, Conv 16@5x5 relu, max pool,
    # flatten (4x4x16), Dense 120 relu, Dense 84 relu, Dense 10 softmax.
    "keras2.0.8_seq_lenet5_named_layers.h5": lambda: nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10), nn.Softmax(dim=1),
    ),
    # Keras 3.8 legacy .h5, 32x32x3: Conv 48, 112, 96 @3x3 relu with two max pools, flatten (4x4x96),
    # Dense 80 relu, Dropout(0.3), Dense 10 linear.
    "keras3.8.0_legacy_h5_seq_lenet5.h5": lambda: nn.Sequential(
        nn.Conv2d(3, 48, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(48, 112, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(112, 96, 3), nn.ReLU(), nn.Flatten(), nn.Linear(1536, 80), nn.ReLU(), nn.Dropout(0.3), nn.Linear(80, 10),
    ),
    # tf.keras 2.7: Conv 6@5x5 linear, average pool, Conv 16@5x5 linear, average pool, flatten (4x4x16),
    # Dense 120 and 84 linear, Dense 10 softmax.
    "tfkeras2.7.0_seq_lenet5_avgpool.h5": lambda: nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.AvgPool2d(2),
        nn.Flatten(), nn.Linear(256, 120), nn.Linear(120, 84), nn.Linear(84, 10), nn.Softmax(dim=1),
    ),
    # tf.keras 2.2.4 functional chain: two depthwise blocks (10 -> 15 -> 20 pixels), GlobalAveragePooling2D.
    "tfkeras2.2.4-tf_func_depthwise_conv2d.h5": lambda: nn.Sequential(
        *depthwise_block(), *depthwise_block(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
    ),
    # Keras 1.2.2: Embedding(4, 5), LSTM 6 (per-gate weights, hard_sigmoid gates); transfer refuses it, so no output.
    "keras1.2.2_seq_embedding_lstm_tf.h5": lambda: nn.Sequential(nn.Embedding(4, 5), nn.LSTM(5, 6, batch_first=True)),
}

if __name__ == "__main__":
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    inputs_path = os.path.join(outdir, "inputs.json")
    inputs = json.load(open(inputs_path)) if os.path.exists(inputs_path) else {}
    torch.manual_seed(0)
    with torch.no_grad():
        for name, build in TWINS.items():
            m = build()
            for module in m.modules():
                if isinstance(module, nn.BatchNorm1d):
                    module.weight.uniform_(0.5, 1.5)
                    module.bias.uniform_(-0.5, 0.5)
                    module.running_mean.uniform_(-1, 1)
                    module.running_var.uniform_(0.5, 2)
            m.eval()
            torch.save(m, os.path.join(outdir, f"{name}.pt"))
            if name in inputs:
                x = torch.tensor(inputs[name]["data"], dtype=torch.float32).reshape(inputs[name]["shape"])
                y = m(x)
                with open(os.path.join(outdir, f"{name}.out.json"), "w") as f:
                    json.dump({"shape": list(y.shape), "data": y.double().flatten().tolist()}, f)
