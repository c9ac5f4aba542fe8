package org.dicomcnn.dicom;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file that could not be used, and why. Shown to the user; never contains patient identifiers.
 *
 * @param file the file
 * @param reason what was wrong with it
 */
public record FileProblem(Path file, String reason) {

    /** Requires both parts. */
    public FileProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
    }

    /** Builds a problem from a load exception. */
    public static FileProblem of(DicomLoadException e) {
        return new FileProblem(e.file(), e.reason());
    }

    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
