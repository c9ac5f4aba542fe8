package org.dicomcnn.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.localize.LesionSegmenter;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.pipeline.SeriesAnalyzer;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * Judges nodule volumetry alone: every phantom nodule of 5 mm or more in the cohorts is segmented
 * by {@link LesionSegmenter}'s nodule rule at its true centre, and its volume compared with the
 * generator's. Temporal comparison reads status and doubling time from these volumes, so their
 * error is what the end-to-end figures of {@code TemporalJudge} carry beyond detection.
 *
 * <p>Prints, over all nodules: how many were measured (a refused segmentation gives none), the
 * median and 90th percentile of |ln(V / V_true)|, and how many volumes are within 25 % of the
 * truth; with {@code -v}, one line per nodule.
 *
 * <p>Usage: {@code NoduleVolumetry [-v] COHORT...}
 */
public final class NoduleVolumetry {

    private static final double MIN_DIAMETER_MM = 5;

    private NoduleVolumetry() {}

    /**
     * @param args {@code -v} (optional), then cohort folders
     * @throws Exception if a cohort cannot be read
     */
    public static void main(String[] args) throws Exception {
        boolean verbose = args.length > 0 && args[0].equals("-v");
        SeriesLoader loader = new SeriesLoader();
        List<Double> errors = new ArrayList<>();
        int nodules = 0;
        for (int a = verbose ? 1 : 0; a < args.length; a++) {
            DicomIndex index = DicomIndex.scan(Path.of(args[a]), ProgressListener.NONE);
            for (SeriesRef s : index.allSeries()) {
                StudyTruth truth = PhantomLabels.truthOf(s).orElse(null);
                if (truth == null) {
                    continue;
                }
                Volume v = SeriesAnalyzer.largest(loader.load(s, ProgressListener.NONE));
                for (LesionTruth l : truth.lesions()) {
                    double trueDiameter = Math.cbrt(6 * l.volumeMl() * 1000 / Math.PI);
                    if (!l.present() || !l.lesionClass().endsWith("nodule") || trueDiameter < MIN_DIAMETER_MM) {
                        continue;
                    }
                    nodules++;
                    double[] x = v.geometry().patientToVoxel(Vec3.of(l.centreMm()));
                    LesionSegmenter.Result r = LesionSegmenter.segment(v, LesionSegmenter.Kind.NODULE,
                            (int) Math.round(x[0]), (int) Math.round(x[1]), (int) Math.round(x[2]), new BitSet());
                    double ml = r.region().volumeMl();
                    if (ml > 0) {
                        errors.add(Math.abs(Math.log(ml / l.volumeMl())));
                    }
                    if (verbose) {
                        System.out.printf(Locale.ROOT, "%s %s %s, %.2f mm slices: true %.3f ml (%.1f mm, %.0f HU), "
                                + "ours %.3f ml; %s%n", truth.patientKey(), truth.studyKey(), l.id(),
                                v.geometry().sliceSpacingMm(), l.volumeMl(), trueDiameter, l.meanHu(), ml, r.method());
                    }
                }
            }
        }
        Collections.sort(errors);
        long within = errors.stream().filter(e -> e <= Math.log(1.25)).count();
        System.out.printf(Locale.ROOT, "nodules >= %.0f mm: %d, measured %d; |ln V/V_true| median %.3f, 90th percentile "
                + "%.3f; within 25 %% of the true volume: %d (%.3f of all)%n", MIN_DIAMETER_MM, nodules, errors.size(),
                percentile(errors, 0.5), percentile(errors, 0.9), within, within / (double) nodules);
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size())));
    }
}
