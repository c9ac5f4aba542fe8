package org.dicomcnn.samples.phantom;

import java.util.List;
import java.util.Objects;
import org.dicomcnn.samples.geometry.Box;

/**
 * Samples placed layers on a slice grid, without noise. A slice of thickness T is the mean of
 * n thin planes spread over T (n so that planes are at most {@value #PLANE_SPACING_PER_PIXEL}
 * pixels apart), which reproduces the through-plane partial-volume effect of thick slices. Within
 * a plane a shape's coverage is a linear ramp of its signed distance whose width is one pixel
 * across surfaces that cross the plane steeply and the plane spacing (T / n) across surfaces
 * parallel to it (interpolated by the surface normal's z component), so that the n ramps of a
 * flat-lying surface add up to exactly the slab profile instead of n separate contours. Tubes
 * ({@link Capsule}) use their own thin-structure coverage. Each shape is evaluated only inside
 * its bounds, so thousands of small vessels cost little. Thread-safe: slices can be rendered in
 * parallel.
 */
public final class SliceRenderer {

    /** Thin planes per slice are at most this many pixel widths apart. */
    public static final double PLANE_SPACING_PER_PIXEL = 1.5;

    /** Step of the finite difference that estimates a surface's tilt, mm. */
    private static final double NORMAL_STEP_MM = 0.25;

    private final LayerIndex[] layers;
    private final double backgroundHu;
    private final SliceGeometry grid;
    private final int planesPerSlice;
    private final double planeSpacingMm;

    /**
     * @param layers placed in the study frame, painted in order
     * @param backgroundHu what lies outside every layer (air)
     * @param grid the slice grid
     */
    public SliceRenderer(List<Layer> layers, double backgroundHu, SliceGeometry grid) {
        this.layers = layers.stream().map(LayerIndex::new).toArray(LayerIndex[]::new);
        this.backgroundHu = backgroundHu;
        this.grid = Objects.requireNonNull(grid, "grid");
        this.planesPerSlice = planesPerSlice(grid.sliceThicknessMm(), grid.pixelSpacingMm());
        this.planeSpacingMm = grid.sliceThicknessMm() / planesPerSlice;
    }

    /**
     * @param thicknessMm slice thickness
     * @param pixelSpacingMm pixel size
     * @return how many planes a slice averages
     */
    public static int planesPerSlice(double thicknessMm, double pixelSpacingMm) {
        return Math.max(1, (int) Math.ceil(thicknessMm / (PLANE_SPACING_PER_PIXEL * pixelSpacingMm) - 1e-9));
    }

    /** @return the grid */
    public SliceGeometry grid() {
        return grid;
    }

    /** @return how many planes each slice averages */
    public int planesPerSlice() {
        return planesPerSlice;
    }

    /**
     * @param k slice index
     * @return columns x rows HU values, row by row, noise-free
     */
    public float[] render(int k) {
        int n = grid.columns() * grid.rows();
        double[] sum = new double[n];
        double[] plane = new double[n];
        double t = grid.sliceThicknessMm();
        for (int s = 0; s < planesPerSlice; s++) {
            double z = grid.z(k) + t * ((s + 0.5) / planesPerSlice - 0.5);
            paintPlane(z, plane);
            for (int i = 0; i < n; i++) {
                sum[i] += plane[i];
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (sum[i] / planesPerSlice);
        }
        return out;
    }

    /**
     * Paints one infinitely thin plane.
     *
     * @param z height, mm
     * @param out columns x rows values, overwritten
     */
    public void paintPlane(double z, double[] out) {
        java.util.Arrays.fill(out, backgroundHu);
        double w = grid.pixelSpacingMm();
        for (LayerIndex layer : layers) {
            for (int p = 0; p < layer.parts.length; p++) {
                if (z < layer.minZ[p] - w || z > layer.maxZ[p] + w) {
                    continue;
                }
                Shape shape = layer.parts[p];
                Box b = shape.boundsNearZ(z);
                if (b.isEmpty()) {
                    continue;
                }
                paint(shape, layer.hu, b.grow(w), z, w, out);
            }
        }
    }

    private void paint(Shape shape, HuModel hu, Box b, double z, double w, double[] out) {
        int cols = grid.columns();
        int rows = grid.rows();
        double ps = grid.pixelSpacingMm();
        int i0 = clampIndex(Math.ceil((b.minX() - grid.firstPixelX()) / ps), cols);
        int i1 = clampIndex(Math.floor((b.maxX() - grid.firstPixelX()) / ps), cols);
        int j0 = clampIndex(Math.ceil((b.minY() - grid.firstPixelY()) / ps), rows);
        int j1 = clampIndex(Math.floor((b.maxY() - grid.firstPixelY()) / ps), rows);
        if (i0 > i1 || j0 > j1 || b.maxX() < grid.firstPixelX() || b.maxY() < grid.firstPixelY()) {
            return;
        }
        boolean tube = shape instanceof Capsule;
        double wz = Math.max(w, planeSpacingMm);
        double band = wz / 2;
        for (int j = j0; j <= j1; j++) {
            double y = grid.y(j);
            int row = j * cols;
            for (int i = i0; i <= i1; i++) {
                double x = grid.x(i);
                double f;
                if (tube) {
                    f = shape.coverage(x, y, z, w);
                } else {
                    double d = shape.signedDistance(x, y, z);
                    if (d >= band) {
                        continue;
                    } else if (d <= -band) {
                        f = 1;
                    } else {
                        f = Shape.ramp(d, rampWidth(shape, x, y, z, w, wz));
                    }
                }
                if (f > 0) {
                    double v = out[row + i];
                    out[row + i] = v + f * (hu.huAt(x, y, z) - v);
                }
            }
        }
    }

    /**
     * Ramp width across the surface near a point: w in-plane, wz along z, mixed by the squared z
     * component of the surface normal (from a central difference of the signed distance).
     */
    private static double rampWidth(Shape shape, double x, double y, double z, double w, double wz) {
        if (wz <= w) {
            return w;
        }
        double nz = (shape.signedDistance(x, y, z + NORMAL_STEP_MM) - shape.signedDistance(x, y, z - NORMAL_STEP_MM))
                / (2 * NORMAL_STEP_MM);
        double n2 = Math.min(1, nz * nz);
        return Math.sqrt(w * w + (wz * wz - w * w) * n2);
    }

    private static int clampIndex(double v, int n) {
        if (v < 0) {
            return 0;
        }
        if (v > n - 1) {
            return n - 1;
        }
        return (int) v;
    }

    /** A layer with its parts' z ranges precomputed, for quick culling. */
    private static final class LayerIndex {
        final Shape[] parts;
        final double[] minZ;
        final double[] maxZ;
        final HuModel hu;

        LayerIndex(Layer layer) {
            parts = layer.parts().toArray(new Shape[0]);
            minZ = new double[parts.length];
            maxZ = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                Box b = parts[i].bounds();
                minZ[i] = b.minZ();
                maxZ[i] = b.maxZ();
            }
            hu = layer.hu();
        }
    }
}
