package org.dicomcnn.temporal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dicomcnn.temporal.LesionTracker.Observation;
import org.dicomcnn.temporal.LesionTracker.Track;
import org.dicomcnn.volume.Vec3;

/**
 * Compares the findings of a patient's studies: each prior's findings are mapped into the
 * current study's patient frame through its registration, tracked across all studies
 * ({@link LesionTracker}), and each track's change between consecutive studies is measured
 * ({@link ChangeAnalysis}) by one growth criterion ({@link GrowthCriterion#forClass}: nodules by
 * the criterion given, other classes by volume), with a trend over three or more studies.
 *
 * <pre>{@code
 * LesionComparison.Result r = LesionComparison.compare(List.of(prior, current), GrowthCriterion.LUNG_RADS_2022);
 * LesionChange latest = r.lesions().get(0).currentChange(); // status, doubling time, criterion
 * }</pre>
 */
public final class LesionComparison {

    /**
     * A finding whose mean HU is at least this is solid; below it, subsolid (ground glass, or
     * part-solid with a small core): the HU between aerated lung (about -850) and soft tissue
     * (about 40) where a ground-glass nodule's whole-lesion mean stays.
     */
    public static final double SOLID_MIN_HU = -300;

    private LesionComparison() {}

    /**
     * One finding of a study, in that study's own patient frame.
     *
     * @param findingClass e.g. "nodule"
     * @param centreMm centre, the study's patient frame, mm
     * @param meanDiameterMm mean diameter, mm
     * @param volumeMl volume, ml
     * @param probability the model's probability
     * @param meanHu mean attenuation over the lesion, HU (NaN when unknown: taken as solid)
     */
    public record StudyFinding(String findingClass, Vec3 centreMm, double meanDiameterMm, double volumeMl,
            double probability, double meanHu) {

        /** Validates. */
        public StudyFinding {
            Objects.requireNonNull(findingClass, "findingClass");
            Objects.requireNonNull(centreMm, "centreMm");
        }

        /** @return whether it counts as solid ({@link #SOLID_MIN_HU}) */
        public boolean solid() {
            return Double.isNaN(meanHu) || meanHu >= SOLID_MIN_HU;
        }
    }

    /**
     * A study's findings and how to reach its frame.
     *
     * @param date Study Date
     * @param currentToThis the registration of this study to the current one (current patient mm
     *     to this study's); identity for the current study
     * @param findings its findings
     */
    public record StudyFindings(LocalDate date, RigidTransform currentToThis, List<StudyFinding> findings) {

        /** Validates and copies. */
        public StudyFindings {
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(currentToThis, "currentToThis");
            findings = List.copyOf(findings);
        }
    }

    /**
     * One tracked lesion's history.
     *
     * @param track its observations (centres in the current study's frame)
     * @param solid whether it is solid (at its most recent observation)
     * @param changes its change between each pair of consecutive studies (index i: study i to
     *     i + 1), null where it was seen in neither
     * @param trend the regression over its observations when there are three or more, else null
     */
    public record History(Track track, boolean solid, List<LesionChange> changes, Trend trend) {

        /** Copies (null entries allowed). */
        public History {
            Objects.requireNonNull(track, "track");
            changes = java.util.Collections.unmodifiableList(new ArrayList<>(changes));
        }

        /** @return its change from the latest prior to the current study, or null when it was seen in neither */
        public LesionChange currentChange() {
            return changes.isEmpty() ? null : changes.get(changes.size() - 1);
        }
    }

    /**
     * @param dates the studies' dates, oldest first (the last is the current study)
     * @param criterion the growth criterion used
     * @param lesions every tracked lesion, in order of first appearance
     */
    public record Result(List<LocalDate> dates, GrowthCriterion criterion, List<History> lesions) {

        /** Copies. */
        public Result {
            dates = List.copyOf(dates);
            Objects.requireNonNull(criterion, "criterion");
            lesions = List.copyOf(lesions);
        }
    }

    /**
     * @param studies a patient's studies, oldest first, the current study last; dates strictly increasing
     * @param criterion the growth criterion for nodules' status ({@link GrowthCriterion#forClass})
     * @return tracks and changes
     */
    public static Result compare(List<StudyFindings> studies, GrowthCriterion criterion) {
        if (studies.isEmpty()) {
            throw new IllegalArgumentException("no study to compare");
        }
        for (int t = 1; t < studies.size(); t++) {
            if (!studies.get(t).date().isAfter(studies.get(t - 1).date())) {
                throw new IllegalArgumentException("study dates must increase: " + studies.get(t - 1).date() + " then "
                        + studies.get(t).date());
            }
        }
        List<List<Observation>> observations = new ArrayList<>();
        for (int t = 0; t < studies.size(); t++) {
            StudyFindings s = studies.get(t);
            RigidTransform toCurrent = s.currentToThis().inverse();
            List<Observation> here = new ArrayList<>();
            for (int i = 0; i < s.findings().size(); i++) {
                StudyFinding f = s.findings().get(i);
                here.add(new Observation(t, i, f.findingClass(), toCurrent.apply(f.centreMm()), f.meanDiameterMm(),
                        f.volumeMl(), f.probability()));
            }
            observations.add(here);
        }
        List<History> lesions = new ArrayList<>();
        for (Track track : LesionTracker.track(observations)) {
            Observation last = track.last();
            boolean solid = studies.get(last.timePoint()).findings().get(last.index()).solid();
            List<LesionChange> changes = new ArrayList<>();
            for (int t = 1; t < studies.size(); t++) {
                LesionMeasurement before = measurement(studies, track.at(t - 1));
                LesionMeasurement after = measurement(studies, track.at(t));
                changes.add(before == null && after == null ? null
                        : ChangeAnalysis.between(before, after, solid, criterion.forClass(track.findingClass())));
            }
            List<LesionMeasurement> seen = track.observations().stream().map(o -> measurement(studies, o)).toList();
            Trend trend = seen.size() >= 3 ? ChangeAnalysis.trend(seen) : null;
            lesions.add(new History(track, solid, changes, trend));
        }
        return new Result(studies.stream().map(StudyFindings::date).toList(), criterion, lesions);
    }

    private static LesionMeasurement measurement(List<StudyFindings> studies, Observation o) {
        if (o == null) {
            return null;
        }
        return new LesionMeasurement(studies.get(o.timePoint()).date(), o.diameterMm(), o.volumeMl(), o.probability());
    }
}
