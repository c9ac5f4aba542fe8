package org.dicomcnn.localize;

import java.util.BitSet;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * A set of voxels of one volume, with the measurements a finding reports: centroid, bounds,
 * volume, equivalent-sphere diameter and longest in-plane extent. The voxels are kept as a
 * sorted index array, so a small region costs little however large the volume (a bit set over
 * a 512 x 512 x 300 volume would cost 10 MB each).
 */
public final class VoxelRegion {

    private final Volume volume;
    private final int[] indices;

    /**
     * @param volume the volume the indices refer to
     * @param voxels voxel indices {@code (k * height + j) * width + i}
     */
    public VoxelRegion(Volume volume, BitSet voxels) {
        this.volume = volume;
        this.indices = voxels.stream().toArray();
    }

    /**
     * @param volume the volume the indices refer to
     * @param sortedIndices voxel indices {@code (k * height + j) * width + i}, ascending, no
     *     duplicates (taken, not copied)
     */
    VoxelRegion(Volume volume, int[] sortedIndices) {
        this.volume = volume;
        this.indices = sortedIndices;
    }

    /** The voxel index of (i, j, k). */
    public static int index(Volume v, int i, int j, int k) {
        return (k * v.height() + j) * v.width() + i;
    }

    /** Number of voxels. */
    public int size() {
        return indices.length;
    }

    /** Whether it holds no voxel. */
    public boolean isEmpty() {
        return indices.length == 0;
    }

    /** Whether voxel (i, j, k) belongs to it. */
    public boolean contains(int i, int j, int k) {
        return java.util.Arrays.binarySearch(indices, index(volume, i, j, k)) >= 0;
    }

    /** The voxel indices as a new bit set. */
    public BitSet voxels() {
        BitSet b = new BitSet();
        for (int p : indices) {
            b.set(p);
        }
        return b;
    }

    /** The voxel indices, ascending (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** Its voxels as runs along rows, slice by slice: what a finding's outline is drawn from. */
    public Footprint footprint() {
        return Footprint.ofIndices(indices, volume.width(), volume.height());
    }

    /** Centroid in voxel coordinates (column, row, slice). */
    public double[] centroidVoxel() {
        double si = 0;
        double sj = 0;
        double sk = 0;
        int w = volume.width();
        int h = volume.height();
        for (int p : indices) {
            si += p % w;
            sj += (p / w) % h;
            sk += p / (w * h);
        }
        int n = Math.max(1, size());
        return new double[] {si / n, sj / n, sk / n};
    }

    /** Centroid in patient mm. */
    public Vec3 centroidMm() {
        double[] c = centroidVoxel();
        return volume.geometry().voxelToPatient(c[0], c[1], c[2]);
    }

    /** Inclusive voxel bounds: min i, min j, min k, max i, max j, max k. */
    public int[] boundingBox() {
        int w = volume.width();
        int h = volume.height();
        int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
        for (int p : indices) {
            int i = p % w;
            int j = (p / w) % h;
            int k = p / (w * h);
            b[0] = Math.min(b[0], i);
            b[1] = Math.min(b[1], j);
            b[2] = Math.min(b[2], k);
            b[3] = Math.max(b[3], i);
            b[4] = Math.max(b[4], j);
            b[5] = Math.max(b[5], k);
        }
        return b;
    }

    /**
     * The fraction of the region's outside 6-neighbours darker than {@code belowHu}: how much of
     * its surface touches aerated lung when {@code belowHu} is -500.
     *
     * @param belowHu the density below which a neighbour counts
     * @return 0..1 (0 for an empty region)
     */
    public double borderFractionBelow(double belowHu) {
        int w = volume.width();
        int h = volume.height();
        int plane = w * h;
        long border = 0;
        long below = 0;
        BitSet inside = voxels();
        for (int p : indices) {
            int i = p % w;
            int j = (p / w) % h;
            int k = p / plane;
            int[][] next = {{i + 1, j, k}, {i - 1, j, k}, {i, j + 1, k}, {i, j - 1, k}, {i, j, k + 1}, {i, j, k - 1}};
            for (int[] q : next) {
                if (q[0] < 0 || q[1] < 0 || q[2] < 0 || q[0] >= w || q[1] >= h || q[2] >= volume.depth()) {
                    continue;
                }
                if (!inside.get((q[2] * h + q[1]) * w + q[0])) {
                    border++;
                    if (volume.slice(q[2])[q[1] * w + q[0]] < belowHu) {
                        below++;
                    }
                }
            }
        }
        return border == 0 ? 0 : below / (double) border;
    }

    /** Volume in ml: voxel count times the volume of one voxel (slice spacing times pixel area). */
    public double volumeMl() {
        Geometry g = volume.geometry();
        double spacing = g.slices() > 1 ? g.sliceSpacingMm() : 1;
        return size() * g.columnSpacingMm() * g.rowSpacingMm() * spacing / 1000.0;
    }

    /** Diameter of the sphere with the same volume, mm. */
    public double equivalentDiameterMm() {
        return Math.cbrt(6 * volumeMl() * 1000 / Math.PI);
    }

    /**
     * The longest in-plane extent, mm: on the slice with the most voxels, the largest distance
     * between two of its voxels' centres plus one voxel (so a single voxel measures one pixel).
     */
    public double longAxisMm() {
        int w = volume.width();
        int h = volume.height();
        int[] perSlice = new int[volume.depth()];
        for (int p : indices) {
            perSlice[p / (w * h)]++;
        }
        int best = 0;
        for (int k = 1; k < perSlice.length; k++) {
            if (perSlice[k] > perSlice[best]) {
                best = k;
            }
        }
        if (perSlice[best] == 0) {
            return 0;
        }
        Geometry g = volume.geometry();
        int from = best * w * h;
        int n = perSlice[best];
        int[] is = new int[n];
        int[] js = new int[n];
        int c = 0;
        for (int p : indices) {
            if (p >= from && p < from + w * h) {
                is[c] = p % w;
                js[c] = (p / w) % h;
                c++;
            }
        }
        double max = 0;
        // Only boundary voxels can be the ends of the longest chord; for small regions all are tried.
        int stride = Math.max(1, n / 400);
        for (int a = 0; a < n; a += stride) {
            for (int b = a + 1; b < n; b++) {
                double dx = (is[a] - is[b]) * g.columnSpacingMm();
                double dy = (js[a] - js[b]) * g.rowSpacingMm();
                max = Math.max(max, dx * dx + dy * dy);
            }
        }
        return Math.sqrt(max) + Math.min(g.columnSpacingMm(), g.rowSpacingMm());
    }
}
