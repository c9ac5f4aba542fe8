"""Python PyTorch side of the training benchmark (bench/training-benchmark.sh).

The default model's network -- depth stages of 3x3 convolution, batch norm and ReLU, 2x2 max-pool
between stages, filters width * 2^i up to 512, global max pooling, one linear layer -- trained
with BCE-with-logits and Adam on one fixed random batch, written here for the Java side too.

usage: torch_train.py DIR DEPTH WIDTH SIZE BATCH THREADS STEPS
prints: python_images_per_second=... torch=...
"""
import sys
import time

import numpy as np
import torch
from torch import nn


def network(depth, width, classes=2):
    layers, channels, filters = [], 3, width
    for stage in range(depth):
        layers += [nn.Conv2d(channels, filters, 3, padding=1), nn.BatchNorm2d(filters), nn.ReLU()]
        if stage < depth - 1:
            layers.append(nn.MaxPool2d(2))
        channels, filters = filters, min(512, filters * 2)
    return nn.Sequential(*layers, nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(channels, classes))


def main():
    out, depth, width, size, batch, threads, steps = sys.argv[1], *map(int, sys.argv[2:8])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((batch, 3, size, size), dtype=np.float32)
    y = (rng.random((batch, 2)) < 0.5).astype(np.float32)
    x.astype("<f4").tofile(f"{out}/train-input.f32")
    y.astype("<f4").tofile(f"{out}/train-labels.f32")
    model = network(depth, width).train()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    def step():
        optimiser.zero_grad()
        loss = loss_fn(model(xt), yt)
        loss.backward()
        optimiser.step()

    for _ in range(3):
        step()
    seconds = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        seconds.append(time.perf_counter() - t0)
    seconds.sort()
    print(f"python_images_per_second={batch / seconds[len(seconds) // 2]:.2f} torch={torch.__version__}")


if __name__ == "__main__":
    main()
