package org.dicomcnn.model;

/**
 * The model runtime failed: the PyTorch engine did not start, the requested device is not
 * available, or a forward or backward pass failed. The message says which model, which device
 * and what was being done.
 */
public class InferenceException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed and where
     */
    public InferenceException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the underlying cause.
     *
     * @param message what failed and where
     * @param cause the engine's exception
     */
    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
