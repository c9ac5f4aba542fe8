package org.dicomcnn.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.localize.EffusionSegmenter;
import org.dicomcnn.localize.VoxelRegion;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.volume.Vec3;

/**
 * {@link EffusionSegmenter} on phantoms with ground truth, with no model involved: each found
 * collection matches the nearest unmatched effusion whose centre lies within half its smallest
 * extent (the detection rule of docs/model-card.md); prints effusions found, collections that
 * match none (in series with and without an effusion), centre errors, volume against the truth
 * and the time per series.
 *
 * <pre>
 * java -cp ... org.dicomcnn.bench.EffusionRecall COHORT_FOLDER [MAX_SERIES]
 * </pre>
 */
public final class EffusionRecall {

    /** Counts over the cohort. */
    private static final class Tally {
        int withEffusion;
        int effusions;
        int found;
        int extraWith;
        int extraWithout;
    }

    private EffusionRecall() {}

    /**
     * @param args cohort folder, optional series limit
     * @throws Exception if the cohort cannot be read
     */
    public static void main(String[] args) throws Exception {
        int maxSeries = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        Tally n = new Tally();
        List<Double> errors = new ArrayList<>();
        List<Double> volumeRatios = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        int series = PhantomSeries.forEach(Path.of(args[0]), maxSeries, (v, truth) -> {
            long t0 = System.nanoTime();
            List<VoxelRegion> collections = EffusionSegmenter.find(v);
            seconds.add((System.nanoTime() - t0) / 1e9);
            List<LesionTruth> fluid = truth.lesions().stream()
                    .filter(l -> l.present() && l.lesionClass().equals("pleural_effusion")).toList();
            n.withEffusion += fluid.isEmpty() ? 0 : 1;
            n.effusions += fluid.size();
            boolean[] matched = new boolean[fluid.size()];
            for (VoxelRegion r : collections) {
                int best = -1;
                double bestDistance = Double.POSITIVE_INFINITY;
                for (int t = 0; t < fluid.size(); t++) {
                    double d = r.centroidMm().distance(Vec3.of(fluid.get(t).centreMm()));
                    double reach = Arrays.stream(fluid.get(t).extentMm()).min().orElseThrow() / 2;
                    if (!matched[t] && d <= reach && d < bestDistance) {
                        best = t;
                        bestDistance = d;
                    }
                }
                if (best >= 0) {
                    matched[best] = true;
                    n.found++;
                    errors.add(bestDistance);
                    volumeRatios.add(r.volumeMl() / fluid.get(best).volumeMl());
                } else if (fluid.isEmpty()) {
                    n.extraWithout++;
                } else {
                    n.extraWith++;
                }
            }
        });
        System.out.printf(Locale.ROOT, "%d series (%d with an effusion), %d effusions%n", series, n.withEffusion, n.effusions);
        System.out.printf(Locale.ROOT, "found %d/%d; unmatched collections: %d in series with an effusion, %d in %d "
                + "series without%n", n.found, n.effusions, n.extraWith, n.extraWithout, series - n.withEffusion);
        System.out.printf(Locale.ROOT, "centre error mm: mean %.1f, min %.1f, max %.1f%n", mean(errors), min(errors),
                max(errors));
        System.out.printf(Locale.ROOT, "volume / truth: mean %.2f, min %.2f, max %.2f%n", mean(volumeRatios),
                min(volumeRatios), max(volumeRatios));
        System.out.printf(Locale.ROOT, "seconds per series: mean %.2f, max %.2f%n", mean(seconds), max(seconds));
    }

    private static double mean(List<Double> x) {
        return x.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double min(List<Double> x) {
        return x.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> x) {
        return x.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
