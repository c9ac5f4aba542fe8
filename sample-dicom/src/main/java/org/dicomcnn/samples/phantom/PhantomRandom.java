package org.dicomcnn.samples.phantom;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The generator's only source of randomness: a SplitMix64 stream ({@link SplittableRandom},
 * whose algorithm is fixed) derived from a text key, with Gaussian deviates by Marsaglia's polar
 * method on {@link StrictMath}. Streams for independent purposes (anatomy, lesions, the noise of
 * slice 17) come from different keys, so adding a draw to one does not shift the others, and
 * slices can be rendered in parallel in any order.
 */
public final class PhantomRandom {

    private final SplittableRandom random;
    private double spareGaussian;
    private boolean hasSpare;

    private PhantomRandom(long seed) {
        random = new SplittableRandom(seed);
    }

    /**
     * @param key identifies the stream, e.g. "seed=7/patient=2/anatomy"
     * @return a stream that depends only on the key
     */
    public static PhantomRandom forKey(String key) {
        return new PhantomRandom(seedOf(key));
    }

    /**
     * @param key any text
     * @return a well-mixed 64-bit seed (FNV-1a over UTF-8, then the SplitMix64 finaliser)
     */
    public static long seedOf(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** SplitMix64's finaliser: spreads every input bit over the output. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** @return uniform in [0, 1) */
    public double uniform() {
        return random.nextDouble();
    }

    /** @return uniform in [lo, hi) */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /** @return uniform integer in [lo, hi] */
    public int integer(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    /** @return true with probability p */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** @return a standard normal deviate */
    public double gaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /** @return normal with the given mean and standard deviation, clamped to mean +- 3 sd */
    public double gaussian(double mean, double sd) {
        double g = Math.max(-3, Math.min(3, gaussian()));
        return mean + sd * g;
    }

    /**
     * @param values choices
     * @param <T> element type
     * @return one of them, uniformly
     */
    @SafeVarargs
    public final <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }
}
