package org.dicomcnn.temporal;

import java.util.Objects;
import java.util.stream.IntStream;
import org.dicomcnn.volume.Volume;

/**
 * A registered prior resampled onto the current study's grid, and the subtraction volume
 * (current minus prior, HU): what changed shows bright (gain) or dark (loss), what did not
 * cancels. Voxels the prior does not cover are NaN in both.
 *
 * <pre>{@code
 * DifferenceImage d = DifferenceImage.of(current, prior, registration.currentToPrior());
 * float[] slice = d.subtraction().slice(40);
 * }</pre>
 *
 * @param resampledPrior the prior, trilinearly interpolated at each current voxel's position
 *     (current geometry and slice sources: slice k lies where the current's slice k lies)
 * @param subtraction current minus resampled prior, HU
 */
public record DifferenceImage(Volume resampledPrior, Volume subtraction) {

    /** Requires both. */
    public DifferenceImage {
        Objects.requireNonNull(resampledPrior, "resampledPrior");
        Objects.requireNonNull(subtraction, "subtraction");
    }

    /**
     * @param current the current study's volume (first channel used)
     * @param prior the prior's volume (first channel used)
     * @param currentToPrior the registration: current patient mm to prior patient mm
     * @return the prior on the current grid and the subtraction
     */
    public static DifferenceImage of(Volume current, Volume prior, RigidTransform currentToPrior) {
        double[][] toPrior = RigidRegistration.compose(RigidRegistration.invert(cut(prior.geometry().affine())),
                RigidRegistration.compose(currentToPrior.matrix(), cut(current.geometry().affine())));
        int w = current.width();
        int h = current.height();
        int pw = prior.width();
        int ph = prior.height();
        int pd = prior.depth();
        int pc = prior.channels();
        int cc = current.channels();
        float[][] resampled = new float[current.depth()][];
        float[][] difference = new float[current.depth()][];
        IntStream.range(0, current.depth()).parallel().forEach(k -> {
            float[] out = new float[w * h];
            float[] diff = new float[w * h];
            float[] here = current.slice(k);
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    double x = toPrior[0][0] * i + toPrior[0][1] * j + toPrior[0][2] * k + toPrior[0][3];
                    double y = toPrior[1][0] * i + toPrior[1][1] * j + toPrior[1][2] * k + toPrior[1][3];
                    double z = toPrior[2][0] * i + toPrior[2][1] * j + toPrior[2][2] * k + toPrior[2][3];
                    float v = sample(prior, pw, ph, pd, pc, x, y, z);
                    out[j * w + i] = v;
                    diff[j * w + i] = here[(j * w + i) * cc] - v;
                }
            }
            resampled[k] = out;
            difference[k] = diff;
        });
        return new DifferenceImage(new Volume(current.geometry(), 1, resampled, current.sources(), current.info()),
                new Volume(current.geometry(), 1, difference, current.sources(), current.info()));
    }

    /** Trilinear value at fractional voxel coordinates, NaN outside the volume. */
    private static float sample(Volume v, int w, int h, int d, int channels, double x, double y, double z) {
        if (x < 0 || y < 0 || z < 0 || x > w - 1 || y > h - 1 || z > d - 1) {
            return Float.NaN;
        }
        int x0 = Math.min((int) x, Math.max(0, w - 2));
        int y0 = Math.min((int) y, Math.max(0, h - 2));
        int z0 = Math.min((int) z, Math.max(0, d - 2));
        int x1 = Math.min(x0 + 1, w - 1);
        int y1 = Math.min(y0 + 1, h - 1);
        int z1 = Math.min(z0 + 1, d - 1);
        double fx = x - x0;
        double fy = y - y0;
        double fz = z - z0;
        float[] a = v.slice(z0);
        float[] b = v.slice(z1);
        double lower = bilinear(a, w, channels, x0, x1, y0, y1, fx, fy);
        double upper = bilinear(b, w, channels, x0, x1, y0, y1, fx, fy);
        return (float) (lower + fz * (upper - lower));
    }

    private static double bilinear(float[] s, int w, int c, int x0, int x1, int y0, int y1, double fx, double fy) {
        double top = s[(y0 * w + x0) * c] + fx * (s[(y0 * w + x1) * c] - s[(y0 * w + x0) * c]);
        double bottom = s[(y1 * w + x0) * c] + fx * (s[(y1 * w + x1) * c] - s[(y1 * w + x0) * c]);
        return top + fy * (bottom - top);
    }

    /** The top three rows of a 4 x 4 affine. */
    private static double[][] cut(double[][] affine) {
        return new double[][] {affine[0].clone(), affine[1].clone(), affine[2].clone()};
    }
}
