package org.dicomcnn.pipeline;

/**
 * Receives progress from long-running work. Adapters turn it into a terminal progress bar or
 * ImageJ's progress bar. Implementations must be thread-safe: stages report from worker threads.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total, phase) -> { };

    /**
     * Reports that {@code done} of {@code total} units of the named phase are finished.
     *
     * @param done units finished so far
     * @param total units in this phase (0 when unknown)
     * @param phase a short label such as "indexing" or "decoding"
     */
    void progress(long done, long total, String phase);

    /**
     * Asked between units of work; when it returns true the stage stops at the next safe point
     * and throws {@link java.util.concurrent.CancellationException}, writing nothing half-done.
     *
     * @return whether the user asked to stop
     */
    default boolean cancelled() {
        return false;
    }
}
