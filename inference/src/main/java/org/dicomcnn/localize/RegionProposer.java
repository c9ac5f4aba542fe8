package org.dicomcnn.localize;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.Volume;

/**
 * Proposes candidate nodules from the image alone, the first stage of region-based scoring
 * (R-CNN: propose, then classify each region): blob-like dense spots inside the lung fields.
 *
 * <ol>
 *   <li>Lung fields per slice: voxels below -400 HU not connected to the image border (outside
 *       air), closed by {@link #CLOSING_MM} and with holes filled, so that dense structures
 *       inside the lungs and nodules against the pleura fall within them.</li>
 *   <li>Blob centres: local maxima of the in-plane 3 x 3 mean inside the fields, above
 *       {@link #MIN_PEAK_HU}, at least {@link #SUPPRESSION_MM} apart (denser first).</li>
 *   <li>Each centre is measured with {@link LesionSegmenter}'s nodule rule (which refuses
 *       regions not surrounded by lung); regions with an equivalent diameter outside 3..35 mm and
 *       regions mostly shared with a denser proposal are dropped.</li>
 * </ol>
 *
 * Vessels cut across also look like blobs; that is intended: the classifier, not the proposer,
 * tells them apart. Limits: nodules fully merged with the chest wall or mediastinum are not
 * proposed.
 */
public final class RegionProposer {

    static final double LUNG_AIR_HU = -400;
    static final double MIN_PEAK_HU = -550;
    static final double CLOSING_MM = 4;
    static final double SUPPRESSION_MM = 5;
    static final double MIN_DIAMETER_MM = 3;
    static final double MAX_DIAMETER_MM = 35;

    private RegionProposer() {}

    /**
     * A proposed region.
     *
     * @param region its voxels
     * @param seedVoxel the blob centre it grew from (column, row, slice)
     * @param peakHu the 3 x 3 mean HU at the seed
     * @param segmentation how the region was measured
     */
    public record Proposal(VoxelRegion region, int[] seedVoxel, double peakHu, String segmentation) {}

    /**
     * Proposes nodule candidates.
     *
     * @param v a CT volume in HU
     * @param maxProposals at most this many, densest first
     * @return the proposals
     */
    public static List<Proposal> nodules(Volume v, int maxProposals) {
        Geometry g = v.geometry();
        int w = v.width();
        int h = v.height();
        List<int[]> peaks = new ArrayList<>();
        List<Double> peakValues = new ArrayList<>();
        for (int k = 0; k < v.depth(); k++) {
            boolean[] field = lungField(v.slice(k), w, h, g);
            float[] s = v.slice(k);
            for (int j = 1; j < h - 1; j++) {
                for (int i = 1; i < w - 1; i++) {
                    if (!field[j * w + i]) {
                        continue;
                    }
                    double m = mean3x3(s, w, i, j);
                    if (m < MIN_PEAK_HU) {
                        continue;
                    }
                    boolean max = true;
                    for (int dj = -1; dj <= 1 && max; dj++) {
                        for (int di = -1; di <= 1 && max; di++) {
                            if ((di != 0 || dj != 0) && i + di > 0 && j + dj > 0 && i + di < w - 1 && j + dj < h - 1) {
                                max = mean3x3(s, w, i + di, j + dj) <= m;
                            }
                        }
                    }
                    if (max) {
                        peaks.add(new int[] {i, j, k});
                        peakValues.add(m);
                    }
                }
            }
        }
        Integer[] order = new Integer[peaks.size()];
        for (int n = 0; n < order.length; n++) {
            order[n] = n;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer n) -> -peakValues.get(n)));
        double sliceSpacing = g.slices() > 1 ? g.sliceSpacingMm() : 1;
        List<Proposal> proposals = new ArrayList<>();
        List<int[]> accepted = new ArrayList<>();
        BitSet covered = new BitSet();
        for (Integer n : order) {
            if (proposals.size() >= maxProposals) {
                break;
            }
            int[] p = peaks.get(n);
            boolean suppressed = false;
            for (int[] a : accepted) {
                double dx = (a[0] - p[0]) * g.columnSpacingMm();
                double dy = (a[1] - p[1]) * g.rowSpacingMm();
                double dz = (a[2] - p[2]) * sliceSpacing;
                if (dx * dx + dy * dy + dz * dz < SUPPRESSION_MM * SUPPRESSION_MM) {
                    suppressed = true;
                    break;
                }
            }
            if (suppressed || covered.get(VoxelRegion.index(v, p[0], p[1], p[2]))) {
                continue;
            }
            accepted.add(p);
            LesionSegmenter.Result r = LesionSegmenter.segment(v, LesionSegmenter.Kind.NODULE, p[0], p[1], p[2], new BitSet());
            VoxelRegion region = r.region();
            if (region.isEmpty()) {
                continue;
            }
            double d = region.equivalentDiameterMm();
            if (d < MIN_DIAMETER_MM || d > MAX_DIAMETER_MM) {
                continue;
            }
            int[] voxels = region.indices();
            int shared = 0;
            for (int q : voxels) {
                shared += covered.get(q) ? 1 : 0;
            }
            if (shared > voxels.length / 2) {
                continue;
            }
            for (int q : voxels) {
                covered.set(q);
            }
            proposals.add(new Proposal(region, p, peakValues.get(n), r.method()));
        }
        return proposals;
    }

    /** Lung fields of one slice: enclosed low-density voxels, closed and with holes filled. */
    static boolean[] lungField(float[] s, int w, int h, Geometry g) {
        boolean[] air = new boolean[w * h];
        for (int p = 0; p < air.length; p++) {
            air[p] = s[p] < LUNG_AIR_HU;
        }
        boolean[] outside = floodFromBorder(air, w, h);
        boolean[] lung = new boolean[w * h];
        for (int p = 0; p < lung.length; p++) {
            lung[p] = air[p] && !outside[p];
        }
        int r = Math.max(1, (int) Math.round(CLOSING_MM / Math.min(g.columnSpacingMm(), g.rowSpacingMm())));
        boolean[] closed = erode(dilate(lung, w, h, r), w, h, r);
        boolean[] notClosed = new boolean[w * h];
        for (int p = 0; p < notClosed.length; p++) {
            notClosed[p] = !closed[p];
        }
        boolean[] reachable = floodFromBorder(notClosed, w, h);
        boolean[] field = new boolean[w * h];
        for (int p = 0; p < field.length; p++) {
            field[p] = closed[p] || !reachable[p];
        }
        return field;
    }

    /** The pixels of {@code mask} 4-connected to the image border through {@code mask}. */
    private static boolean[] floodFromBorder(boolean[] mask, int w, int h) {
        boolean[] out = new boolean[w * h];
        LesionSegmenter.IntQueue queue = new LesionSegmenter.IntQueue();
        for (int i = 0; i < w; i++) {
            seed(mask, out, queue, i);
            seed(mask, out, queue, (h - 1) * w + i);
        }
        for (int j = 0; j < h; j++) {
            seed(mask, out, queue, j * w);
            seed(mask, out, queue, j * w + w - 1);
        }
        while (!queue.isEmpty()) {
            int p = queue.poll();
            int i = p % w;
            int j = p / w;
            if (i > 0) {
                seed(mask, out, queue, p - 1);
            }
            if (i < w - 1) {
                seed(mask, out, queue, p + 1);
            }
            if (j > 0) {
                seed(mask, out, queue, p - w);
            }
            if (j < h - 1) {
                seed(mask, out, queue, p + w);
            }
        }
        return out;
    }

    private static void seed(boolean[] mask, boolean[] out, LesionSegmenter.IntQueue queue, int p) {
        if (mask[p] && !out[p]) {
            out[p] = true;
            queue.add(p);
        }
    }

    /** Square dilation by radius r, separable. */
    private static boolean[] dilate(boolean[] m, int w, int h, int r) {
        return separable(m, w, h, r, true);
    }

    private static boolean[] erode(boolean[] m, int w, int h, int r) {
        return separable(m, w, h, r, false);
    }

    private static boolean[] separable(boolean[] m, int w, int h, int r, boolean any) {
        boolean[] tmp = new boolean[w * h];
        for (int j = 0; j < h; j++) {
            int count = 0;
            for (int i = -r; i < w + r; i++) {
                if (i + r < w && m[j * w + Math.min(w - 1, i + r)] == any && i + r >= 0) {
                    count++;
                }
                if (i - r - 1 >= 0 && m[j * w + i - r - 1] == any) {
                    count--;
                }
                if (i >= 0 && i < w) {
                    tmp[j * w + i] = any ? count > 0 : count == 0;
                }
            }
        }
        boolean[] out = new boolean[w * h];
        for (int i = 0; i < w; i++) {
            int count = 0;
            for (int j = -r; j < h + r; j++) {
                if (j + r < h && j + r >= 0 && tmp[Math.min(h - 1, j + r) * w + i] == any) {
                    count++;
                }
                if (j - r - 1 >= 0 && tmp[(j - r - 1) * w + i] == any) {
                    count--;
                }
                if (j >= 0 && j < h) {
                    out[j * w + i] = any ? count > 0 : count == 0;
                }
            }
        }
        return out;
    }

    private static double mean3x3(float[] s, int w, int i, int j) {
        double sum = 0;
        for (int dj = -1; dj <= 1; dj++) {
            for (int di = -1; di <= 1; di++) {
                sum += s[(j + dj) * w + i + di];
            }
        }
        return sum / 9;
    }
}
