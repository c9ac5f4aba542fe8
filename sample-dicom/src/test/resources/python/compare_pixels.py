"""Reads DICOM files with pydicom (Debian python3-pydicom, with GDCM for JPEG) and compares
their pixels with a reference file's.

usage: compare_pixels.py REFERENCE FILE...
Prints one line per file: "<file> <transfer syntax uid> equal" or exits non-zero on a mismatch.
"""
import sys

import numpy as np
import pydicom

reference = pydicom.dcmread(sys.argv[1]).pixel_array
for path in sys.argv[2:]:
    ds = pydicom.dcmread(path)
    pixels = ds.pixel_array
    if pixels.shape != reference.shape or not np.array_equal(pixels, reference):
        diff = np.abs(pixels.astype(np.int64) - reference.astype(np.int64)).max() if pixels.shape == reference.shape else None
        print(f"{path} {ds.file_meta.TransferSyntaxUID} differs (max abs diff {diff})")
        sys.exit(1)
    print(f"{path} {ds.file_meta.TransferSyntaxUID} equal")
