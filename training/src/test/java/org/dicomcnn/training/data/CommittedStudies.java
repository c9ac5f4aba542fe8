package org.dicomcnn.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.SeriesTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Volume;

/**
 * The committed phantom studies ({@code sample-dicom/studies}), indexed and loaded once for the
 * tests of this package. The ground truth is found here by walking the folder for
 * {@code ground-truth.json} files and matching series UIDs, independently of
 * {@link PhantomLabels#truthOf}.
 */
final class CommittedStudies {

    /**
     * One committed series with everything a test needs about it.
     *
     * @param patient its patient in the index
     * @param study its study in the index
     * @param series the series
     * @param volume its (only) volume
     * @param truth its study's ground truth
     * @param seriesTruth its entry in that truth
     */
    record Loaded(PatientRef patient, StudyRef study, SeriesRef series, Volume volume, StudyTruth truth,
            SeriesTruth seriesTruth) {}

    private static DicomIndex index;
    private static List<Loaded> loaded;

    private CommittedStudies() {}

    /** The committed samples folder. */
    static Path root() {
        return TestData.committedSamples();
    }

    /** The index of the committed samples. */
    static synchronized DicomIndex index() throws IOException {
        if (index == null) {
            index = DicomIndex.scan(root(), ProgressListener.NONE);
            assertFalse(index.patients().isEmpty(), "no patients indexed under " + root());
        }
        return index;
    }

    /** Every committed series, loaded, with its truth; in index order. */
    static synchronized List<Loaded> series() throws IOException {
        if (loaded == null) {
            Map<String, StudyTruth> truthBySeries = new HashMap<>();
            Map<String, SeriesTruth> seriesTruthByUid = new HashMap<>();
            try (Stream<Path> walk = Files.walk(root())) {
                for (Path f : walk.filter(p -> p.getFileName().toString().equals(StudyTruth.FILE_NAME)).toList()) {
                    StudyTruth t = GroundTruthJson.readStudy(f);
                    for (SeriesTruth s : t.series()) {
                        truthBySeries.put(s.seriesInstanceUid(), t);
                        seriesTruthByUid.put(s.seriesInstanceUid(), s);
                    }
                }
            }
            SeriesLoader loader = new SeriesLoader();
            List<Loaded> out = new ArrayList<>();
            for (PatientRef p : index().patients()) {
                for (StudyRef st : p.studies()) {
                    for (SeriesRef se : st.series()) {
                        SeriesVolumes v = loader.load(se, ProgressListener.NONE);
                        assertEquals(1, v.volumes().size(), "committed series " + se.seriesInstanceUid()
                                + " should load as one volume: " + v.notes() + " " + v.problems());
                        StudyTruth truth = truthBySeries.get(se.seriesInstanceUid());
                        if (truth == null) {
                            throw new IllegalStateException("no ground truth lists series " + se.seriesInstanceUid());
                        }
                        out.add(new Loaded(p, st, se, v.volumes().get(0), truth,
                                seriesTruthByUid.get(se.seriesInstanceUid())));
                    }
                }
            }
            loaded = List.copyOf(out);
        }
        return loaded;
    }

    /** The committed series of the patient folder {@code patientKey} and study folder {@code studyKey}. */
    static Loaded series(String patientKey, String studyKey) throws IOException {
        return series().stream()
                .filter(l -> l.truth().patientKey().equals(patientKey) && l.truth().studyKey().equals(studyKey))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no committed series in " + patientKey + "/" + studyKey));
    }

    /** Copies the files of a series into {@code target} (created), keeping their names. */
    static void copySeriesFiles(SeriesRef series, Path target) {
        try {
            Files.createDirectories(target);
            for (var instance : series.instances()) {
                Files.copy(instance.path(), target.resolve(instance.path().getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
