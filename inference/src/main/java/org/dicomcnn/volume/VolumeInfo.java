package org.dicomcnn.volume;

import java.util.List;
import org.dicomcnn.dicom.WindowPreset;

/**
 * What a volume is, beyond its voxels.
 *
 * @param seriesInstanceUid the series it was loaded from
 * @param frameOfReferenceUid Frame of Reference UID (0020,0052), or ""
 * @param modality Modality, e.g. "CT"
 * @param unit unit of the voxel values: "HU" for CT, the Rescale Type otherwise, "" when unknown
 * @param windows the window presets of the series, in rescaled units
 * @param sourcePhotometric the files' Photometric Interpretation (voxels of MONOCHROME1 images are
 *     inverted, colour images are RGB)
 */
public record VolumeInfo(
        String seriesInstanceUid,
        String frameOfReferenceUid,
        String modality,
        String unit,
        List<WindowPreset> windows,
        String sourcePhotometric) {

    /** Copies the window list. */
    public VolumeInfo {
        windows = List.copyOf(windows);
    }
}
