"""Writes two TorchScript blob detectors for the heatmap tests, models no one here wrote in Java.

Each convolves a one-channel input with three difference-of-Gaussians kernels (centre sigma 1.5,
2.5 and 3.5 pixels, surround three times wider), keeps the positive response, and scores the image
by its strongest response: logits (-score, score) for the classes (background, blob).
  blob_features.pt returns (logits, feature_map)  -> Score-CAM through the feature output
  blob_logits.pt   returns logits only            -> occlusion

    /usr/bin/python3 make_blob_detector.py OUT_DIR
"""
import os
import sys

import torch


def dog_kernel(sigma, size=21):
    r = torch.arange(size, dtype=torch.float32) - size // 2
    yy, xx = torch.meshgrid(r, r, indexing="ij")
    d2 = xx * xx + yy * yy

    def gauss(s):
        g = torch.exp(-d2 / (2 * s * s))
        return g / g.sum()

    return gauss(sigma) - gauss(3 * sigma)


class BlobDetector(torch.nn.Module):
    def __init__(self, with_features):
        super().__init__()
        self.with_features = with_features
        self.conv = torch.nn.Conv2d(1, 3, 21, padding=10, bias=False)
        with torch.no_grad():
            for i, s in enumerate((1.5, 2.5, 3.5)):
                self.conv.weight[i, 0] = dog_kernel(s) * (s * s)

    def forward(self, x):
        f = torch.relu(self.conv(x))
        score = f.amax(dim=(1, 2, 3))
        logits = torch.stack([-score, score], dim=1)
        if self.with_features:
            return logits, f
        return logits


def main(out):
    os.makedirs(out, exist_ok=True)
    example = torch.zeros(1, 1, 96, 96)
    for name, with_features in (("blob_features.pt", True), ("blob_logits.pt", False)):
        model = BlobDetector(with_features).eval()
        torch.jit.trace(model, example).save(os.path.join(out, name))
    print("written", out)


if __name__ == "__main__":
    main(sys.argv[1])
