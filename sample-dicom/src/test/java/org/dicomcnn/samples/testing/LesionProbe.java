package org.dicomcnn.samples.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dicomcnn.samples.cohort.Acquisition;
import org.dicomcnn.samples.cohort.PatientPhantom;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.phantom.HuModel;
import org.dicomcnn.samples.phantom.Layer;
import org.dicomcnn.samples.phantom.SliceGeometry;
import org.dicomcnn.samples.phantom.SliceRenderer;
import org.dicomcnn.samples.phantom.Tissue;
import org.dicomcnn.samples.truth.LesionTruth;

/**
 * Measures a lesion in a study's voxels the way a careful reader would with a perfect
 * segmentation. The study is rendered noise-free three times: as generated, with the lesion at
 * 0 HU and with it 1000 HU brighter. A voxel's value is linear in the lesion's HU,
 * v = v(0) + f HU, so the brighter rendering gives the fraction f the lesion fills (partial
 * volume included), and any rendering of the voxels (the DICOM files, noise and all) gives the
 * lesion's HU by least squares. Volume, centroid and second moments follow from the fractions.
 */
public final class LesionProbe {

    private static final double SHIFT_HU = 1000;

    /** Offsets (pixels) at which the noise alone is put through the same estimator. */
    private static final int[][] NOISE_OFFSETS = offsets();

    private final List<Vec3> points = new ArrayList<>();
    private final List<Double> fractions = new ArrayList<>();
    private final List<int[]> voxels = new ArrayList<>();
    private final Map<Integer, float[]> generated = new TreeMap<>();
    private final Map<Integer, float[]> zero = new TreeMap<>();
    private final int matrix;
    private final double voxelMm3;
    private final double pixelMm;
    private final double thicknessMm;

    private LesionProbe(int matrix, double voxelMm3, double pixelMm, double thicknessMm) {
        this.matrix = matrix;
        this.voxelMm3 = voxelMm3;
        this.pixelMm = pixelMm;
        this.thicknessMm = thicknessMm;
    }

    private static int[][] offsets() {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < 24; a++) {
            double t = 2 * Math.PI * a / 24;
            int r = 14 + 6 * (a % 3);
            out.add(new int[] {(int) Math.round(r * Math.cos(t)), (int) Math.round(r * Math.sin(t))});
        }
        return out.toArray(new int[0][]);
    }

    private static List<Layer> withLesionAt(List<Layer> layers, String id, double shiftHu, boolean absolute) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            boolean mine = l.name().equals("effusion-" + id) || l.name().equals("nodule-" + id)
                    || l.name().equals("nodule-" + id + "-core");
            double hu = mine ? ((HuModel.Constant) l.hu()).hu() : 0;
            out.add(mine ? new Layer(l.name(), l.parts(), HuModel.constant(absolute ? shiftHu : hu + shiftHu)) : l);
        }
        return out;
    }

    /**
     * @param phantom the patient
     * @param study study index
     * @param truth the lesion's truth in that study (for where to look)
     * @return the measurement on the primary series
     */
    public static LesionProbe measure(PatientPhantom phantom, int study, LesionTruth truth) {
        List<Layer> layers = phantom.placedLayers(study);
        Acquisition a = phantom.plan().studies().get(study).series().get(0).acquisition();
        SliceGeometry g = a.geometry();
        SliceRenderer plain = new SliceRenderer(layers, Tissue.AIR_HU, g);
        SliceRenderer bright = new SliceRenderer(withLesionAt(layers, truth.id(), SHIFT_HU, false), Tissue.AIR_HU, g);
        SliceRenderer atZero = new SliceRenderer(withLesionAt(layers, truth.id(), 0, true), Tissue.AIR_HU, g);
        LesionProbe probe = new LesionProbe(a.matrix(), a.pixelSpacingMm() * a.pixelSpacingMm() * a.sliceSpacingMm(),
                a.pixelSpacingMm(), a.sliceThicknessMm());
        double zc = truth.centreMm()[2];
        double half = truth.extentMm()[2] / 2 + a.sliceThicknessMm();
        for (int k = 0; k < a.numberOfSlices(); k++) {
            if (Math.abs(g.z(k) - zc) > half) {
                continue;
            }
            float[] v0 = plain.render(k);
            float[] v1 = bright.render(k);
            float[] vz = atZero.render(k);
            boolean touched = false;
            for (int p = 0; p < v0.length; p++) {
                double f = (v1[p] - v0[p]) / SHIFT_HU;
                if (f > 1e-4) {
                    probe.points.add(new Vec3(g.x(p % a.matrix()), g.y(p / a.matrix()), g.z(k)));
                    probe.fractions.add(f);
                    probe.voxels.add(new int[] {p % a.matrix(), p / a.matrix(), k});
                    touched = true;
                }
            }
            if (touched) {
                probe.generated.put(k, v0);
                probe.zero.put(k, vz);
            }
        }
        return probe;
    }

    /** Least-squares HU from values {@code v} of the probed voxels, shifted by (dx, dy). */
    private double estimate(java.util.function.ToDoubleFunction<int[]> value, double minFraction, int dx, int dy) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < voxels.size(); i++) {
            double f = fractions.get(i);
            if (f < minFraction) {
                continue;
            }
            int[] v = voxels.get(i);
            int[] shifted = {v[0] + dx, v[1] + dy, v[2]};
            if (shifted[0] < 0 || shifted[1] < 0 || shifted[0] >= matrix || shifted[1] >= matrix) {
                return Double.NaN;
            }
            num += f * value.applyAsDouble(shifted);
            den += f * f;
        }
        return num / den;
    }

    private double zeroAt(int[] v) {
        return zero.get(v[2])[v[1] * matrix + v[0]];
    }

    /**
     * @param minFraction ignore voxels the lesion fills less than this
     * @return the lesion's HU as the noise-free rendering shows it
     */
    public double noiseFreeHu(double minFraction) {
        return estimate(v -> generated.get(v[2])[v[1] * matrix + v[0]] - zeroAt(v), minFraction, 0, 0);
    }

    /**
     * @param files the series read from its DICOM files (same grid as the primary series)
     * @param minFraction ignore voxels the lesion fills less than this
     * @return the lesion's HU as the files show it (noise included)
     */
    public double huFrom(DicomVolume files, double minFraction) {
        return estimate(v -> files.hu(v[0], v[1], v[2]) - zeroAt(v), minFraction, 0, 0);
    }

    /**
     * The standard deviation the noise alone gives {@link #huFrom}: the same estimator applied
     * to the files' noise (files minus the noise-free rendering) at nearby offsets.
     *
     * @param files the series read from its DICOM files
     * @param minFraction as for {@link #huFrom}
     * @return the noise's standard error, HU
     */
    public double noiseStandardError(DicomVolume files, double minFraction) {
        List<Double> e = new ArrayList<>();
        for (int[] o : NOISE_OFFSETS) {
            double v = estimate(s -> files.hu(s[0], s[1], s[2]) - generated.get(s[2])[s[1] * matrix + s[0]],
                    minFraction, o[0], o[1]);
            if (!Double.isNaN(v)) {
                e.add(v);
            }
        }
        double sum = 0;
        for (double v : e) {
            sum += v * v;
        }
        return Math.sqrt(sum / e.size());
    }

    /** @return voxels the lesion fills at least {@code minFraction} of */
    public long voxelCount(double minFraction) {
        return fractions.stream().filter(f -> f >= minFraction).count();
    }

    /** @return the measured volume, ml */
    public double volumeMl() {
        return fractions.stream().mapToDouble(Double::doubleValue).sum() * voxelMm3 / 1000;
    }

    /** @return the coverage-weighted centroid, mm */
    public Vec3 centroid() {
        double w = 0;
        Vec3 c = Vec3.ZERO;
        for (int i = 0; i < points.size(); i++) {
            w += fractions.get(i);
            c = c.plus(points.get(i).times(fractions.get(i)));
        }
        return c.times(1 / w);
    }

    /**
     * The extent along an axis of an ellipsoid with the measured second moment, corrected for the
     * blur of the pixel and the slab (a box of width w adds w^2 / 12 to the variance).
     *
     * @param axis unit vector
     * @return 2 sqrt(5 variance): the diameter of a solid ellipsoid along that axis
     */
    public double ellipsoidDiameterAlong(Vec3 axis) {
        Vec3 c = centroid();
        double w = 0;
        double var = 0;
        for (int i = 0; i < points.size(); i++) {
            double d = points.get(i).minus(c).dot(axis);
            w += fractions.get(i);
            var += fractions.get(i) * d * d;
        }
        var /= w;
        var -= (1 - axis.z() * axis.z()) * pixelMm * pixelMm / 12 + axis.z() * axis.z() * thicknessMm * thicknessMm / 12;
        return 2 * Math.sqrt(5 * Math.max(0, var));
    }
}
