package org.dicomcnn.dicom;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A DICOM file could not be read or decoded. The message names the file and the reason; it never
 * contains patient identifiers.
 */
public class DicomLoadException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    /**
     * @param file the file that failed
     * @param reason what was wrong, e.g. "Pixel Data declares 524288 bytes but 1200 remain"
     */
    public DicomLoadException(Path file, String reason) {
        this(file, reason, null);
    }

    /**
     * @param file the file that failed
     * @param reason what was wrong
     * @param cause the underlying error, if any
     */
    public DicomLoadException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The file that failed. */
    public Path file() {
        return file;
    }

    /** The reason alone, without the file name. */
    public String reason() {
        return reason;
    }
}
