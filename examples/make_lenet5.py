#!/usr/bin/python3
"""Writes examples/lenet5.pt (the tutorial's LeNet-5, saved whole) and examples/lenet5_state_dict.pt.

The model matches the tutorial's Keras one layer for layer: 28x28x1 input, Conv 6@5x5 'same' + tanh,
average pooling, Conv 16@5x5 + tanh, average pooling, Conv 120@5x5 + tanh, flatten, Dense 84 + tanh,
Dense 10 + softmax. Run with the reference interpreter: /usr/bin/python3 examples/make_lenet5.py
"""
import os

import torch
import torch.nn as nn

torch.manual_seed(0)
lenet5 = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5, stride=1, padding=2),
    nn.Tanh(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5, stride=1),
    nn.Tanh(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(16, 120, kernel_size=5, stride=1),
    nn.Tanh(),
    nn.Flatten(),
    nn.Linear(120, 84),
    nn.Tanh(),
    nn.Linear(84, 10),
    nn.Softmax(dim=1),
)
assert lenet5(torch.zeros(1, 1, 28, 28)).shape == (1, 10)

here = os.path.dirname(os.path.abspath(__file__))
torch.save(lenet5, os.path.join(here, "lenet5.pt"))
torch.save(lenet5.state_dict(), os.path.join(here, "lenet5_state_dict.pt"))
