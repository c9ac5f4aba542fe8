"""Writes the TorchScript model of the inference benchmark: ResNet-18 (He et al. 2016, the
published layout: 7x7/2 stem, 3x3 max-pool, four stages of two basic blocks, global average
pool, linear) for 3 input channels (2.5D CT slices) and 2 classes, with fixed random weights,
plus a fixed input batch and the model's multiply-accumulate count per image.

    /usr/bin/python3 make_resnet18.py OUT_DIR SIZE BATCH
writes OUT_DIR/resnet18.pt, OUT_DIR/input.f32 (BATCH x 3 x SIZE x SIZE, little-endian float32)
and prints "macs_per_image=N".
"""
import os
import sys

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return torch.relu(y + (x if self.down is None else self.down(x)))


class ResNet18(nn.Module):
    def __init__(self, channels=3, classes=2):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(channels, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
                                  nn.MaxPool2d(3, 2, 1))
        layers = []
        cin = 64
        for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers += [Block(cin, cout, stride), Block(cout, cout, 1)]
            cin = cout
        self.stages = nn.Sequential(*layers)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(self.stages(self.stem(x)), 1), 1))


def count_macs(model, size):
    macs = 0

    def hook(module, inputs, output):
        nonlocal macs
        if isinstance(module, nn.Conv2d):
            k = module.kernel_size[0] * module.kernel_size[1] * module.in_channels // module.groups
            macs += output.numel() * k
        elif isinstance(module, nn.Linear):
            macs += module.in_features * module.out_features

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    for h in handles:
        h.remove()
    return macs


def main(out, size, batch):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    model = ResNet18().eval()
    with torch.no_grad():  # non-trivial batch-norm statistics
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    x = torch.randn(batch, 3, size, size)
    torch.jit.trace(model, x).save(os.path.join(out, "resnet18.pt"))
    x.numpy().astype("<f4").tofile(os.path.join(out, "input.f32"))
    print("macs_per_image=%d" % count_macs(model, size))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
