package org.dicomcnn.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.DefaultModel;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.pipeline.SeriesAnalyzer;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.temporal.LesionComparison.History;
import org.dicomcnn.temporal.LesionComparison.StudyFinding;
import org.dicomcnn.temporal.LesionComparison.StudyFindings;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Vec3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the committed growing-nodule patient: the timeline picks the studies, the default
 * model finds the nodules in each, the prior is registered, and the comparison follows the
 * growing nodule N1 (declared volume doubling time 150 days) as one grown track.
 */
class EndToEndComparisonTest {

    @Test
    void theDefaultModelsFindingsShowTheGrowingNoduleAsGrown(@TempDir Path cache) throws Exception {
        Path patient = TestData.committedSamples().resolve("growing-nodule");
        Timeline timeline = Timelines.of(DicomIndex.scan(patient, ProgressListener.NONE)).get(0);
        assertEquals(1, timeline.comparablePriors().size());
        TimePoint prior = timeline.comparablePriors().get(0);
        TimePoint current = timeline.current();
        SeriesLoader loader = new SeriesLoader(2);
        SeriesVolumes currentSeries = loader.load(current.series(), ProgressListener.NONE);
        SeriesVolumes priorSeries = loader.load(prior.series(), ProgressListener.NONE);
        Registration r = RigidRegistration.register(SeriesAnalyzer.largest(currentSeries),
                SeriesAnalyzer.largest(priorSeries), RigidRegistration.Settings.DEFAULT,
                ProgressListener.NONE);
        assertFalse(r.failed(), () -> "flagged: " + r.problem());

        List<StudyFindings> studies = new ArrayList<>();
        try (ModelRuntime runtime = ModelRuntime.open(DefaultModel.bundle(cache), DeviceChoice.CPU)) {
            SeriesAnalyzer analyzer = new SeriesAnalyzer(runtime, loader,
                    FindingDetector.Settings.forManifest(runtime.manifest()), 16);
            studies.add(findings(analyzer, prior, priorSeries, r.currentToPrior()));
            studies.add(findings(analyzer, current, currentSeries, RigidTransform.IDENTITY));
        }
        LesionComparison.Result result = LesionComparison.compare(studies, GrowthCriterion.LUNG_RADS_2022);

        Vec3 n1 = Vec3.of(truth(current.series(), "N1").centreMm());
        History growing = result.lesions().stream()
                .filter(h -> h.track().at(1) != null && h.track().at(1).centreMm().distance(n1) <= 5)
                .findFirst().orElseThrow(() -> new AssertionError("no track within 5 mm of N1: " + result.lesions()));
        assertNotNull(growing.track().at(0), "N1 is found in the prior and matched to its current finding");
        LesionChange change = growing.currentChange();
        assertEquals(ChangeStatus.GROWN, change.status());
        double vdt = change.doublingTime().days();
        assertTrue(vdt > 150 * 0.5 && vdt < 150 * 1.5, "VDT " + vdt + " days (declared 150)");
        assertTrue(change.fastGrowth(), "a solid nodule doubling in under 400 days");
    }

    private static StudyFindings findings(SeriesAnalyzer analyzer, TimePoint tp, SeriesVolumes loaded,
            RigidTransform currentToThis) throws Exception {
        List<StudyFinding> out = new ArrayList<>();
        for (Finding f : analyzer.analyze(tp.study().studyInstanceUid(), loaded, 0, ProgressListener.NONE).findings()) {
            out.add(new StudyFinding(f.findingClass(), f.centreMm(), f.diameterMm(), f.volumeMl(), f.probability(),
                    Double.NaN));
        }
        return new StudyFindings(tp.dateTime().toLocalDate(), currentToThis, out);
    }

    private static LesionTruth truth(SeriesRef series, String id) throws Exception {
        Path study = series.instances().get(0).path().getParent().getParent();
        StudyTruth t = GroundTruthJson.readStudy(study.resolve(StudyTruth.FILE_NAME));
        return t.lesions().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }
}
