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
import org.dicomcnn.pipeline.LookBack;
import org.dicomcnn.pipeline.PatientComparison;
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
 *       ({@link GrowthCriterion#forClass}) applied to the true sizes (NEW / RESOLVED by presence);
 *   <li>volume doubling time of growing solid nodules of 6 mm or more: within 25 % of the
 *       generator's.
 * </ul>
 *
 * <p>With {@code truth} the findings are the ground-truth lesions (registration and matching
 * alone); with a model bundle they are the model's findings (end to end), each named after the
 * true lesion of its class nearest its centre (within half the lesion's diameter, at least 5 mm).
 *
 * <p>With a model the comparison is the pipeline's ({@link PatientComparison}), look-back included;
 * each finding looked back for is listed with the true lesion it was named after.
 *
 * <p>Usage: {@code TemporalJudge COHORT truth|BUNDLE [LOOK_BACK_THRESHOLD]} (above 1: no look-back)
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
        double lookBackThreshold = args.length > 2 ? Double.parseDouble(args[2]) : LookBack.DEFAULT_THRESHOLD;
        DicomIndex index = DicomIndex.scan(cohort, ProgressListener.NONE);
        List<Timeline> timelines = Timelines.of(index);
        SeriesLoader loader = new SeriesLoader();
        ModelRuntime runtime = truthMode ? null : ModelRuntime.open(ModelBundle.load(Path.of(args[1])), DeviceChoice.AUTO);
        PatientComparison comparison = runtime == null ? null : new PatientComparison(new SeriesAnalyzer(runtime,
                loader, FindingDetector.Settings.forManifest(runtime.manifest()), 16), loader,
                PatientComparison.Settings.DEFAULT.withLookBackThreshold(lookBackThreshold));
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
        List<String> lookBacks = new ArrayList<>();
        try {
            for (Timeline tl : timelines) {
                if (tl.comparablePriors().isEmpty() || !tl.current().hasSeries()) {
                    continue;
                }
                patients++;
                Judged j = truthMode ? byTruth(tl, loader) : byModel(tl, comparison, lookBacks);
                StudyTruth currentTruth = j.truths().get(j.truths().size() - 1);
                for (int t = 0; t < j.truths().size() - 1; t++) {
                    Registration r = j.registrations().get(t);
                    registrations++;
                    failedRegistrations += r.failed() ? 1 : 0;
                    RigidTransform expected = of(currentTruth.canonicalToPatient()).inverse()
                            .then(of(j.truths().get(t).canonicalToPatient()));
                    Vec3 centre = j.currentCentre();
                    worstMm = Math.max(worstMm, r.currentToPrior().apply(centre).distance(expected.apply(centre)));
                    worstDeg = Math.max(worstDeg, r.currentToPrior().then(expected.inverse()).angleDegrees());
                }
                for (GrowthCriterion c : GrowthCriterion.values()) {
                    judge(j.compare().apply(c), j.truths(), j.ids(), c, status.computeIfAbsent(c, k -> new Tally()),
                            statusVsModel.computeIfAbsent(c, k -> new Tally()),
                            c == GrowthCriterion.LUNG_RADS_2022 ? matching : null,
                            c == GrowthCriterion.LUNG_RADS_2022 ? vdt : null);
                }
                System.err.printf(Locale.ROOT, "patient %d done (%d studies)%n", patients, j.truths().size());
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
        for (String m : lookBacks) {
            System.out.println("  looked back: " + m);
        }
    }

    /**
     * One patient's studies compared, oldest first.
     *
     * @param truths each study's ground truth
     * @param ids per study, the true lesion id each finding was named after ("false-positive" when none)
     * @param registrations each prior's registration, oldest first
     * @param currentCentre the current volume's centre, patient mm, where registration is judged
     * @param compare the comparison under a criterion
     */
    private record Judged(List<StudyTruth> truths, List<List<String>> ids, List<Registration> registrations,
            Vec3 currentCentre, java.util.function.Function<GrowthCriterion, LesionComparison.Result> compare) {}

    /** Registration alone, with the ground-truth lesions as findings. */
    private static Judged byTruth(Timeline tl, SeriesLoader loader) throws Exception {
        List<TimePoint> points = new ArrayList<>(tl.comparablePriors());
        points.sort(Comparator.comparing(TimePoint::dateTime));
        points.add(tl.current());
        Volume current = SeriesAnalyzer.largest(loader.load(tl.current().series(), ProgressListener.NONE));
        List<StudyFindings> studies = new ArrayList<>();
        List<StudyTruth> truths = new ArrayList<>();
        List<List<String>> ids = new ArrayList<>();
        List<Registration> registrations = new ArrayList<>();
        for (TimePoint tp : points) {
            StudyTruth truth = PhantomLabels.truthOf(tp.series()).orElseThrow();
            RigidTransform currentToThis = RigidTransform.IDENTITY;
            if (tp != tl.current()) {
                Volume v = SeriesAnalyzer.largest(loader.load(tp.series(), ProgressListener.NONE));
                Registration r = RigidRegistration.register(current, v, RigidRegistration.Settings.DEFAULT,
                        ProgressListener.NONE);
                registrations.add(r);
                currentToThis = r.currentToPrior();
            }
            List<String> names = new ArrayList<>();
            studies.add(new StudyFindings(LocalDate.parse(truth.studyDate()), currentToThis,
                    truthFindings(truth, names)));
            truths.add(truth);
            ids.add(names);
        }
        return new Judged(truths, ids, registrations, centre(current), c -> LesionComparison.compare(studies, c));
    }

    /** End to end: the pipeline's comparison (model findings, look-back), findings named after true lesions. */
    private static Judged byModel(Timeline tl, PatientComparison comparison, List<String> lookBacks) throws Exception {
        PatientComparison.Result r = comparison.compare(tl, ProgressListener.NONE);
        List<StudyTruth> truths = new ArrayList<>();
        List<List<String>> ids = new ArrayList<>();
        List<Registration> registrations = new ArrayList<>();
        for (PatientComparison.Study s : r.studies()) {
            StudyTruth truth = PhantomLabels.truthOf(s.point().series()).orElseThrow();
            List<String> names = new ArrayList<>();
            for (Finding f : s.findings()) {
                names.add(nameOf(f, truth, names));
            }
            for (Finding f : s.lookedBack()) {
                lookBacks.add(String.format(Locale.ROOT, "%s study %d: %s, probability %.3f, %.1f mm, %s",
                        truth.patientKey(), truths.size() + 1, names.get(s.analysis().findings().size()
                        + s.lookedBack().indexOf(f)), f.probability(), f.diameterMm(), f.provenance().segmentation()));
            }
            if (s.registration() != null) {
                registrations.add(s.registration());
            }
            truths.add(truth);
            ids.add(names);
        }
        if (r.studies().size() != tl.comparablePriors().size() + 1) {
            throw new IllegalStateException("priors left out: " + r.notes());
        }
        return new Judged(truths, ids, registrations, centre(r.studies().get(r.studies().size() - 1).volume()),
                r::under);
    }

    private static Vec3 centre(Volume v) {
        return v.geometry().voxelToPatient((v.width() - 1) / 2.0, (v.height() - 1) / 2.0, (v.depth() - 1) / 2.0);
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
                    expected = c.forClass(classOf(now)).classify(new LesionMeasurement(d0, diameter(before), before.volumeMl(), 1),
                            new LesionMeasurement(d1, diameter(now), now.volumeMl(), 1));
                }
                LesionChange ours = h == null ? null : h.changes().get(t - 1);
                ChangeStatus got = ours == null ? null : ours.status();
                status.add(expected == got, where + ": expected " + expected + " (true " + sizes(before, now)
                        + "), got " + got + (ours == null ? "" : " (ours " + sizes(ours) + ")"));
                statusVsModel.add(got != null && modelStatus(now.status()) == got, where);
                GrowthTruth g = now.growth();
                if (vdt != null && presentBefore && now.present() && now.lesionClass().equals("solid_nodule")
                        && g != null && "exponential_growth".equals(g.model()) && diameter(now) >= MIN_DIAMETER_MM) {
                    double trueVdt = g.volumeDoublingTimeDays();
                    Double got2 = ours == null || ours.doublingTime() == null ? null : ours.doublingTime().days();
                    vdt.add(got2 != null && Math.abs(got2 - trueVdt) <= 0.25 * trueVdt,
                            String.format(Locale.ROOT, "%s: true %.0f days, ours %s (true %s; ours %s)", where, trueVdt,
                                    got2 == null ? "none" : String.format(Locale.ROOT, "%.0f", got2),
                                    sizes(before, now), ours == null ? "none" : sizes(ours)));
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

    private static String sizes(LesionTruth before, LesionTruth now) {
        return String.format(Locale.ROOT, "%.1f -> %.1f mm, %.3f -> %.3f ml", before == null ? 0 : diameter(before),
                diameter(now), before == null ? 0 : before.volumeMl(), now.volumeMl());
    }

    private static String sizes(LesionChange c) {
        return String.format(Locale.ROOT, "%.1f -> %.1f mm, %.3f -> %.3f ml",
                c.prior() == null ? 0 : c.prior().meanDiameterMm(), c.current() == null ? 0 : c.current().meanDiameterMm(),
                c.prior() == null ? 0 : c.prior().volumeMl(), c.current() == null ? 0 : c.current().volumeMl());
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

    /** The true lesion of the finding's class nearest its centre (within half its diameter, at least 5 mm), once. */
    private static String nameOf(Finding f, StudyTruth truth, List<String> taken) {
        LesionTruth nearest = null;
        double best = Double.POSITIVE_INFINITY;
        for (LesionTruth l : truth.lesions()) {
            double d = Vec3.of(l.centreMm()).distance(f.centreMm());
            if (l.present() && classOf(l).equals(f.findingClass()) && d <= Math.max(5, diameter(l) / 2) && d < best) {
                best = d;
                nearest = l;
            }
        }
        return nearest == null || taken.contains(nearest.id()) ? "false-positive" : nearest.id();
    }

    private static String classOf(LesionTruth l) {
        return l.lesionClass().endsWith("nodule") ? "nodule" : "effusion";
    }

    private static RigidTransform of(TransformTruth t) {
        return new RigidTransform(t.rotation(), Vec3.of(t.translationMm()));
    }
}
