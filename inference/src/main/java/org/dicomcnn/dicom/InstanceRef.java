package org.dicomcnn.dicom;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One DICOM file in the index.
 *
 * @param path the file
 * @param sopInstanceUid SOP Instance UID (0008,0018)
 * @param sopClassUid SOP Class UID (0008,0016)
 * @param transferSyntaxUid its transfer syntax
 * @param instanceNumber Instance Number (0020,0013), or 0 when absent
 * @param frames Number of Frames, 1 for single-frame images, 0 when it has no pixel data
 * @param rows Rows, 0 when it has no pixel data
 * @param columns Columns, 0 when it has no pixel data
 */
public record InstanceRef(
        Path path,
        String sopInstanceUid,
        String sopClassUid,
        String transferSyntaxUid,
        int instanceNumber,
        int frames,
        int rows,
        int columns) {

    /** Requires the path and UIDs. */
    public InstanceRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
    }

    /** Whether this instance holds pixel data. */
    public boolean isImage() {
        return frames > 0;
    }
}
