package org.dicomcnn.localize;

import org.dicomcnn.preprocess.SlicePlane;

/**
 * A class-activation map for one slice on a coarse grid over the network input, with what is
 * needed to place it in the volume.
 *
 * @param classIndex the class it explains
 * @param slice the volume slice
 * @param width grid columns
 * @param height grid rows
 * @param values width x height non-negative values, row by row
 * @param inputSize the network input's size in pixels (the grid covers it evenly)
 * @param plane maps input pixels to the slice's voxels
 * @param method "grad-cam", "score-cam" or "occlusion"
 */
public record Heatmap(int classIndex, int slice, int width, int height, float[] values, int inputSize, SlicePlane plane,
        String method) {

    /** Checks the grid size. */
    public Heatmap {
        if (values.length != width * height) {
            throw new IllegalArgumentException(values.length + " values for a " + width + " x " + height + " grid");
        }
    }

    /** The largest value. */
    public float max() {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /**
     * The map's value at input pixel (u, v), bilinear between grid cell centres.
     *
     * @param u input column
     * @param v input row
     * @return the interpolated value
     */
    public double atInput(double u, double v) {
        double x = (u + 0.5) * width / inputSize - 0.5;
        double y = (v + 0.5) * height / inputSize - 0.5;
        x = Math.max(0, Math.min(width - 1, x));
        y = Math.max(0, Math.min(height - 1, y));
        int x0 = Math.min(width - 2, (int) x);
        int y0 = Math.min(height - 2, (int) y);
        if (width == 1 || height == 1) {
            return values[(int) Math.round(y) * width + (int) Math.round(x)];
        }
        double fx = x - x0;
        double fy = y - y0;
        int a = y0 * width + x0;
        return (values[a] * (1 - fx) + values[a + 1] * fx) * (1 - fy)
                + (values[a + width] * (1 - fx) + values[a + width + 1] * fx) * fy;
    }

    /** The map's value at voxel (column i, row j) of its slice. */
    public double atVoxel(double i, double j) {
        double[] uv = plane.toInput(i, j);
        if (uv[0] < -0.5 || uv[1] < -0.5 || uv[0] > inputSize - 0.5 || uv[1] > inputSize - 0.5) {
            return 0;
        }
        return atInput(uv[0], uv[1]);
    }
}
