package org.dicomcnn.training.detection;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.training.detection.DetectionEvaluation.ClassResult;
import org.dicomcnn.training.detection.DetectionEvaluation.StudyFindings;
import org.dicomcnn.training.eval.Interval;
import org.dicomcnn.volume.Vec3;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Findings placed at chosen offsets from the lesions of the committed phantom studies:
 * stable-nodule/study-1 (N1 7.5 mm and N2 13 mm across, both targets), growing-nodule/study-1
 * (N1 8.6 mm, a target; N2 4.9 mm, not), new-effusion/study-1 (no lesion) and study-2 (effusion E1).
 */
class DetectionEvaluationTest {

    private static final double Z95 = 1.959963984540054;

    private static StudyTruth stable;
    private static StudyTruth growing;
    private static StudyTruth normal;
    private static StudyTruth effusion;

    @BeforeAll
    static void readTruth() throws IOException {
        stable = read("stable-nodule", "study-1");
        growing = read("growing-nodule", "study-1");
        normal = read("new-effusion", "study-1");
        effusion = read("new-effusion", "study-2");
        assertTrue(diameterMm(stable.lesion("N1")) >= 6 && diameterMm(stable.lesion("N2")) >= 6);
        assertTrue(diameterMm(growing.lesion("N1")) >= 6);
        assertTrue(diameterMm(growing.lesion("N2")) < 6, "growing-nodule N2 is the small nodule of these tests");
        assertTrue(normal.lesions().isEmpty());
    }

    private static StudyTruth read(String patient, String study) throws IOException {
        return GroundTruthJson.readStudy(TestData.committedSamples().resolve(patient).resolve(study)
                .resolve(StudyTruth.FILE_NAME));
    }

    private static double diameterMm(LesionTruth l) {
        double[] d = l.diametersMm();
        return Math.cbrt(d[0] * d[1] * d[2]);
    }

    /** A finding of a class at a lesion's centre plus an offset, mm. */
    private static Finding finding(String cls, double probability, LesionTruth near, Vec3 offsetMm) {
        Vec3 centre = Vec3.of(near.centreMm()).plus(offsetMm);
        return new Finding(cls, probability, false, new double[3], centre, new int[6], 8, 8, 0.3, List.of(),
                new Finding.Provenance("region-scoring", "test", "test"));
    }

    private static Finding nodule(double probability, LesionTruth near, double dx, double dy, double dz) {
        return finding("nodule", probability, near, new Vec3(dx, dy, dz));
    }

    private static StudyFindings study(StudyTruth truth, Finding... findings) {
        return new StudyFindings(truth, List.of(findings));
    }

    @Test
    void findingThreeMillimetresFromATargetIsAHit() {
        ClassResult r = DetectionEvaluation.evaluate(List.of(study(stable, nodule(0.9, stable.lesion("N1"), 3, 0, 0))),
                "nodule", 0.5);
        assertEquals(2, r.targets());
        assertEquals(1, r.detected());
        assertEquals(0, r.falsePositives());
        assertEquals(3, r.meanCentreErrorMm(), 1e-9);
        assertEquals(3, r.maxCentreErrorMm(), 1e-9);
    }

    @Test
    void everyTargetIsListedWithWhatBecameOfItAndCountedByGroup() {
        ClassResult r = DetectionEvaluation.evaluate(List.of(study(stable, nodule(0.9, stable.lesion("N1"), 3, 0, 0))),
                "nodule", 0.5);
        assertEquals(2, r.outcomes().size());
        DetectionEvaluation.TargetOutcome n1 = r.outcomes().stream().filter(o -> o.lesionId().equals("N1"))
                .findFirst().orElseThrow();
        DetectionEvaluation.TargetOutcome n2 = r.outcomes().stream().filter(o -> o.lesionId().equals("N2"))
                .findFirst().orElseThrow();
        assertTrue(n1.detected());
        assertEquals(0.9, n1.probability(), 1e-12);
        assertEquals(3, n1.centreErrorMm(), 1e-9);
        assertEquals(stable.studyInstanceUid(), n1.studyInstanceUid());
        assertEquals(stable.lesion("N1").lesionClass(), n1.lesionClass());
        assertEquals(stable.series().get(0).sliceThicknessMm(), n1.sliceThicknessMm(), 1e-12);
        assertEquals(diameterMm(stable.lesion("N1")), n1.diameterMm(), 1e-9);
        assertTrue(!n2.detected() && Double.isNaN(n2.probability()) && Double.isNaN(n2.centreErrorMm()));
        var byId = r.breakdown(DetectionEvaluation.TargetOutcome::lesionId);
        assertEquals(List.of("N1", "N2"), List.copyOf(byId.keySet()));
        assertEquals(List.of(1, 1), List.of(byId.get("N1")[0], byId.get("N1")[1]));
        assertEquals(List.of(1, 0), List.of(byId.get("N2")[0], byId.get("N2")[1]));
    }

    @Test
    void patientBootstrapMovesAPatientsLesionsTogether() {
        // patient "stable" has both targets found, patient "growing" its one target missed: 2 of 3.
        ClassResult r = DetectionEvaluation.evaluate(List.of(
                study(stable, nodule(0.9, stable.lesion("N1"), 1, 0, 0), nodule(0.8, stable.lesion("N2"), 0, 1, 0)),
                study(growing)), "nodule", 0.5);
        assertTrue(!stable.patientKey().equals(growing.patientKey()));
        assertEquals(3, r.targets());
        assertEquals(2, r.detected());
        Interval byPatient = r.sensitivityByPatient(2000, 1);
        assertEquals(2 / 3.0, byPatient.estimate(), 1e-12);
        // two patients resampled: both "stable" (3/3... 4/4), both "growing" (0/2) or one each (2/3)
        assertEquals(0, byPatient.lower(), 1e-12);
        assertEquals(1, byPatient.upper(), 1e-12);
        assertTrue(r.sensitivity().lower() > 0 && r.sensitivity().upper() < 1, "Wilson counts lesions as independent");
        assertNull(DetectionEvaluation.evaluate(List.of(study(normal)), "nodule", 0.5).sensitivityByPatient(100, 1));
    }

    @Test
    void findingSevenMillimetresAwayIsAFalsePositive() {
        ClassResult r = DetectionEvaluation.evaluate(
                List.of(study(stable, nodule(0.9, stable.lesion("N1"), 0, 4, -Math.sqrt(33)))), "nodule", 0.5);
        assertEquals(0, r.detected());
        assertEquals(1, r.falsePositives());
        assertTrue(Double.isNaN(r.meanCentreErrorMm()));
    }

    @Test
    void secondFindingOnAMatchedLesionIsAFalsePositiveAndTheMoreProbableOneMatches() {
        LesionTruth n2 = stable.lesion("N2");
        // the less probable finding is nearer; the more probable one is still taken first
        ClassResult r = DetectionEvaluation.evaluate(
                List.of(study(stable, nodule(0.6, n2, 0, 1, 0), nodule(0.8, n2, 0, 0, 2))), "nodule", 0.5);
        assertEquals(1, r.detected());
        assertEquals(1, r.falsePositives());
        assertEquals(2, r.meanCentreErrorMm(), 1e-9, "the 0.8 finding, 2 mm away, is the hit");
    }

    @Test
    void eachFindingMatchesItsNearestUnmatchedTarget() {
        ClassResult r = DetectionEvaluation.evaluate(List.of(study(stable,
                nodule(0.9, stable.lesion("N1"), 1, 0, 0), nodule(0.7, stable.lesion("N2"), 0, 0, 4))), "nodule", 0.5);
        assertEquals(2, r.detected());
        assertEquals(0, r.falsePositives());
        assertEquals(2.5, r.meanCentreErrorMm(), 1e-9);
        assertEquals(4, r.maxCentreErrorMm(), 1e-9);
    }

    @Test
    void findingOnANoduleUnderSixMillimetresIsNeitherHitNorFalsePositive() {
        LesionTruth small = growing.lesion("N2");
        ClassResult on = DetectionEvaluation.evaluate(List.of(study(growing, nodule(0.9, small, 1, 1, 0))), "nodule", 0.5);
        assertEquals(1, on.targets(), "only N1 is a target");
        assertEquals(0, on.detected());
        assertEquals(0, on.falsePositives());

        // beyond the small nodule's radius plus 3 mm it is an ordinary false positive
        double beyond = diameterMm(small) / 2 + 3 + 1;
        ClassResult off = DetectionEvaluation.evaluate(List.of(study(growing, nodule(0.9, small, beyond, 0, 0))),
                "nodule", 0.5);
        assertEquals(1, off.falsePositives());
    }

    @Test
    void findingsBelowTheThresholdOrOfAnotherClassAreIgnored() {
        LesionTruth n1 = stable.lesion("N1");
        List<StudyFindings> studies = List.of(study(stable,
                nodule(0.9, n1, 0, 0, 1),
                nodule(0.3, n1, 30, 0, 0),
                finding("effusion", 0.95, n1, new Vec3(40, 0, 0))));
        ClassResult high = DetectionEvaluation.evaluate(studies, "nodule", 0.5);
        assertEquals(1, high.detected());
        assertEquals(0, high.falsePositives());
        ClassResult low = DetectionEvaluation.evaluate(studies, "nodule", 0.2);
        assertEquals(1, low.detected());
        assertEquals(1, low.falsePositives());
        ClassResult exact = DetectionEvaluation.evaluate(studies, "nodule", 0.3);
        assertEquals(1, exact.falsePositives(), "a finding at the threshold counts");
        ClassResult none = DetectionEvaluation.evaluate(studies, "nodule", 0.95);
        assertEquals(0, none.detected());
        assertEquals(0, none.falsePositives());
    }

    @Test
    void lesionsResolvedBeforeTheStudyAreNotTargets() {
        List<LesionTruth> lesions = new ArrayList<>();
        for (LesionTruth l : stable.lesions()) {
            lesions.add(l.id().equals("N2") ? new LesionTruth(l.id(), l.lesionClass(), l.side(), false, "resolved",
                    l.centreMm(), l.diametersMm(), l.axes(), l.extentMm(), 0, l.meanHu(), null, null, l.growth(),
                    null, null, null, l.canonicalCentreMm()) : l);
        }
        StudyTruth t = new StudyTruth(stable.schema(), stable.schemaVersion(), stable.note(), stable.generator(),
                stable.patientKey(), stable.patientId(), stable.scenario(), stable.studyIndex(), stable.studyKey(),
                stable.studyInstanceUid(), stable.studyDate(), stable.studyTime(), stable.daysSinceBaseline(),
                stable.frameOfReferenceUid(), stable.canonicalToPatient(), stable.series(), lesions);
        ClassResult r = DetectionEvaluation.evaluate(List.of(study(t, nodule(0.9, t.lesion("N2"), 0, 0, 0))),
                "nodule", 0.5);
        assertEquals(1, r.targets());
        assertEquals(0, r.detected());
        assertEquals(1, r.falsePositives());
    }

    @Test
    void sensitivityIsTheWilsonIntervalOfTheCountsAndFalsePositivesAreDividedByStudies() {
        List<StudyFindings> studies = List.of(
                study(stable, nodule(0.9, stable.lesion("N1"), 2, 0, 0), nodule(0.7, stable.lesion("N1"), 60, 0, 0)),
                study(growing, nodule(0.8, growing.lesion("N1"), 0, -3, 0)),
                study(normal, nodule(0.6, growing.lesion("N1"), 0, 0, 0)),
                study(effusion));
        ClassResult r = DetectionEvaluation.evaluate(studies, "nodule", 0.5);
        assertEquals(3, r.targets());
        assertEquals(2, r.detected());
        assertEquals(2, r.falsePositives());
        assertEquals(2.0 / 4, r.falsePositivesPerStudy(), 1e-12);

        Interval s = r.sensitivity();
        double n = r.targets();
        double p = r.detected() / n;
        double centre = (p + Z95 * Z95 / (2 * n)) / (1 + Z95 * Z95 / n);
        double half = Z95 / (1 + Z95 * Z95 / n) * Math.sqrt(p * (1 - p) / n + Z95 * Z95 / (4 * n * n));
        assertEquals(p, s.estimate(), 1e-12);
        assertEquals(centre - half, s.lower(), 1e-9);
        assertEquals(centre + half, s.upper(), 1e-9);
        assertTrue(r.toString().contains("2/3 detected"), r.toString());
    }

    @Test
    void effusionFindingInsideTheFluidIsAHitAndOnTheOtherSideIsNot() {
        LesionTruth e1 = effusion.lesion("E1");
        double half = Math.min(e1.extentMm()[0], Math.min(e1.extentMm()[1], e1.extentMm()[2])) / 2;
        assertTrue(half > 20, "E1 is a large effusion: " + half);
        ClassResult inside = DetectionEvaluation.evaluate(List.of(study(effusion, finding("effusion", 0.9, e1,
                new Vec3(0, 0, half - 1)))), "effusion", 0.5);
        assertEquals(1, inside.detected());
        assertEquals(half - 1, inside.maxCentreErrorMm(), 1e-9);
        ClassResult otherSide = DetectionEvaluation.evaluate(List.of(study(effusion, finding("effusion", 0.9, e1,
                new Vec3(-2 * e1.centreMm()[0], 0, 0)))), "effusion", 0.5);
        assertEquals(0, otherSide.detected());
        assertEquals(1, otherSide.falsePositives());
        LesionTruth n1 = stable.lesion("N1");
        ClassResult nodule = DetectionEvaluation.evaluate(List.of(study(stable, finding("nodule", 0.9, n1,
                new Vec3(0, 0, 5.5)))), "nodule", 0.5);
        assertEquals(0, nodule.detected(), "nodules keep the 5 mm rule");
    }

    @Test
    void effusionFindingAtTheCentroidIsAHit() {
        LesionTruth e1 = effusion.lesion("E1");
        ClassResult r = DetectionEvaluation.evaluate(List.of(study(effusion, finding("effusion", 0.9, e1,
                new Vec3(0, 3, 0)))), "effusion", 0.5);
        assertEquals(1, r.targets());
        assertEquals(1, r.detected());
        assertEquals(0, r.falsePositives());
    }

    /**
     * A class without targets in the studies (effusion in nodule-only studies, or no studies at
     * all) is an ordinary case for a test split: the false positives still count and the
     * sensitivity is undefined (documented as null), but evaluation must not fail.
     */
    @Test
    void evaluatesAClassWithoutTargets() {
        List<StudyFindings> studies = List.of(study(stable, finding("effusion", 0.9, stable.lesion("N1"), Vec3.ZERO)));
        ClassResult r = assertDoesNotThrow(() -> DetectionEvaluation.evaluate(studies, "effusion", 0.5));
        assertEquals(0, r.targets());
        assertEquals(1, r.falsePositives());
        assertEquals(1.0, r.falsePositivesPerStudy(), 1e-12);
        assertNull(r.sensitivity());
        assertTrue(r.toString().contains("no targets"), r.toString());
        ClassResult none = assertDoesNotThrow(() -> DetectionEvaluation.evaluate(List.of(), "nodule", 0.5));
        assertEquals(0, none.targets());
        assertEquals(0, none.falsePositivesPerStudy());
        assertEquals(1, assertDoesNotThrow(() -> DetectionEvaluation.thresholdForFalsePositiveRate(studies, "nodule", 0)),
                0, "no nodule findings: no threshold to choose");
    }

    @Test
    void thresholdForFalsePositiveRateIsTheLowestMeetingTheLimit() {
        List<StudyFindings> studies = List.of(
                study(stable, nodule(0.95, stable.lesion("N1"), 1, 0, 0), nodule(0.9, stable.lesion("N1"), 50, 0, 0),
                        nodule(0.4, stable.lesion("N2"), 40, 0, 0)),
                study(growing, nodule(0.6, growing.lesion("N1"), 0, 2, 0), nodule(0.5, growing.lesion("N1"), 0, 45, 0),
                        nodule(0.2, growing.lesion("N1"), 0, -45, 0)));
        List<Double> probabilities = new ArrayList<>(new TreeSet<>(studies.stream()
                .flatMap(s -> s.findings().stream()).map(Finding::probability).toList()));

        for (double limit : new double[] {2, 1.5, 1.0, 0.5, 0}) {
            double t = DetectionEvaluation.thresholdForFalsePositiveRate(studies, "nodule", limit);
            assertTrue(probabilities.contains(t), "a finding's probability: " + t);
            assertTrue(DetectionEvaluation.evaluate(studies, "nodule", t).falsePositivesPerStudy() <= limit,
                    "at " + t + " the limit " + limit + " holds");
            int i = probabilities.indexOf(t);
            if (i > 0) {
                double below = probabilities.get(i - 1);
                assertTrue(DetectionEvaluation.evaluate(studies, "nodule", below).falsePositivesPerStudy() > limit,
                        "at the next lower threshold " + below + " the limit " + limit + " is exceeded");
            }
        }
        // worked by hand: false positives 0.9, 0.5, 0.4, 0.2 over two studies
        assertEquals(0.2, DetectionEvaluation.thresholdForFalsePositiveRate(studies, "nodule", 2), 0);
        assertEquals(0.4, DetectionEvaluation.thresholdForFalsePositiveRate(studies, "nodule", 1.5), 0);
        assertEquals(0.5, DetectionEvaluation.thresholdForFalsePositiveRate(studies, "nodule", 1.0), 0);
        assertEquals(0.6, DetectionEvaluation.thresholdForFalsePositiveRate(studies, "nodule", 0.5), 0);
        assertEquals(0.95, DetectionEvaluation.thresholdForFalsePositiveRate(studies, "nodule", 0), 0);
    }

    @Test
    void thresholdIsOneWhenNoFindingThresholdMeetsTheLimit() {
        List<StudyFindings> studies = List.of(study(stable, nodule(0.99, stable.lesion("N1"), 50, 0, 0)));
        assertEquals(1, DetectionEvaluation.thresholdForFalsePositiveRate(studies, "nodule", 0), 0);
        assertEquals(0, DetectionEvaluation.evaluate(studies, "nodule", 1).falsePositives());
    }

    /**
     * Three targets in three studies, three false findings (0.95, 0.7, 0.3) and one on a nodule
     * too small to count (ignored): at most 1 false positive (1/3 per study) the threshold is 0.9
     * and one target is found; at 2, 0.4 and two; at 3, 0.2 and all three; below 1, none.
     */
    @Test
    void frocReadsEveryOperatingPointFromOneJudgement() {
        List<StudyFindings> studies = List.of(
                study(stable, nodule(0.9, stable.lesion("N1"), 2, 0, 0), nodule(0.4, stable.lesion("N2"), 0, 1, 0),
                        nodule(0.7, stable.lesion("N1"), 60, 0, 0)),
                study(growing, nodule(0.2, growing.lesion("N1"), 0, 0, 1), nodule(0.95, growing.lesion("N1"), 60, 0, 0),
                        nodule(0.6, growing.lesion("N2"), 0, 0, 0)),
                study(normal, nodule(0.3, stable.lesion("N1"), 0, 0, 0)));
        ClassResult all = DetectionEvaluation.evaluate(studies, "nodule", 0.05);
        assertEquals(3, all.targets());
        assertEquals(3, all.falsePositives());
        assertEquals(3, all.studies());

        List<DetectionEvaluation.FrocPoint> froc = all.froc(0.25, 1 / 3.0, 2 / 3.0, 1, 8);
        assertEquals(List.of(1.0, 0.9, 0.4, 0.2, 0.2), froc.stream().map(DetectionEvaluation.FrocPoint::threshold).toList());
        assertEquals(List.of(0, 1, 2, 3, 3), froc.stream().map(DetectionEvaluation.FrocPoint::detected).toList());
        assertEquals(2 / 3.0, froc.get(2).sensitivity(), 1e-12);
        assertEquals(1.0, froc.get(4).falsePositivesPerStudy(), 1e-12, "8 per study is beyond the floor: its rate");
        for (DetectionEvaluation.FrocPoint p : froc) {
            ClassResult at = DetectionEvaluation.evaluate(studies, "nodule", p.threshold());
            assertEquals(at.detected(), p.detected(), "judged again at " + p.threshold());
            assertEquals(at.falsePositivesPerStudy(), p.falsePositivesPerStudy(), 1e-12);
        }
        // 1/8 and 1/4: none; 1/2 (at most 1.5 false positives): one; 1 to 8: all three
        assertEquals((1 / 3.0 + 4) / 7, all.cpm(), 1e-12);
    }
}
