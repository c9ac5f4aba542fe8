package org.dicomcnn.model;

import java.io.IOException;

/**
 * A model bundle that cannot be used: missing or unreadable files, a manifest that is not valid
 * JSON or breaks a rule of the format, weights whose SHA-256 differs from the manifest's, or
 * weights that do not fit the architecture the manifest names. The message names the bundle,
 * what is wrong and what was expected.
 */
public class BundleException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what is wrong, where, and what was expected
     */
    public BundleException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what is wrong, where, and what was expected
     * @param cause the failure that revealed it
     */
    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
