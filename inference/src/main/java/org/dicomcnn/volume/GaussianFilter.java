package org.dicomcnn.volume;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Separable Gaussian smoothing of a volume stored x fastest, then y, then z (an
 * {@link IsotropicGrid}'s layout), for blob filters and for the coarse levels of registration.
 *
 * <pre>{@code
 * float[] smooth = GaussianFilter.smooth(grid.data(), grid.nx(), grid.ny(), grid.nz(), 2.0);
 * }</pre>
 */
public final class GaussianFilter {

    private GaussianFilter() {}

    /**
     * Smooths a volume of nx x ny x nz values (x fastest).
     *
     * @param in the values; not changed
     * @param sigma the standard deviation, in grid steps
     * @return the smoothed values, borders clamped
     */
    public static float[] smooth(float[] in, int nx, int ny, int nz, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int t = -radius; t <= radius; t++) {
            kernel[t + radius] = (float) Math.exp(-t * t / (2 * sigma * sigma));
            sum += kernel[t + radius];
        }
        for (int t = 0; t < kernel.length; t++) {
            kernel[t] /= (float) sum;
        }
        float[] x = new float[in.length];
        IntStream.range(0, nz).parallel().forEach(c -> alongRows(in, x, c, nx, ny, kernel));
        float[] y = new float[in.length];
        IntStream.range(0, nz).parallel().forEach(c -> alongLines(x, y, c * nx * ny, nx, ny, nx, kernel));
        float[] z = new float[in.length];
        IntStream.range(0, ny).parallel().forEach(b -> alongLines(y, z, b * nx, nx * ny, nz, nx, kernel));
        return z;
    }

    /** Convolves every row of plane c along x (neighbours adjacent), through a border-clamped copy. */
    private static void alongRows(float[] in, float[] out, int c, int nx, int ny, float[] kernel) {
        int radius = kernel.length / 2;
        float[] padded = new float[nx + 2 * radius];
        for (int b = 0; b < ny; b++) {
            int row = (c * ny + b) * nx;
            System.arraycopy(in, row, padded, radius, nx);
            Arrays.fill(padded, 0, radius, in[row]);
            Arrays.fill(padded, radius + nx, padded.length, in[row + nx - 1]);
            for (int t = 0; t < kernel.length; t++) {
                float k = kernel[t];
                for (int a = 0; a < nx; a++) {
                    out[row + a] += k * padded[a + t];
                }
            }
        }
    }

    /**
     * Convolves along an axis whose neighbouring lines of {@code width} values are {@code stride}
     * apart ({@code n} of them, the first at {@code first}): whole lines are added at a time, which
     * keeps the inner loop contiguous (the JIT vectorises it).
     */
    private static void alongLines(float[] in, float[] out, int first, int stride, int n, int width, float[] kernel) {
        int radius = kernel.length / 2;
        for (int i = 0; i < n; i++) {
            int dst = first + i * stride;
            for (int t = 0; t < kernel.length; t++) {
                int src = first + Math.min(n - 1, Math.max(0, i + t - radius)) * stride;
                float k = kernel[t];
                for (int a = 0; a < width; a++) {
                    out[dst + a] += k * in[src + a];
                }
            }
        }
    }
}
