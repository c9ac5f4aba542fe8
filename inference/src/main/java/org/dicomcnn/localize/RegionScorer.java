package org.dicomcnn.localize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.dicomcnn.model.FeatureMaps;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.preprocess.SlicePlane;
import org.dicomcnn.volume.Volume;

/**
 * Scores proposed regions in the spirit of Fast R-CNN: the network's trunk runs once per slice
 * (one shared forward pass for every region on it), and the network's own head scores each
 * region from the feature-map cells it covers (with one cell of context). The head was trained
 * on whole slices (global average pooling), so a region is shown to it as a whole slice holding
 * only that region's evidence: the region's cells keep their features, every other cell takes
 * the slice's per-channel median (its typical background). A region that holds all of a slice's
 * evidence then scores as the slice does, and one that holds none scores as background. A
 * region's score is its best slice's. Needs a network whose trunk and head can run apart (our
 * own DJL bundles).
 */
public final class RegionScorer {

    private static final int SLICES_PER_PASS = 8;

    private final ModelRuntime runtime;
    private final Preprocessor preprocessor;

    /**
     * @param runtime an open model with a trunk/head split
     * @param preprocessor the model's preprocessor
     * @throws IllegalArgumentException if the model cannot run its head alone
     */
    public RegionScorer(ModelRuntime runtime, Preprocessor preprocessor) {
        if (!runtime.hasTrunkHeadSplit()) {
            throw new IllegalArgumentException("region scoring needs a network whose trunk and head run apart; "
                    + runtime.manifest().name() + " has none");
        }
        this.runtime = runtime;
        this.preprocessor = preprocessor;
    }

    /**
     * Scores regions for one class.
     *
     * @param v the volume
     * @param proposals the regions
     * @param classIndex the class
     * @return one probability per proposal (calibrated like slice probabilities)
     * @throws InferenceException if the model fails
     */
    public double[] score(Volume v, List<RegionProposer.Proposal> proposals, int classIndex) throws InferenceException {
        return score(v, preprocessor.prepare(v), proposals, classIndex);
    }

    /**
     * Scores regions for one class on a volume already prepared for the model's input.
     *
     * @param v the volume
     * @param prepared the volume prepared by the model's preprocessor
     * @param proposals the regions
     * @param classIndex the class
     * @return one probability per proposal
     * @throws InferenceException if the model fails
     */
    public double[] score(Volume v, Preprocessor.Prepared prepared, List<RegionProposer.Proposal> proposals,
            int classIndex) throws InferenceException {
        SlicePlane plane = prepared.plane();
        int size = preprocessor.spec().size();
        // Which slices each region needs: its seed slice and its neighbours within the region.
        TreeMap<Integer, List<Integer>> bySlice = new TreeMap<>();
        for (int r = 0; r < proposals.size(); r++) {
            int[] box = proposals.get(r).region().boundingBox();
            int seed = proposals.get(r).seedVoxel()[2];
            for (int k = Math.max(box[2], seed - 1); k <= Math.min(box[5], seed + 1); k++) {
                bySlice.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            }
        }
        double[] scores = new double[proposals.size()];
        List<Integer> slices = new ArrayList<>(bySlice.keySet());
        int length = preprocessor.inputLength();
        for (int first = 0; first < slices.size(); first += SLICES_PER_PASS) {
            int n = Math.min(SLICES_PER_PASS, slices.size() - first);
            float[] batch = new float[n * length];
            for (int s = 0; s < n; s++) {
                prepared.fill(slices.get(first + s), batch, s * length);
            }
            FeatureMaps maps = runtime.features(batch, n);
            int k = maps.channels();
            int h = maps.height();
            int w = maps.width();
            List<int[]> rois = new ArrayList<>();
            List<Integer> owners = new ArrayList<>();
            List<Integer> samples = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                int slice = slices.get(first + s);
                for (int r : bySlice.get(slice)) {
                    int[] cells = cells(proposals.get(r).region(), slice, plane, size, w, h);
                    if (cells != null) {
                        rois.add(cells);
                        owners.add(r);
                        samples.add(s);
                    }
                }
            }
            if (rois.isEmpty()) {
                continue;
            }
            float[][] background = new float[n][];
            for (int s = 0; s < n; s++) {
                background[s] = channelMedians(maps.maps(), s, k, h, w);
            }
            float[] filled = new float[rois.size() * k * h * w];
            for (int p = 0; p < rois.size(); p++) {
                int s = samples.get(p);
                int[] c = rois.get(p);
                for (int ch = 0; ch < k; ch++) {
                    int to = (p * k + ch) * h * w;
                    int from = (s * k + ch) * h * w;
                    java.util.Arrays.fill(filled, to, to + h * w, background[s][ch]);
                    for (int y = c[1]; y <= c[3]; y++) {
                        System.arraycopy(maps.maps(), from + y * w + c[0], filled, to + y * w + c[0], c[2] - c[0] + 1);
                    }
                }
            }
            float[][] logits = runtime.headLogits(filled, rois.size());
            for (int p = 0; p < rois.size(); p++) {
                double prob = ModelRuntime.probabilities(logits[p], runtime.manifest())[classIndex];
                scores[owners.get(p)] = Math.max(scores[owners.get(p)], prob);
            }
        }
        return scores;
    }

    /** A description for findings' provenance. */
    public String describe() {
        return String.format(Locale.ROOT, "lung-field blob proposals; each region's trunk features (plus one cell), "
                + "the rest of the slice at its median, scored by the network's head; best of the seed slice and its "
                + "neighbours");
    }

    /** Feature-grid cells covering the region on one slice, with one cell of margin: x0, y0, x1, y1. */
    private static int[] cells(VoxelRegion region, int slice, SlicePlane plane, int size, int w, int h) {
        int[] box = region.boundingBox();
        double minU = Double.POSITIVE_INFINITY;
        double minV = Double.POSITIVE_INFINITY;
        double maxU = Double.NEGATIVE_INFINITY;
        double maxV = Double.NEGATIVE_INFINITY;
        for (int[] corner : new int[][] {{box[0], box[1]}, {box[3], box[1]}, {box[0], box[4]}, {box[3], box[4]}}) {
            double[] uv = plane.toInput(corner[0], corner[1]);
            minU = Math.min(minU, uv[0]);
            minV = Math.min(minV, uv[1]);
            maxU = Math.max(maxU, uv[0]);
            maxV = Math.max(maxV, uv[1]);
        }
        int x0 = Math.max(0, (int) Math.floor(minU * w / size) - 1);
        int y0 = Math.max(0, (int) Math.floor(minV * h / size) - 1);
        int x1 = Math.min(w - 1, (int) Math.floor(maxU * w / size) + 1);
        int y1 = Math.min(h - 1, (int) Math.floor(maxV * h / size) + 1);
        if (x0 > x1 || y0 > y1) {
            return null;
        }
        return new int[] {x0, y0, x1, y1};
    }

    /** The median over the cells of each channel of one sample's feature maps. */
    private static float[] channelMedians(float[] maps, int sample, int k, int h, int w) {
        float[] out = new float[k];
        float[] cells = new float[h * w];
        for (int c = 0; c < k; c++) {
            System.arraycopy(maps, (sample * k + c) * h * w, cells, 0, h * w);
            java.util.Arrays.sort(cells);
            out[c] = cells[cells.length / 2];
        }
        return out;
    }
}
