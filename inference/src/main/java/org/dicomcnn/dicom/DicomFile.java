package org.dicomcnn.dicom;

import com.pixelmed.dicom.AttributeList;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One DICOM file's header (everything before Pixel Data) and where its pixel data lies.
 *
 * @param path the file
 * @param sizeBytes its size on disk
 * @param attributes the data set up to, not including, Pixel Data; owned by this record, do not
 *     modify
 * @param transferSyntaxUid the transfer syntax of the data set
 * @param pixelData where the Pixel Data value lies, or null when the file has none
 */
public record DicomFile(
        Path path, long sizeBytes, AttributeList attributes, String transferSyntaxUid, PixelDataLocation pixelData) {

    /** The pixel data location, if the file has pixel data. */
    public Optional<PixelDataLocation> pixelDataLocation() {
        return Optional.ofNullable(pixelData);
    }
}
