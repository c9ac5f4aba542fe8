package org.dicomcnn.dicom;

import java.nio.file.Path;

/**
 * The file is not DICOM at all (no "DICM" prefix and no recognisable data set). Scanning counts
 * such files and moves on; they are not listed as problems.
 */
public class NotDicomException extends DicomLoadException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file
     * @param reason why it is not taken for DICOM
     */
    public NotDicomException(Path file, String reason) {
        super(file, reason);
    }
}
