package org.dicomcnn.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.temporal.LesionComparison.History;
import org.dicomcnn.temporal.LesionComparison.Result;
import org.dicomcnn.temporal.LesionComparison.StudyFinding;
import org.dicomcnn.temporal.LesionComparison.StudyFindings;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * Registration and matching alone: the committed studies registered for real, their ground-truth
 * lesions as the findings (in each study's own frame), compared.
 */
class LesionComparisonTest {

    /** The committed patient's two studies with ground-truth findings, the prior registered to the current. */
    private static Compared compare(String patient, GrowthCriterion criterion) throws IOException {
        Path dir = TestData.committedSamples().resolve(patient);
        StudyTruth priorTruth = GroundTruthJson.readStudy(dir.resolve("study-1").resolve(StudyTruth.FILE_NAME));
        StudyTruth currentTruth = GroundTruthJson.readStudy(dir.resolve("study-2").resolve(StudyTruth.FILE_NAME));
        Registration r = RigidRegistration.register(StudyVolumes.load(dir.resolve("study-2")),
                StudyVolumes.load(dir.resolve("study-1")), RigidRegistration.Settings.DEFAULT, ProgressListener.NONE);
        assertFalse(r.failed(), () -> patient + ": " + r.problem());
        List<String> ids = new ArrayList<>();
        StudyFindings prior = findings(priorTruth, r.currentToPrior(), ids);
        StudyFindings current = findings(currentTruth, RigidTransform.IDENTITY, ids);
        return new Compared(LesionComparison.compare(List.of(prior, current), criterion), ids);
    }

    /** The result, and the truth id of each finding (prior's first, then the current's). */
    private record Compared(Result result, List<String> ids) {
        /** @return the history whose observations are all of the lesion with that id */
        History of(String id, int priorCount) {
            for (History h : result.lesions()) {
                List<String> seen = h.track().observations().stream()
                        .map(o -> ids.get(o.timePoint() == 0 ? o.index() : priorCount + o.index())).distinct().toList();
                if (seen.equals(List.of(id))) {
                    return h;
                }
            }
            throw new AssertionError("no track holds exactly lesion " + id + ": " + result.lesions());
        }
    }

    private static StudyFindings findings(StudyTruth truth, RigidTransform currentToThis, List<String> ids) {
        List<StudyFinding> out = new ArrayList<>();
        for (LesionTruth l : truth.lesions()) {
            if (!l.present()) {
                continue;
            }
            ids.add(l.id());
            double diameter = Math.cbrt(6 * l.volumeMl() * 1000 / Math.PI);
            out.add(new StudyFinding(l.lesionClass().endsWith("nodule") ? "nodule" : "effusion", Vec3.of(l.centreMm()),
                    diameter, l.volumeMl(), 0.9, l.meanHu()));
        }
        return new StudyFindings(LocalDate.parse(truth.studyDate()), currentToThis, out);
    }

    @Test
    void aGrowingSolidNoduleIsGrownWithItsDoublingTimeAndTheSmallOneStable() throws IOException {
        Compared c = compare("growing-nodule", GrowthCriterion.LUNG_RADS_2022);
        assertEquals(2, c.result().lesions().size(), "each nodule is one track");
        History n1 = c.of("N1", 2);
        LesionChange change = n1.currentChange();
        assertEquals(ChangeStatus.GROWN, change.status());
        assertEquals(150, change.doublingTime().days(), 150 * 0.01, "the declared VDT of 150 days");
        assertTrue(change.doublingTime().contains(150));
        assertTrue(change.fastGrowth(), "solid and VDT under 400 days");
        assertEquals(ChangeStatus.STABLE, c.of("N2", 2).currentChange().status());
    }

    @Test
    void stableNodulesStayStableUnderEveryCriterion() throws IOException {
        for (GrowthCriterion criterion : GrowthCriterion.values()) {
            Compared c = compare("stable-nodule", criterion);
            assertEquals(2, c.result().lesions().size(), criterion.cliName());
            for (String id : List.of("N1", "N2")) {
                LesionChange change = c.of(id, 2).currentChange();
                assertEquals(ChangeStatus.STABLE, change.status(), id + " by " + criterion.cliName());
                assertFalse(change.fastGrowth());
            }
        }
    }

    @Test
    void anEffusionThatAppearedIsNew() throws IOException {
        Compared c = compare("new-effusion", GrowthCriterion.BTS_NELSON_VOLUME);
        Map<ChangeStatus, Long> statuses = c.result().lesions().stream()
                .collect(Collectors.groupingBy(h -> h.currentChange().status(), Collectors.counting()));
        assertEquals(Map.of(ChangeStatus.NEW, 1L), statuses);
        assertEquals("effusion", c.result().lesions().get(0).track().findingClass());
        assertNull(c.result().lesions().get(0).trend(), "two studies give no trend");
    }

    @Test
    void threeStudiesGiveATrendAndAResolvedLesion() {
        RigidTransform shifted = RigidTransform.aboutCentre(new double[] {0, 0, 2}, Vec3.ZERO, new Vec3(5, -3, 40));
        // a solid nodule doubling every 100 days, seen in the prior frames where the registration puts it
        Vec3 here = new Vec3(-80, 10, -50);
        List<StudyFindings> studies = List.of(
                new StudyFindings(LocalDate.of(2024, 1, 1), shifted, List.of(
                        new StudyFinding("nodule", shifted.apply(here), 8, 0.2, 0.8, 30),
                        new StudyFinding("nodule", shifted.apply(new Vec3(60, 0, 0)), 6, 0.1, 0.7, -600))),
                new StudyFindings(LocalDate.of(2024, 4, 10), shifted, List.of(
                        new StudyFinding("nodule", shifted.apply(here.plus(new Vec3(1, 0, 0))), 10, 0.4, 0.85, 30))),
                new StudyFindings(LocalDate.of(2024, 7, 19), RigidTransform.IDENTITY, List.of(
                        new StudyFinding("nodule", here, 12.6, 0.8, 0.9, 30))));

        Result r = LesionComparison.compare(studies, GrowthCriterion.FLEISCHNER_2017);

        assertEquals(2, r.lesions().size());
        History grower = r.lesions().get(0);
        assertEquals(3, grower.track().observations().size());
        assertNotNull(grower.trend());
        assertEquals(100, grower.trend().doublingTime().days(), 1e-6, "exact doubling every 100 days");
        assertEquals(ChangeStatus.GROWN, grower.currentChange().status());
        History gone = r.lesions().get(1);
        assertFalse(gone.solid(), "-600 HU is ground glass");
        assertEquals(ChangeStatus.RESOLVED, gone.changes().get(0).status());
        assertNull(gone.changes().get(1), "seen in neither of the last two studies");
        assertThrows(IllegalArgumentException.class, () -> LesionComparison.compare(List.of(studies.get(1),
                studies.get(0)), GrowthCriterion.FLEISCHNER_2017), "dates out of order");
    }

}
