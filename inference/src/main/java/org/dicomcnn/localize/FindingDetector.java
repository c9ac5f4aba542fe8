package org.dicomcnn.localize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.model.FeatureGradients;
import org.dicomcnn.model.FeatureMaps;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.preprocess.SlicePlane;
import org.dicomcnn.volume.Volume;

/**
 * Turns a model's slice scores into findings. For every class whose series score reaches its
 * operating point (classes named "background", "normal" or "none", a softmax model's negative
 * class, never give findings):
 *
 * <ul>
 *   <li><b>heatmaps</b> (default): a heatmap for each positive slice (at most
 *       {@link Settings#maxHeatmapSlices()}, most probable first) by the best method the bundle
 *       allows, Grad-CAM for our networks, Score-CAM on a TorchScript model's feature output,
 *       occlusion otherwise; then {@link HeatmapLocalizer};</li>
 *   <li><b>regions</b> (for nodule classes, on networks with a trunk/head split): lung-field blob
 *       proposals scored by {@link RegionScorer}; a proposal at or above the operating point
 *       becomes a finding measured by its own region.</li>
 * </ul>
 *
 * Effusion classes are placed on the image: each fluid collection {@link EffusionSegmenter} finds
 * under the aerated lung is one finding (heatmaps split a collection tens of centimetres long into
 * several, and put the rest on chest-wall muscle of near-fluid density); where it finds none the
 * series has no effusion finding, whatever its score.
 *
 * A class with a candidate stage ({@code Manifest.CandidateStage}) is placed by its scored
 * candidates instead ({@link SliceScores#candidatesOf}): each at or above the operating point is a
 * finding, measured by {@link LesionSegmenter} at its centre, or as a ball of the proposer's
 * diameter when that segmentation fails or strays from the centre ({@link #measureCandidate}).
 *
 * Every finding's provenance names the method that placed it.
 */
public final class FindingDetector {

    /** How nodule-like classes are localised. */
    public enum Method {
        /** Class-activation heatmaps on positive slices. */
        HEATMAP,
        /** Proposed regions scored with pooled features. */
        REGION
    }

    /**
     * Tuning.
     *
     * @param noduleMethod method for classes whose name contains "nodule"
     * @param heatmap heatmap assembly settings
     * @param maxHeatmapSlices positive slices explained per class, most probable first
     * @param maxProposals region proposals scored per series
     * @param scoreCamMaps feature maps Score-CAM uses
     * @param occlusionPatch occluding patch side as a fraction of the input size; patches are
     *     laid edge to edge (a 1/16 patch costs 256 forward passes per slice)
     * @param threshold when finite, used for every class instead of the bundle's operating points
     *     (evaluation sweeps it; NaN in normal use)
     */
    public record Settings(Method noduleMethod, HeatmapLocalizer.Settings heatmap, int maxHeatmapSlices, int maxProposals,
            int scoreCamMaps, double occlusionPatch, double threshold) {
        /** Heatmaps, default assembly, 48 slices, 400 proposals, 32 Score-CAM maps, 1/16 patches. */
        public static final Settings DEFAULT = new Settings(Method.HEATMAP, HeatmapLocalizer.Settings.DEFAULT, 48, 400, 32,
                0.0625, Double.NaN);

        /** The same settings with one threshold for every class (NaN: the bundle's). */
        public Settings withThreshold(double t) {
            return new Settings(noduleMethod, heatmap, maxHeatmapSlices, maxProposals, scoreCamMaps, occlusionPatch, t);
        }

        /**
         * The defaults with the nodule method the bundle's manifest prefers: region scoring when
         * it says {@code region-scoring}, heatmaps otherwise.
         */
        public static Settings forManifest(Manifest m) {
            boolean regions = m.localisation() != null
                    && Manifest.LocalisationSpec.METHOD_REGION_SCORING.equals(m.localisation().method());
            return DEFAULT.withNoduleMethod(regions ? Method.REGION : Method.HEATMAP);
        }

        /** The same settings with another nodule method. */
        public Settings withNoduleMethod(Method m) {
            return new Settings(m, heatmap, maxHeatmapSlices, maxProposals, scoreCamMaps, occlusionPatch, threshold);
        }
    }

    private static final int HEATMAP_BATCH = 8;

    /** The provenance method of findings placed by a candidate stage. */
    public static final String CANDIDATE_STAGE = "candidate-stage";

    private final ModelRuntime runtime;
    private final Preprocessor preprocessor;
    private final Settings settings;

    /**
     * @param runtime the open model that produced the scores
     * @param preprocessor its preprocessor
     * @param settings tuning
     */
    public FindingDetector(ModelRuntime runtime, Preprocessor preprocessor, Settings settings) {
        this.runtime = runtime;
        this.preprocessor = preprocessor;
        this.settings = settings;
    }

    /**
     * How a bundle's class is placed, named for reports: {@code candidate-stage} (a class with a
     * candidate stage), {@code fluid-segmentation} (effusion classes), {@code region-scoring}
     * (nodule classes of a manifest that chooses it) or the manifest's heatmap method.
     *
     * @param m the bundle's manifest
     * @param className one of its classes
     * @return the method's name
     */
    public static String placementOf(Manifest m, String className) {
        return switch (placement(m, className, Settings.forManifest(m).noduleMethod() == Method.REGION)) {
            case CANDIDATES -> CANDIDATE_STAGE;
            case FLUID -> EffusionSegmenter.METHOD;
            case REGIONS -> Manifest.LocalisationSpec.METHOD_REGION_SCORING;
            case HEATMAPS -> m.localisation() == null || m.localisation().method() == null
                    || Manifest.LocalisationSpec.METHOD_REGION_SCORING.equals(m.localisation().method())
                    ? Manifest.LocalisationSpec.METHOD_GRAD_CAM : m.localisation().method();
        };
    }

    /** The ways a class is placed. */
    private enum Placement { CANDIDATES, FLUID, REGIONS, HEATMAPS }

    /** The one rule for how a class is placed; region scoring only for nodule classes. */
    private static Placement placement(Manifest m, String className, boolean regionScoring) {
        LesionSegmenter.Kind kind = LesionSegmenter.Kind.of(className);
        if (m.candidateStages().containsKey(className)) {
            return Placement.CANDIDATES;
        }
        if (kind == LesionSegmenter.Kind.EFFUSION) {
            return Placement.FLUID;
        }
        return regionScoring && kind == LesionSegmenter.Kind.NODULE ? Placement.REGIONS : Placement.HEATMAPS;
    }

    /** Whether a class name means "no finding": background, normal or none. */
    public static boolean isBackground(String className) {
        String c = className.trim().toLowerCase(java.util.Locale.ROOT);
        return c.equals("background") || c.equals("normal") || c.equals("none");
    }

    /**
     * The heatmap method for this bundle: the manifest's choice when it names one the bundle can
     * run, else the best available: "grad-cam" (trunk/head split), "score-cam" (feature output),
     * "occlusion" (anything); "none" when the manifest says the model does not localise.
     */
    public String heatmapMethod() {
        Manifest.LocalisationSpec spec = runtime.manifest().localisation();
        String wanted = spec == null ? null : spec.method();
        if (Manifest.LocalisationSpec.METHOD_NONE.equals(wanted) || Manifest.LocalisationSpec.METHOD_OCCLUSION.equals(wanted)) {
            return wanted;
        }
        return runtime.hasTrunkHeadSplit() ? Manifest.LocalisationSpec.METHOD_GRAD_CAM
                : runtime.hasFeatureOutput() ? Manifest.LocalisationSpec.METHOD_SCORE_CAM
                : Manifest.LocalisationSpec.METHOD_OCCLUSION;
    }

    /**
     * Finds every class's findings.
     *
     * @param v the volume classified
     * @param scores its slice scores
     * @param progress receives "localising" progress per class
     * @return the findings, most probable first
     * @throws InferenceException if the model fails
     */
    public List<Finding> detect(Volume v, SliceScores scores, ProgressListener progress) throws InferenceException {
        Manifest m = runtime.manifest();
        Preprocessor.Prepared prepared = preprocessor.prepare(v);
        List<Finding> all = new ArrayList<>();
        for (int c = 0; c < m.classes().size(); c++) {
            if (progress.cancelled()) {
                throw new CancellationException("localisation cancelled");
            }
            double threshold = Double.isFinite(settings.threshold()) ? settings.threshold() : m.threshold(c);
            if (!isBackground(m.classes().get(c)) && scores.seriesProbabilities()[c] >= threshold) {
                boolean regionScoring = settings.noduleMethod() == Method.REGION && runtime.hasTrunkHeadSplit();
                all.addAll(switch (placement(m, m.classes().get(c), regionScoring)) {
                    case CANDIDATES -> byCandidates(v, scores, c, threshold);
                    case FLUID -> byFluid(v, scores, c, threshold);
                    case REGIONS -> byRegions(v, prepared, scores, c, threshold);
                    case HEATMAPS -> byHeatmaps(v, prepared, scores, c, threshold);
                });
            }
            progress.progress(c + 1, m.classes().size(), "localising");
        }
        all.sort(Comparator.comparingDouble(Finding::probability).reversed());
        return all;
    }

    private List<Finding> byHeatmaps(Volume v, Preprocessor.Prepared prepared, SliceScores scores, int c,
            double threshold) throws InferenceException {
        double[] p = scores.ofClass(c);
        if (Manifest.LocalisationSpec.METHOD_NONE.equals(heatmapMethod())) {
            return List.of();
        }
        List<Integer> positive = new ArrayList<>();
        for (int k = 0; k < p.length; k++) {
            if (p[k] >= threshold) {
                positive.add(k);
            }
        }
        positive.sort(Comparator.comparingDouble((Integer k) -> -p[k]));
        positive = positive.subList(0, Math.min(settings.maxHeatmapSlices(), positive.size()));
        List<Heatmap> maps = heatmaps(v, prepared, positive, c);
        return HeatmapLocalizer.localize(v, runtime.manifest().classes().get(c), maps, p, scores.calibrated(),
                settings.heatmap());
    }

    /** Heatmaps of the given slices for class c, by the method the bundle allows. */
    public List<Heatmap> heatmaps(Volume v, List<Integer> slices, int c) throws InferenceException {
        return heatmaps(v, preprocessor.prepare(v), slices, c);
    }

    private List<Heatmap> heatmaps(Volume v, Preprocessor.Prepared prepared, List<Integer> slices, int c)
            throws InferenceException {
        SlicePlane plane = prepared.plane();
        int size = preprocessor.spec().size();
        int length = preprocessor.inputLength();
        int channels = preprocessor.spec().channels();
        String method = heatmapMethod();
        float background = (float) ((0 - preprocessor.spec().mean()) / preprocessor.spec().std());
        BatchScorer scorer = (batch, n, classIndex) -> {
            float[][] logits = runtime.logits(batch, n);
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = ModelRuntime.probabilities(logits[i], runtime.manifest())[classIndex];
            }
            return out;
        };
        List<Heatmap> out = new ArrayList<>();
        for (int first = 0; first < slices.size(); first += HEATMAP_BATCH) {
            int n = Math.min(HEATMAP_BATCH, slices.size() - first);
            float[] batch = new float[n * length];
            for (int s = 0; s < n; s++) {
                prepared.fill(slices.get(first + s), batch, s * length);
            }
            try {
                switch (method) {
                    case "grad-cam" -> {
                        FeatureGradients g = runtime.featureGradients(batch, n, c);
                        for (int s = 0; s < n; s++) {
                            float[] cam = ActivationMaps.gradCam(g.maps(), g.gradients(), s, g.channels(), g.height(),
                                    g.width());
                            out.add(new Heatmap(c, slices.get(first + s), g.width(), g.height(), cam, size, plane, method));
                        }
                    }
                    case "score-cam" -> {
                        FeatureMaps f = runtime.features(batch, n);
                        int plane2 = f.channels() * f.height() * f.width();
                        for (int s = 0; s < n; s++) {
                            float[] one = java.util.Arrays.copyOfRange(batch, s * length, (s + 1) * length);
                            float[] maps = java.util.Arrays.copyOfRange(f.maps(), s * plane2, (s + 1) * plane2);
                            float[] cam = ActivationMaps.scoreCam(one, channels, size, background, maps, f.channels(),
                                    f.height(), f.width(), settings.scoreCamMaps(), scorer, c);
                            out.add(new Heatmap(c, slices.get(first + s), f.width(), f.height(), cam, size, plane, method));
                        }
                    }
                    default -> {
                        int patch = Math.max(2, (int) Math.round(size * settings.occlusionPatch()));
                        int stride = patch;
                        int grid = size / stride;
                        for (int s = 0; s < n; s++) {
                            float[] one = java.util.Arrays.copyOfRange(batch, s * length, (s + 1) * length);
                            float[] map = ActivationMaps.occlusion(one, channels, size, patch, stride, margin(), c);
                            out.add(new Heatmap(c, slices.get(first + s), grid, grid, map, size, plane, method));
                        }
                    }
                }
            } catch (InferenceException e) {
                throw e;
            } catch (Exception e) {
                throw new InferenceException(method + " heatmaps failed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private BatchScorer margin() {
        return logitMargin(runtime);
    }

    /**
     * The class's logit margin, a score that does not saturate as probabilities do (occlusion
     * needs score drops that stay visible when the model is sure): for a softmax model the
     * class's logit minus the largest other logit, for a multi-label model the class's logit.
     *
     * @param runtime the model
     * @return the scorer
     */
    public static BatchScorer logitMargin(ModelRuntime runtime) {
        boolean softmax = !"multi-label".equals(runtime.manifest().task());
        return (batch, n, classIndex) -> {
            float[][] logits = runtime.logits(batch, n);
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                float other = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < logits[i].length; j++) {
                    if (j != classIndex) {
                        other = Math.max(other, logits[i][j]);
                    }
                }
                out[i] = softmax && logits[i].length > 1 ? logits[i][classIndex] - other : logits[i][classIndex];
            }
            return out;
        };
    }

    private List<Finding> byRegions(Volume v, Preprocessor.Prepared prepared, SliceScores scores, int c,
            double threshold) throws InferenceException {
        List<RegionProposer.Proposal> proposals = RegionProposer.nodules(v, settings.maxProposals());
        RegionScorer scorer = new RegionScorer(runtime, preprocessor);
        double[] s = scorer.score(v, prepared, proposals, c);
        String name = runtime.manifest().classes().get(c);
        List<Finding> findings = new ArrayList<>();
        for (int r = 0; r < proposals.size(); r++) {
            if (s[r] >= threshold) {
                RegionProposer.Proposal p = proposals.get(r);
                String detail = String.format(Locale.ROOT, "%s; %d proposal(s) scored, threshold %.3f", scorer.describe(),
                        proposals.size(), threshold);
                findings.add(HeatmapLocalizer.finding(v, name, s[r], scores.calibrated(), p.region(),
                        new Finding.Provenance("region-scoring", detail, p.segmentation())));
            }
        }
        return HeatmapLocalizer.merge(findings, settings.heatmap().mergeDistanceMm());
    }

    /**
     * Effusions from the image ({@link EffusionSegmenter}): one finding per fluid collection whose
     * slices reach the threshold, with the largest slice probability among its slices.
     */
    private List<Finding> byFluid(Volume v, SliceScores scores, int c, double threshold) {
        String name = runtime.manifest().classes().get(c);
        double[] p = scores.ofClass(c);
        List<VoxelRegion> collections = EffusionSegmenter.find(v);
        List<Finding> findings = new ArrayList<>();
        for (VoxelRegion region : collections) {
            int[] box = region.boundingBox();
            double probability = 0;
            for (int k = box[2]; k <= box[5]; k++) {
                probability = Math.max(probability, p[k]);
            }
            if (probability >= threshold) {
                String detail = String.format(Locale.ROOT, "%d fluid collection(s) under aerated lung, threshold %.3f",
                        collections.size(), threshold);
                findings.add(HeatmapLocalizer.finding(v, name, probability, scores.calibrated(), region,
                        new Finding.Provenance(EffusionSegmenter.METHOD, detail, EffusionSegmenter.DESCRIPTION)));
            }
        }
        return findings;
    }

    /**
     * How far a candidate's segmented region's centre may lie from the candidate, mm, at least: up
     * to the smaller of the region's radius and the proposer's diameter when that is more. A blob
     * filter's peak on a 30 mm nodule lies 4-12 mm off its centre (against the pleura it answers at
     * a smaller scale, on the nodule's free side), but still inside the nodule and within about its
     * own blob's diameter; a region much larger than a small blob near its edge belongs to
     * something else.
     */
    static final double CANDIDATE_REACH_MM = 4;

    private List<Finding> byCandidates(Volume v, SliceScores scores, int c, double threshold) {
        return placeCandidates(v, runtime.manifest().classes().get(c), scores.candidatesOf(c), threshold,
                settings.heatmap().mergeDistanceMm());
    }

    /** How {@link #measureCandidate} measures a candidate whose segmentation it does not take. */
    static final String BALL = "ball of the proposer's diameter";

    /**
     * Findings from scored candidates: each at or above the threshold, measured by
     * {@link #measureCandidate}; findings of one lesion (closer than the merge distance or half the
     * larger diameter) are merged, the most probable kept. When the kept one is only a ball (a large
     * nodule's most probable candidate can be a small blob off its centre, whose segmentation was
     * refused) and a less probable duplicate segmented a lesion that holds the kept candidate, the
     * finding takes that lesion's region with the kept probability.
     *
     * @param v the volume
     * @param className the class
     * @param candidates the class's scored candidates
     * @param threshold the operating point
     * @param mergeDistanceMm findings whose centres are closer are one finding
     * @return the findings, most probable first
     */
    static List<Finding> placeCandidates(Volume v, String className, List<SliceScores.Candidate> candidates,
            double threshold, double mergeDistanceMm) {
        record Placed(double[] voxel, boolean ball, VoxelRegion region, Finding finding) {}
        List<Placed> placed = new ArrayList<>();
        for (SliceScores.Candidate cand : candidates) {
            if (cand.probability() >= threshold) {
                LesionSegmenter.Result measured = measureCandidate(v, cand.voxel(), cand.diameterMm());
                Finding f = HeatmapLocalizer.finding(v, className, cand.probability(), true, measured.region(),
                        candidateProvenance(candidates.size(), threshold, measured.method()));
                placed.add(new Placed(cand.voxel(), measured.method().equals(BALL), measured.region(), f));
            }
        }
        placed.sort(java.util.Comparator.comparing(Placed::finding, HeatmapLocalizer.MOST_PROBABLE_FIRST));
        List<Placed> kept = new ArrayList<>();
        for (Placed p : placed) {
            Finding f = p.finding();
            int duplicate = -1;
            for (int i = 0; i < kept.size() && duplicate < 0; i++) {
                if (HeatmapLocalizer.sameLesion(kept.get(i).finding(), f, mergeDistanceMm)) {
                    duplicate = i;
                }
            }
            if (duplicate < 0) {
                kept.add(p);
            } else if (kept.get(duplicate).ball() && !p.ball() && holds(v, p.region(), kept.get(duplicate).voxel())) {
                Placed k = kept.get(duplicate);
                String method = f.provenance().segmentation() + ", at a less probable candidate on the same lesion";
                kept.set(duplicate, new Placed(k.voxel(), false, p.region(), HeatmapLocalizer.finding(v, className,
                        k.finding().probability(), true, p.region(), candidateProvenance(candidates.size(), threshold,
                        method))));
            }
        }
        return kept.stream().map(Placed::finding).toList();
    }

    /**
     * A finding at one scored candidate whatever its probability, segmented as a placed candidate
     * is ({@link #measureCandidate}) but without the fallback ball: how a temporal comparison
     * measures a lesion it looks back for where another study of the patient saw one
     * ({@code org.dicomcnn.pipeline.LookBack}). A look-back measures what it finds on the image or
     * nothing, since its size decides a status.
     *
     * @param v the volume
     * @param className the class
     * @param candidate the scored candidate
     * @param why what led to it, for the provenance (no patient identifiers)
     * @return the finding, with provenance method {@value #LOOK_BACK}; empty when the nodule rule
     *     finds no lesion at the candidate
     */
    public static java.util.Optional<Finding> segmentedAt(Volume v, String className, SliceScores.Candidate candidate,
            String why) {
        LesionSegmenter.Result measured = measureCandidate(v, candidate.voxel(), candidate.diameterMm());
        if (measured.method().equals(BALL)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(HeatmapLocalizer.finding(v, className, candidate.probability(), true,
                measured.region(), new Finding.Provenance(LOOK_BACK, why + "; " + measured.method(), measured.method())));
    }

    /** The provenance method of findings a temporal comparison looked back for ({@link #segmentedAt}). */
    public static final String LOOK_BACK = "look-back";

    private static Finding.Provenance candidateProvenance(int scored, double threshold, String method) {
        return new Finding.Provenance(CANDIDATE_STAGE, String.format(Locale.ROOT,
                "candidate stage; %d candidate(s) scored, threshold %.3f; %s", scored, threshold, method), method);
    }

    /** Whether a region holds the voxel nearest a point. */
    private static boolean holds(Volume v, VoxelRegion region, double[] x) {
        int[] p = nearestVoxel(v, x);
        return region.contains(p[0], p[1], p[2]);
    }

    /** The voxel nearest a point, inside the volume: column, row, slice. */
    private static int[] nearestVoxel(Volume v, double[] x) {
        return new int[] {
            Math.max(0, Math.min(v.width() - 1, (int) Math.round(x[0]))),
            Math.max(0, Math.min(v.height() - 1, (int) Math.round(x[1]))),
            Math.max(0, Math.min(v.depth() - 1, (int) Math.round(x[2])))
        };
    }

    /**
     * A nodule candidate's region: {@link LesionSegmenter}'s nodule rule at the candidate, unless
     * that fails (it refuses regions wider than {@link LesionSegmenter#MAX_NODULE_DIAMETER_MM}: the
     * phantoms' nodules grow to 40 mm, past the 35 mm the region proposer keeps) or is centred
     * further from the candidate than {@link #CANDIDATE_REACH_MM} or the smaller of its own radius
     * and the proposer's diameter; then a ball of the proposer's diameter around the candidate.
     *
     * @param v the volume
     * @param x the candidate's centre, voxels
     * @param diameterMm the proposer's diameter estimate
     * @return the region and how it was measured
     */
    static LesionSegmenter.Result measureCandidate(Volume v, double[] x, double diameterMm) {
        int[] p = nearestVoxel(v, x);
        LesionSegmenter.Result r = LesionSegmenter.segment(v, LesionSegmenter.Kind.NODULE, p[0], p[1], p[2],
                new java.util.BitSet());
        VoxelRegion region = r.region();
        double reach = Math.max(CANDIDATE_REACH_MM, Math.min(region.equivalentDiameterMm() / 2, diameterMm));
        if (region.isEmpty() || region.centroidMm().distance(v.geometry().voxelToPatient(x[0], x[1], x[2])) > reach) {
            return new LesionSegmenter.Result(ball(v, x, diameterMm), BALL);
        }
        return r;
    }

    /** The voxels within half a diameter of a point (at least the voxel nearest it). */
    static VoxelRegion ball(Volume v, double[] centre, double diameterMm) {
        double r = diameterMm / 2;
        double[] step = {v.geometry().columnSpacingMm(), v.geometry().rowSpacingMm(),
            v.depth() > 1 ? v.geometry().sliceSpacingMm() : 1};
        int[] lo = new int[3];
        int[] hi = new int[3];
        int[] n = {v.width(), v.height(), v.depth()};
        for (int a = 0; a < 3; a++) {
            lo[a] = Math.max(0, (int) Math.floor(centre[a] - r / step[a]));
            hi[a] = Math.min(n[a] - 1, (int) Math.ceil(centre[a] + r / step[a]));
        }
        java.util.BitSet voxels = new java.util.BitSet();
        for (int k = lo[2]; k <= hi[2]; k++) {
            for (int j = lo[1]; j <= hi[1]; j++) {
                for (int i = lo[0]; i <= hi[0]; i++) {
                    double dx = (i - centre[0]) * step[0];
                    double dy = (j - centre[1]) * step[1];
                    double dz = (k - centre[2]) * step[2];
                    if (dx * dx + dy * dy + dz * dz <= r * r) {
                        voxels.set(VoxelRegion.index(v, i, j, k));
                    }
                }
            }
        }
        if (voxels.isEmpty()) {
            voxels.set(VoxelRegion.index(v, Math.max(0, Math.min(n[0] - 1, (int) Math.round(centre[0]))),
                    Math.max(0, Math.min(n[1] - 1, (int) Math.round(centre[1]))),
                    Math.max(0, Math.min(n[2] - 1, (int) Math.round(centre[2])))));
        }
        return new VoxelRegion(v, voxels);
    }
}
