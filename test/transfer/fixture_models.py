#!/usr/bin/python3
"""Torch twins of real Keras fixtures (../shared/fixtures/real), for the transfer tests: same layers,
torch's own random weights (BatchNorm statistics randomised too), each saved whole as OUTDIR/<fixture>.pt.

Run with the reference interpreter: /usr/bin/python3 fixture_models.py OUTDIR
"""
import os
import sys

import torch
import torch.nn as nn

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
}

if __name__ == "__main__":
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
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
            torch.save(m.eval(), os.path.join(outdir, f"{name}.pt"))
