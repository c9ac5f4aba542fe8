package org.dicomcnn.localize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * Finds pleural effusions on the image: fluid lying in the dependent part of a pleural space,
 * under the aerated lung. A free effusion settles where gravity takes it, so on a supine scan
 * every column of lung, walked posteriorly, ends either at the chest wall or in a layer of fluid.
 *
 * <ol>
 *   <li>Each slice is smoothed by a box mean {@value #SMOOTHING_MM} mm on a side (noise of 45 HU
 *       falls to a few HU, so fluid near 10 HU and muscle near 40 HU become separable).</li>
 *   <li>From every aerated lung pixel whose posterior neighbour is not aerated (the lung's
 *       dependent edge, {@link RegionProposer#lungField}), the smoothed slice is walked
 *       posteriorly: across at most {@value #TRANSITION_MM} mm of partial-volume ramp, then
 *       through fluid ({@value #FLUID_LOW_HU}..{@value #FLUID_HIGH_HU} HU). A run of fluid at
 *       least {@value #MIN_DEPTH_MM} mm deep is marked; shallower runs are the ramp into the
 *       chest wall every lung has.</li>
 *   <li>Marked voxels form 3-D components (26-connected); those of at least
 *       {@value #MIN_PIECE_ML} ml whose bounding boxes lie within {@value #MERGE_GAP_MM} mm of each other are joined; each of at least
 *       {@value #MIN_VOLUME_ML} ml is one effusion, the whole collection, so one effusion gives
 *       one finding however a heatmap would have split it.</li>
 *   <li>Each collection grows sideways on its slices, at most {@value #SPREAD_MM} mm, over
 *       smoothed fluid that is not air: into the gutters where no aerated lung lies above the
 *       fluid.</li>
 * </ol>
 *
 * Limits: the patient is taken to lie supine (gravity towards the patient's back); loculated
 * effusions that do not lie under aerated lung, and fluid beyond the sideways growth (an apex or
 * base filled with fluid) are not marked, so a region can be smaller than the
 * collection. Coronal slices, where the anterior-posterior direction runs across slices, give
 * nothing.
 */
public final class EffusionSegmenter {

    /** Side of the in-plane box mean, mm. */
    static final double SMOOTHING_MM = 5;

    /** Smoothed fluid range, HU: pleural fluid is near 10 HU, muscle and liver 40..60 HU. */
    static final double FLUID_LOW_HU = -30;
    static final double FLUID_HIGH_HU = 27;

    /** The lung edge's partial-volume ramp crossed before fluid must begin, mm. */
    static final double TRANSITION_MM = 4;

    /** Fluid runs shallower than this are not marked, mm. */
    static final double MIN_DEPTH_MM = 5;

    /** Runs stop this deep, mm (larger than any pleural space). */
    static final double MAX_DEPTH_MM = 160;

    /**
     * Components whose bounding boxes come this close are one collection, mm: a run broken by noise
     * or a rib splits a collection, while the spine keeps the two pleural spaces several
     * centimetres apart.
     */
    static final double MERGE_GAP_MM = 10;

    /** Marked fluid is grown this far sideways on its slice, mm. */
    static final double SPREAD_MM = 15;

    /** Smaller components are dropped before joining (the noise of a lung's dependent edge), ml. */
    static final double MIN_PIECE_ML = 5;

    /** Smaller (joined) components are not effusions, ml. */
    static final double MIN_VOLUME_ML = 10;

    /** The provenance method of its findings. */
    public static final String METHOD = "fluid-segmentation";

    /** How its regions are measured, for a finding's provenance. */
    public static final String DESCRIPTION = String.format(Locale.ROOT,
            "dependent fluid (%.0f..%.0f HU after a %.0f mm box mean) at least %.0f mm deep under aerated lung, "
                    + "collections within %.0f mm joined", FLUID_LOW_HU, FLUID_HIGH_HU, SMOOTHING_MM, MIN_DEPTH_MM,
            MERGE_GAP_MM);

    private EffusionSegmenter() {}

    /**
     * Finds the effusions of a volume.
     *
     * @param v a CT volume in HU
     * @return one region per effusion, largest first; empty when there is none or the slices do not
     *     contain the anterior-posterior direction
     */
    public static List<VoxelRegion> find(Volume v) {
        Geometry g = v.geometry();
        Vec3 posterior = new Vec3(0, 1, 0);
        // One voxel step towards the back, in (column, row) units, scaled so the longer component is 1.
        double di = posterior.dot(g.rowDirection()) / g.columnSpacingMm();
        double dj = posterior.dot(g.columnDirection()) / g.rowSpacingMm();
        double longest = Math.max(Math.abs(di), Math.abs(dj));
        if (longest * Math.min(g.columnSpacingMm(), g.rowSpacingMm()) < 0.5) {
            return List.of(); // the slices are (nearly) coronal: posterior is across slices
        }
        di /= longest;
        dj /= longest;
        double stepMm = Math.hypot(di * g.columnSpacingMm(), dj * g.rowSpacingMm());
        int w = v.width();
        int h = v.height();
        double pixelMm = Math.min(g.columnSpacingMm(), g.rowSpacingMm());
        int side = 2 * Math.max(1, (int) Math.round(SMOOTHING_MM / 2 / pixelMm)) + 1;
        BitSet marked = new BitSet();
        for (int k = 0; k < v.depth(); k++) {
            float[] raw = v.slice(k);
            boolean[] lung = RegionProposer.lungField(raw, w, h, pixelMm);
            float[] smooth = Preprocessor.boxAverage(raw, w, h, side);
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    if (lung[j * w + i] && raw[j * w + i] < RegionProposer.LUNG_AIR_HU) {
                        markRun(v, smooth, i, j, k, di, dj, stepMm, marked);
                    }
                }
            }
        }
        List<VoxelRegion> pieces = new ArrayList<>();
        for (int[] c : components(v, marked)) {
            VoxelRegion r = new VoxelRegion(v, c);
            if (r.volumeMl() >= MIN_PIECE_ML) {
                pieces.add(r);
            }
        }
        List<VoxelRegion> out = new ArrayList<>();
        for (VoxelRegion r : mergeNear(v, pieces)) {
            if (r.volumeMl() >= MIN_VOLUME_ML) {
                out.add(spread(v, r, side, (int) Math.round(SPREAD_MM / pixelMm)));
            }
        }
        out.sort(Comparator.comparingDouble(VoxelRegion::volumeMl).reversed());
        return out;
    }

    /** Walks posteriorly from an aerated pixel at the lung's dependent edge and marks its fluid run. */
    private static void markRun(Volume v, float[] smooth, int i, int j, int k, double di, double dj, double stepMm,
            BitSet marked) {
        int w = v.width();
        int h = v.height();
        int ni = (int) Math.round(i + di);
        int nj = (int) Math.round(j + dj);
        if (ni < 0 || nj < 0 || ni >= w || nj >= h || v.slice(k)[nj * w + ni] < RegionProposer.LUNG_AIR_HU) {
            return; // not the dependent edge
        }
        int maxSteps = (int) Math.ceil(MAX_DEPTH_MM / stepMm);
        int transition = (int) Math.ceil(TRANSITION_MM / stepMm);
        int first = -1;
        int last = -1;
        for (int s = 1; s <= maxSteps; s++) {
            int pi = (int) Math.round(i + s * di);
            int pj = (int) Math.round(j + s * dj);
            if (pi < 0 || pj < 0 || pi >= w || pj >= h) {
                break;
            }
            float m = smooth[pj * w + pi];
            boolean fluid = m >= FLUID_LOW_HU && m <= FLUID_HIGH_HU;
            if (first < 0) {
                if (fluid) {
                    first = s;
                } else if (s > transition || m > FLUID_HIGH_HU) {
                    return; // chest wall, not fluid
                }
            }
            if (first >= 0) {
                if (!fluid) {
                    break;
                }
                last = s;
            }
        }
        if (first < 0 || (last - first + 1) * stepMm < MIN_DEPTH_MM) {
            return;
        }
        for (int s = first; s <= last; s++) {
            marked.set(VoxelRegion.index(v, (int) Math.round(i + s * di), (int) Math.round(j + s * dj), k));
        }
    }

    /**
     * Grows a collection sideways on each of its slices (4-connected, at most {@code steps} pixels)
     * over smoothed fluid that is not air: into the gutters of the pleural space, where no aerated
     * lung lies above the fluid. Only found collections grow, so the leaks of this growth along
     * tissue interfaces cannot make collections of their own.
     */
    private static VoxelRegion spread(Volume v, VoxelRegion collection, int side, int steps) {
        int w = v.width();
        int h = v.height();
        BitSet grown = collection.voxels();
        int[] box = collection.boundingBox();
        int[] distance = new int[w * h];
        LesionSegmenter.IntQueue queue = new LesionSegmenter.IntQueue();
        for (int k = box[2]; k <= box[5]; k++) {
            float[] raw = v.slice(k);
            float[] smooth = Preprocessor.boxAverage(raw, w, h, side);
            int base = k * w * h;
            Arrays.fill(distance, -1);
            for (int p = grown.nextSetBit(base); p >= 0 && p < base + w * h; p = grown.nextSetBit(p + 1)) {
                distance[p - base] = 0;
                queue.add(p - base);
            }
            while (!queue.isEmpty()) {
                int p = queue.poll();
                if (distance[p] >= steps) {
                    continue;
                }
                int i = p % w;
                int j = p / w;
                int[] next = {i > 0 ? p - 1 : -1, i < w - 1 ? p + 1 : -1, j > 0 ? p - w : -1, j < h - 1 ? p + w : -1};
                for (int q : next) {
                    if (q >= 0 && distance[q] < 0 && smooth[q] >= FLUID_LOW_HU && smooth[q] <= FLUID_HIGH_HU
                            && raw[q] >= RegionProposer.LUNG_AIR_HU) {
                        distance[q] = distance[p] + 1;
                        grown.set(base + q);
                        queue.add(q);
                    }
                }
            }
        }
        return new VoxelRegion(v, grown);
    }

    /** Joins regions whose bounding boxes, grown by {@link #MERGE_GAP_MM}, overlap, until none do. */
    private static List<VoxelRegion> mergeNear(Volume v, List<VoxelRegion> regions) {
        Geometry g = v.geometry();
        double[] gap = {MERGE_GAP_MM / g.columnSpacingMm(), MERGE_GAP_MM / g.rowSpacingMm(),
            MERGE_GAP_MM / (v.depth() > 1 ? g.sliceSpacingMm() : 1)};
        List<VoxelRegion> out = new ArrayList<>(regions);
        List<int[]> boxes = new ArrayList<>(out.stream().map(VoxelRegion::boundingBox).toList());
        boolean joined = true;
        while (joined) {
            joined = false;
            for (int a = 0; a < out.size() && !joined; a++) {
                for (int b = a + 1; b < out.size() && !joined; b++) {
                    if (near(boxes.get(a), boxes.get(b), gap)) {
                        BitSet union = out.get(a).voxels();
                        union.or(out.remove(b).voxels());
                        boxes.remove(b);
                        out.set(a, new VoxelRegion(v, union));
                        boxes.set(a, out.get(a).boundingBox());
                        joined = true;
                    }
                }
            }
        }
        return out;
    }

    /** Whether two boxes {i0, j0, k0, i1, j1, k1} come within gap[axis] voxels on every axis. */
    private static boolean near(int[] a, int[] b, double[] gap) {
        for (int axis = 0; axis < 3; axis++) {
            if (a[axis] - b[axis + 3] > gap[axis] || b[axis] - a[axis + 3] > gap[axis]) {
                return false;
            }
        }
        return true;
    }

    /** 26-connected components of volume-indexed voxels, each as ascending indices. */
    private static List<int[]> components(Volume v, BitSet voxels) {
        int w = v.width();
        int h = v.height();
        int d = v.depth();
        BitSet seen = new BitSet();
        List<int[]> out = new ArrayList<>();
        LesionSegmenter.IntQueue queue = new LesionSegmenter.IntQueue();
        for (int p = voxels.nextSetBit(0); p >= 0; p = voxels.nextSetBit(p + 1)) {
            if (seen.get(p)) {
                continue;
            }
            int[] component = new int[16];
            int size = 0;
            seen.set(p);
            queue.add(p);
            while (!queue.isEmpty()) {
                int q = queue.poll();
                if (size == component.length) {
                    component = Arrays.copyOf(component, size * 2);
                }
                component[size++] = q;
                int i = q % w;
                int j = (q / w) % h;
                int k = q / (w * h);
                for (int dk = -1; dk <= 1; dk++) {
                    for (int dj = -1; dj <= 1; dj++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int a = i + dx;
                            int b = j + dj;
                            int c = k + dk;
                            if (a < 0 || b < 0 || c < 0 || a >= w || b >= h || c >= d) {
                                continue;
                            }
                            int n = VoxelRegion.index(v, a, b, c);
                            if (voxels.get(n) && !seen.get(n)) {
                                seen.set(n);
                                queue.add(n);
                            }
                        }
                    }
                }
            }
            int[] sorted = Arrays.copyOf(component, size);
            Arrays.sort(sorted);
            out.add(sorted);
        }
        return out;
    }
}
