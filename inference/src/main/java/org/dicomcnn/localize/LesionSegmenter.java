package org.dicomcnn.localize;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.Volume;

/**
 * Measures a lesion on the image around a point a heatmap or a region proposal pointed at.
 * Heatmaps are coarse (a cell spans many voxels), so sizes and centres come from the voxels:
 *
 * <ul>
 *   <li><b>Nodules</b> (class names containing "nodule"): the densest voxel near the point seeds
 *       a region grown over voxels brighter than half-way between the seed and aerated lung
 *       (-850 HU), which measures solid (near +40 HU) and ground-glass (-700..-300 HU) nodules
 *       alike; growth stays within {@link #MAX_NODULE_RADIUS_MM} of the seed, and an opening
 *       ({@link #openToNodule}: 1.5 mm in plane for a small nodule, a ball of half its inscribed
 *       radius for a large one) cuts the vessels it touches and the chest wall it abuts; a region
 *       still much wider than the nodule's largest inscribed ball ({@link #MAX_SPREAD}) is
 *       replaced by that ball.</li>
 *   <li><b>Effusions</b> (names containing "effusion"): voxels of fluid density
 *       ({@value #FLUID_MIN_HU}..{@value #FLUID_MAX_HU} HU) connected to the point, within the
 *       region the heatmap marked.</li>
 *   <li>Anything else: the region the heatmap marked, unmeasured on the image.</li>
 * </ul>
 */
public final class LesionSegmenter {

    /** HU of aerated lung, the background a nodule's half-maximum threshold is taken against. */
    static final double LUNG_HU = -850;

    /** Nodules are grown no further than this from their seed. */
    static final double MAX_NODULE_RADIUS_MM = 22;

    /** The smallest ball a nodule's region is opened by. */
    static final double OPENING_RADIUS_MM = 1.5;
    static final double FLUID_MIN_HU = -30;
    static final double FLUID_MAX_HU = 45;

    private LesionSegmenter() {}

    /** What kind of rule a class gets. */
    public enum Kind {
        /** Half-maximum region growing. */
        NODULE,
        /** Fluid-density region. */
        EFFUSION,
        /** The marked region itself. */
        MARKED;

        /** The rule for a class name. */
        public static Kind of(String className) {
            String c = className.toLowerCase(Locale.ROOT);
            return c.contains("nodule") ? NODULE : c.contains("effusion") ? EFFUSION : MARKED;
        }
    }

    /** A measured region and how it was measured. */
    public record Result(VoxelRegion region, String method) {}

    /** How much a heatmap favours voxel (i, j) of slice k, 0..1. */
    @FunctionalInterface
    public interface Heat {
        /** @return the weight of voxel (i, j, k) */
        double at(int i, int j, int k);
    }

    /**
     * Where to look for a nodule's seed around the point.
     *
     * @param radiusMm in-plane search radius (one slice either side is searched too)
     * @param heat when given, the seed is the dense voxel (3 x 3 mean at least
     *     {@value #DENSE_HU} HU) the heatmap favours most; without it, the densest voxel
     */
    public record SeedSearch(double radiusMm, Heat heat) {
        /** The densest voxel within 3 mm: for points that are already precise. */
        public static final SeedSearch NEAREST = new SeedSearch(3, null);
    }

    static final double DENSE_HU = -400;

    /**
     * A nodule touches aerated lung (below -500 HU) on at least this fraction of its surface: one
     * inside the lung is surrounded by air, one against the pleura about half so, while the
     * mediastinum or chest wall a heatmap or a closed lung field may take in is not.
     */
    static final double MIN_AERATED_BORDER = 0.3;

    /**
     * An opened region wider (equivalent diameter) than this many times the largest ball inscribed
     * in it still holds something besides the nodule, broadly joined to it (pleura a ground-glass
     * nodule lies against, a vessel thicker than the opening); then the nodule is measured as that
     * inscribed ball. A sphere gives 1; the phantoms' ellipsoids (axes 1 : 0.8-1 : 0.75-1,
     * docs/phantoms.md) up to 1.21, and partial volume on thick slices adds about 15 %.
     */
    static final double MAX_SPREAD = 1.4;

    /** Largest nodule measured; bigger regions are not nodules (phantom nodules grow to 40 mm at most). */
    static final double MAX_NODULE_DIAMETER_MM = 45;

    /**
     * Segments the lesion at a point.
     *
     * @param v the volume (HU)
     * @param kind the rule
     * @param i column of the point
     * @param j row
     * @param k slice
     * @param marked the voxels the heatmap or proposal marked (used by EFFUSION and MARKED)
     * @return the region (possibly empty) and a description of the rule
     */
    public static Result segment(Volume v, Kind kind, int i, int j, int k, BitSet marked) {
        return segment(v, kind, i, j, k, marked, SeedSearch.NEAREST);
    }

    /**
     * Segments the lesion at a point, searching for a nodule's seed as {@code search} says.
     *
     * @param v the volume (HU)
     * @param kind the rule
     * @param i column of the point
     * @param j row
     * @param k slice
     * @param marked the voxels the heatmap or proposal marked (used by EFFUSION and MARKED)
     * @param search where to look for a nodule's seed
     * @return the region (possibly empty) and a description of the rule
     */
    public static Result segment(Volume v, Kind kind, int i, int j, int k, BitSet marked, SeedSearch search) {
        return switch (kind) {
            case NODULE -> nodule(v, i, j, k, search);
            case EFFUSION -> effusion(v, i, j, k, marked);
            case MARKED -> new Result(new VoxelRegion(v, marked), "the heatmap region at half its maximum");
        };
    }

    private static Result nodule(Volume v, int pi, int pj, int pk, SeedSearch search) {
        Geometry g = v.geometry();
        int w = v.width();
        int h = v.height();
        // Seed: within the search radius in plane and one slice either side of the point, the dense
        // voxel the heatmap favours most, or without a heatmap the voxel with the largest 3x3 mean.
        int ri = (int) Math.ceil(search.radiusMm() / g.columnSpacingMm());
        int rj = (int) Math.ceil(search.radiusMm() / g.rowSpacingMm());
        int si = pi;
        int sj = pj;
        int sk = pk;
        double best = Double.NEGATIVE_INFINITY;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = Math.max(0, pk - 1); k <= Math.min(v.depth() - 1, pk + 1); k++) {
            for (int j = Math.max(1, pj - rj); j <= Math.min(h - 2, pj + rj); j++) {
                for (int i = Math.max(1, pi - ri); i <= Math.min(w - 2, pi + ri); i++) {
                    double di = (i - pi) * g.columnSpacingMm();
                    double dj = (j - pj) * g.rowSpacingMm();
                    if (di * di + dj * dj > search.radiusMm() * search.radiusMm()) {
                        continue;
                    }
                    double m = mean3x3(v, i, j, k);
                    double score = search.heat() == null ? m
                            : m >= DENSE_HU ? search.heat().at(i, j, k) * 10_000 + m : m - 10_000;
                    if (score > bestScore) {
                        bestScore = score;
                        best = m;
                        si = i;
                        sj = j;
                        sk = k;
                    }
                }
            }
        }
        double threshold = (best + LUNG_HU) / 2;
        if (best < -600) {
            return new Result(new VoxelRegion(v, new BitSet()), "no voxel denser than -600 HU near the point");
        }
        Box box = Box.around(v, si, sj, sk, MAX_NODULE_RADIUS_MM);
        BitSet grown = grow(v, box, si, sj, sk, threshold, Double.POSITIVE_INFINITY, MAX_NODULE_RADIUS_MM, null);
        Opened opened = openToNodule(v, box, grown, si, sj, sk);
        VoxelRegion region = box.region(v, opened.voxels().isEmpty() ? grown : opened.voxels());
        double aerated = region.borderFractionBelow(-500);
        if (aerated < MIN_AERATED_BORDER || region.equivalentDiameterMm() > MAX_NODULE_DIAMETER_MM) {
            return new Result(new VoxelRegion(v, new BitSet()), String.format(Locale.ROOT,
                    "not a nodule: %.0f mm across, %.0f%% of its surface against aerated lung",
                    region.equivalentDiameterMm(), 100 * aerated));
        }
        String method = String.format(Locale.ROOT, "half-maximum region growing from a %.0f HU seed (threshold %.0f HU, "
                + "within %.0f mm, %s)", best, threshold, MAX_NODULE_RADIUS_MM, opened.describe());
        double inscribed = 2 * opened.inscribedRadiusMm();
        double openedDiameter = region.equivalentDiameterMm();
        if (openedDiameter > MAX_SPREAD * inscribed) {
            region = box.region(v, ball(v, box, grown, opened.centre(), opened.inscribedRadiusMm()));
            method += String.format(Locale.ROOT, "; its largest inscribed ball, %.0f mm across, as the opened region "
                    + "(%.0f mm) held more than the nodule", inscribed, openedDiameter);
        }
        return new Result(region, method);
    }

    private static Result effusion(Volume v, int pi, int pj, int pk, BitSet marked) {
        int w = v.width();
        int h = v.height();
        // Seed: the marked voxel of fluid density closest to the point on its slice.
        int seed = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        int from = pk * w * h;
        for (int p = marked.nextSetBit(from); p >= 0 && p < from + w * h; p = marked.nextSetBit(p + 1)) {
            float hu = v.slice(pk)[p - from];
            if (hu >= FLUID_MIN_HU && hu <= FLUID_MAX_HU) {
                double d = Math.hypot(p % w - pi, (p / w) % h - pj);
                if (d < bestDistance) {
                    bestDistance = d;
                    seed = p;
                }
            }
        }
        if (seed < 0) {
            return new Result(new VoxelRegion(v, new BitSet()), "no fluid-density voxel in the marked region");
        }
        Box box = Box.bounding(v, marked);
        BitSet grown = grow(v, box, seed % w, (seed / w) % h, pk, FLUID_MIN_HU, FLUID_MAX_HU, Double.POSITIVE_INFINITY,
                marked);
        return new Result(box.region(v, grown), String.format(Locale.ROOT,
                "fluid-density region (%.0f..%.0f HU) connected to the heatmap peak", FLUID_MIN_HU, FLUID_MAX_HU));
    }

    /**
     * A box of voxels in which a region is grown, so that its working sets are indexed locally:
     * a bit set indexed over a whole 512 x 512 x 300 volume would cost megabytes per region.
     */
    record Box(int i0, int j0, int k0, int width, int height, int depth) {

        /** The box that holds a sphere of {@code radiusMm} around a voxel, cut to the volume. */
        static Box around(Volume v, int i, int j, int k, double radiusMm) {
            Geometry g = v.geometry();
            double sliceSpacing = g.slices() > 1 ? g.sliceSpacingMm() : 1;
            int ri = (int) Math.ceil(radiusMm / g.columnSpacingMm());
            int rj = (int) Math.ceil(radiusMm / g.rowSpacingMm());
            int rk = (int) Math.ceil(radiusMm / sliceSpacing);
            int i0 = Math.max(0, i - ri);
            int j0 = Math.max(0, j - rj);
            int k0 = Math.max(0, k - rk);
            return new Box(i0, j0, k0, Math.min(v.width() - 1, i + ri) - i0 + 1, Math.min(v.height() - 1, j + rj) - j0 + 1,
                    Math.min(v.depth() - 1, k + rk) - k0 + 1);
        }

        /** The bounding box of a set of volume-indexed voxels. */
        static Box bounding(Volume v, BitSet voxels) {
            if (voxels.isEmpty()) {
                return new Box(0, 0, 0, 1, 1, 1);
            }
            int[] b = new VoxelRegion(v, voxels).boundingBox();
            return new Box(b[0], b[1], b[2], b[3] - b[0] + 1, b[4] - b[1] + 1, b[5] - b[2] + 1);
        }

        boolean contains(int i, int j, int k) {
            return i >= i0 && j >= j0 && k >= k0 && i < i0 + width && j < j0 + height && k < k0 + depth;
        }

        int local(int i, int j, int k) {
            return ((k - k0) * height + (j - j0)) * width + (i - i0);
        }

        /**
         * The locally indexed voxels as a region of the volume. Local and volume indices both run
         * slice, row, column, so ascending local order is ascending volume order.
         */
        VoxelRegion region(Volume v, BitSet local) {
            int[] global = new int[local.cardinality()];
            int n = 0;
            for (int p = local.nextSetBit(0); p >= 0; p = local.nextSetBit(p + 1)) {
                int i = i0 + p % width;
                int j = j0 + (p / width) % height;
                int k = k0 + p / (width * height);
                global[n++] = VoxelRegion.index(v, i, j, k);
            }
            return new VoxelRegion(v, global);
        }
    }

    /**
     * 6-connected flood fill over voxels in [low, high], within a radius (mm), a box and
     * optionally a volume-indexed mask; the result is indexed in the box.
     */
    static BitSet grow(Volume v, Box box, int si, int sj, int sk, double low, double high, double radiusMm,
            BitSet within) {
        Geometry g = v.geometry();
        int w = v.width();
        double sliceSpacing = g.slices() > 1 ? g.sliceSpacingMm() : 1;
        BitSet out = new BitSet();
        IntQueue queue = new IntQueue();
        int start = box.local(si, sj, sk);
        out.set(start);
        queue.add(start);
        int bw = box.width();
        int bh = box.height();
        while (!queue.isEmpty()) {
            int p = queue.poll();
            int pi = box.i0() + p % bw;
            int pj = box.j0() + (p / bw) % bh;
            int pk = box.k0() + p / (bw * bh);
            for (int n = 0; n < 6; n++) {
                int i = pi + STEP_I[n];
                int j = pj + STEP_J[n];
                int k = pk + STEP_K[n];
                if (!box.contains(i, j, k)) {
                    continue;
                }
                int local = box.local(i, j, k);
                if (out.get(local) || (within != null && !within.get(VoxelRegion.index(v, i, j, k)))) {
                    continue;
                }
                float hu = v.slice(k)[j * w + i];
                if (hu < low || hu > high) {
                    continue;
                }
                double dx = (i - si) * g.columnSpacingMm();
                double dy = (j - sj) * g.rowSpacingMm();
                double dz = (k - sk) * sliceSpacing;
                if (dx * dx + dy * dy + dz * dz > radiusMm * radiusMm) {
                    continue;
                }
                out.set(local);
                queue.add(local);
            }
        }
        return out;
    }

    private static final int[] STEP_I = {1, -1, 0, 0, 0, 0};
    private static final int[] STEP_J = {0, 0, 1, -1, 0, 0};
    private static final int[] STEP_K = {0, 0, 0, 0, 1, -1};

    /** A growable queue of ints, for flood fills without boxing. */
    static final class IntQueue {
        private int[] items = new int[256];
        private int head;
        private int tail;

        void add(int v) {
            if (tail == items.length) {
                if (head > items.length / 2) {
                    System.arraycopy(items, head, items, 0, tail - head);
                    tail -= head;
                    head = 0;
                } else {
                    items = java.util.Arrays.copyOf(items, items.length * 2);
                }
            }
            items[tail++] = v;
        }

        int poll() {
            return items[head++];
        }

        boolean isEmpty() {
            return head == tail;
        }
    }

    /**
     * Fraction of a nodule's inscribed radius that the opening's ball takes: attachments thinner
     * than the nodule itself (vessels it touches, a neck to the pleura) are cut, the nodule's body
     * keeps its extent.
     */
    static final double OPENING_FRACTION = 0.5;

    /**
     * A region after {@link #openToNodule}: its voxels, the radius of the ball or disc it was
     * opened by and whether that was a disc in plane, the centre (box index) and radius of the
     * largest ball inscribed in the nodule.
     */
    record Opened(BitSet voxels, double radiusMm, boolean inPlane, int centre, double inscribedRadiusMm) {
        String describe() {
            return inPlane ? String.format(Locale.ROOT, "opened %.1f mm in plane", radiusMm)
                    : String.format(Locale.ROOT, "opened by a %.1f mm ball", radiusMm);
        }
    }

    /**
     * Cuts what the threshold took in with a nodule. From the seed, steepest ascent over the
     * region's distance transform reaches the centre of the nodule's largest inscribed ball
     * (radius R). A nodule whose {@link #OPENING_FRACTION} R is no more than
     * {@link #OPENING_RADIUS_MM} (below about 6 mm; or flat, on thick slices) is opened in plane by
     * a disc of that radius ({@link #openInPlane}). A larger one is opened in 3-D by a ball of
     * {@link #OPENING_FRACTION} R: the region is eroded by it, the 6-connected part of the erosion
     * that holds the centre is kept and dilated back within the region. A 20 mm nodule sheds the
     * vessels narrower than about 10 mm that run into it, and the chest wall it only touches. All
     * sets are indexed in the box.
     *
     * @return the opened region and how it was opened
     */
    static Opened openToNodule(Volume v, Box box, BitSet region, int si, int sj, int sk) {
        Geometry g = v.geometry();
        double[] spacing = {g.columnSpacingMm(), g.rowSpacingMm(), g.slices() > 1 ? g.sliceSpacingMm() : 1};
        double[] inside = DistanceTransform.squaredMm(region, box.width(), box.height(), box.depth(), spacing, false);
        int centre = climb(box, inside, box.local(si, sj, sk));
        double radius = OPENING_FRACTION * Math.sqrt(inside[centre]);
        if (radius <= OPENING_RADIUS_MM) {
            return new Opened(openInPlane(v, box, region, si, sj, sk), OPENING_RADIUS_MM, true, centre,
                    Math.sqrt(inside[centre]));
        }
        double r2 = radius * radius;
        BitSet eroded = new BitSet();
        for (int p = region.nextSetBit(0); p >= 0; p = region.nextSetBit(p + 1)) {
            if (inside[p] > r2) {
                eroded.set(p);
            }
        }
        BitSet core = component(box, eroded, centre);
        BitSet notCore = new BitSet(box.width() * box.height() * box.depth());
        notCore.set(0, box.width() * box.height() * box.depth());
        notCore.andNot(core);
        double[] toCore = DistanceTransform.squaredMm(notCore, box.width(), box.height(), box.depth(), spacing, true);
        // dilated by half a voxel's diagonal more than eroded: on a grid the erosion's edge lies up to a
        // voxel inside the continuous one, and a nodule's caps on thick slices would be shaved off
        double back = radius + Math.sqrt(spacing[0] * spacing[0] + spacing[1] * spacing[1] + spacing[2] * spacing[2]) / 2;
        BitSet opened = new BitSet();
        for (int p = region.nextSetBit(0); p >= 0; p = region.nextSetBit(p + 1)) {
            if (toCore[p] <= back * back) {
                opened.set(p);
            }
        }
        return new Opened(opened, radius, false, centre, Math.sqrt(inside[centre]));
    }

    /** The voxels of a box-indexed region within {@code radiusMm} of one of its voxels. */
    private static BitSet ball(Volume v, Box box, BitSet region, int centre, double radiusMm) {
        Geometry g = v.geometry();
        double[] step = {g.columnSpacingMm(), g.rowSpacingMm(), g.slices() > 1 ? g.sliceSpacingMm() : 1};
        int w = box.width();
        int plane = w * box.height();
        BitSet out = new BitSet();
        for (int p = region.nextSetBit(0); p >= 0; p = region.nextSetBit(p + 1)) {
            double dx = (p % w - centre % w) * step[0];
            double dy = ((p / w) % box.height() - (centre / w) % box.height()) * step[1];
            double dz = (p / plane - centre / plane) * step[2];
            if (dx * dx + dy * dy + dz * dz <= radiusMm * radiusMm) {
                out.set(p);
            }
        }
        return out;
    }

    /** From a box voxel, steepest ascent over 26 neighbours to a local maximum of {@code field}. */
    private static int climb(Box box, double[] field, int start) {
        int w = box.width();
        int h = box.height();
        int at = start;
        while (true) {
            int i = at % w;
            int j = (at / w) % h;
            int k = at / (w * h);
            int best = at;
            for (int dk = -1; dk <= 1; dk++) {
                for (int dj = -1; dj <= 1; dj++) {
                    for (int di = -1; di <= 1; di++) {
                        int ii = i + di;
                        int jj = j + dj;
                        int kk = k + dk;
                        if (ii >= 0 && jj >= 0 && kk >= 0 && ii < w && jj < h && kk < box.depth()) {
                            int q = (kk * h + jj) * w + ii;
                            if (field[q] > field[best]) {
                                best = q;
                            }
                        }
                    }
                }
            }
            if (best == at) {
                return at;
            }
            at = best;
        }
    }

    /**
     * Morphological opening in plane (erosion then dilation by a disc of
     * {@link #OPENING_RADIUS_MM}), then the 3-D component that holds the seed, dilated back
     * within the original region: thin attachments are cut, the body keeps its extent. All sets
     * are indexed in the box.
     */
    static BitSet openInPlane(Volume v, Box box, BitSet region, int si, int sj, int sk) {
        Geometry g = v.geometry();
        int bw = box.width();
        int bh = box.height();
        int ri = Math.max(1, (int) Math.round(OPENING_RADIUS_MM / g.columnSpacingMm()));
        int rj = Math.max(1, (int) Math.round(OPENING_RADIUS_MM / g.rowSpacingMm()));
        List<int[]> disc = new ArrayList<>();
        for (int dj = -rj; dj <= rj; dj++) {
            for (int di = -ri; di <= ri; di++) {
                if ((double) di * di / (ri * ri) + (double) dj * dj / (rj * rj) <= 1.0001) {
                    disc.add(new int[] {di, dj});
                }
            }
        }
        BitSet eroded = new BitSet();
        for (int p = region.nextSetBit(0); p >= 0; p = region.nextSetBit(p + 1)) {
            int i = p % bw;
            int j = (p / bw) % bh;
            boolean keep = true;
            for (int[] d : disc) {
                int ii = i + d[0];
                int jj = j + d[1];
                if (ii < 0 || jj < 0 || ii >= bw || jj >= bh || !region.get(p + d[1] * bw + d[0])) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                eroded.set(p);
            }
        }
        if (eroded.isEmpty()) {
            return region; // smaller than the opening: a tiny nodule, keep it whole
        }
        int seed = box.local(si, sj, sk);
        int start = eroded.get(seed) ? seed : nearest(box, eroded, seed);
        BitSet core = component(box, eroded, start);
        BitSet dilated = new BitSet();
        for (int p = core.nextSetBit(0); p >= 0; p = core.nextSetBit(p + 1)) {
            int i = p % bw;
            int j = (p / bw) % bh;
            for (int[] d : disc) {
                int ii = i + d[0];
                int jj = j + d[1];
                if (ii >= 0 && jj >= 0 && ii < bw && jj < bh) {
                    int q = p + d[1] * bw + d[0];
                    if (region.get(q)) {
                        dilated.set(q);
                    }
                }
            }
        }
        return dilated;
    }

    private static int nearest(Box box, BitSet set, int seed) {
        int bw = box.width();
        int bh = box.height();
        int si = seed % bw;
        int sj = (seed / bw) % bh;
        int sk = seed / (bw * bh);
        int best = set.nextSetBit(0);
        double bestD = Double.POSITIVE_INFINITY;
        for (int p = best; p >= 0; p = set.nextSetBit(p + 1)) {
            double d = Math.pow(p % bw - si, 2) + Math.pow((p / bw) % bh - sj, 2) + Math.pow(p / (bw * bh) - sk, 2);
            if (d < bestD) {
                bestD = d;
                best = p;
            }
        }
        return best;
    }

    /** The 6-connected component of a box-indexed {@code set} holding {@code start}. */
    static BitSet component(Box box, BitSet set, int start) {
        int w = box.width();
        int h = box.height();
        int plane = w * h;
        BitSet out = new BitSet();
        IntQueue queue = new IntQueue();
        out.set(start);
        queue.add(start);
        while (!queue.isEmpty()) {
            int p = queue.poll();
            int i = p % w;
            int j = (p / w) % h;
            int k = p / plane;
            int[] next = {
                i + 1 < w ? p + 1 : -1, i > 0 ? p - 1 : -1, j + 1 < h ? p + w : -1, j > 0 ? p - w : -1,
                k + 1 < box.depth() ? p + plane : -1, k > 0 ? p - plane : -1
            };
            for (int q : next) {
                if (q >= 0 && set.get(q) && !out.get(q)) {
                    out.set(q);
                    queue.add(q);
                }
            }
        }
        return out;
    }

    private static double mean3x3(Volume v, int i, int j, int k) {
        float[] s = v.slice(k);
        int w = v.width();
        double sum = 0;
        for (int dj = -1; dj <= 1; dj++) {
            for (int di = -1; di <= 1; di++) {
                sum += s[(j + dj) * w + i + di];
            }
        }
        return sum / 9;
    }
}
