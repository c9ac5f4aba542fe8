package org.dicomcnn.localize;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dicomcnn.volume.Volume;

/**
 * Proposes candidate nodules from the image alone, the first stage of region-based scoring
 * (R-CNN: propose, then classify each region): blob-like dense spots inside the lung fields.
 *
 * <ol>
 *   <li>Lung fields per slice: voxels below -400 HU not connected to the image border (outside
 *       air), closed by {@link #CLOSING_MM} and with holes filled, so that dense structures
 *       inside the lungs and nodules against the pleura fall within them.</li>
 *   <li>Blob centres: {@link BlobCandidates}, a multi-scale 3-D dot filter inside those fields,
 *       strongest first, kept when the seed lies in the slice's lung field and its 3 x 3 mean
 *       reaches {@link #MIN_SEED_HU}; a vessel is a tube, not a 3-D blob, and scores low, but
 *       vessel branchings and crossings still score.</li>
 *   <li>Each centre is measured with {@link LesionSegmenter}'s nodule rule (which refuses
 *       regions not surrounded by lung); regions with an equivalent diameter outside 3..35 mm and
 *       regions mostly shared with a stronger proposal are dropped.</li>
 * </ol>
 *
 * Branching vessels still give proposals; that is intended: the classifier, not the proposer,
 * tells them apart. Limits: nodules fully merged with the chest wall or mediastinum are not
 * proposed.
 */
public final class RegionProposer {

    static final double LUNG_AIR_HU = -400;
    static final double CLOSING_MM = 4;

    /**
     * A seed's 3 x 3 mean must reach this, HU: denser than aerated lung (about -850 HU) by more
     * than noise, as faint ground glass (-700 HU) is.
     */
    static final double MIN_SEED_HU = -760;
    static final double MIN_DIAMETER_MM = 3;
    static final double MAX_DIAMETER_MM = 35;

    private RegionProposer() {}

    /**
     * A proposed region.
     *
     * @param region its voxels
     * @param seedVoxel the blob centre it grew from (column, row, slice)
     * @param peakHu the HU at the seed voxel
     * @param segmentation how the region was measured
     */
    public record Proposal(VoxelRegion region, int[] seedVoxel, double peakHu, String segmentation) {}

    /**
     * Proposes nodule candidates.
     *
     * @param v a CT volume in HU
     * @param maxProposals at most this many blob candidates are measured, strongest first
     * @return the proposals
     */
    public static List<Proposal> nodules(Volume v, int maxProposals) {
        List<Proposal> proposals = new ArrayList<>();
        BitSet covered = new BitSet();
        Map<Integer, boolean[]> fields = new HashMap<>();
        double pixelMm = Math.min(v.geometry().columnSpacingMm(), v.geometry().rowSpacingMm());
        for (BlobCandidates.Candidate c : BlobCandidates.find(v, maxProposals)) {
            int[] p = seedVoxel(v, c.voxel());
            if (covered.get(VoxelRegion.index(v, p[0], p[1], p[2]))) {
                continue;
            }
            boolean[] field = fields.computeIfAbsent(p[2], k -> lungField(v.slice(k), v.width(), v.height(), pixelMm));
            if (!field[p[1] * v.width() + p[0]] || mean3x3(v, p[0], p[1], p[2]) < MIN_SEED_HU) {
                continue;
            }
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
            proposals.add(new Proposal(region, p, v.value(p[0], p[1], p[2]), r.method()));
        }
        return proposals;
    }

    /** The voxel nearest a candidate's centre, inside the volume. */
    private static int[] seedVoxel(Volume v, double[] voxel) {
        return new int[] {clamp((int) Math.round(voxel[0]), v.width()), clamp((int) Math.round(voxel[1]), v.height()),
                clamp((int) Math.round(voxel[2]), v.depth())};
    }

    private static int clamp(int x, int n) {
        return Math.max(0, Math.min(n - 1, x));
    }

    /** Lung fields of one slice: enclosed low-density voxels, closed and with holes filled. */
    static boolean[] lungField(float[] s, int w, int h, double pixelMm) {
        boolean[] air = new boolean[w * h];
        for (int p = 0; p < air.length; p++) {
            air[p] = s[p] < LUNG_AIR_HU;
        }
        boolean[] outside = floodFromBorder(air, w, h);
        boolean[] lung = new boolean[w * h];
        for (int p = 0; p < lung.length; p++) {
            lung[p] = air[p] && !outside[p];
        }
        int r = Math.max(1, (int) Math.round(CLOSING_MM / pixelMm));
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

    /** The in-plane 3 x 3 mean around a voxel, clamped at the borders. */
    private static double mean3x3(Volume v, int i, int j, int k) {
        double sum = 0;
        for (int dj = -1; dj <= 1; dj++) {
            for (int di = -1; di <= 1; di++) {
                sum += v.value(clamp(i + di, v.width()), clamp(j + dj, v.height()), k);
            }
        }
        return sum / 9;
    }
}
