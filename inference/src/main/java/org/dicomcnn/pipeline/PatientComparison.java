package org.dicomcnn.pipeline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.temporal.ComparableSeries;
import org.dicomcnn.temporal.DifferenceImage;
import org.dicomcnn.temporal.GrowthCriterion;
import org.dicomcnn.temporal.LesionComparison;
import org.dicomcnn.temporal.LesionComparison.StudyFinding;
import org.dicomcnn.temporal.LesionComparison.StudyFindings;
import org.dicomcnn.temporal.Registration;
import org.dicomcnn.temporal.RigidRegistration;
import org.dicomcnn.temporal.RigidTransform;
import org.dicomcnn.temporal.TimePoint;
import org.dicomcnn.temporal.Timeline;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One patient's studies compared, from timeline to tracked changes: the comparable series of the
 * current study and of each prior ({@link Timeline#comparablePriors()}) is loaded and analysed by
 * the model, each prior is registered rigidly to the current study ({@link RigidRegistration}),
 * lesions the detector missed in one study but saw in a neighbouring one are looked back for
 * ({@link LookBack}), and the findings are tracked and compared ({@link LesionComparison}).
 *
 * <p>A prior is left out of the comparison, with a note saying why, when its series gives no
 * volume, its slices are not axial ({@link ComparableSeries#isAxialEnough}), its registration
 * is flagged as failed, or it was taken on the same day as a later study (the later one is
 * compared). When the current study cannot be used, {@link #compare} throws.
 *
 * <pre>{@code
 * PatientComparison.Result r = new PatientComparison(analyzer, loader, PatientComparison.Settings.DEFAULT)
 *         .compare(timeline, progress);
 * for (LesionComparison.History h : r.comparison().lesions()) {
 *     LesionChange latest = h.currentChange(); // status by the named criterion, doubling time
 * }
 * }</pre>
 */
public final class PatientComparison {

    private static final Logger LOG = LoggerFactory.getLogger(PatientComparison.class);

    /** Look-back rounds at most: a lesion seen only in the current study can be followed back this many studies. */
    static final int MAX_LOOK_BACK_ROUNDS = 4;

    /**
     * @param criterion the growth criterion for nodules ({@link GrowthCriterion#forClass} for other classes)
     * @param registration registration settings
     * @param lookBackThreshold the lowest candidate probability a look-back accepts; above 1, no look-back
     */
    public record Settings(GrowthCriterion criterion, RigidRegistration.Settings registration,
            double lookBackThreshold) {

        /** Lung-RADS 2022, the default registration and {@link LookBack#DEFAULT_THRESHOLD}. */
        public static final Settings DEFAULT = new Settings(GrowthCriterion.LUNG_RADS_2022,
                RigidRegistration.Settings.DEFAULT, LookBack.DEFAULT_THRESHOLD);

        /** Requires the parts. */
        public Settings {
            Objects.requireNonNull(criterion, "criterion");
            Objects.requireNonNull(registration, "registration");
        }

        /** @return these settings with another criterion */
        public Settings withCriterion(GrowthCriterion c) {
            return new Settings(c, registration, lookBackThreshold);
        }

        /** @return these settings with another look-back threshold (above 1: none) */
        public Settings withLookBackThreshold(double t) {
            return new Settings(criterion, registration, t);
        }
    }

    /**
     * One study of the comparison.
     *
     * @param point the study and its series
     * @param volume the analysed volume (HU)
     * @param analysis the model's analysis of it
     * @param registration its registration to the current study; null for the current study
     * @param lookedBack findings looked back for ({@link LookBack}), besides the analysis' findings
     */
    public record Study(TimePoint point, Volume volume, StudyAnalysis analysis, Registration registration,
            List<Finding> lookedBack) {

        /** Requires the parts and copies the list. */
        public Study {
            Objects.requireNonNull(point, "point");
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(analysis, "analysis");
            lookedBack = List.copyOf(lookedBack);
        }

        /** @return the current study's patient mm to this study's (identity for the current study) */
        public RigidTransform currentToThis() {
            return registration == null ? RigidTransform.IDENTITY : registration.currentToPrior();
        }

        /** @return the findings the comparison uses: the analysis' findings, then those looked back for */
        public List<Finding> findings() {
            return analysis.findingsWith(lookedBack);
        }

        /** @return Study Date (from the timeline) */
        public LocalDate date() {
            return point.dateTime().toLocalDate();
        }
    }

    /**
     * @param timeline the patient's timeline
     * @param studies the studies compared, oldest first, the current study last; indices match
     *     the comparison's time points and each study's findings match its observations' indices
     * @param compared the studies' findings as the comparison read them (frames, sizes, mean HU)
     * @param comparison tracks, changes by the criterion, trends
     * @param notes priors left out and why (no identifiers)
     */
    public record Result(Timeline timeline, List<Study> studies, List<StudyFindings> compared,
            LesionComparison.Result comparison, List<String> notes) {

        /** Copies. */
        public Result {
            studies = List.copyOf(studies);
            compared = List.copyOf(compared);
            notes = List.copyOf(notes);
        }

        /**
         * The same studies and findings (looked-back ones included) compared by another criterion.
         *
         * @param c the growth criterion for nodules
         * @return the comparison under {@code c}
         */
        public LesionComparison.Result under(GrowthCriterion c) {
            return LesionComparison.compare(compared, c);
        }

        /** @return the current study (the last) */
        public Study current() {
            return studies.get(studies.size() - 1);
        }

        /**
         * A prior registered and resampled onto the current study's grid, and the subtraction
         * (current minus prior), for viewers and reports.
         *
         * @param index the prior's index in {@link #studies()} (0 is the oldest; not the current study)
         * @return the difference image
         */
        public DifferenceImage differenceImage(int index) {
            if (index < 0 || index >= studies.size() - 1) {
                throw new IllegalArgumentException("study " + index + " is not a prior of " + studies.size()
                        + " studies");
            }
            Study prior = studies.get(index);
            return DifferenceImage.of(current().volume(), prior.volume(), prior.currentToThis());
        }
    }

    private final SeriesAnalyzer analyzer;
    private final SeriesLoader loader;
    private final Settings settings;

    /**
     * @param analyzer the model's series analyser (the model is opened once by the caller)
     * @param loader the series loader
     * @param settings criterion, registration and look-back
     */
    public PatientComparison(SeriesAnalyzer analyzer, SeriesLoader loader, Settings settings) {
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Compares the current study of a timeline with its comparable priors.
     *
     * @param timeline a patient's timeline whose current study has a comparable series
     * @param progress progress per study and stage
     * @return the comparison; with only the current study when no prior could be used
     * @throws InferenceException if the current study cannot be used or the model fails
     */
    public Result compare(Timeline timeline, ProgressListener progress) throws InferenceException {
        TimePoint current = timeline.current();
        if (!current.hasSeries()) {
            throw new InferenceException("study " + current.study().studyInstanceUid()
                    + " has no comparable series: " + current.reason());
        }
        List<String> notes = new ArrayList<>();
        List<TimePoint> priors = new ArrayList<>(timeline.comparablePriors());
        priors.sort(Comparator.comparing(TimePoint::dateTime).reversed());
        long steps = 1 + priors.size();
        progress.progress(0, steps, "comparing studies");
        Loaded currentSeries = usableSeries(current, notes);
        if (currentSeries == null) {
            throw new InferenceException("study " + current.study().studyInstanceUid() + ": " + notes.get(0));
        }
        Volume currentVolume = SeriesAnalyzer.largest(currentSeries.series());
        List<Study> studies = new ArrayList<>();
        studies.add(analyse(current, currentSeries, null, progress));
        progress.progress(1, steps, "comparing studies");
        LocalDate later = current.dateTime().toLocalDate();
        for (int p = 0; p < priors.size(); p++) {
            TimePoint prior = priors.get(p);
            Study s = prepare(prior, currentVolume, later, notes, progress);
            if (s != null) {
                studies.add(0, s);
                later = s.date();
            }
            progress.progress(2 + p, steps, "comparing studies");
        }
        return compareFindings(timeline, studies, notes);
    }

    private Study prepare(TimePoint prior, Volume currentVolume, LocalDate later, List<String> notes,
            ProgressListener progress) throws InferenceException {
        String uid = prior.study().studyInstanceUid();
        if (!prior.dateTime().toLocalDate().isBefore(later)) {
            notes.add("prior " + uid + " left out: taken on " + prior.dateTime().toLocalDate()
                    + ", the day of a later study, which is compared instead");
            return null;
        }
        Loaded loaded = usableSeries(prior, notes);
        if (loaded == null) {
            return null;
        }
        Registration r = RigidRegistration.register(currentVolume, SeriesAnalyzer.largest(loaded.series()),
                settings.registration(), progress);
        if (r.failed()) {
            notes.add("prior " + uid + " left out: registration failed (" + r.problem() + ")");
            return null;
        }
        return analyse(prior, loaded, r, progress);
    }

    /** A series as loaded, and how long that took. */
    private record Loaded(SeriesVolumes series, long ms) {}

    /** The point's loaded series, or null with a note when it gives no volume or its largest is not axial. */
    private Loaded usableSeries(TimePoint tp, List<String> notes) {
        long t0 = System.nanoTime();
        SeriesVolumes loaded = loader.load(tp.series(), ProgressListener.NONE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String what = "series " + tp.series().seriesInstanceUid();
        if (loaded.volumes().isEmpty()) {
            notes.add(what + " left out: no volume could be loaded (" + loaded.problems().size() + " file problem(s))");
            return null;
        }
        Volume v = SeriesAnalyzer.largest(loaded);
        if (!ComparableSeries.isAxialEnough(v.geometry())) {
            notes.add(what + " left out: its slices are not axial (more than "
                    + ComparableSeries.MAX_AXIAL_TILT_DEGREES + " degrees off)");
            return null;
        }
        return new Loaded(loaded, ms);
    }

    private Study analyse(TimePoint tp, Loaded loaded, Registration r, ProgressListener progress)
            throws InferenceException {
        StudyAnalysis a = analyzer.analyze(tp.study().studyInstanceUid(), loaded.series(), loaded.ms(), progress);
        return new Study(tp, SeriesAnalyzer.largest(loaded.series()), a, r, List.of());
    }

    /**
     * Compares, looks back for missed lesions, and compares again until nothing is added. Each
     * finding is read for the comparison (its mean HU from the image) once.
     */
    private Result compareFindings(Timeline timeline, List<Study> studies, List<String> notes) {
        List<List<StudyFinding>> read = new ArrayList<>();
        for (Study s : studies) {
            read.add(new ArrayList<>(read(s, s.findings())));
        }
        LesionComparison.Result result = LesionComparison.compare(inFrames(studies, read), settings.criterion());
        for (int round = 0; round < MAX_LOOK_BACK_ROUNDS && settings.lookBackThreshold() <= 1; round++) {
            List<LookBack.Study> looking = studies.stream().map(s -> new LookBack.Study(s.volume(),
                    s.analysis().scores(), s.currentToThis(), s.findings())).toList();
            List<List<Finding>> added = LookBack.find(looking, result, settings.lookBackThreshold());
            if (added.stream().allMatch(List::isEmpty)) {
                break;
            }
            for (int t = 0; t < studies.size(); t++) {
                if (added.get(t).isEmpty()) {
                    continue;
                }
                Study s = studies.get(t);
                List<Finding> more = new ArrayList<>(s.lookedBack());
                more.addAll(added.get(t));
                studies.set(t, new Study(s.point(), s.volume(), s.analysis(), s.registration(), more));
                read.get(t).addAll(read(s, added.get(t)));
                LOG.info("study {} of {}: {} finding(s) looked back for", t + 1, studies.size(), added.get(t).size());
            }
            result = LesionComparison.compare(inFrames(studies, read), settings.criterion());
        }
        return new Result(timeline, studies, inFrames(studies, read), result, notes);
    }

    /** Findings of a study as the comparison reads them. */
    private static List<StudyFinding> read(Study s, List<Finding> findings) {
        return findings.stream().map(f -> new StudyFinding(f.findingClass(), f.centreMm(), f.diameterMm(),
                f.volumeMl(), f.probability(), meanHu(s.volume(), f))).toList();
    }

    /** Each study's read findings with its date and registration. */
    private static List<StudyFindings> inFrames(List<Study> studies, List<List<StudyFinding>> read) {
        List<StudyFindings> out = new ArrayList<>();
        for (int t = 0; t < studies.size(); t++) {
            out.add(new StudyFindings(studies.get(t).date(), studies.get(t).currentToThis(), read.get(t)));
        }
        return out;
    }

    /**
     * A finding's mean attenuation: the mean HU of the voxels of its bounding box within its
     * equivalent sphere (what tells a solid nodule from a subsolid one).
     *
     * @param v the volume
     * @param f a finding of it
     * @return mean HU, NaN when no voxel lies within
     */
    static double meanHu(Volume v, Finding f) {
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

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PatientComparison[%s, look-back %.2f]", settings.criterion().cliName(),
                settings.lookBackThreshold());
    }
}
