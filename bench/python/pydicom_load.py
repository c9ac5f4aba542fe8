"""The peer in bench/load-benchmark.sh: load a DICOM series with pydicom as a Python user
would (read every file, sort along the slice normal, stack, rescale to float32 HU) and print the
median time over repetitions.

    /usr/bin/python3 pydicom_load.py SERIES_DIR [repetitions]
"""
import glob
import os
import statistics
import sys
import time

import numpy as np
import pydicom


def load(folder):
    datasets = [pydicom.dcmread(f) for f in glob.glob(os.path.join(folder, "*")) if os.path.isfile(f)]
    o = np.array(datasets[0].ImageOrientationPatient, dtype=float)
    normal = np.cross(o[:3], o[3:])
    datasets.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, dtype=float))))
    volume = np.empty((len(datasets), datasets[0].Rows, datasets[0].Columns), dtype=np.float32)
    for k, d in enumerate(datasets):
        volume[k] = d.pixel_array.astype(np.float32) * float(d.RescaleSlope) + float(d.RescaleIntercept)
    return volume


def main(folder, repetitions):
    load(folder)  # warm-up
    times = []
    for _ in range(repetitions):
        t0 = time.perf_counter()
        v = load(folder)
        times.append(time.perf_counter() - t0)
    print("pydicom_seconds=%.4f pydicom_min_seconds=%.4f voxels=%d" % (statistics.median(times), min(times), v.size))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
