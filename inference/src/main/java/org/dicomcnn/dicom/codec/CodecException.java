package org.dicomcnn.dicom.codec;

import java.io.IOException;

/** A compressed frame could not be decoded: corrupt data, or a feature this decoder lacks. */
public class CodecException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what was expected, e.g. "JPEG SOF declares 600 columns, the
     *     DICOM header 512"
     */
    public CodecException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying error
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
