"""Reference decoder for tests: loads a DICOM series with pydicom, sorts it along the slice
normal, applies the modality LUT (rescale) to float32 and writes the voxels as raw little-endian
float32 (slice, row, column[, channel]) to the output file.

Run with Debian's interpreter, which has python3-pydicom and python3-numpy:
    /usr/bin/python3 pydicom_volume.py <series folder> <output.f32>
"""
import glob
import os
import sys

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut


def position_along_normal(ds):
    o = np.array(ds.ImageOrientationPatient, dtype=float)
    normal = np.cross(o[:3], o[3:])
    return float(np.dot(normal, np.array(ds.ImagePositionPatient, dtype=float)))


def main(folder, out):
    files = [f for f in sorted(glob.glob(os.path.join(folder, "*"))) if os.path.isfile(f)]
    datasets = sorted((pydicom.dcmread(f) for f in files), key=position_along_normal)
    slices = []
    for ds in datasets:
        pixels = ds.pixel_array
        if ds.SamplesPerPixel == 1:
            pixels = apply_modality_lut(pixels, ds)
        slices.append(np.asarray(pixels, dtype=np.float32))
    np.stack(slices).astype("<f4").tofile(out)
    print(len(slices), "slices", slices[0].shape)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
