package org.dicomcnn.dicom;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One series in the index, with what a user needs to choose it; its instances are read only when
 * it is loaded.
 *
 * @param seriesInstanceUid Series Instance UID (0020,000E)
 * @param seriesNumber Series Number (0020,0011), or 0
 * @param modality Modality (0008,0060)
 * @param description Series Description (0008,103E), or ""
 * @param bodyPart Body Part Examined (0018,0015), or ""
 * @param seriesDate Series Date (0008,0021), or null
 * @param frameOfReferenceUid Frame of Reference UID (0020,0052), or ""
 * @param convolutionKernel Convolution Kernel (0018,1210), or ""
 * @param sliceThicknessMm Slice Thickness (0018,0050), or NaN
 * @param instances the files, in path order
 */
public record SeriesRef(
        String seriesInstanceUid,
        int seriesNumber,
        String modality,
        String description,
        String bodyPart,
        LocalDate seriesDate,
        String frameOfReferenceUid,
        String convolutionKernel,
        double sliceThicknessMm,
        List<InstanceRef> instances) {

    /** Copies the instance list and requires the UID. */
    public SeriesRef {
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        instances = List.copyOf(instances);
    }

    /** Number of image frames over all instances (a multi-frame file counts its frames). */
    public int imageCount() {
        return instances.stream().mapToInt(InstanceRef::frames).sum();
    }

    /** Whether any instance holds pixel data. */
    public boolean isImageSeries() {
        return instances.stream().anyMatch(InstanceRef::isImage);
    }
}
