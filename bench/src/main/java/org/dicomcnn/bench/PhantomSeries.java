package org.dicomcnn.bench;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Volume;

/** The series of a phantom cohort that have ground truth, loaded one at a time, for benchmarks that judge by it. */
final class PhantomSeries {

    /** Receives one series. */
    @FunctionalInterface
    interface Visitor {
        /**
         * @param volume the series' largest volume
         * @param truth its study's ground truth
         * @throws Exception if the benchmark's work fails
         */
        void visit(Volume volume, StudyTruth truth) throws Exception;
    }

    private PhantomSeries() {}

    /**
     * Visits the first {@code maxSeries} series with ground truth, in index order.
     *
     * @param cohort the cohort folder
     * @param maxSeries at most this many series
     * @param visitor receives each
     * @return the number visited
     * @throws Exception if the cohort cannot be read or the visitor fails
     */
    static int forEach(Path cohort, int maxSeries, Visitor visitor) throws Exception {
        DicomIndex index = DicomIndex.scan(cohort, ProgressListener.NONE);
        SeriesLoader loader = new SeriesLoader();
        int series = 0;
        for (PatientRef p : index.patients()) {
            for (StudyRef st : p.studies()) {
                for (SeriesRef se : st.series()) {
                    if (series >= maxSeries) {
                        return series;
                    }
                    Optional<StudyTruth> truth = PhantomLabels.truthOf(se);
                    if (truth.isEmpty()) {
                        continue;
                    }
                    Volume v = loader.load(se, ProgressListener.NONE).volumes().stream()
                            .max(Comparator.comparingInt(Volume::depth)).orElseThrow();
                    series++;
                    visitor.visit(v, truth.get());
                }
            }
        }
        return series;
    }
}
