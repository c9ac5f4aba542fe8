package org.dicomcnn.report;

import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.pipeline.PatientComparison;
import org.dicomcnn.temporal.DoublingTime;
import org.dicomcnn.temporal.LesionChange;
import org.dicomcnn.temporal.LesionComparison;
import org.dicomcnn.temporal.LesionTracker.Observation;
import org.dicomcnn.temporal.Trend;

/**
 * One patient's temporal comparison as written to {@code comparison.json} (the whole record) and
 * {@code comparison.csv} (one {@link Change} per tracked lesion per consecutive pair of studies,
 * with the model fields in front). Field names are the record components in snake_case; they are
 * part of the output schema (docs/output-schemas.md) and change only with {@link #SCHEMA}. A
 * value that is absent or infinite is {@code null} in JSON and an empty field in CSV: an upper
 * doubling-time bound that is null while {@code vdt_days} is set means the interval runs to
 * infinity (growth not established).
 *
 * @param schema {@link #SCHEMA}
 * @param modelName model name
 * @param modelVersion model version
 * @param modelSha256 SHA-256 of the model's weights
 * @param researchUseOnly always true
 * @param criterion the growth criterion for nodules, e.g. "lung-rads-2022" (other classes are
 *     judged by volume, "bts-nelson-volume")
 * @param criterionDescription the criterion in words
 * @param currentStudyInstanceUid the current (latest) study
 * @param studies the studies compared, oldest first, the current study last
 * @param lesions every tracked lesion
 * @param notes priors left out of the comparison and why
 */
public record ComparisonDocument(String schema, String modelName, String modelVersion, String modelSha256,
        boolean researchUseOnly, String criterion, String criterionDescription, String currentStudyInstanceUid,
        List<Study> studies, List<Lesion> lesions, List<String> notes) {

    /** Schema name and version of this document. */
    public static final String SCHEMA = "dicomcnn.comparison/1";

    /** Copies. */
    public ComparisonDocument {
        studies = List.copyOf(studies);
        lesions = List.copyOf(lesions);
        notes = List.copyOf(notes);
    }

    /**
     * A study of the comparison.
     *
     * @param studyInstanceUid the study
     * @param seriesInstanceUid the series compared
     * @param studyDate Study Date, ISO 8601
     * @param findings findings the model made in it
     * @param lookedBackFindings findings added by looking back
     * @param registrationCorrelation for a prior, the normalised cross-correlation of its rigid
     *     registration to the current study over the body (1 is a perfect match); null for the
     *     current study
     * @param registrationOverlap for a prior, the share of the current study's body that falls
     *     inside the registered prior (0..1); null for the current study
     */
    public record Study(String studyInstanceUid, String seriesInstanceUid, String studyDate, int findings,
            int lookedBackFindings, Double registrationCorrelation, Double registrationOverlap) {}

    /**
     * A tracked lesion.
     *
     * @param trackId T1, T2, ... in order of first appearance
     * @param findingClass its class
     * @param solid whether it is solid at its latest observation
     * @param changes its change between each consecutive pair in which it was seen
     * @param trendPoints studies in its trend (3 or more); null without a trend
     * @param trendVdtDays volume doubling time of the log-linear trend, days; negative: halving
     * @param trendVdtLowerDays lower end of its 95 % interval, days
     * @param trendVdtUpperDays upper end of its 95 % interval, days (null: unbounded)
     */
    public record Lesion(String trackId, String findingClass, boolean solid, List<Change> changes,
            Integer trendPoints, Double trendVdtDays, Double trendVdtLowerDays, Double trendVdtUpperDays) {

        /** Copies. */
        public Lesion {
            changes = List.copyOf(changes);
        }
    }

    /**
     * One tracked lesion's change between two consecutive studies; a CSV row.
     *
     * @param trackId the track
     * @param findingClass its class
     * @param solid whether it is solid
     * @param priorStudyInstanceUid the earlier study of the pair
     * @param currentStudyInstanceUid the later study of the pair
     * @param priorStudyDate its date
     * @param currentStudyDate its date
     * @param intervalDays days between the two dates; null unless seen in both
     * @param status NEW, RESOLVED, STABLE, GROWN or SHRUNK
     * @param criterion the rule that set the status
     * @param priorDiameterMm mean diameter in the earlier study, mm; null when not seen there
     * @param currentDiameterMm mean diameter in the later study, mm; null when not seen there
     * @param priorVolumeMl volume in the earlier study, ml
     * @param currentVolumeMl volume in the later study, ml
     * @param diameterChangeMm later minus earlier diameter, mm
     * @param diameterChangeRelative that change as a fraction of the earlier diameter (0.26: +26 %)
     * @param volumeChangeMl later minus earlier volume, ml
     * @param volumeChangeRelative that change as a fraction of the earlier volume
     * @param probabilityChange later minus earlier probability
     * @param vdtDays volume doubling time, days (negative: halving time); null when not computable
     *     or infinite (no change)
     * @param vdtLowerDays lower end of its 95 % interval, days; null: unbounded
     * @param vdtUpperDays upper end of its 95 % interval, days; null: unbounded
     * @param vdtMethod how the doubling time was computed
     * @param fastGrowth solid, grown and doubling in under 400 days
     * @param priorLookedBack whether the earlier observation was found by looking back
     * @param currentLookedBack whether the later observation was found by looking back
     */
    public record Change(String trackId, String findingClass, boolean solid, String priorStudyInstanceUid,
            String currentStudyInstanceUid, String priorStudyDate, String currentStudyDate, Long intervalDays,
            String status, String criterion, Double priorDiameterMm, Double currentDiameterMm, Double priorVolumeMl,
            Double currentVolumeMl, Double diameterChangeMm, Double diameterChangeRelative, Double volumeChangeMl,
            Double volumeChangeRelative, Double probabilityChange, Double vdtDays, Double vdtLowerDays,
            Double vdtUpperDays, String vdtMethod, boolean fastGrowth, boolean priorLookedBack,
            boolean currentLookedBack) {}

    /**
     * Builds the document of a patient's comparison.
     *
     * @param r the comparison
     * @return the document
     */
    public static ComparisonDocument of(PatientComparison.Result r) {
        ModelFields model = ModelFields.of(r.current().analysis().model());
        List<PatientComparison.Study> s = r.studies();
        List<Study> studies = new ArrayList<>();
        for (PatientComparison.Study st : s) {
            studies.add(new Study(st.point().study().studyInstanceUid(), st.analysis().seriesInstanceUid(),
                    st.date().toString(), st.analysis().findings().size(), st.lookedBack().size(),
                    st.registration() == null ? null : finite(st.registration().correlation()),
                    st.registration() == null ? null : finite(st.registration().overlap())));
        }
        LesionComparison.Result c = r.comparison();
        List<Lesion> lesions = new ArrayList<>();
        for (LesionComparison.History h : c.lesions()) {
            List<Change> changes = new ArrayList<>();
            for (int t = 1; t < s.size(); t++) {
                LesionChange ch = h.changes().get(t - 1);
                if (ch != null) {
                    changes.add(change(h, ch, s.get(t - 1), s.get(t), h.track().at(t - 1), h.track().at(t)));
                }
            }
            Trend trend = h.trend();
            DoublingTime tv = trend == null ? null : trend.doublingTime();
            lesions.add(new Lesion(h.track().id(), h.track().findingClass(), h.solid(), changes,
                    trend == null ? null : trend.points(), tv == null ? null : finite(tv.days()),
                    tv == null ? null : finite(tv.lowerDays()), tv == null ? null : finite(tv.upperDays())));
        }
        return new ComparisonDocument(SCHEMA, model.modelName(), model.modelVersion(), model.modelSha256(), true,
                c.criterion().cliName(), c.criterion().description(),
                r.current().point().study().studyInstanceUid(), studies, lesions, r.notes());
    }

    /** @return the model fields of this document */
    public ModelFields model() {
        return new ModelFields(modelName, modelVersion, modelSha256);
    }

    /**
     * @param l one of {@link #lesions()}
     * @return its change from the latest prior to the current study, or null when it was seen in neither
     */
    public Change currentChange(Lesion l) {
        return l.changes().stream().filter(c -> c.currentStudyInstanceUid().equals(currentStudyInstanceUid))
                .findFirst().orElse(null);
    }

    /** @return every lesion's changes, in track order: the CSV rows */
    public List<Change> changeRows() {
        return lesions.stream().flatMap(l -> l.changes().stream()).toList();
    }

    private static Change change(LesionComparison.History h, LesionChange ch, PatientComparison.Study before,
            PatientComparison.Study after, Observation seenBefore, Observation seenAfter) {
        DoublingTime d = ch.doublingTime();
        return new Change(h.track().id(), h.track().findingClass(), ch.solid(),
                before.point().study().studyInstanceUid(), after.point().study().studyInstanceUid(),
                before.date().toString(), after.date().toString(), ch.intervalDays(), ch.status().name(),
                ch.criterion().cliName(), ch.prior() == null ? null : ch.prior().meanDiameterMm(),
                ch.current() == null ? null : ch.current().meanDiameterMm(),
                ch.prior() == null ? null : ch.prior().volumeMl(), ch.current() == null ? null : ch.current().volumeMl(),
                ch.diameterChangeMm(), ch.diameterChangeRelative(), ch.volumeChangeMl(), ch.volumeChangeRelative(),
                ch.probabilityChange(), d == null ? null : finite(d.days()), d == null ? null : finite(d.lowerDays()),
                d == null ? null : finite(d.upperDays()), d == null ? null : d.method(), ch.fastGrowth(),
                lookedBack(before, seenBefore), lookedBack(after, seenAfter));
    }

    /** Observations index {@link PatientComparison.Study#findings()}: the analysis' findings, then looked-back ones. */
    private static boolean lookedBack(PatientComparison.Study s, Observation o) {
        return o != null && o.index() >= s.analysis().findings().size();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
