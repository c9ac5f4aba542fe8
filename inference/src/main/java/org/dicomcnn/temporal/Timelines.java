package org.dicomcnn.temporal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.StudyRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each patient's {@link Timeline} from an index: studies ordered by Study Date and Study
 * Time, the current study and its priors, and in each the series chosen by
 * {@link ComparableSeries}.
 *
 * <p>Rules:
 * <ul>
 *   <li>A study without Study Date (0008,0020) cannot be placed in time: it is left out and
 *       reported. A missing Study Time counts as 00:00; studies on one date that Study Time does
 *       not order (missing or equal) are ordered by Study Instance UID, and reported.</li>
 *   <li>The current study is the latest dated study that has a usable CT series
 *       ({@link ComparableSeries#reference(StudyRef)}); later studies without one are reported
 *       and left out. When no study has one, the latest study is the current one, without a
 *       series, and no prior can be compared.</li>
 *   <li>Every earlier dated study is a prior, newest first, with the series comparable to the
 *       current reference series ({@link ComparableSeries#comparableTo}); a prior with none is kept
 *       without a series and reported.</li>
 *   <li>Frames of Reference are not used: studies of different dates normally differ in them,
 *       and registration relates them later.</li>
 * </ul>
 *
 * <pre>{@code
 * DicomIndex index = DicomIndex.scan(Path.of("/data/studies"), ProgressListener.NONE);
 * for (Timeline t : Timelines.of(index)) {
 *     SeriesRef current = t.current().series();          // null when the patient has no usable CT
 *     for (TimePoint prior : t.comparablePriors())
 *         compare(current, prior.series(), t.intervalDays(prior));
 *     t.problems().forEach(warnings::add);
 * }
 * }</pre>
 */
public final class Timelines {

    private static final Logger LOG = LoggerFactory.getLogger(Timelines.class);

    /** Chronological order: date and time (a missing time is 00:00), then Study Instance UID. */
    private static final Comparator<StudyRef> CHRONOLOGICAL = Comparator
            .comparing((StudyRef s) -> s.dateTime().orElseThrow())
            .thenComparing(StudyRef::studyInstanceUid);

    private Timelines() {}

    /**
     * One timeline per patient of the index that has at least one dated study, in the index's
     * patient order. A patient with one study gets a timeline without priors. A patient with no
     * dated study gets none (logged with its study UIDs).
     *
     * @param index a scanned folder tree
     * @return the timelines
     */
    public static List<Timeline> of(DicomIndex index) {
        List<Timeline> out = new ArrayList<>();
        for (PatientRef p : index.patients()) {
            of(p).ifPresent(out::add);
        }
        LOG.info("timelines: {} of {} patients, {} priors ({} comparable), {} problems", out.size(),
                index.patients().size(), out.stream().mapToInt(t -> t.priors().size()).sum(),
                out.stream().mapToInt(t -> t.comparablePriors().size()).sum(),
                out.stream().mapToInt(t -> t.problems().size()).sum());
        return List.copyOf(out);
    }

    /**
     * The timeline of one patient.
     *
     * @param patient a patient and their studies
     * @return the timeline, or empty when no study of the patient has a Study Date
     */
    public static Optional<Timeline> of(PatientRef patient) {
        List<String> problems = new ArrayList<>();
        for (StudyRef s : patient.studies()) {
            if (s.dateTime().isEmpty()) {
                problems.add("study " + s.studyInstanceUid() + " has no Study Date (0008,0020); left out of the timeline");
            }
        }
        List<StudyRef> dated = patient.studies().stream().filter(s -> s.dateTime().isPresent())
                .sorted(CHRONOLOGICAL.reversed()).toList(); // newest first
        if (dated.isEmpty()) {
            LOG.warn("no timeline for a patient with {} studies, none dated: {}", patient.studies().size(),
                    patient.studies().stream().map(StudyRef::studyInstanceUid).toList());
            return Optional.empty();
        }
        reportUnorderedTimes(dated, problems);

        // The newest study with a usable CT series is the current one; newer ones without are reported.
        int currentIndex = 0;
        ComparableSeries.Choice reference = ComparableSeries.reference(dated.get(0));
        List<String> skipped = new ArrayList<>();
        while (!reference.found() && currentIndex + 1 < dated.size()) {
            skipped.add("study " + dated.get(currentIndex).studyInstanceUid() + " ("
                    + dated.get(currentIndex).dateTime().orElseThrow() + ") is later than the current study but has "
                    + reference.reason() + "; left out of the timeline");
            currentIndex++;
            reference = ComparableSeries.reference(dated.get(currentIndex));
        }
        if (!reference.found()) { // no study has one: the newest stays current, without a series
            currentIndex = 0;
            reference = ComparableSeries.reference(dated.get(0));
            problems.add("current study " + dated.get(0).studyInstanceUid() + " has " + reference.reason()
                    + "; no study of this patient has one, so no prior can be compared");
        } else {
            problems.addAll(skipped);
        }

        TimePoint current = TimePoint.of(dated.get(currentIndex), reference);
        List<TimePoint> priors = new ArrayList<>();
        for (StudyRef study : dated.subList(currentIndex + 1, dated.size())) {
            ComparableSeries.Choice choice;
            if (reference.found()) {
                choice = ComparableSeries.comparableTo(reference.series(), study);
                if (!choice.found()) {
                    problems.add("prior study " + study.studyInstanceUid() + " has " + choice.reason());
                }
            } else {
                choice = ComparableSeries.reference(study); // none found: says what the study holds instead
            }
            priors.add(TimePoint.of(study, choice));
        }
        Timeline t = new Timeline(patient, current, priors, problems);
        LOG.debug("{}", t);
        return Optional.of(t);
    }

    /** Reports neighbouring studies on one date that Study Time does not order. */
    private static void reportUnorderedTimes(List<StudyRef> newestFirst, List<String> problems) {
        for (int i = 1; i < newestFirst.size(); i++) {
            StudyRef later = newestFirst.get(i - 1);
            StudyRef earlier = newestFirst.get(i);
            if (!later.studyDate().equals(earlier.studyDate())) {
                continue;
            }
            if (Objects.equals(later.studyTime(), earlier.studyTime())) {
                problems.add("studies " + earlier.studyInstanceUid() + " and " + later.studyInstanceUid()
                        + " share Study Date " + later.studyDate() + " and have "
                        + (later.studyTime() == null ? "no" : "the same") + " Study Time (0008,0030); ordered by Study "
                        + "Instance UID, " + later.studyInstanceUid() + " taken as the later");
            } else if (later.studyTime() == null || earlier.studyTime() == null) {
                StudyRef untimed = later.studyTime() == null ? later : earlier;
                problems.add("studies " + earlier.studyInstanceUid() + " and " + later.studyInstanceUid()
                        + " share Study Date " + later.studyDate() + " and study " + untimed.studyInstanceUid()
                        + " has no Study Time (0008,0030); ordered as if it were 00:00, " + later.studyInstanceUid()
                        + " taken as the later");
            }
        }
    }
}
