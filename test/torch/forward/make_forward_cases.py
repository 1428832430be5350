#!/usr/bin/python3
"""Writes one .pt per forward case into the folder given: a module (saved whole, before it runs), its
inputs, and what real torch returns for them, plus what the module's tensors are afterwards (BatchNorm in
training mode and Embedding with max_norm change their own buffers). Also index.json, the list of cases.

Run by test/torch/forward/cases.ts with the reference interpreter: /usr/bin/python3 make_forward_cases.py OUT
"""
import copy
import json
import os
import sys

import torch
import torch.nn as nn

out_dir = sys.argv[1]
os.makedirs(out_dir, exist_ok=True)
names = []


def randn(*shape, dtype=torch.float32):
    return torch.randn(*shape, dtype=dtype)


def case(name, make, *inputs, train=False, seed=0):
    torch.manual_seed(seed)
    module = make()
    # Weights that are not all positive or all default, so every term of the formula shows.
    with torch.no_grad():
        for param in module.parameters():
            param.copy_(torch.randn_like(param) * 0.5)
        for buf_name, buf in module.named_buffers():
            if buf_name.endswith("running_var"):
                buf.copy_(torch.rand_like(buf) + 0.5)
            elif buf_name.endswith("running_mean"):
                buf.copy_(torch.randn_like(buf) * 0.3)
    module.train(train)
    inputs = [x() if callable(x) else x for x in inputs]
    saved = copy.deepcopy(module)
    with torch.no_grad():
        output = module(*inputs)
    if isinstance(output, tuple):
        outputs = [output[0]] + (list(output[1]) if isinstance(output[1], tuple) else [output[1]])
    else:
        outputs = [output]
    after = {k: v.clone() for k, v in module.state_dict().items()}
    torch.save({"module": saved, "inputs": inputs, "outputs": outputs, "after": after}, os.path.join(out_dir, name + ".pt"))
    names.append(name)


x1d = lambda: randn(2, 3, 11)
x2d = lambda: randn(2, 4, 9, 10)
odd = lambda: randn(2, 3, 11, 11)
even = lambda: randn(2, 3, 12, 12)

case("Linear", lambda: nn.Linear(7, 5), lambda: randn(3, 7))
case("Linear_3d_input_no_bias", lambda: nn.Linear(7, 5, bias=False), lambda: randn(2, 3, 7))
case("Linear_float64", lambda: nn.Linear(7, 5).double(), lambda: randn(3, 7, dtype=torch.float64))
case("Bilinear", lambda: nn.Bilinear(4, 3, 5), lambda: randn(6, 4), lambda: randn(6, 3))
case("Identity", lambda: nn.Identity(), lambda: randn(2, 3))

case("Conv1d_stride2_pad1", lambda: nn.Conv1d(3, 4, 3, stride=2, padding=1), x1d)
case("Conv1d_dilation_groups", lambda: nn.Conv1d(4, 6, 3, dilation=2, groups=2), lambda: randn(2, 4, 13))
case("Conv1d_circular", lambda: nn.Conv1d(3, 2, 4, padding=2, padding_mode="circular"), x1d)
case("Conv2d", lambda: nn.Conv2d(4, 5, 3), x2d)
case("Conv2d_stride2_pad1_odd", lambda: nn.Conv2d(3, 4, 3, stride=2, padding=1), odd)
case("Conv2d_stride2_pad1_even", lambda: nn.Conv2d(3, 4, 3, stride=2, padding=1), even)
case("Conv2d_rect_stride_dilation", lambda: nn.Conv2d(4, 3, (3, 2), stride=(2, 1), padding=(2, 0), dilation=(1, 3)), x2d)
case("Conv2d_groups2_no_bias", lambda: nn.Conv2d(4, 6, 3, groups=2, bias=False), x2d)
case("Conv2d_depthwise", lambda: nn.Conv2d(4, 8, 3, groups=4, padding=1), x2d)
case("Conv2d_same_even_kernel", lambda: nn.Conv2d(4, 3, 4, padding="same", dilation=1), x2d)
case("Conv2d_same_dilated", lambda: nn.Conv2d(4, 3, 3, padding="same", dilation=2), x2d)
case("Conv2d_valid", lambda: nn.Conv2d(4, 3, 3, padding="valid"), x2d)
case("Conv2d_reflect", lambda: nn.Conv2d(4, 3, 3, padding=2, padding_mode="reflect"), x2d)
case("Conv2d_replicate", lambda: nn.Conv2d(4, 3, 3, padding=(1, 2), padding_mode="replicate"), x2d)
case("Conv2d_circular_same", lambda: nn.Conv2d(4, 3, 4, padding="same", padding_mode="circular"), x2d)
case("Conv2d_unbatched", lambda: nn.Conv2d(4, 3, 3, padding=1), lambda: randn(4, 6, 5))
case("Conv3d", lambda: nn.Conv3d(2, 3, (2, 3, 3), stride=(1, 2, 1), padding=1), lambda: randn(2, 2, 4, 7, 6))
case("ConvTranspose1d", lambda: nn.ConvTranspose1d(3, 2, 4, stride=2, padding=1), x1d)
case("ConvTranspose2d", lambda: nn.ConvTranspose2d(4, 3, 3), x2d)
case("ConvTranspose2d_stride_outpad_groups_dilation", lambda: nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=2), x2d)
case("ConvTranspose2d_rect_no_bias", lambda: nn.ConvTranspose2d(4, 2, (2, 3), stride=(3, 1), padding=(0, 1), bias=False), x2d)

case("BatchNorm1d_2d_input", lambda: nn.BatchNorm1d(5), lambda: randn(4, 5))
case("BatchNorm1d_3d_input", lambda: nn.BatchNorm1d(3, eps=1e-3), x1d)
case("BatchNorm2d", lambda: nn.BatchNorm2d(4), x2d)
case("BatchNorm2d_no_affine", lambda: nn.BatchNorm2d(4, affine=False), x2d)
case("BatchNorm2d_training", lambda: nn.BatchNorm2d(4, momentum=0.3), x2d, train=True)
case("BatchNorm2d_training_cumulative", lambda: nn.BatchNorm2d(4, momentum=None), x2d, train=True)
case("BatchNorm2d_no_running_stats", lambda: nn.BatchNorm2d(4, track_running_stats=False), x2d)
case("LayerNorm", lambda: nn.LayerNorm((9, 10)), x2d)
case("LayerNorm_no_affine", lambda: nn.LayerNorm(11, eps=1e-3, elementwise_affine=False), x1d)
case("GroupNorm", lambda: nn.GroupNorm(2, 4), x2d)
case("Embedding", lambda: nn.Embedding(10, 4, padding_idx=0), lambda: torch.tensor([[1, 0, 9], [3, 3, 2]]))
case("Embedding_max_norm", lambda: nn.Embedding(10, 4, max_norm=0.8), lambda: torch.tensor([[1, 0, 9], [3, 3, 2]]))

case("RNN_tanh", lambda: nn.RNN(5, 4), lambda: randn(6, 3, 5))
case("RNN_relu_2_layers_batch_first", lambda: nn.RNN(5, 4, num_layers=2, nonlinearity="relu", batch_first=True), lambda: randn(3, 6, 5))
case("LSTM", lambda: nn.LSTM(5, 4), lambda: randn(6, 3, 5))
case("LSTM_batch_first_bidirectional_2_layers", lambda: nn.LSTM(5, 4, num_layers=2, batch_first=True, bidirectional=True), lambda: randn(3, 6, 5))
case("LSTM_initial_state", lambda: nn.LSTM(5, 4, num_layers=2), lambda: randn(6, 3, 5), lambda: (randn(2, 3, 4), randn(2, 3, 4)))
case("LSTM_proj_size", lambda: nn.LSTM(5, 4, proj_size=2, bidirectional=True), lambda: randn(6, 3, 5))
case("LSTM_no_bias_unbatched", lambda: nn.LSTM(5, 4, bias=False), lambda: randn(6, 5))
case("GRU", lambda: nn.GRU(5, 4), lambda: randn(6, 3, 5))
case("GRU_batch_first_bidirectional_2_layers", lambda: nn.GRU(5, 4, num_layers=2, batch_first=True, bidirectional=True), lambda: randn(3, 6, 5))
case("GRU_initial_state", lambda: nn.GRU(5, 4), lambda: randn(6, 3, 5), lambda: randn(1, 3, 4))

case("Dropout_eval", lambda: nn.Dropout(0.5), lambda: randn(3, 4))
case("Dropout_p0_training", lambda: nn.Dropout(0.0), lambda: randn(3, 4), train=True)
case("Flatten", lambda: nn.Flatten(), x2d)
case("Flatten_0_2", lambda: nn.Flatten(0, 2), x2d)
case("Unflatten", lambda: nn.Unflatten(1, (2, -1)), lambda: randn(3, 6, 2))

case("MaxPool1d", lambda: nn.MaxPool1d(3, 2, padding=1), x1d)
case("MaxPool2d", lambda: nn.MaxPool2d(2), x2d)
case("MaxPool2d_ceil_odd", lambda: nn.MaxPool2d(3, 2, ceil_mode=True), odd)
case("MaxPool2d_ceil_even", lambda: nn.MaxPool2d(3, 2, ceil_mode=True), even)
case("MaxPool2d_dilation_padding", lambda: nn.MaxPool2d(3, (2, 1), padding=1, dilation=2), even)
case("MaxPool2d_ceil_padding", lambda: nn.MaxPool2d(2, 2, padding=1, ceil_mode=True), odd)
case("AvgPool1d", lambda: nn.AvgPool1d(3, 2, padding=1), x1d)
case("AvgPool2d", lambda: nn.AvgPool2d(2), x2d)
case("AvgPool2d_pad_ceil_odd", lambda: nn.AvgPool2d(3, 2, padding=1, ceil_mode=True), odd)
case("AvgPool2d_pad_ceil_even", lambda: nn.AvgPool2d(3, 2, padding=1, ceil_mode=True), even)
case("AvgPool2d_exclude_pad_odd", lambda: nn.AvgPool2d(3, 2, padding=1, ceil_mode=True, count_include_pad=False), odd)
case("AvgPool2d_exclude_pad_even", lambda: nn.AvgPool2d(3, 2, padding=1, count_include_pad=False), even)
case("AvgPool2d_divisor_override", lambda: nn.AvgPool2d(2, 1, padding=1, divisor_override=3), x2d)
case("AdaptiveAvgPool1d", lambda: nn.AdaptiveAvgPool1d(4), x1d)
case("AdaptiveAvgPool2d", lambda: nn.AdaptiveAvgPool2d((4, 3)), x2d)
case("AdaptiveAvgPool2d_None", lambda: nn.AdaptiveAvgPool2d((None, 1)), x2d)
case("AdaptiveAvgPool2d_1", lambda: nn.AdaptiveAvgPool2d(1), x2d)

wide = lambda: randn(3, 4, 5) * 3
case("ReLU", lambda: nn.ReLU(), wide)
case("ReLU6", lambda: nn.ReLU6(), wide)
case("LeakyReLU", lambda: nn.LeakyReLU(0.2), wide)
case("PReLU", lambda: nn.PReLU(), wide)
case("PReLU_per_channel", lambda: nn.PReLU(4), wide)
case("ELU", lambda: nn.ELU(0.7), wide)
case("GELU", lambda: nn.GELU(), wide)
case("GELU_tanh", lambda: nn.GELU("tanh"), wide)
case("SiLU", lambda: nn.SiLU(), wide)
case("Tanh", lambda: nn.Tanh(), wide)
case("Sigmoid", lambda: nn.Sigmoid(), wide)
case("Hardswish", lambda: nn.Hardswish(), wide)
case("Softmax", lambda: nn.Softmax(dim=1), wide)
case("Softmax_implicit_dim", lambda: nn.Softmax(), wide)
case("LogSoftmax", lambda: nn.LogSoftmax(dim=-1), wide)

case("CrossEntropyLoss", lambda: nn.CrossEntropyLoss(), lambda: randn(5, 4), lambda: torch.tensor([0, 3, 1, 1, 2]))
case("CrossEntropyLoss_weight_ignore_smoothing", lambda: nn.CrossEntropyLoss(weight=torch.rand(4) + 0.5, ignore_index=1, label_smoothing=0.1), lambda: randn(5, 4), lambda: torch.tensor([0, 3, 1, 1, 2]))
case("CrossEntropyLoss_spatial_sum", lambda: nn.CrossEntropyLoss(reduction="sum"), lambda: randn(2, 4, 3, 3), lambda: torch.randint(0, 4, (2, 3, 3)))
case("NLLLoss_none", lambda: nn.NLLLoss(reduction="none"), lambda: torch.log_softmax(randn(5, 4), 1), lambda: torch.tensor([0, 3, 1, 1, 2]))
case("MSELoss", lambda: nn.MSELoss(), lambda: randn(3, 4), lambda: randn(3, 4))
case("MSELoss_sum", lambda: nn.MSELoss(reduction="sum"), lambda: randn(3, 4), lambda: randn(3, 4))

T3 = nn.ConvTranspose3d
x5d = lambda *shape: lambda: randn(*shape)
case("ConvTranspose3d_stride2", lambda: T3(4, 6, 3, stride=2), x5d(2, 4, 3, 4, 5))
case("ConvTranspose3d_kernel_213_all_settings", lambda: T3(4, 6, (2, 3, 1), stride=(2, 1, 3), padding=(1, 1, 0), output_padding=(1, 0, 2), groups=2, dilation=(1, 2, 1)), x5d(2, 4, 3, 5, 4))
case("ConvTranspose3d_grouped_dilated_no_bias", lambda: T3(6, 3, 3, padding=1, dilation=2, groups=3, bias=False), x5d(1, 6, 4, 3, 5))
case("ConvTranspose3d_unbatched_output_padding", lambda: T3(4, 2, 2, stride=3, output_padding=(2, 1, 0)), x5d(4, 2, 3, 3))
case("ConvTranspose3d_output_padding_below_dilation", lambda: T3(3, 4, 2, dilation=2, output_padding=1), x5d(2, 3, 3, 3, 3))
case("ConvTranspose3d_padding_trims_more_than_stride", lambda: T3(2, 5, 4, stride=2, padding=2), x5d(3, 2, 3, 2, 4))
case("ConvTranspose3d_depthwise_like", lambda: T3(4, 8, (3, 1, 2), stride=(1, 2, 2), padding=(1, 0, 0), groups=4), x5d(2, 4, 2, 3, 3))
case("ConvTranspose3d_float64", lambda: T3(3, 2, 3, stride=2, padding=1, output_padding=1).double(), lambda: randn(2, 3, 3, 3, 3, dtype=torch.float64))
case("BatchNorm3d_eval", lambda: nn.BatchNorm3d(5), x5d(3, 5, 2, 3, 4))
case("BatchNorm3d_eval_no_affine_eps", lambda: nn.BatchNorm3d(5, eps=1e-2, affine=False), x5d(2, 5, 3, 3, 2))
case("BatchNorm3d_no_running_stats", lambda: nn.BatchNorm3d(4, track_running_stats=False), x5d(2, 4, 3, 2, 3))
case("BatchNorm3d_training", lambda: nn.BatchNorm3d(4, momentum=0.3), x5d(2, 4, 3, 2, 3), train=True)
case("BatchNorm3d_training_cumulative", lambda: nn.BatchNorm3d(4, momentum=None), x5d(2, 4, 2, 2, 3), train=True)
case("BatchNorm3d_float64", lambda: nn.BatchNorm3d(3).double(), lambda: randn(2, 3, 2, 2, 2, dtype=torch.float64))
case("Sequential_3d_decoder", lambda: nn.Sequential(
    nn.Conv3d(2, 4, 3, padding=1), nn.BatchNorm3d(4), nn.ReLU(), nn.ConvTranspose3d(4, 3, 2, stride=2), nn.BatchNorm3d(3),
), x5d(2, 2, 3, 4, 3))

case("Sequential_nested", lambda: nn.Sequential(
    nn.Sequential(nn.Conv2d(4, 6, 3, padding=1), nn.BatchNorm2d(6), nn.ReLU()),
    nn.MaxPool2d(2),
    nn.Sequential(nn.Flatten(), nn.Linear(6 * 4 * 5, 7), nn.Dropout(0.3)),
    nn.LogSoftmax(dim=1),
), x2d)

with open(os.path.join(out_dir, "index.json"), "w") as f:
    json.dump(names, f)
