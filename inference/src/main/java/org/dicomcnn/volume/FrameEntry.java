package org.dicomcnn.volume;

import java.nio.file.Path;
import org.dicomcnn.dicom.FrameInfo;

/**
 * One frame of a series as the planner sees it: where it is from, its size and its geometry.
 *
 * @param id a number unique within one load, linking the plan back to decoded pixels
 * @param file the DICOM file
 * @param sopInstanceUid SOP Instance UID of the file
 * @param instanceNumber Instance Number of the file (0 when absent)
 * @param columns Columns
 * @param rows Rows
 * @param channels voxel channels after decoding (1 or 3)
 * @param info the frame's geometry and rescale
 */
public record FrameEntry(int id, Path file, String sopInstanceUid, int instanceNumber, int columns, int rows,
        int channels, FrameInfo info) {

    /** A short way to name this frame in messages: file name, plus frame number for multi-frame. */
    public String label() {
        return file.getFileName() + (info.index() > 0 ? " frame " + (info.index() + 1) : "")
                + " (instance " + instanceNumber + ")";
    }
}
