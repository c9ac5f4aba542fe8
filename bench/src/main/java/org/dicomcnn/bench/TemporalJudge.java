package org.dicomcnn.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.pipeline.SeriesAnalyzer;
import org.dicomcnn.samples.truth.GrowthTruth;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.samples.truth.TransformTruth;
import org.dicomcnn.temporal.ChangeStatus;
import org.dicomcnn.temporal.GrowthCriterion;
import org.dicomcnn.temporal.LesionChange;
import org.dicomcnn.temporal.LesionComparison;
import org.dicomcnn.temporal.LesionComparison.StudyFinding;
import org.dicomcnn.temporal.LesionComparison.StudyFindings;
import org.dicomcnn.temporal.LesionMeasurement;
import org.dicomcnn.temporal.LesionTracker.Observation;
import org.dicomcnn.temporal.Registration;
import org.dicomcnn.temporal.RigidRegistration;
import org.dicomcnn.temporal.RigidTransform;
import org.dicomcnn.temporal.TimePoint;
import org.dicomcnn.temporal.Timeline;
import org.dicomcnn.temporal.Timelines;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * Judges the temporal comparison on a longitudinal phantom cohort (issue 6): each patient's
 * timeline ({@link Timelines}), every prior registered to the current study, findings compared
 * ({@link LesionComparison}), against the generator's ground truth:
 *
 * <ul>
 *   <li>registration: error of the mapped lung-centre point and of the rotation;
 *   <li>matching: of the lesions present (and found) in two consecutive studies, the share whose
 *       two findings share a track;
 *   <li>status of lesions of 6 mm or more, per consecutive pair: ours against the same criterion
 *       applied to the true sizes (NEW / RESOLVED by presence);
 *   <li>volume doubling time of growing solid nodules of 6 mm or more: within 25 % of the
 *       generator's.
 * </ul>
 *
 * <p>With {@code truth} the findings are the ground-truth lesions (registration and matching
 * alone); with a model bundle they are the model's findings (end to end), each named after the
 * true lesion of its class nearest its centre (within half the lesion's diameter, at least 5 mm).
 *
 * <p>Usage: {@code TemporalJudge COHORT truth|BUNDLE}
 */
public final class TemporalJudge {

    private static final double MIN_DIAMETER_MM = 6;

    private TemporalJudge() {}

    /** Counts of one measure. */
    private static final class Tally {
        int good;
        int all;
        final List<String> misses = new ArrayList<>();

        void add(boolean ok, String what) {
            all++;
            if (ok) {
                good++;
            } else {
                misses.add(what);
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d/%d = %.3f", good, all, all == 0 ? Double.NaN : (double) good / all);
        }
    }

    /**
     * @param args cohort folder, then {@code truth} or a model bundle
     * @throws Exception if the cohort cannot be read or a step fails
     */
    public static void main(String[] args) throws Exception {
        Path cohort = Path.of(args[0]);
        boolean truthMode = args[1].equals("truth");
        DicomIndex index = DicomIndex.scan(cohort, ProgressListener.NONE);
        List<Timeline> timelines = Timelines.of(index);
        SeriesLoader loader = new SeriesLoader();
        ModelRuntime runtime = truthMode ? null : ModelRuntime.open(ModelBundle.load(Path.of(args[1])), DeviceChoice.AUTO);
        SeriesAnalyzer analyzer = runtime == null ? null : new SeriesAnalyzer(runtime, loader,
                FindingDetector.Settings.forManifest(runtime.manifest()), 16);
        Map<GrowthCriterion, Tally> status = new HashMap<>();
        Map<GrowthCriterion, Tally> statusVsModel = new HashMap<>();
        Tally matching = new Tally();
        Tally vdt = new Tally();
        double worstMm = 0;
        double worstDeg = 0;
        int failedRegistrations = 0;
        int registrations = 0;
        int patients = 0;
        long t0 = System.nanoTime();
        try {
            for (Timeline tl : timelines) {
                if (tl.comparablePriors().isEmpty() || !tl.current().hasSeries()) {
                    continue;
                }
                patients++;
                List<TimePoint> points = new ArrayList<>(tl.comparablePriors());
                points.sort(Comparator.comparing(TimePoint::dateTime));
                points.add(tl.current());
                SeriesVolumes currentSeries = loader.load(tl.current().series(), ProgressListener.NONE);
                Volume current = SeriesAnalyzer.largest(currentSeries);
                StudyTruth currentTruth = PhantomLabels.truthOf(tl.current().series()).orElseThrow();
                List<StudyFindings> studies = new ArrayList<>();
                List<StudyTruth> truths = new ArrayList<>();
                List<List<String>> ids = new ArrayList<>();
                for (TimePoint tp : points) {
                    StudyTruth truth = PhantomLabels.truthOf(tp.series()).orElseThrow();
                    boolean isCurrent = tp == tl.current();
                    SeriesVolumes loaded = isCurrent ? currentSeries : loader.load(tp.series(), ProgressListener.NONE);
                    Volume v = SeriesAnalyzer.largest(loaded);
                    RigidTransform currentToThis = RigidTransform.IDENTITY;
                    if (!isCurrent) {
                        Registration r = RigidRegistration.register(current, v, RigidRegistration.Settings.DEFAULT,
                                ProgressListener.NONE);
                        registrations++;
                        failedRegistrations += r.failed() ? 1 : 0;
                        RigidTransform expected = of(currentTruth.canonicalToPatient()).inverse()
                                .then(of(truth.canonicalToPatient()));
                        Vec3 centre = current.geometry().voxelToPatient((current.width() - 1) / 2.0,
                                (current.height() - 1) / 2.0, (current.depth() - 1) / 2.0);
                        worstMm = Math.max(worstMm, r.currentToPrior().apply(centre).distance(expected.apply(centre)));
                        worstDeg = Math.max(worstDeg, r.currentToPrior().then(expected.inverse()).angleDegrees());
                        currentToThis = r.currentToPrior();
                    }
                    List<String> names = new ArrayList<>();
                    List<StudyFinding> findings = truthMode ? truthFindings(truth, names)
                            : modelFindings(analyzer, tp, loaded, truth, names);
                    studies.add(new StudyFindings(LocalDate.parse(truth.studyDate()), currentToThis, findings));
                    truths.add(truth);
                    ids.add(names);
                }
                for (GrowthCriterion c : GrowthCriterion.values()) {
                    LesionComparison.Result result = LesionComparison.compare(studies, c);
                    judge(result, truths, ids, c, status.computeIfAbsent(c, k -> new Tally()),
                            statusVsModel.computeIfAbsent(c, k -> new Tally()),
                            c == GrowthCriterion.LUNG_RADS_2022 ? matching : null,
                            c == GrowthCriterion.LUNG_RADS_2022 ? vdt : null);
                }
                System.err.printf(Locale.ROOT, "patient %d done (%d studies)%n", patients, points.size());
            }
        } finally {
            if (runtime != null) {
                runtime.close();
            }
        }
        System.out.printf(Locale.ROOT, "temporal comparison on %s (%s findings): %d patients, %.0f s%n", cohort,
                truthMode ? "ground-truth" : "model " + args[1], patients, (System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "registration: %d priors, %d flagged, worst error %.2f mm / %.2f deg%n",
                registrations, failedRegistrations, worstMm, worstDeg);
        System.out.println("matching (present in both studies, found in both): " + matching);
        for (GrowthCriterion c : GrowthCriterion.values()) {
            System.out.println("status >= 6 mm, " + c.cliName() + ": " + status.get(c) + " (truth by the same rule); "
                    + statusVsModel.get(c) + " against the generator's model status");
        }
        System.out.println("VDT within 25 % (growing solid nodules >= 6 mm): " + vdt);
        for (String m : matching.misses) {
            System.out.println("  matching miss: " + m);
        }
        for (String m : status.get(GrowthCriterion.LUNG_RADS_2022).misses) {
            System.out.println("  status miss (lung-rads-2022): " + m);
        }
        for (String m : vdt.misses) {
            System.out.println("  VDT miss: " + m);
        }
    }

    private static void judge(LesionComparison.Result result, List<StudyTruth> truths,
            List<List<String>> ids, GrowthCriterion c, Tally status, Tally statusVsModel, Tally matching, Tally vdt) {
        String patient = truths.get(0).patientKey();
        for (int t = 1; t < truths.size(); t++) {
            for (LesionTruth now : truths.get(t).lesions()) {
                LesionTruth before = truths.get(t - 1).lesions().stream().filter(l -> l.id().equals(now.id()))
                        .findFirst().orElse(null);
                boolean presentBefore = before != null && before.present();
                String where = patient + " " + now.id() + " study " + (t) + "->" + (t + 1);
                int iBefore = ids.get(t - 1).indexOf(now.id());
                int iNow = ids.get(t).indexOf(now.id());
                LesionComparison.History h = historyOf(result, t, iNow, t - 1, iBefore);
                if (matching != null && presentBefore && now.present() && iBefore >= 0 && iNow >= 0) {
                    matching.add(h != null && h.track().at(t - 1) != null && h.track().at(t - 1).index() == iBefore
                            && h.track().at(t) != null && h.track().at(t).index() == iNow, where);
                }
                double size = Math.max(diameter(now), before == null ? 0 : diameter(before));
                if (size < MIN_DIAMETER_MM || (!presentBefore && !now.present())) {
                    continue;
                }
                ChangeStatus expected;
                if (!presentBefore) {
                    expected = ChangeStatus.NEW;
                } else if (!now.present()) {
                    expected = ChangeStatus.RESOLVED;
                } else {
                    LocalDate d0 = LocalDate.parse(truths.get(t - 1).studyDate());
                    LocalDate d1 = LocalDate.parse(truths.get(t).studyDate());
                    expected = c.classify(new LesionMeasurement(d0, diameter(before), before.volumeMl(), 1),
                            new LesionMeasurement(d1, diameter(now), now.volumeMl(), 1));
                }
                LesionChange ours = h == null ? null : h.changes().get(t - 1);
                ChangeStatus got = ours == null ? null : ours.status();
                status.add(expected == got, where + ": expected " + expected + ", got " + got);
                statusVsModel.add(got != null && modelStatus(now.status()) == got, where);
                GrowthTruth g = now.growth();
                if (vdt != null && presentBefore && now.present() && now.lesionClass().equals("solid_nodule")
                        && g != null && "exponential_growth".equals(g.model()) && diameter(now) >= MIN_DIAMETER_MM) {
                    double trueVdt = g.volumeDoublingTimeDays();
                    Double got2 = ours == null || ours.doublingTime() == null ? null : ours.doublingTime().days();
                    vdt.add(got2 != null && Math.abs(got2 - trueVdt) <= 0.25 * trueVdt,
                            String.format(Locale.ROOT, "%s: true %.0f days, ours %s", where, trueVdt, got2));
                }
            }
        }
    }

    /** The generator's words for the change from the previous study. */
    private static ChangeStatus modelStatus(String s) {
        return switch (s) {
            case "new" -> ChangeStatus.NEW;
            case "resolved" -> ChangeStatus.RESOLVED;
            case "growing" -> ChangeStatus.GROWN;
            case "shrinking" -> ChangeStatus.SHRUNK;
            default -> ChangeStatus.STABLE;
        };
    }

    /** The history holding finding iNow at time t or, when that was not found, finding iBefore at t - 1. */
    private static LesionComparison.History historyOf(LesionComparison.Result r, int t, int iNow, int tBefore,
            int iBefore) {
        for (LesionComparison.History h : r.lesions()) {
            Observation o = h.track().at(t);
            if (iNow >= 0 && o != null && o.index() == iNow) {
                return h;
            }
        }
        for (LesionComparison.History h : r.lesions()) {
            Observation o = h.track().at(tBefore);
            if (iBefore >= 0 && o != null && o.index() == iBefore) {
                return h;
            }
        }
        return null;
    }

    private static double diameter(LesionTruth l) {
        return l.present() ? Math.cbrt(6 * l.volumeMl() * 1000 / Math.PI) : 0;
    }

    private static List<StudyFinding> truthFindings(StudyTruth truth, List<String> names) {
        List<StudyFinding> out = new ArrayList<>();
        for (LesionTruth l : truth.lesions()) {
            if (l.present()) {
                names.add(l.id());
                out.add(new StudyFinding(classOf(l), Vec3.of(l.centreMm()), diameter(l), l.volumeMl(), 1, l.meanHu()));
            }
        }
        return out;
    }

    private static List<StudyFinding> modelFindings(SeriesAnalyzer analyzer, TimePoint tp, SeriesVolumes loaded,
            StudyTruth truth, List<String> names) throws Exception {
        Volume v = SeriesAnalyzer.largest(loaded);
        List<StudyFinding> out = new ArrayList<>();
        for (Finding f : analyzer.analyze(tp.study().studyInstanceUid(), loaded, 0, ProgressListener.NONE).findings()) {
            LesionTruth nearest = null;
            double best = Double.POSITIVE_INFINITY;
            for (LesionTruth l : truth.lesions()) {
                double d = Vec3.of(l.centreMm()).distance(f.centreMm());
                if (l.present() && classOf(l).equals(f.findingClass()) && d <= Math.max(5, diameter(l) / 2) && d < best) {
                    best = d;
                    nearest = l;
                }
            }
            names.add(nearest == null || names.contains(nearest.id()) ? "false-positive" : nearest.id());
            out.add(new StudyFinding(f.findingClass(), f.centreMm(), f.diameterMm(), f.volumeMl(), f.probability(),
                    meanHu(v, f)));
        }
        return out;
    }

    /** Mean HU over the finding's bounding box voxels within its equivalent sphere. */
    private static double meanHu(Volume v, Finding f) {
        int[] b = f.boundingBox();
        Vec3 centre = f.centreMm();
        double r = f.diameterMm() / 2;
        double sum = 0;
        int n = 0;
        for (int k = b[2]; k <= b[5]; k++) {
            for (int j = b[1]; j <= b[4]; j++) {
                for (int i = b[0]; i <= b[3]; i++) {
                    if (v.geometry().voxelToPatient(i, j, k).distance(centre) <= r) {
                        sum += v.value(i, j, k);
                        n++;
                    }
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static String classOf(LesionTruth l) {
        return l.lesionClass().endsWith("nodule") ? "nodule" : "effusion";
    }

    private static RigidTransform of(TransformTruth t) {
        return new RigidTransform(t.rotation(), Vec3.of(t.translationMm()));
    }
}
