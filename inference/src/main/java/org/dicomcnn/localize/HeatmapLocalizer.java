package org.dicomcnn.localize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dicomcnn.volume.SliceSource;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * Assembles the heatmaps of one class's positive slices into 3-D components and turns each into
 * a {@link Finding}:
 *
 * <ol>
 *   <li>each heatmap, scaled by its own maximum, is cut at {@link Settings#relativeThreshold()};</li>
 *   <li>cut regions on consecutive positive slices that touch (26-connectivity) form one
 *       component;</li>
 *   <li>the component's peak (heatmap value times the slice's probability) is measured on the
 *       image by {@link LesionSegmenter}; a component where the image shows no lesion of the
 *       class (no dense spot surrounded by lung, no fluid) gives no finding;</li>
 *   <li>its probability is the largest slice probability among its slices; findings closer than
 *       {@link Settings#mergeDistanceMm()} (or half the larger diameter) are merged, the more
 *       probable kept.</li>
 * </ol>
 */
public final class HeatmapLocalizer {

    /**
     * Tuning of the assembly.
     *
     * @param relativeThreshold fraction of a heatmap's maximum that counts as marked (0..1)
     * @param mergeDistanceMm findings whose centres are closer are one finding
     * @param minimumDiameterMm smaller findings are dropped as noise
     */
    public record Settings(double relativeThreshold, double mergeDistanceMm, double minimumDiameterMm) {
        /** Defaults: half the maximum, 5 mm, 2 mm. */
        public static final Settings DEFAULT = new Settings(0.5, 5, 2);

        /** Validates ranges. */
        public Settings {
            if (!(relativeThreshold > 0 && relativeThreshold < 1)) {
                throw new IllegalArgumentException("relativeThreshold must be in (0, 1), not " + relativeThreshold);
            }
        }
    }

    private HeatmapLocalizer() {}

    /**
     * Finds one class's findings.
     *
     * @param volume the volume the heatmaps were computed on
     * @param className the class
     * @param heatmaps one per positive slice
     * @param sliceProbabilities the class probability of every slice of the volume
     * @param calibrated whether the probabilities are calibrated
     * @param settings tuning
     * @return the findings, most probable first
     */
    public static List<Finding> localize(Volume volume, String className, List<Heatmap> heatmaps,
            double[] sliceProbabilities, boolean calibrated, Settings settings) {
        if (heatmaps.isEmpty()) {
            return List.of();
        }
        int size = heatmaps.get(0).inputSize();
        Map<Integer, Heatmap> bySlice = new HashMap<>();
        Map<Integer, float[]> normalised = new HashMap<>();
        for (Heatmap h : heatmaps) {
            bySlice.put(h.slice(), h);
            float max = h.max();
            float[] up = new float[size * size];
            if (max > 0) {
                for (int v = 0; v < size; v++) {
                    for (int u = 0; u < size; u++) {
                        up[v * size + u] = (float) (h.atInput(u, v) / max);
                    }
                }
            }
            normalised.put(h.slice(), up);
        }
        List<List<int[]>> components = components(normalised, size, settings.relativeThreshold());
        LesionSegmenter.Kind kind = LesionSegmenter.Kind.of(className);
        String method = heatmaps.get(0).method();
        List<Finding> findings = new ArrayList<>();
        for (List<int[]> cells : components) {
            int[] peak = cells.get(0);
            double best = -1;
            double probability = 0;
            for (int[] c : cells) {
                double p = sliceProbabilities[c[0]];
                probability = Math.max(probability, p);
                double score = normalised.get(c[0])[c[1] * size + c[2]] * p;
                if (score > best) {
                    best = score;
                    peak = c;
                }
            }
            Heatmap peakMap = bySlice.get(peak[0]);
            double[] ij = peakMap.plane().toVoxel(peak[2], peak[1]);
            int pi = clamp((int) Math.round(ij[0]), volume.width());
            int pj = clamp((int) Math.round(ij[1]), volume.height());
            BitSet marked = markedVoxels(volume, cells, bySlice, size);
            LesionSegmenter.Result measured = LesionSegmenter.segment(volume, kind, pi, pj, peak[0], marked,
                    seedSearch(volume, peakMap, bySlice));
            VoxelRegion region = measured.region();
            if (region.isEmpty()) {
                continue; // the image shows no lesion of this kind where the heatmap points
            }
            String segmentation = measured.method();
            String detail = String.format(Locale.ROOT, "%s heatmaps cut at %.2f of their maximum, %d slice(s)", method,
                    settings.relativeThreshold(), cells.stream().mapToInt(c -> c[0]).distinct().count());
            Finding f = finding(volume, className, probability, calibrated, region,
                    new Finding.Provenance(method, detail, segmentation));
            if (f.diameterMm() >= settings.minimumDiameterMm()) {
                findings.add(f);
            }
        }
        return merge(findings, settings.mergeDistanceMm());
    }

    /**
     * A nodule's seed is looked for within half a heatmap cell (at least 3 mm) of the peak,
     * favouring what the heatmap favours: a heatmap cell can span centimetres.
     */
    private static LesionSegmenter.SeedSearch seedSearch(Volume volume, Heatmap peakMap, Map<Integer, Heatmap> bySlice) {
        var plane = peakMap.plane();
        double cellInput = (double) peakMap.inputSize() / Math.max(1, Math.min(peakMap.width(), peakMap.height()));
        double stepVoxels = Math.max(Math.hypot(plane.iu(), plane.ju()), Math.hypot(plane.iv(), plane.jv()));
        double spacing = Math.max(volume.geometry().columnSpacingMm(), volume.geometry().rowSpacingMm());
        double radius = Math.max(3, 0.6 * cellInput * stepVoxels * spacing);
        float peakMax = Math.max(1e-6f, peakMap.max());
        LesionSegmenter.Heat heat = (i, j, k) -> {
            Heatmap m = bySlice.getOrDefault(k, peakMap);
            return m.atVoxel(i, j) / Math.max(1e-6f, m.max() > 0 ? m.max() : peakMax);
        };
        return new LesionSegmenter.SeedSearch(radius, heat);
    }

    /** Builds a finding from a measured region. */
    static Finding finding(Volume volume, String className, double probability, boolean calibrated, VoxelRegion region,
            Finding.Provenance provenance) {
        double[] c = region.centroidVoxel();
        Vec3 mm = volume.geometry().voxelToPatient(c[0], c[1], c[2]);
        int[] box = region.boundingBox();
        List<Finding.SupportingSlice> slices = new ArrayList<>();
        for (int k = box[2]; k <= box[5]; k++) {
            SliceSource s = volume.sources().get(k);
            slices.add(new Finding.SupportingSlice(k, s.sopInstanceUid(), s.frameIndex()));
        }
        return new Finding(className, Math.max(0, Math.min(1, probability)), calibrated, c, mm, box,
                region.equivalentDiameterMm(), region.longAxisMm(), region.volumeMl(), slices, provenance,
                region.footprint());
    }

    /** The order in which {@link #merge} keeps findings: most probable first, then the larger. */
    static final Comparator<Finding> MOST_PROBABLE_FIRST = Comparator.comparingDouble(Finding::probability).reversed()
            .thenComparing(Comparator.comparingDouble(Finding::volumeMl).reversed());

    /** Whether two findings are one: centres closer than the merge distance or half the larger diameter. */
    static boolean sameLesion(Finding a, Finding b, double mergeDistanceMm) {
        return a.centreMm().distance(b.centreMm())
                < Math.max(mergeDistanceMm, Math.max(a.diameterMm(), b.diameterMm()) / 2);
    }

    /** Keeps the more probable of findings closer than the merge distance or half a diameter. */
    static List<Finding> merge(List<Finding> findings, double mergeDistanceMm) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(MOST_PROBABLE_FIRST);
        List<Finding> kept = new ArrayList<>();
        for (Finding f : sorted) {
            boolean duplicate = kept.stream().anyMatch(k -> sameLesion(k, f, mergeDistanceMm));
            if (!duplicate) {
                kept.add(f);
            }
        }
        return kept;
    }

    /** 26-connected components of the cut heatmaps over (slice, v, u); cells are {k, v, u}. */
    private static List<List<int[]>> components(Map<Integer, float[]> maps, int size, double threshold) {
        Map<Integer, BitSet> visited = new HashMap<>();
        maps.keySet().forEach(k -> visited.put(k, new BitSet(size * size)));
        List<List<int[]>> out = new ArrayList<>();
        List<Integer> slices = new ArrayList<>(maps.keySet());
        slices.sort(Integer::compare);
        for (int k : slices) {
            float[] m = maps.get(k);
            for (int p = 0; p < size * size; p++) {
                if (m[p] < threshold || visited.get(k).get(p)) {
                    continue;
                }
                List<int[]> cells = new ArrayList<>();
                ArrayDeque<int[]> queue = new ArrayDeque<>();
                visited.get(k).set(p);
                queue.add(new int[] {k, p / size, p % size});
                while (!queue.isEmpty()) {
                    int[] c = queue.poll();
                    cells.add(c);
                    for (int dk = -1; dk <= 1; dk++) {
                        float[] nm = maps.get(c[0] + dk);
                        if (nm == null) {
                            continue;
                        }
                        BitSet seen = visited.get(c[0] + dk);
                        for (int dv = -1; dv <= 1; dv++) {
                            for (int du = -1; du <= 1; du++) {
                                int v = c[1] + dv;
                                int u = c[2] + du;
                                if (v < 0 || u < 0 || v >= size || u >= size) {
                                    continue;
                                }
                                int q = v * size + u;
                                if (nm[q] >= threshold && !seen.get(q)) {
                                    seen.set(q);
                                    queue.add(new int[] {c[0] + dk, v, u});
                                }
                            }
                        }
                    }
                }
                out.add(cells);
            }
        }
        return out;
    }

    /** The voxels whose input pixel lies in the component, slice by slice. */
    private static BitSet markedVoxels(Volume volume, List<int[]> cells, Map<Integer, Heatmap> bySlice, int size) {
        Map<Integer, BitSet> perSlice = new HashMap<>();
        for (int[] c : cells) {
            perSlice.computeIfAbsent(c[0], k -> new BitSet(size * size)).set(c[1] * size + c[2]);
        }
        BitSet marked = new BitSet();
        int w = volume.width();
        int h = volume.height();
        for (Map.Entry<Integer, BitSet> e : perSlice.entrySet()) {
            int k = e.getKey();
            BitSet inputs = e.getValue();
            var plane = bySlice.get(k).plane();
            int minI = w;
            int minJ = h;
            int maxI = -1;
            int maxJ = -1;
            for (int p = inputs.nextSetBit(0); p >= 0; p = inputs.nextSetBit(p + 1)) {
                for (double[] corner : new double[][] {{-0.5, -0.5}, {0.5, -0.5}, {-0.5, 0.5}, {0.5, 0.5}}) {
                    double[] ij = plane.toVoxel(p % size + corner[0], p / size + corner[1]);
                    minI = Math.min(minI, (int) Math.floor(ij[0]));
                    minJ = Math.min(minJ, (int) Math.floor(ij[1]));
                    maxI = Math.max(maxI, (int) Math.ceil(ij[0]));
                    maxJ = Math.max(maxJ, (int) Math.ceil(ij[1]));
                }
            }
            for (int j = Math.max(0, minJ); j <= Math.min(h - 1, maxJ); j++) {
                for (int i = Math.max(0, minI); i <= Math.min(w - 1, maxI); i++) {
                    double[] uv = plane.toInput(i, j);
                    int u = (int) Math.round(uv[0]);
                    int v = (int) Math.round(uv[1]);
                    if (u >= 0 && v >= 0 && u < size && v < size && inputs.get(v * size + u)) {
                        marked.set(VoxelRegion.index(volume, i, j, k));
                    }
                }
            }
        }
        return marked;
    }

    private static int clamp(int x, int n) {
        return Math.max(0, Math.min(n - 1, x));
    }
}
