package org.dicomcnn.volume;

import java.nio.file.Path;

/**
 * Where a slice of a volume came from; later stages cite the SOP Instance UID of supporting
 * slices.
 *
 * @param file the DICOM file
 * @param sopInstanceUid its SOP Instance UID
 * @param frameIndex the frame within the file, from 0
 */
public record SliceSource(Path file, String sopInstanceUid, int frameIndex) {}
