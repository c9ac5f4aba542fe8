package org.dicomcnn.training.data;

import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.localize.BlobCandidates;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * Labels nodule candidates with the phantom ground truth, for training a candidate classifier on
 * exactly what the product proposes at run time: {@link BlobCandidates}, centred where the blob
 * filter peaks. (Not {@link org.dicomcnn.localize.RegionProposer}'s measured regions: measuring
 * drops about a fifth of the nodules the blob filter finds, mostly faint ground glass; see
 * docs/benchmarks.md.)
 *
 * <ul>
 *   <li>positive: a candidate within {@link #REACH_MM} of the centre of a present nodule of at least
 *       {@link PhantomLabels#NODULE_MM} (the rule that counts a detection);</li>
 *   <li>unknown: on a smaller nodule (within its radius plus 3 mm), neither taught as a nodule
 *       nor as a non-nodule;</li>
 *   <li>negative: every other candidate (vessel branchings, chest wall, noise).</li>
 * </ul>
 *
 * Every present nodule of at least {@link PhantomLabels#NODULE_MM} is also given as a positive
 * at its true centre, so that the classifier learns nodules the proposer centres poorly.
 */
public final class CandidateLabels {

    /** A proposal this close to a target nodule's centre is that nodule, mm. */
    public static final double REACH_MM = 5;

    private CandidateLabels() {}

    /**
     * A labelled candidate.
     *
     * @param voxel its centre in voxel coordinates (column, row, slice)
     * @param positive whether it is a nodule target
     * @param known whether its label is known
     * @param proposed whether the proposer found it (false for a true centre added for training)
     */
    public record Candidate(double[] voxel, boolean positive, boolean known, boolean proposed) {
        /** Copies the centre. */
        public Candidate {
            voxel = voxel.clone();
        }

        @Override
        public double[] voxel() {
            return voxel.clone();
        }
    }

    /**
     * Proposes and labels the candidates of one series.
     *
     * @param v the series' volume
     * @param truth its study's ground truth
     * @param maxProposals blob candidates kept per series, strongest first (as at run time)
     * @param maxGroundGlass ground-glass cores kept per series besides them (as at run time)
     * @return the candidates, then the true nodule centres
     */
    public static List<Candidate> of(Volume v, StudyTruth truth, int maxProposals, int maxGroundGlass) {
        List<LesionTruth> nodules = truth.lesions().stream()
                .filter(l -> l.present() && PhantomLabels.classOf(l.lesionClass()) == 0).toList();
        List<Candidate> out = new ArrayList<>();
        for (BlobCandidates.Candidate p : BlobCandidates.find(v, maxProposals, maxGroundGlass)) {
            Vec3 centre = p.centreMm();
            boolean positive = false;
            boolean small = false;
            for (LesionTruth l : nodules) {
                double d = centre.distance(Vec3.of(l.centreMm()));
                double size = PhantomLabels.equivalentDiameter(l);
                positive |= size >= PhantomLabels.NODULE_MM && d <= REACH_MM;
                small |= size < PhantomLabels.NODULE_MM && d <= size / 2 + 3;
            }
            out.add(new Candidate(p.voxel(), positive, positive || !small, true));
        }
        for (LesionTruth l : nodules) {
            if (PhantomLabels.equivalentDiameter(l) >= PhantomLabels.NODULE_MM) {
                out.add(new Candidate(v.geometry().patientToVoxel(Vec3.of(l.centreMm())), true, true, false));
            }
        }
        return out;
    }
}
