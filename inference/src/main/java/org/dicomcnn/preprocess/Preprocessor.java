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

    /** @param spec the model's input spec */
    public Preprocessor(Manifest.InputSpec spec) {
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
        if (contextIndices.length != contextSlices) {
            throw new IllegalArgumentException(contextIndices.length + " context slices, " + contextSlices + " expected");
        }
        float outside = "CT".equals(v.info().modality()) ? AIR_HU : Float.NaN;
        float[] hu = new float[size * size];
        int channel = 0;
        List<Manifest.Window> windows = spec.windows();
        for (Manifest.Window w : windows) {
            double low = w.centreHu() - w.widthHu() / 2;
            for (double z : contextIndices) {
                resample(v, plane, z, Float.isNaN(outside) ? (float) low : outside, hu);
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
     * Resamples fractional slice {@code z} onto the input grid: linear between slices, bilinear
     * in plane, averaged over a sub-grid of n x n samples per input pixel, n = ceil(footprint).
     */
    private void resample(Volume v, SlicePlane plane, double z, float outside, float[] out) {
        int k0 = (int) Math.floor(z);
        int k1 = Math.min(v.depth() - 1, k0 + 1);
        float t = (float) (z - k0);
        float[] s0 = v.slice(k0);
        float[] s1 = v.slice(k1);
        int w = v.width();
        int h = v.height();
        int n = (int) Math.ceil(plane.footprint() - 1e-9);
        double inv = 1.0 / n;
        for (int vv = 0; vv < size; vv++) {
            for (int u = 0; u < size; u++) {
                double sum = 0;
                for (int sv = 0; sv < n; sv++) {
                    for (int su = 0; su < n; su++) {
                        double uu = u + (su + 0.5) * inv - 0.5;
                        double vs = vv + (sv + 0.5) * inv - 0.5;
                        double i = plane.iu() * uu + plane.iv() * vs + plane.i0();
                        double j = plane.ju() * uu + plane.jv() * vs + plane.j0();
                        sum += bilinear(s0, s1, t, w, h, i, j, outside);
                    }
                }
                out[vv * size + u] = (float) (sum * inv * inv);
            }
        }
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
