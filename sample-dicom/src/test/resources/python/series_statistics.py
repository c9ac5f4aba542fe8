"""Reads every DICOM file under a folder with pydicom and prints, per series folder, the number
of files and the mean HU (stored values through Rescale Slope/Intercept), as
"<folder> <count> <mean HU>", so that a test can compare them with what Java reads.

usage: series_statistics.py ROOT
"""
import os
import sys

import numpy as np
import pydicom

root = sys.argv[1]
for folder, _, files in sorted(os.walk(root)):
    dicom = sorted(f for f in files if f.endswith(".dcm"))
    if not dicom:
        continue
    total = 0.0
    count = 0
    for name in dicom:
        ds = pydicom.dcmread(os.path.join(folder, name))
        hu = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
        total += hu.sum()
        count += hu.size
    print(f"{os.path.relpath(folder, root)} {len(dicom)} {total / count:.4f}")
