#!/usr/bin/python3
"""Writes a batch of 64 random 28x28 images and what examples/lenet5.pt returns for them in real torch.

usage: /usr/bin/python3 make_lenet5_batch.py LENET5_PT OUT_PT
"""
import sys

import torch

torch.manual_seed(5)
model = torch.load(sys.argv[1])
images = torch.rand(64, 1, 28, 28)
with torch.no_grad():
    torch.save({"images": images, "probabilities": model(images)}, sys.argv[2])
