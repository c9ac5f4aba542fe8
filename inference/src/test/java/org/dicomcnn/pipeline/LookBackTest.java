package org.dicomcnn.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.localize.SyntheticChest;
import org.dicomcnn.temporal.ChangeStatus;
import org.dicomcnn.temporal.GrowthCriterion;
import org.dicomcnn.temporal.LesionComparison;
import org.dicomcnn.temporal.LesionComparison.StudyFinding;
import org.dicomcnn.temporal.LesionComparison.StudyFindings;
import org.dicomcnn.temporal.RigidTransform;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * Look-back on synthetic chests: a nodule the detector reported in one study only is measured in
 * the other where a candidate there scored above the look-back threshold, through the
 * registration; nothing is added where the candidates are weaker, or where the lesion is gone.
 */
class LookBackTest {

    private static final int SIZE = 128;
    private static final int SLICES = 40;
    /** The nodule: in the right lung, 8 mm across, solid. */
    private static final double X = SIZE * 0.3;
    private static final double Y = SIZE * 0.5;
    private static final double Z = 40;

    private static final LocalDate PRIOR_DATE = LocalDate.of(2024, 1, 10);
    private static final LocalDate CURRENT_DATE = LocalDate.of(2024, 7, 10);

    @Test
    void aNoduleReportedOnlyNowIsMeasuredInThePriorWhereACandidateScoredAboveTheThreshold() {
        Volume prior = chestWithNodule(Vec3.ZERO);
        Volume current = chestWithNodule(Vec3.ZERO);
        List<LookBack.Study> studies = List.of(
                new LookBack.Study(prior, scores(prior, candidate(X, Y, Z, 0.35), candidate(SIZE * 0.7, Y, Z, 0.9)),
                        RigidTransform.IDENTITY, List.of()),
                new LookBack.Study(current, scores(current), RigidTransform.IDENTITY,
                        List.of(detected(current, X, Y, Z))));

        List<List<Finding>> added = LookBack.find(studies, compare(studies), 0.2);

        assertEquals(1, added.get(0).size(), "the prior gains the nodule: " + added);
        assertTrue(added.get(1).isEmpty());
        Finding f = added.get(0).get(0);
        assertEquals(FindingDetector.LOOK_BACK, f.provenance().method());
        assertEquals(0.35, f.probability(), 1e-9);
        assertTrue(f.centreMm().distance(new Vec3(X, Y, Z)) < 1.5, "centre " + f.centreMm());
        assertEquals(8, f.diameterMm(), 1.5, "measured on the prior's image");
        assertTrue(f.provenance().detail().contains("study 2 of 2"), f.provenance().detail());
    }

    @Test
    void withTheFindingAddedTheNoduleIsComparedInsteadOfCalledNew() {
        Volume prior = chestWithNodule(Vec3.ZERO);
        Volume current = chestWithNodule(Vec3.ZERO);
        List<LookBack.Study> studies = new ArrayList<>(List.of(
                new LookBack.Study(prior, scores(prior, candidate(X, Y, Z, 0.35)), RigidTransform.IDENTITY, List.of()),
                new LookBack.Study(current, scores(current), RigidTransform.IDENTITY,
                        List.of(detected(current, X, Y, Z)))));
        assertEquals(ChangeStatus.NEW, compare(studies).lesions().get(0).currentChange().status());

        List<Finding> added = LookBack.find(studies, compare(studies), 0.2).get(0);
        LookBack.Study p = studies.get(0);
        studies.set(0, new LookBack.Study(p.volume(), p.scores(), p.currentToThis(), added));

        LesionComparison.Result again = compare(studies);
        assertEquals(1, again.lesions().size());
        assertEquals(ChangeStatus.STABLE, again.lesions().get(0).currentChange().status());
    }

    @Test
    void candidatesBelowTheThresholdAddNothing() {
        Volume prior = chestWithNodule(Vec3.ZERO);
        Volume current = chestWithNodule(Vec3.ZERO);
        List<LookBack.Study> studies = List.of(
                new LookBack.Study(prior, scores(prior, candidate(X, Y, Z, 0.15)), RigidTransform.IDENTITY, List.of()),
                new LookBack.Study(current, scores(current), RigidTransform.IDENTITY,
                        List.of(detected(current, X, Y, Z))));

        assertTrue(LookBack.find(studies, compare(studies), 0.2).get(0).isEmpty());
        assertEquals(1, LookBack.find(studies, compare(studies), 0.1).get(0).size(), "a lower threshold takes it");
    }

    @Test
    void thePriorIsSearchedWhereTheRegistrationMapsTheNodule() {
        Vec3 shift = new Vec3(9, -6, 4);
        Volume prior = chestWithNodule(shift);
        Volume current = chestWithNodule(Vec3.ZERO);
        RigidTransform currentToPrior = new RigidTransform(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, shift);
        List<LookBack.Study> studies = List.of(
                new LookBack.Study(prior, scores(prior, candidate(X + 9, Y - 6, Z + 4, 0.3)), currentToPrior,
                        List.of()),
                new LookBack.Study(current, scores(current), RigidTransform.IDENTITY,
                        List.of(detected(current, X, Y, Z))));

        List<Finding> added = LookBack.find(studies, compare(studies), 0.2).get(0);

        assertEquals(1, added.size());
        assertTrue(added.get(0).centreMm().distance(new Vec3(X + 9, Y - 6, Z + 4)) < 1.5,
                "in the prior's own frame: " + added.get(0).centreMm());
        LesionComparison.Result again = compare(List.of(
                new LookBack.Study(prior, studies.get(0).scores(), currentToPrior, added), studies.get(1)));
        assertNotNull(again.lesions().get(0).track().at(0), "one track through both studies");
    }

    @Test
    void aResolvedNoduleStaysResolvedWhenOnlyWeakCandidatesRemainAtItsPlace() {
        Volume prior = chestWithNodule(Vec3.ZERO);
        Volume current = new SyntheticChest(SIZE, SLICES).vessel(X + 2, Y, 1.5).build();
        List<LookBack.Study> studies = List.of(
                new LookBack.Study(prior, scores(prior), RigidTransform.IDENTITY, List.of(detected(prior, X, Y, Z))),
                new LookBack.Study(current, scores(current, candidate(X + 2, Y, Z, 0.01)), RigidTransform.IDENTITY,
                        List.of()));

        List<List<Finding>> added = LookBack.find(studies, compare(studies), LookBack.DEFAULT_THRESHOLD);

        assertTrue(added.get(1).isEmpty(), "nothing where the nodule was: " + added.get(1));
        assertEquals(ChangeStatus.RESOLVED, compare(studies).lesions().get(0).currentChange().status());
    }

    @Test
    void whereTheImageShowsNoLesionNothingIsAddedWhateverTheCandidateScored() {
        Volume prior = chestWithNodule(Vec3.ZERO);
        Volume current = new SyntheticChest(SIZE, SLICES).build();
        List<LookBack.Study> studies = List.of(
                new LookBack.Study(prior, scores(prior), RigidTransform.IDENTITY, List.of(detected(prior, X, Y, Z))),
                new LookBack.Study(current, scores(current, candidate(X, Y, Z, 0.5)), RigidTransform.IDENTITY,
                        List.of()));

        assertTrue(LookBack.find(studies, compare(studies), LookBack.DEFAULT_THRESHOLD).get(1).isEmpty(),
                "aerated lung only: the segmentation finds no lesion, and no ball is made up");
    }

    @Test
    void aCandidateInsideAnotherFindingOfTheStudyIsNotTakenAgain() {
        Volume prior = chestWithNodule(new Vec3(0, 0, 11));
        Volume current = chestWithNodule(Vec3.ZERO);
        // The prior's nodule lies 11 mm from the current one (beyond the 10 mm gate, so it is
        // another track); the only candidate near the current nodule's place lies inside it.
        Finding off = detected(prior, X, Y, Z + 11);
        List<LookBack.Study> studies = List.of(
                new LookBack.Study(prior, scores(prior, candidate(X, Y, Z + 9, 0.5)), RigidTransform.IDENTITY,
                        List.of(off)),
                new LookBack.Study(current, scores(current), RigidTransform.IDENTITY,
                        List.of(detected(current, X, Y, Z))));

        assertTrue(LookBack.find(studies, compare(studies), 0.2).get(0).isEmpty());
    }

    @Test
    void studiesWithoutScoresAreNotLookedIn() {
        Volume v = chestWithNodule(Vec3.ZERO);
        List<LookBack.Study> studies = List.of(
                new LookBack.Study(v, null, RigidTransform.IDENTITY, List.of()),
                new LookBack.Study(v, scores(v), RigidTransform.IDENTITY, List.of(detected(v, X, Y, Z))));
        assertTrue(LookBack.find(studies, compare(studies), 0.2).get(0).isEmpty());
    }

    private static Volume chestWithNodule(Vec3 shift) {
        return new SyntheticChest(SIZE, SLICES).nodule(X + shift.x(), Y + shift.y(), Z + shift.z(), 4, 40).build();
    }

    /** A candidate at a point in mm (the synthetic chest's voxels are 1 x 1 x 2 mm from the origin). */
    private static SliceScores.Candidate candidate(double x, double y, double z, double p) {
        return new SliceScores.Candidate(0, new double[] {x / SyntheticChest.PIXEL_MM, y / SyntheticChest.PIXEL_MM,
            z / SyntheticChest.SLICE_MM}, 8, p);
    }

    private static SliceScores scores(Volume v, SliceScores.Candidate... candidates) {
        return SliceScores.of(List.of("nodule"), new double[v.depth()][1], true).withCandidates(0, List.of(candidates));
    }

    /** A finding as the detector would report it: the nodule segmented at a candidate of 0.9. */
    private static Finding detected(Volume v, double x, double y, double z) {
        return FindingDetector.segmentedAt(v, "nodule", candidate(x, y, z, 0.9), "test").orElseThrow();
    }

    private static LesionComparison.Result compare(List<LookBack.Study> studies) {
        List<StudyFindings> out = new ArrayList<>();
        for (int t = 0; t < studies.size(); t++) {
            LookBack.Study s = studies.get(t);
            out.add(new StudyFindings(t == 0 ? PRIOR_DATE : CURRENT_DATE, s.currentToThis(),
                    s.findings().stream().map(f -> new StudyFinding(f.findingClass(), f.centreMm(), f.diameterMm(),
                            f.volumeMl(), f.probability(), 40)).toList()));
        }
        return LesionComparison.compare(out, GrowthCriterion.LUNG_RADS_2022);
    }
}
