package org.dicomcnn.preprocess;

import java.util.List;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * Builds network input from a volume, as the model bundle's input spec says: for each window,
 * for each slice offset of the 2.5D context, the volume is resampled in plane onto the input
 * grid (area-averaged when the input pixel covers several voxels), windowed to [0, 1] and
 * normalised with the spec's mean and standard deviation. Context slices lie
 * {@code contextSpacingMm} apart along the slice normal, interpolated between slices, so a
 * model sees the same anatomy whatever the slice spacing of the series.
 *
 * <pre>{@code
 * Preprocessor p = new Preprocessor(manifest.input());
 * SlicePlane plane = p.plane(volume);
 * float[] input = new float[p.inputLength()];
 * p.fill(volume, plane, 40, input, 0);   // slice 40: channels x size x size
 * }</pre>
 *
 * <p>Channel order: window-major, then context offset from most negative to most positive.
 * Values outside the volume count as air (-1024 HU) for CT and as the window's lower edge
 * otherwise. Thread-safe; holds no per-volume state.
 */
public final class Preprocessor {

    /** HU of air, used outside a CT volume. */
    static final float AIR_HU = -1024f;

    private final Manifest.InputSpec spec;
    private final int size;
    private final int contextSlices;

    /**
     * @param spec the model's input spec
     * @throws IllegalArgumentException if the spec is a triplanar patch spec
     */
    public Preprocessor(Manifest.InputSpec spec) {
        if (spec.triplanar()) {
            throw new IllegalArgumentException("the model takes " + Manifest.InputSpec.SAMPLING_TRIPLANAR
                    + " input (a candidate classifier, see PatchSampler), not slices");
        }
        this.spec = spec;
        this.size = spec.size();
        this.contextSlices = 2 * spec.sliceContext() + 1;
    }

    /** The input spec. */
    public Manifest.InputSpec spec() {
        return spec;
    }

    /** Floats in one input: channels x size x size. */
    public int inputLength() {
        return spec.channels() * size * size;
    }

    /** The plane that maps this spec's input grid onto the volume's slices. */
    public SlicePlane plane(Volume v) {
        Geometry g = v.geometry();
        return SlicePlane.centred(g.columns(), g.rows(), g.columnSpacingMm(), g.rowSpacingMm(), size,
                spec.pixelSpacingMm());
    }

    /**
     * Fractional slice indices of the context of slice {@code k}: the slices
     * {@code d * contextSpacingMm} away along the normal, d = -context..context.
     */
    public double[] contextIndices(Volume v, int k) {
        double[] z = new double[contextSlices];
        Geometry g = v.geometry();
        Vec3 centre = g.voxelToPatient(g.columns() / 2.0, g.rows() / 2.0, k);
        for (int d = -spec.sliceContext(); d <= spec.sliceContext(); d++) {
            double index = d == 0 ? k
                    : g.patientToVoxel(centre.plus(g.normal().times(d * spec.contextSpacingMm())))[2];
            z[d + spec.sliceContext()] = Math.max(0, Math.min(v.depth() - 1, index));
        }
        return z;
    }

    /**
     * Writes the input for slice {@code k} into {@code dst} at {@code offset}.
     *
     * @param v the volume (channel 0 is used)
     * @param plane where the input grid lies, from {@link #plane(Volume)} or augmented
     * @param k the slice
     * @param dst destination
     * @param offset first index in {@code dst}
     */
    public void fill(Volume v, SlicePlane plane, int k, float[] dst, int offset) {
        fill(v, plane, contextIndices(v, k), 0, 1, dst, offset);
    }

    /**
     * Writes an input with explicit context positions and an intensity change (for training's
     * augmentation; 0 and 1 leave values as they are).
     *
     * @param v the volume
     * @param plane where the input grid lies
     * @param contextIndices fractional slice index of each context slice
     * @param offsetHu added to every value before windowing
     * @param gain multiplies every value (about the window centre) before windowing
     * @param dst destination
     * @param offset first index in {@code dst}
     */
    public void fill(Volume v, SlicePlane plane, double[] contextIndices, double offsetHu, double gain,
            float[] dst, int offset) {
        fill(k -> resampleSlice(v, plane, k), v, contextIndices, offsetHu, gain, dst, offset);
    }

    /**
     * A volume prepared for many inputs on one plane: each slice is resampled onto the input
     * grid once and reused by every input whose context touches it (a 2.5D input touches two
     * to six slices). Thread-safe; holds at most one size x size array per slice.
     */
    public final class Prepared {
        private final Volume volume;
        private final java.util.concurrent.ConcurrentHashMap<Integer, float[]> slices =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final SlicePlane plane;

        private Prepared(Volume volume, SlicePlane plane) {
            this.volume = volume;
            this.plane = plane;
        }

        /** The plane inputs are sampled on. */
        public SlicePlane plane() {
            return plane;
        }

        /**
         * Writes the input for slice {@code k}; the same values as
         * {@link Preprocessor#fill(Volume, SlicePlane, int, float[], int)}.
         *
         * @param k the slice
         * @param dst destination
         * @param offset first index in {@code dst}
         */
        public void fill(int k, float[] dst, int offset) {
            Preprocessor.this.fill(s -> slices.computeIfAbsent(s, x -> resampleSlice(volume, plane, x)), volume,
                    contextIndices(volume, k), 0, 1, dst, offset);
        }
    }

    /** Prepares a volume for many inputs on the plane {@link #plane(Volume)} gives. */
    public Prepared prepare(Volume v) {
        return new Prepared(v, plane(v));
    }

    private void fill(java.util.function.IntFunction<float[]> resampled, Volume v, double[] contextIndices,
            double offsetHu, double gain, float[] dst, int offset) {
        if (contextIndices.length != contextSlices) {
            throw new IllegalArgumentException(contextIndices.length + " context slices, " + contextSlices + " expected");
        }
        float[] hu = new float[size * size];
        int channel = 0;
        List<Manifest.Window> windows = spec.windows();
        for (Manifest.Window w : windows) {
            double low = w.centreHu() - w.widthHu() / 2;
            for (double z : contextIndices) {
                int k0 = (int) Math.floor(z);
                int k1 = Math.min(v.depth() - 1, k0 + 1);
                float t = (float) (z - k0);
                float[] a = resampled.apply(k0);
                if (t == 0 || k1 == k0) {
                    System.arraycopy(a, 0, hu, 0, hu.length);
                } else {
                    float[] b = resampled.apply(k1);
                    for (int p = 0; p < hu.length; p++) {
                        hu[p] = a[p] + t * (b[p] - a[p]);
                    }
                }
                int base = offset + channel * size * size;
                for (int p = 0; p < hu.length; p++) {
                    double value = (hu[p] - w.centreHu()) * gain + w.centreHu() + offsetHu;
                    double windowed = Math.max(0, Math.min(1, (value - low) / w.widthHu()));
                    dst[base + p] = (float) ((windowed - spec.mean()) / spec.std());
                }
                channel++;
            }
        }
    }

    /**
     * Resamples slice {@code k} onto the input grid. When an input pixel covers n &gt; 1 voxels
     * the slice is first averaged over n x n voxels (a summed-area table makes that one pass),
     * then sampled bilinearly: area averaging, so that downsampling does not alias noise and fine
     * vessels. Outside the slice: air (-1024 HU) for CT, else the lowest window edge.
     */
    float[] resampleSlice(Volume v, SlicePlane plane, int k) {
        float outside = "CT".equals(v.info().modality()) ? AIR_HU
                : (float) spec.windows().stream().mapToDouble(w -> w.centreHu() - w.widthHu() / 2).min().orElse(0);
        int w = v.width();
        int h = v.height();
        float[] src = v.slice(k);
        int n = (int) Math.round(plane.footprint());
        if (n > 1) {
            src = boxAverage(src, w, h, n);
        }
        float[] out = new float[size * size];
        for (int vv = 0; vv < size; vv++) {
            for (int u = 0; u < size; u++) {
                double i = plane.iu() * u + plane.iv() * vv + plane.i0();
                double j = plane.ju() * u + plane.jv() * vv + plane.j0();
                out[vv * size + u] = (float) bilinear(src, src, 0, w, h, i, j, outside);
            }
        }
        return out;
    }

    /** The mean over the n x n voxels centred on each voxel (clamped at the edges). */
    public static float[] boxAverage(float[] src, int w, int h, int n) {
        double[] sat = new double[(w + 1) * (h + 1)];
        for (int j = 0; j < h; j++) {
            double row = 0;
            for (int i = 0; i < w; i++) {
                row += src[j * w + i];
                sat[(j + 1) * (w + 1) + i + 1] = sat[j * (w + 1) + i + 1] + row;
            }
        }
        int before = (n - 1) / 2;
        int after = n / 2;
        float[] out = new float[w * h];
        for (int j = 0; j < h; j++) {
            int j0 = Math.max(0, j - before);
            int j1 = Math.min(h, j + after + 1);
            for (int i = 0; i < w; i++) {
                int i0 = Math.max(0, i - before);
                int i1 = Math.min(w, i + after + 1);
                double sum = sat[j1 * (w + 1) + i1] - sat[j0 * (w + 1) + i1] - sat[j1 * (w + 1) + i0] + sat[j0 * (w + 1) + i0];
                out[j * w + i] = (float) (sum / ((i1 - i0) * (j1 - j0)));
            }
        }
        return out;
    }

    private static double bilinear(float[] s0, float[] s1, float t, int w, int h, double i, double j, float outside) {
        if (i < -0.5 || j < -0.5 || i > w - 0.5 || j > h - 0.5) {
            return outside;
        }
        double ic = Math.max(0, Math.min(w - 1, i));
        double jc = Math.max(0, Math.min(h - 1, j));
        int i0 = Math.min(w - 2, (int) ic);
        int j0 = Math.min(h - 2, (int) jc);
        if (w == 1 || h == 1) {
            int idx = (int) Math.round(jc) * w + (int) Math.round(ic);
            return s0[idx] + t * (s1[idx] - s0[idx]);
        }
        double fi = ic - i0;
        double fj = jc - j0;
        int a = j0 * w + i0;
        double v00 = s0[a] + t * (s1[a] - s0[a]);
        double v10 = s0[a + 1] + t * (s1[a + 1] - s0[a + 1]);
        double v01 = s0[a + w] + t * (s1[a + w] - s0[a + w]);
        double v11 = s0[a + w + 1] + t * (s1[a + w + 1] - s0[a + w + 1]);
        return (v00 * (1 - fi) + v10 * fi) * (1 - fj) + (v01 * (1 - fi) + v11 * fi) * fj;
    }
}
