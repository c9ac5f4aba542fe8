package org.dicomcnn.localize;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Class-activation heatmaps for one input, from what a model can give.
 *
 * <ul>
 *   <li><b>Grad-CAM</b> (Selvaraju et al. 2017): the feature maps weighted by the mean gradient of
 *       the class score over each map, summed, negative values cut. Needs gradients, so only for
 *       our own networks whose trunk and head can be run separately.</li>
 *   <li><b>Score-CAM</b> (Wang et al. 2020): each feature map, upsampled to the input and scaled
 *       to [0, 1], masks the input; the class probability of each masked input, softmaxed over
 *       maps, weights the maps. Gradient-free: for TorchScript models that return a feature map.</li>
 *   <li><b>Occlusion</b> (Zeiler and Fergus 2014): a patch of the input is flattened to its own
 *       mean, position by position; the drop of the class score is the map. Flattening rather
 *       than blacking out removes structure without drawing new edges for the model to react
 *       to. Needs nothing but the model's output.</li>
 * </ul>
 */
public final class ActivationMaps {

    private ActivationMaps() {}

    /**
     * Grad-CAM of one sample.
     *
     * @param maps feature maps of the batch, n x k x h x w
     * @param gradients gradient of the class score with respect to {@code maps}, same layout
     * @param sample which sample of the batch
     * @param k maps per sample
     * @param h map height
     * @param w map width
     * @return h x w non-negative values
     */
    public static float[] gradCam(float[] maps, float[] gradients, int sample, int k, int h, int w) {
        int plane = h * w;
        int base = sample * k * plane;
        float[] cam = new float[plane];
        for (int c = 0; c < k; c++) {
            double alpha = 0;
            for (int p = 0; p < plane; p++) {
                alpha += gradients[base + c * plane + p];
            }
            alpha /= plane;
            for (int p = 0; p < plane; p++) {
                cam[p] += (float) (alpha * maps[base + c * plane + p]);
            }
        }
        for (int p = 0; p < plane; p++) {
            cam[p] = Math.max(0, cam[p]);
        }
        return cam;
    }

    /**
     * Score-CAM of one input.
     *
     * @param input channels x size x size floats
     * @param channels input channels
     * @param size input size
     * @param background the value an input pixel takes when fully masked
     * @param maps this input's feature maps, k x h x w
     * @param k maps
     * @param h map height
     * @param w map width
     * @param maxMaps only the maps with the largest mean activation are used (cost: one forward
     *     pass per map)
     * @param scorer the model
     * @param classIndex the class to explain
     * @return h x w non-negative values
     * @throws Exception if the model fails
     */
    public static float[] scoreCam(float[] input, int channels, int size, float background, float[] maps, int k,
            int h, int w, int maxMaps, BatchScorer scorer, int classIndex) throws Exception {
        int plane = h * w;
        Integer[] order = IntStream.range(0, k).boxed().toArray(Integer[]::new);
        double[] mean = new double[k];
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int p = 0; p < plane; p++) {
                s += maps[c * plane + p];
            }
            mean[c] = s / plane;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -mean[c]));
        int used = Math.min(maxMaps, k);
        int inputLength = channels * size * size;
        float[] batch = new float[used * inputLength];
        for (int m = 0; m < used; m++) {
            float[] mask = upsampleNormalised(maps, order[m] * plane, h, w, size);
            for (int ch = 0; ch < channels; ch++) {
                for (int p = 0; p < size * size; p++) {
                    float x = input[ch * size * size + p];
                    batch[m * inputLength + ch * size * size + p] = background + mask[p] * (x - background);
                }
            }
        }
        float[] scores = scorer.score(batch, used, classIndex);
        double max = Double.NEGATIVE_INFINITY;
        for (float s : scores) {
            max = Math.max(max, s);
        }
        double[] weights = new double[used];
        double sum = 0;
        for (int m = 0; m < used; m++) {
            weights[m] = Math.exp(scores[m] - max);
            sum += weights[m];
        }
        float[] cam = new float[plane];
        for (int m = 0; m < used; m++) {
            double weight = weights[m] / sum;
            int base = order[m] * plane;
            for (int p = 0; p < plane; p++) {
                cam[p] += (float) (weight * maps[base + p]);
            }
        }
        for (int p = 0; p < plane; p++) {
            cam[p] = Math.max(0, cam[p]);
        }
        return cam;
    }

    /**
     * Occlusion sensitivity of one input.
     *
     * @param input channels x size x size floats
     * @param channels input channels
     * @param size input size
     * @param patch occluding square's side, pixels
     * @param stride step between positions, pixels
     * @param scorer the model; a score that does not saturate (a logit margin) works best
     * @param classIndex the class to explain
     * @return a grid of (size / stride) x (size / stride) score drops, row by row
     * @throws Exception if the model fails
     */
    public static float[] occlusion(float[] input, int channels, int size, int patch, int stride, BatchScorer scorer,
            int classIndex) throws Exception {
        int grid = size / stride;
        int inputLength = channels * size * size;
        float base = scorer.score(input, 1, classIndex)[0];
        float[] map = new float[grid * grid];
        int chunk = 16;
        float[] batch = new float[chunk * inputLength];
        for (int first = 0; first < grid * grid; first += chunk) {
            int n = Math.min(chunk, grid * grid - first);
            for (int b = 0; b < n; b++) {
                int cell = first + b;
                int u0 = Math.max(0, (cell % grid) * stride + stride / 2 - patch / 2);
                int v0 = Math.max(0, (cell / grid) * stride + stride / 2 - patch / 2);
                int u1 = Math.min(size, u0 + patch);
                int v1 = Math.min(size, v0 + patch);
                System.arraycopy(input, 0, batch, b * inputLength, inputLength);
                for (int ch = 0; ch < channels; ch++) {
                    int base0 = ch * size * size;
                    double sum = 0;
                    for (int v = v0; v < v1; v++) {
                        for (int u = u0; u < u1; u++) {
                            sum += input[base0 + v * size + u];
                        }
                    }
                    float mean = (float) (sum / ((u1 - u0) * (v1 - v0)));
                    for (int v = v0; v < v1; v++) {
                        java.util.Arrays.fill(batch, b * inputLength + base0 + v * size + u0,
                                b * inputLength + base0 + v * size + u1, mean);
                    }
                }
            }
            float[] scores = scorer.score(n == chunk ? batch : java.util.Arrays.copyOf(batch, n * inputLength), n,
                    classIndex);
            for (int b = 0; b < n; b++) {
                map[first + b] = Math.max(0, base - scores[b]);
            }
        }
        return map;
    }

    /** One map, bilinearly upsampled to size x size and scaled to [0, 1] (all zero if flat). */
    static float[] upsampleNormalised(float[] maps, int offset, int h, int w, int size) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < h * w; p++) {
            min = Math.min(min, maps[offset + p]);
            max = Math.max(max, maps[offset + p]);
        }
        float[] out = new float[size * size];
        if (!(max > min)) {
            return out;
        }
        float range = max - min;
        for (int v = 0; v < size; v++) {
            double y = Math.max(0, Math.min(h - 1, (v + 0.5) * h / size - 0.5));
            int y0 = Math.min(Math.max(0, h - 2), (int) y);
            double fy = h == 1 ? 0 : y - y0;
            for (int u = 0; u < size; u++) {
                double x = Math.max(0, Math.min(w - 1, (u + 0.5) * w / size - 0.5));
                int x0 = Math.min(Math.max(0, w - 2), (int) x);
                double fx = w == 1 ? 0 : x - x0;
                int a = offset + y0 * w + x0;
                int right = w == 1 ? 0 : 1;
                int down = h == 1 ? 0 : w;
                double value = (maps[a] * (1 - fx) + maps[a + right] * fx) * (1 - fy)
                        + (maps[a + down] * (1 - fx) + maps[a + down + right] * fx) * fy;
                out[v * size + u] = (float) ((value - min) / range);
            }
        }
        return out;
    }
}
