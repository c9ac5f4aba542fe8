package org.dicomcnn.temporal;

import java.io.IOException;
import java.nio.file.Path;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Volume;

/** Loads the volume of a folder holding one series (a committed or generated phantom study), for the temporal tests. */
final class StudyVolumes {

    private StudyVolumes() {}

    /**
     * @param folder a study or series folder with one series
     * @return its first volume
     * @throws IOException if it cannot be scanned
     */
    static Volume load(Path folder) throws IOException {
        DicomIndex index = DicomIndex.scan(folder, ProgressListener.NONE);
        return new SeriesLoader(2).load(index.allSeries().get(0), ProgressListener.NONE).volumes().get(0);
    }
}
