package org.dicomcnn.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that it either appears complete or not at all: the content goes to a
 * temporary file in the same folder (so the final move stays on one file system), which is then
 * moved over the target. A run cancelled half-way leaves at most a hidden {@code .tmp} file,
 * which is deleted when the writer fails.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the stream to write to; closed by the caller
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically, creating its folder when needed.
     *
     * @param target the file to write (replaced when it exists)
     * @param content what to write
     * @return the target
     * @throws IOException if writing or moving fails; the target is then untouched
     */
    public static Path write(Path target, Content content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
