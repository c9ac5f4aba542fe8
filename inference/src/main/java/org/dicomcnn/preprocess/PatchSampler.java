package org.dicomcnn.preprocess;

import java.util.List;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.volume.Volume;

/**
 * Builds a candidate classifier's input: three orthogonal planes through a point (axial,
 * coronal, sagittal, in the volume's voxel axes) as the three channels of a
 * {@code size x size} patch at {@code pixelSpacingMm}, trilinearly interpolated, windowed with
 * the spec's first window to [0, 1] and normalised with its mean and standard deviation. A
 * sphere looks round in all three planes, a vessel long in at least one: the network sees in
 * 2-D what a 3-D shape is (the triplanar input of Setio et al., IEEE TMI 2016). When the spec has
 * a {@code contextSpacingMm}, the same three planes follow at that coarser pixel size (channels
 * 4-6): a 25 mm hilar vessel fills the fine planes as a 25 mm nodule does, the context planes show
 * the mediastinum it leaves. Training and inference both fill patches here.
 *
 * <pre>{@code
 * PatchSampler s = new PatchSampler(candidateManifest.input());
 * float[] input = new float[s.inputLength()];
 * s.fill(volume, candidate.voxel(), PatchSampler.Orientation.IDENTITY, input, 0);
 * }</pre>
 *
 * Outside the volume the value is air (-1024 HU). Thread-safe.
 */
public final class PatchSampler {

    /** Planes per scale: axial, coronal, sagittal. */
    public static final int PLANES = 3;

    /**
     * Mirrorings of the patch's axes, the augmentations that keep the voxel grid: a flipped
     * nodule is still a nodule.
     *
     * @param flipX mirror along the volume's rows
     * @param flipY mirror along its columns
     * @param flipZ mirror along the slice normal
     */
    public record Orientation(boolean flipX, boolean flipY, boolean flipZ) {
        /** No mirroring. */
        public static final Orientation IDENTITY = new Orientation(false, false, false);

        /** The eight mirrorings: bit 0 of the index flips x, bit 1 y, bit 2 z. */
        private static final List<Orientation> ALL = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> new Orientation((i & 1) != 0, (i & 2) != 0, (i & 4) != 0)).toList();

        /**
         * The first {@code n} mirrorings: identity; then x; then y and both; then the same four
         * mirrored along z. With 2 or 4 the patch stays in its slice plane's orientation.
         *
         * @param n 1, 2, 4 or 8 ({@link Manifest.CandidateStage#MIRRORINGS})
         * @return n mirrorings, identity first
         * @throws IllegalArgumentException for another n
         */
        public static List<Orientation> first(int n) {
            if (!Manifest.CandidateStage.MIRRORINGS.contains(n)) {
                throw new IllegalArgumentException("mirrorings must be 1, 2, 4 or 8, not " + n);
            }
            return ALL.subList(0, n);
        }
    }

    /** The voxel axes each plane spans (across, down): axial (x, y), coronal (x, z), sagittal (y, z). */
    private static final int[][] AXES = {{0, 1}, {0, 2}, {1, 2}};

    private final Manifest.InputSpec spec;
    private final int size;
    /** Pixel size of each set of three planes, mm: the patch's, then the context planes' if any. */
    private final double[] scalesMm;

    /**
     * @param spec the candidate model's input spec, sampling {@code triplanar-patch}
     * @throws IllegalArgumentException if the spec does not describe a triplanar patch
     */
    public PatchSampler(Manifest.InputSpec spec) {
        if (!spec.triplanar()) {
            throw new IllegalArgumentException("a candidate patch needs an input spec with sampling "
                    + Manifest.InputSpec.SAMPLING_TRIPLANAR + ", not " + spec.sampling());
        }
        this.spec = spec;
        this.size = spec.size();
        this.scalesMm = spec.contextSpacingMm() > 0
                ? new double[] {spec.pixelSpacingMm(), spec.contextSpacingMm()}
                : new double[] {spec.pixelSpacingMm()};
    }

    /** HU per unit of the normalised input (window width times the spec's std). */
    public double huPerUnit() {
        return spec.windows().get(0).widthHu() * spec.std();
    }

    /** Floats in one patch: channels (3, or 6 with context planes) x size x size. */
    public int inputLength() {
        return scalesMm.length * PLANES * size * size;
    }

    /**
     * Writes the patch around a point.
     *
     * @param v the volume (channel 0 is used)
     * @param centreVoxel the centre in voxel coordinates (column, row, slice; fractional)
     * @param o mirroring (augmentation; {@link Orientation#IDENTITY} at inference)
     * @param dst destination
     * @param offset where the patch starts in {@code dst}
     */
    public void fill(Volume v, double[] centreVoxel, Orientation o, float[] dst, int offset) {
        fill(v, centreVoxel, o, 0, 1, dst, offset);
    }

    /**
     * Writes the patch around a point with intensity augmentation, as
     * {@link Preprocessor#fill(Volume, SlicePlane, double[], double, double, float[], int)} does.
     *
     * @param v the volume (channel 0 is used)
     * @param centreVoxel the centre in voxel coordinates (column, row, slice; fractional)
     * @param o mirroring
     * @param offsetHu added to every value before windowing
     * @param gain multiplies every value (about the window centre) before windowing
     * @param dst destination
     * @param offset where the patch starts in {@code dst}
     */
    public void fill(Volume v, double[] centreVoxel, Orientation o, double offsetHu, double gain, float[] dst,
            int offset) {
        short[] hu = new short[inputLength()];
        sampleHu(v, centreVoxel, hu);
        normalise(hu, o, offsetHu, gain, dst, offset);
    }

    /**
     * Samples the patch's HU values (rounded to whole HU) before windowing, unmirrored: what
     * training stores per candidate, so that it need not keep whole volumes in memory.
     *
     * @param v the volume (channel 0 is used)
     * @param centreVoxel the centre in voxel coordinates (column, row, slice; fractional)
     * @param hu destination of {@link #inputLength()} values, plane by plane, row by row
     */
    public void sampleHu(Volume v, double[] centreVoxel, short[] hu) {
        for (int scale = 0; scale < scalesMm.length; scale++) {
            sampleHu(v, centreVoxel, scalesMm[scale], hu, scale * PLANES * size * size);
        }
    }

    /** Samples the three planes at one pixel size into {@code hu} from {@code first}. */
    private void sampleHu(Volume v, double[] centreVoxel, double step, short[] hu, int first) {
        double[] perVoxel = {
            step / v.geometry().columnSpacingMm(),
            step / v.geometry().rowSpacingMm(),
            v.depth() > 1 ? step / v.geometry().sliceSpacingMm() : 0
        };
        double half = (size - 1) / 2.0;
        // plane p spans two axes: axial (x right, y down), coronal (x, z), sagittal (y, z)
        double[] point = new double[3];
        for (int p = 0; p < PLANES; p++) {
            int across = AXES[p][0];
            int down = AXES[p][1];
            int base = first + p * size * size;
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    point[0] = centreVoxel[0];
                    point[1] = centreVoxel[1];
                    point[2] = centreVoxel[2];
                    point[across] += (c - half) * perVoxel[across];
                    point[down] += (r - half) * perVoxel[down];
                    long value = Math.round(trilinear(v, point[0], point[1], point[2]));
                    hu[base + r * size + c] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
                }
            }
        }
    }

    /**
     * Turns sampled HU values into the network input: mirrored by {@code o} (the sampling grid is
     * symmetric about the centre, so mirroring the samples equals sampling mirrored), intensity
     * augmented, windowed with the spec's first window to [0, 1] and normalised.
     *
     * @param hu values from {@link #sampleHu}
     * @param o mirroring
     * @param offsetHu added to every value before windowing
     * @param gain multiplies every value (about the window centre) before windowing
     * @param dst destination
     * @param offset where the patch starts in {@code dst}
     */
    public void normalise(short[] hu, Orientation o, double offsetHu, double gain, float[] dst, int offset) {
        boolean[] flip = {o.flipX(), o.flipY(), o.flipZ()};
        Manifest.Window w = spec.windows().get(0);
        double low = w.centreHu() - w.widthHu() / 2;
        for (int p = 0; p < scalesMm.length * PLANES; p++) {
            boolean flipAcross = flip[AXES[p % PLANES][0]];
            boolean flipDown = flip[AXES[p % PLANES][1]];
            int base = p * size * size;
            for (int r = 0; r < size; r++) {
                int sr = flipDown ? size - 1 - r : r;
                for (int c = 0; c < size; c++) {
                    int sc = flipAcross ? size - 1 - c : c;
                    double value = (hu[base + sr * size + sc] - w.centreHu()) * gain + w.centreHu() + offsetHu;
                    double windowed = Math.max(0, Math.min(1, (value - low) / w.widthHu()));
                    dst[offset + base + r * size + c] = (float) ((windowed - spec.mean()) / spec.std());
                }
            }
        }
    }

    /** The value at a fractional voxel position; air outside the volume. */
    static double trilinear(Volume v, double x, double y, double z) {
        int w = v.width();
        int h = v.height();
        int d = v.depth();
        if (x < -0.5 || y < -0.5 || z < -0.5 || x > w - 0.5 || y > h - 0.5 || z > d - 0.5) {
            return Preprocessor.AIR_HU;
        }
        x = Math.max(0, Math.min(w - 1, x));
        y = Math.max(0, Math.min(h - 1, y));
        z = Math.max(0, Math.min(d - 1, z));
        int x0 = Math.min(w - 2, (int) x);
        int y0 = Math.min(h - 2, (int) y);
        int z0 = d > 1 ? Math.min(d - 2, (int) z) : 0;
        double fx = x - x0;
        double fy = y - y0;
        double fz = d > 1 ? z - z0 : 0;
        double lower = bilinear(v.slice(z0), w, v.channels(), x0, y0, fx, fy);
        if (fz == 0) {
            return lower;
        }
        double upper = bilinear(v.slice(z0 + 1), w, v.channels(), x0, y0, fx, fy);
        return lower + fz * (upper - lower);
    }

    private static double bilinear(float[] s, int w, int channels, int x0, int y0, double fx, double fy) {
        double a = s[(y0 * w + x0) * channels];
        double b = s[(y0 * w + x0 + 1) * channels];
        double c = s[((y0 + 1) * w + x0) * channels];
        double e = s[((y0 + 1) * w + x0 + 1) * channels];
        double top = a + fx * (b - a);
        double bottom = c + fx * (e - c);
        return top + fy * (bottom - top);
    }
}
