package org.dicomcnn.temporal;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.dicomcnn.dicom.PatientRef;

/**
 * One patient's studies in time: the current study, its priors newest first, each with the
 * series chosen for comparison ({@link ComparableSeries}), and what could not be placed or
 * matched. Built by {@link Timelines}.
 *
 * <p>The patient is kept so that a caller can show who this is; {@link #toString()} leaves out
 * the patient's name and ID (and holds no birth date or accession number).
 *
 * @param patient the patient
 * @param current the current study: the latest dated study with a usable CT series (or the
 *     latest dated study, with no series, when none has one)
 * @param priors the earlier studies, newest first; a prior without a comparable series is kept,
 *     with the reason, and listed in {@code problems}
 * @param problems what the caller should know, in words naming the Study Instance UID and the
 *     reason: studies left out, priors with no comparable series, ties in date and time
 */
public record Timeline(PatientRef patient, TimePoint current, List<TimePoint> priors, List<String> problems) {

    /** Copies the lists; requires priors no later than the current study and newest first. */
    public Timeline {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(current, "current");
        priors = List.copyOf(priors);
        problems = List.copyOf(problems);
        for (int i = 0; i < priors.size(); i++) {
            TimePoint later = i == 0 ? current : priors.get(i - 1);
            if (priors.get(i).dateTime().isAfter(later.dateTime())) {
                throw new IllegalArgumentException("prior " + priors.get(i).study().studyInstanceUid() + " ("
                        + priors.get(i).dateTime() + ") is after " + later.study().studyInstanceUid() + " ("
                        + later.dateTime() + "); priors must be newest first and before the current study");
            }
        }
    }

    /** @return the priors that have a comparable series, newest first */
    public List<TimePoint> comparablePriors() {
        return priors.stream().filter(TimePoint::hasSeries).toList();
    }

    /**
     * Whole calendar days from a prior's Study Date to the current one's, as follow-up intervals
     * and doubling times are counted.
     *
     * @param prior one of {@link #priors()}
     * @return the interval in days
     */
    public long intervalDays(TimePoint prior) {
        return ChronoUnit.DAYS.between(prior.study().studyDate(), current.study().studyDate());
    }

    /** The current study's UID and date and the counts; no patient name or ID. */
    @Override
    public String toString() {
        return "Timeline[current " + current.study().studyInstanceUid() + " (" + current.dateTime() + "), "
                + priors.size() + (priors.size() == 1 ? " prior, " : " priors, ") + problems.size()
                + (problems.size() == 1 ? " problem]" : " problems]");
    }
}
