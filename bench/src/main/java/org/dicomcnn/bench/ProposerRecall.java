package org.dicomcnn.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.localize.BlobCandidates;
import org.dicomcnn.localize.RegionProposer;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.volume.Vec3;

/**
 * Recall of the nodule candidate stages on phantoms with ground truth: for every present nodule
 * of 6 mm or more, whether a blob candidate ({@link BlobCandidates}) and a measured proposal
 * ({@link RegionProposer}) lies within 5 mm of its centre, by how many candidates are kept; the
 * same with up to {@value #GROUND_GLASS} ground-glass cores added to the most blobs
 * ({@code BlobCandidates.find(v, max, groundGlass)}, as the default model's stage proposes); and
 * the time per series.
 *
 * <pre>
 * java -cp ... org.dicomcnn.bench.ProposerRecall COHORT_FOLDER [MAX_SERIES]
 * </pre>
 */
public final class ProposerRecall {

    private static final int[] KEPT = {10, 30, 100, 200, 400, 600};

    /** Ground-glass cores added to the most blobs. */
    private static final int GROUND_GLASS = 150;

    /** Counts and times over the cohort. */
    private static final class Tally {
        int targets;
        int proposalHits;
        int withCoresHits;
        double cores;
        double withCoresSeconds;
        double proposals;
        double blobSeconds;
        double proposalSeconds;
    }

    private ProposerRecall() {}

    /**
     * @param args cohort folder, optional series limit
     * @throws Exception if the cohort cannot be read
     */
    public static void main(String[] args) throws Exception {
        int maxSeries = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        int[] blobHits = new int[KEPT.length];
        Tally n = new Tally();
        int series = PhantomSeries.forEach(Path.of(args[0]), maxSeries, (v, truth) -> {
            long t0 = System.nanoTime();
            List<BlobCandidates.Candidate> blobs = BlobCandidates.find(v, KEPT[KEPT.length - 1]);
            long t1 = System.nanoTime();
            List<RegionProposer.Proposal> measured = RegionProposer.nodules(v, KEPT[KEPT.length - 1]);
            long t2 = System.nanoTime();
            List<BlobCandidates.Candidate> withCores = BlobCandidates.find(v, KEPT[KEPT.length - 1], GROUND_GLASS);
            n.withCoresSeconds += (System.nanoTime() - t2) / 1e9;
            n.cores += withCores.stream().filter(c -> c.source() == BlobCandidates.Source.GROUND_GLASS).count();
            n.blobSeconds += (t1 - t0) / 1e9;
            n.proposalSeconds += (t2 - t1) / 1e9;
            n.proposals += measured.size();
            for (LesionTruth l : truth.lesions()) {
                if (!l.present() || l.lesionClass().equals("pleural_effusion")
                        || PhantomLabels.equivalentDiameter(l) < PhantomLabels.NODULE_MM) {
                    continue;
                }
                n.targets++;
                Vec3 c = Vec3.of(l.centreMm());
                int rank = -1;
                for (int i = 0; i < blobs.size() && rank < 0; i++) {
                    rank = blobs.get(i).centreMm().distance(c) <= 5 ? i : -1;
                }
                for (int k = 0; k < KEPT.length; k++) {
                    blobHits[k] += rank >= 0 && rank < KEPT[k] ? 1 : 0;
                }
                n.withCoresHits += withCores.stream().anyMatch(b -> b.centreMm().distance(c) <= 5) ? 1 : 0;
                n.proposalHits += measured.stream().anyMatch(m -> m.region().centroidMm().distance(c) <= 5) ? 1 : 0;
            }
        });
        System.out.printf(Locale.ROOT, "%d series, %d nodules >= 6 mm%n", series, n.targets);
        for (int k = 0; k < KEPT.length; k++) {
            System.out.printf(Locale.ROOT, "blob candidates, strongest %d: recall %.3f%n", KEPT[k],
                    blobHits[k] / (double) n.targets);
        }
        System.out.printf(Locale.ROOT, "strongest %d blobs and up to %d ground-glass cores (%.1f per series): recall "
                + "%.3f%n", KEPT[KEPT.length - 1], GROUND_GLASS, n.cores / series, n.withCoresHits / (double) n.targets);
        System.out.printf(Locale.ROOT, "measured proposals (of %d blobs; %.0f per series): recall %.3f%n",
                KEPT[KEPT.length - 1], n.proposals / series, n.proposalHits / (double) n.targets);
        System.out.printf(Locale.ROOT, "seconds per series: blob filter %.2f, with ground-glass cores %.2f, proposals "
                + "(filter + measurement) %.2f%n", n.blobSeconds / series, n.withCoresSeconds / series,
                n.proposalSeconds / series);
    }
}
