package org.dicomcnn.volume;

import java.util.List;
import org.dicomcnn.dicom.FileProblem;
import org.dicomcnn.dicom.SeriesRef;

/**
 * What loading a series produced: its volumes (usually one), the files that could not be used,
 * and notes on how frames were ordered, split or left out.
 *
 * @param series the series loaded
 * @param volumes the volumes, largest first; empty when nothing could be loaded
 * @param problems files or frames that failed, each with its reason
 * @param notes what the loader found and did (splits, duplicates, gaps, fallbacks)
 */
public record SeriesVolumes(SeriesRef series, List<Volume> volumes, List<FileProblem> problems, List<String> notes) {

    /** Copies the lists. */
    public SeriesVolumes {
        volumes = List.copyOf(volumes);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }
}
