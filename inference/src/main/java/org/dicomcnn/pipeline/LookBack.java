package org.dicomcnn.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.temporal.LesionComparison;
import org.dicomcnn.temporal.LesionTracker;
import org.dicomcnn.temporal.LesionTracker.Observation;
import org.dicomcnn.temporal.RigidTransform;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * Looks for a lesion where another of the patient's studies saw it, as a reader of a follow-up CT
 * looks at the prior before calling a nodule new, and at the follow-up before calling it resolved.
 * A detector working on one study at a time misses some lesions in one study of a pair (a small
 * nodule on 5 mm slices, a faint part-solid one); the comparison would then call a stable nodule
 * new or resolved.
 *
 * <p>The rule, for each tracked lesion of a class the model scores candidates for (nodules), and
 * each study next to one that saw it (the one before or after) where it was not found: its centre
 * is mapped into that study through the registrations, and among that study's scored candidates
 * ({@link SliceScores#candidatesOf}, which the detector already scored and left below its
 * operating point) the most probable one within the tracking gate ({@link LesionTracker#gateMm})
 * whose probability is at least the look-back threshold, and which lies outside every finding of
 * that study, is segmented as a finding ({@link FindingDetector#segmentedAt}, provenance
 * {@value FindingDetector#LOOK_BACK}); when the segmentation finds no lesion there, one
 * centred outside the gate, or one that is the same lesion as a finding of that study, nothing
 * is added. A lesion that is truly new leaves only parenchyma
 * and vessels at its place in the prior, where the candidate stage scores almost nothing.
 *
 * <p>Classes without scored candidates (effusions, which fluid segmentation finds in every study)
 * are not looked back for.
 *
 * <pre>{@code
 * List<List<Finding>> added = LookBack.find(studies, LesionComparison.compare(findings, criterion),
 *         LookBack.DEFAULT_THRESHOLD);
 * }</pre>
 */
public final class LookBack {

    /**
     * The lowest calibrated candidate probability a look-back accepts: only candidates the stage
     * all but rules out are refused. Where another study saw the lesion, the prior odds that it is
     * there are high, and the image must show it: the candidate's segmentation has to find a
     * lesion (no fallback ball) whose centre lies within the gate. Chosen on the seed-808
     * longitudinal cohort (docs/benchmarks.md): the two lesions the detector missed in one study
     * of a pair and look-back recovered scored 0.031 and 0.161 there, below the operating point
     * (0.699); none of the 7 new or 1 resolved lesions of 6 mm or more gained a look-back finding
     * even at 0.01.
     */
    public static final double DEFAULT_THRESHOLD = 0.02;

    private LookBack() {}

    /**
     * One study as the look-back sees it.
     *
     * @param volume the analysed volume (HU)
     * @param scores its scores, with the scored candidates
     * @param currentToThis the current study's patient mm to this study's (identity for the current)
     * @param findings its findings so far (the detector's and earlier look-backs'), in the order
     *     the comparison was given them
     */
    public record Study(Volume volume, SliceScores scores, RigidTransform currentToThis, List<Finding> findings) {

        /** Requires all parts and copies the findings. */
        public Study {
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(currentToThis, "currentToThis");
            findings = List.copyOf(findings);
        }
    }

    /**
     * Finds, in each study, the lesions the comparison's tracks say should be there and the
     * detector did not report.
     *
     * @param studies the studies, in the order of the comparison (oldest first, current last)
     * @param compared the comparison of the studies' findings
     * @param threshold the lowest candidate probability accepted
     * @return per study, the findings looked back for (empty where none)
     */
    public static List<List<Finding>> find(List<Study> studies, LesionComparison.Result compared, double threshold) {
        List<List<Finding>> added = new ArrayList<>();
        for (int t = 0; t < studies.size(); t++) {
            added.add(new ArrayList<>());
        }
        for (LesionComparison.History h : compared.lesions()) {
            for (int t = 0; t < studies.size(); t++) {
                if (h.track().at(t) != null) {
                    continue;
                }
                Observation seen = t + 1 < studies.size() && h.track().at(t + 1) != null ? h.track().at(t + 1)
                        : t > 0 ? h.track().at(t - 1) : null;
                if (seen != null) {
                    Finding f = lookAt(studies.get(t), added.get(t), seen, studies.size(), threshold);
                    if (f != null) {
                        added.get(t).add(f);
                    }
                }
            }
        }
        return added;
    }

    private static Finding lookAt(Study s, List<Finding> alreadyAdded, Observation seen, int studyCount,
            double threshold) {
        if (s.scores() == null) {
            return null;
        }
        int c = s.scores().classes().indexOf(seen.findingClass());
        if (c < 0) {
            return null;
        }
        Vec3 expected = s.currentToThis().apply(seen.centreMm());
        double gate = LesionTracker.gateMm(seen.diameterMm(), seen.diameterMm());
        SliceScores.Candidate best = null;
        Vec3 bestMm = null;
        for (SliceScores.Candidate cand : s.scores().candidatesOf(c)) {
            double[] x = cand.voxel();
            Vec3 mm = s.volume().geometry().voxelToPatient(x[0], x[1], x[2]);
            if (cand.probability() >= threshold && mm.distance(expected) <= gate
                    && (best == null || cand.probability() > best.probability())
                    && farFromAll(mm, 0, s.findings()) && farFromAll(mm, 0, alreadyAdded)) {
                best = cand;
                bestMm = mm;
            }
        }
        if (best == null) {
            return null;
        }
        String why = String.format(Locale.ROOT, "looked back for at the registered position of a %s seen in study "
                + "%d of %d, %.1f mm from the candidate; candidate probability %.3f (look-back threshold %.3f)",
                seen.findingClass(), seen.timePoint() + 1, studyCount, bestMm.distance(expected), best.probability(),
                threshold);
        return FindingDetector.segmentedAt(s.volume(), seen.findingClass(), best, why)
                .filter(f -> f.centreMm().distance(expected) <= gate)
                .filter(f -> farFromAll(f.centreMm(), f.diameterMm(), s.findings())
                        && farFromAll(f.centreMm(), f.diameterMm(), alreadyAdded))
                .orElse(null);
    }

    /**
     * Whether a point (of a lesion {@code diameterMm} across; 0 for a candidate's point) is no part
     * of any of the findings: its distance to each centre is at least half the larger diameter, and
     * at least 5 mm. A segmented look-back can reach past the extent a finding was measured with
     * (a ground-glass nodule measured by its dense core), hence the larger of the two.
     */
    private static boolean farFromAll(Vec3 mm, double diameterMm, List<Finding> findings) {
        for (Finding f : findings) {
            if (mm.distance(f.centreMm()) < Math.max(5, Math.max(diameterMm, f.diameterMm()) / 2)) {
                return false;
            }
        }
        return true;
    }
}
