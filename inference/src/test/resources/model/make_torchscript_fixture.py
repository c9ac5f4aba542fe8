#!/usr/bin/python3
"""Traces small PyTorch CNNs to TorchScript and saves each with a fixed input and torch's outputs.

Run with Debian's python3-torch (``/usr/bin/python3``), not a virtual environment's python:

    /usr/bin/python3 make_torchscript_fixture.py OUT_DIR

For every variant it writes OUT_DIR/<variant>/:
    model.pt       the traced TorchScript module (CPU, eval mode)
    input.f32      the fixed input, N x C x H x W, raw little-endian float32
    logits.f32     torch's logits for that input, N x K
    features.f32   (variants with a feature output only) the feature map, N x F x h x w
    meta.json      shapes, class count and the torch version that traced it

The Java test (org.dicomcnn.model.TorchScriptParityTest) wraps each model.pt in a model bundle,
runs it through DJL's PyTorch engine and requires the same outputs within 1e-4. The networks are
written here, in Python, so the runtime is tested on a model that no one wrote in Java.
"""

import json
import os
import sys

import numpy as np
import torch
from torch import nn

SIZE = 64
BATCH = 4


class SmallCnn(nn.Module):
    """conv-BN-ReLU-maxpool, conv-BN-ReLU, global average pool, linear."""

    def __init__(self, channels, classes, with_features):
        super().__init__()
        self.with_features = with_features
        self.stage1 = nn.Sequential(
            nn.Conv2d(channels, 8, kernel_size=3, padding=1),
            nn.BatchNorm2d(8),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.stage2 = nn.Sequential(
            nn.Conv2d(8, 16, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(16),
            nn.ReLU(),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, classes)

    def forward(self, x):
        features = self.stage2(self.stage1(x))
        logits = self.fc(torch.flatten(self.pool(features), 1))
        if self.with_features:
            return logits, features
        return logits


VARIANTS = {
    # name: (input channels, classes, returns (logits, feature map))
    "c1": (1, 3, False),
    "c3": (3, 2, False),
    "c3-features": (3, 4, True),
}


def make(out_dir, name, channels, classes, with_features, seed):
    torch.manual_seed(seed)
    model = SmallCnn(channels, classes, with_features)
    # Give batch norm running statistics that are not the identity, so that eval-mode
    # normalisation is part of what the runtime must reproduce.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
    model.eval()
    x = torch.randn(BATCH, channels, SIZE, SIZE, dtype=torch.float32)
    with torch.no_grad():
        traced = torch.jit.trace(model, x)
        out = traced(x)
    logits, features = (out if with_features else (out, None))

    d = os.path.join(out_dir, name)
    os.makedirs(d, exist_ok=True)
    traced.save(os.path.join(d, "model.pt"))
    x.numpy().astype("<f4").tofile(os.path.join(d, "input.f32"))
    logits.numpy().astype("<f4").tofile(os.path.join(d, "logits.f32"))
    meta = {
        "torch": torch.__version__,
        "batch": BATCH,
        "channels": channels,
        "size": SIZE,
        "classes": classes,
        "logitsShape": list(logits.shape),
    }
    if features is not None:
        features.numpy().astype("<f4").tofile(os.path.join(d, "features.f32"))
        meta["featuresShape"] = list(features.shape)
    with open(os.path.join(d, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
        f.write("\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_torchscript_fixture.py OUT_DIR")
    torch.set_num_threads(1)
    for i, (name, (channels, classes, with_features)) in enumerate(sorted(VARIANTS.items())):
        make(sys.argv[1], name, channels, classes, with_features, seed=1234 + i)
    print("torch", torch.__version__, "numpy", np.__version__, "variants", ",".join(sorted(VARIANTS)))


if __name__ == "__main__":
    main()
