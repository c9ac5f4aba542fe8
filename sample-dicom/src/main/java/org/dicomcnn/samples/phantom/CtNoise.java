package org.dicomcnn.samples.phantom;

import java.util.Objects;

/**
 * Correlated in-plane noise with CT-like texture: white Gaussian noise filtered by a
 * difference of Gaussians (see {@link ReconstructionKernel}), scaled to a given standard
 * deviation. Each slice's noise depends only on its seed, so slices are independent and can be
 * made in any order or in parallel.
 */
public final class CtNoise {

    private final double sigmaHu;
    private final double[] narrow;
    private final double[] wide;
    private final double wideWeight;
    private final int radius;
    private final double normalisation;

    /**
     * @param kernel the noise texture
     * @param sigmaHu the standard deviation of the noise, HU (0 for none)
     */
    public CtNoise(ReconstructionKernel kernel, double sigmaHu) {
        Objects.requireNonNull(kernel, "kernel");
        if (!(sigmaHu >= 0)) {
            throw new IllegalArgumentException("noise sigma must be >= 0 HU, got " + sigmaHu);
        }
        this.sigmaHu = sigmaHu;
        radius = (int) Math.ceil(3 * kernel.wideSigmaPx());
        narrow = gaussian(kernel.narrowSigmaPx(), radius);
        wide = gaussian(kernel.wideSigmaPx(), radius);
        wideWeight = kernel.wideWeight();
        // Standard deviation of the filtered unit white noise: the L2 norm of the 2-D kernel.
        double s = 0;
        for (int j = 0; j <= 2 * radius; j++) {
            for (int i = 0; i <= 2 * radius; i++) {
                double k = narrow[j] * narrow[i] - wideWeight * wide[j] * wide[i];
                s += k * k;
            }
        }
        normalisation = 1 / Math.sqrt(s);
    }

    /** @return the standard deviation, HU */
    public double sigmaHu() {
        return sigmaHu;
    }

    private static double[] gaussian(double sigma, int radius) {
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = StrictMath.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /**
     * Adds noise to a slice in place.
     *
     * @param slice columns x rows values, row by row
     * @param columns Columns
     * @param rows Rows
     * @param seed the slice's seed
     */
    public void addTo(float[] slice, int columns, int rows, long seed) {
        if (sigmaHu == 0) {
            return;
        }
        int pw = columns + 2 * radius;
        int ph = rows + 2 * radius;
        PhantomRandom r = PhantomRandom.forKey("noise/" + seed);
        float[] white = new float[pw * ph];
        for (int i = 0; i < white.length; i++) {
            white[i] = (float) r.gaussian();
        }
        // Horizontal pass: (ph x columns) for both kernels.
        float[] hn = new float[ph * columns];
        float[] hw = new float[ph * columns];
        int taps = 2 * radius + 1;
        for (int j = 0; j < ph; j++) {
            int in = j * pw;
            int out = j * columns;
            for (int i = 0; i < columns; i++) {
                double a = 0;
                double b = 0;
                for (int t = 0; t < taps; t++) {
                    double v = white[in + i + t];
                    a += narrow[t] * v;
                    b += wide[t] * v;
                }
                hn[out + i] = (float) a;
                hw[out + i] = (float) b;
            }
        }
        double scale = sigmaHu * normalisation;
        double[] a = new double[columns];
        double[] b = new double[columns];
        for (int j = 0; j < rows; j++) {
            java.util.Arrays.fill(a, 0);
            java.util.Arrays.fill(b, 0);
            for (int t = 0; t < taps; t++) {
                int base = (j + t) * columns;
                double kn = narrow[t];
                double kw = wide[t];
                for (int i = 0; i < columns; i++) {
                    a[i] += kn * hn[base + i];
                    b[i] += kw * hw[base + i];
                }
            }
            int out = j * columns;
            for (int i = 0; i < columns; i++) {
                slice[out + i] += (float) ((a[i] - wideWeight * b[i]) * scale);
            }
        }
    }
}
