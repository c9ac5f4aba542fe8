"""The peer in bench/inference-benchmark.sh: Python PyTorch running the same TorchScript file on
the same input batch with the same number of threads; prints the median images per second.

    /usr/bin/python3 torch_infer.py MODEL.pt INPUT.f32 BATCH SIZE THREADS REPETITIONS
"""
import statistics
import sys
import time

import numpy as np
import torch


def main(model_file, input_file, batch, size, threads, repetitions):
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    model = torch.jit.load(model_file).eval()
    x = torch.from_numpy(np.fromfile(input_file, dtype="<f4").reshape(batch, 3, size, size))
    with torch.inference_mode():
        for _ in range(3):
            model(x)
        times = []
        for _ in range(repetitions):
            t0 = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - t0)
    print("python_images_per_second=%.2f torch=%s threads=%d" % (batch / statistics.median(times), torch.__version__,
                                                                   torch.get_num_threads()))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
