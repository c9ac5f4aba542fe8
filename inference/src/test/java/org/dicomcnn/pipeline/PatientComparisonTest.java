package org.dicomcnn.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.DefaultModel;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.temporal.ChangeStatus;
import org.dicomcnn.temporal.GrowthCriterion;
import org.dicomcnn.temporal.LesionChange;
import org.dicomcnn.temporal.LesionComparison;
import org.dicomcnn.temporal.LesionComparison.History;
import org.dicomcnn.temporal.Registration;
import org.dicomcnn.temporal.Timeline;
import org.dicomcnn.temporal.Timelines;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the committed growing-nodule patient, through the pipeline's
 * {@link PatientComparison}: the timeline picks the studies, the default model finds the nodules
 * in each, the prior is registered, missed lesions are looked back for, and the comparison follows
 * the growing nodule N1 (declared volume doubling time 150 days) as one grown track.
 */
class PatientComparisonTest {

    @Test
    void theDefaultModelsFindingsShowTheGrowingNoduleAsGrown(@TempDir Path cache) throws Exception {
        Path patient = TestData.committedSamples().resolve("growing-nodule");
        Timeline timeline = Timelines.of(DicomIndex.scan(patient, ProgressListener.NONE)).get(0);
        assertEquals(1, timeline.comparablePriors().size());
        SeriesLoader loader = new SeriesLoader(2);
        PatientComparison.Result r;
        try (ModelRuntime runtime = ModelRuntime.open(DefaultModel.bundle(cache), DeviceChoice.CPU)) {
            SeriesAnalyzer analyzer = new SeriesAnalyzer(runtime, loader,
                    FindingDetector.Settings.forManifest(runtime.manifest()), 16);
            r = new PatientComparison(analyzer, loader, PatientComparison.Settings.DEFAULT)
                    .compare(timeline, ProgressListener.NONE);
        }
        assertEquals(List.of(), r.notes(), "no prior left out");
        assertEquals(2, r.studies().size());
        Registration registration = r.studies().get(0).registration();
        assertFalse(registration.failed(), () -> "flagged: " + registration.problem());
        LesionComparison.Result result = r.comparison();
        assertEquals(GrowthCriterion.LUNG_RADS_2022, result.criterion());

        Vec3 n1 = Vec3.of(truth(timeline.current().series(), "N1").centreMm());
        History growing = result.lesions().stream()
                .filter(h -> h.track().at(1) != null && h.track().at(1).centreMm().distance(n1) <= 5)
                .findFirst().orElseThrow(() -> new AssertionError("no track within 5 mm of N1: " + result.lesions()));
        assertNotNull(growing.track().at(0), "N1 is found in the prior and matched to its current finding");
        LesionChange change = growing.currentChange();
        assertEquals(ChangeStatus.GROWN, change.status());
        double vdt = change.doublingTime().days();
        assertTrue(vdt > 150 * 0.5 && vdt < 150 * 1.5, "VDT " + vdt + " days (declared 150)");
        assertTrue(change.fastGrowth(), "a solid nodule doubling in under 400 days");
        Volume subtraction = r.differenceImage(0).subtraction();
        Volume currentVolume = r.current().volume();
        assertEquals(List.of(currentVolume.width(), currentVolume.height(), currentVolume.depth()),
                List.of(subtraction.width(), subtraction.height(), subtraction.depth()), "on the current study's grid");
        double grownHu = maxWithin(subtraction, n1, growing.track().at(1).diameterMm() / 2);
        assertTrue(grownHu > 300, "the grown nodule's new rim shows bright in the subtraction, not " + grownHu + " HU");
        assertThrows(IllegalArgumentException.class, () -> r.differenceImage(1), "the current study is no prior");
        for (PatientComparison.Study s : r.studies()) {
            for (Finding f : s.lookedBack()) {
                assertEquals(FindingDetector.LOOK_BACK, f.provenance().method());
                assertTrue(f.probability() >= LookBack.DEFAULT_THRESHOLD, f.provenance().detail());
            }
        }
    }

    /** The largest value of a volume within a ball, mm. */
    private static double maxWithin(Volume v, Vec3 centre, double radiusMm) {
        double max = Double.NEGATIVE_INFINITY;
        double[] c = v.geometry().patientToVoxel(centre);
        int reach = (int) Math.ceil(radiusMm / Math.min(v.geometry().columnSpacingMm(), v.geometry().sliceSpacingMm()));
        for (int k = Math.max(0, (int) c[2] - reach); k <= Math.min(v.depth() - 1, (int) c[2] + reach); k++) {
            for (int j = Math.max(0, (int) c[1] - reach); j <= Math.min(v.height() - 1, (int) c[1] + reach); j++) {
                for (int i = Math.max(0, (int) c[0] - reach); i <= Math.min(v.width() - 1, (int) c[0] + reach); i++) {
                    float hu = v.value(i, j, k);
                    if (!Float.isNaN(hu) && v.geometry().voxelToPatient(i, j, k).distance(centre) <= radiusMm) {
                        max = Math.max(max, hu);
                    }
                }
            }
        }
        return max;
    }

    private static LesionTruth truth(SeriesRef series, String id) throws Exception {
        Path study = series.instances().get(0).path().getParent().getParent();
        StudyTruth t = GroundTruthJson.readStudy(study.resolve(StudyTruth.FILE_NAME));
        return t.lesions().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }
}
