package org.dicomcnn.temporal;

import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;

/**
 * One study of a patient's timeline and the series chosen in it for analysis and comparison.
 *
 * @param study the study (dated)
 * @param dateTime its Study Date and Study Time (a missing time counts as 00:00)
 * @param series the chosen series, one of the study's, or null when none is usable or comparable
 * @param reason why the series was chosen, or why none was (UIDs and attributes, no identifiers)
 */
public record TimePoint(StudyRef study, LocalDateTime dateTime, SeriesRef series, String reason) {

    /** Requires a dated study, its own date and time, a series of that study (or none) and a reason. */
    public TimePoint {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(dateTime, "dateTime");
        Objects.requireNonNull(reason, "reason");
        if (!study.dateTime().map(dateTime::equals).orElse(false)) {
            throw new IllegalArgumentException("time point " + dateTime + " is not the date and time of study "
                    + study.studyInstanceUid() + " (" + study.dateTime().map(Object::toString).orElse("undated") + ")");
        }
        if (series != null && study.series().stream()
                .noneMatch(s -> s.seriesInstanceUid().equals(series.seriesInstanceUid()))) {
            throw new IllegalArgumentException("series " + series.seriesInstanceUid() + " is not in study "
                    + study.studyInstanceUid());
        }
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a time point needs the reason for its series, or for having none");
        }
    }

    /**
     * A time point from a study and the choice made in it.
     *
     * @param study a dated study
     * @param choice the series chosen in it, or none, with the reason
     * @return the time point
     * @throws IllegalArgumentException if the study has no Study Date
     */
    public static TimePoint of(StudyRef study, ComparableSeries.Choice choice) {
        LocalDateTime when = study.dateTime().orElseThrow(() -> new IllegalArgumentException("study "
                + study.studyInstanceUid() + " has no Study Date (0008,0020)"));
        return new TimePoint(study, when, choice.series(), choice.reason());
    }

    /** @return the chosen series, if any */
    public Optional<SeriesRef> chosen() {
        return Optional.ofNullable(series);
    }

    /** @return whether a series was chosen */
    public boolean hasSeries() {
        return series != null;
    }

    /** Study and series UIDs, date and reason; no identifiers. */
    @Override
    public String toString() {
        return "TimePoint[" + study.studyInstanceUid() + ", " + dateTime + ", "
                + (series == null ? "no series" : "series " + series.seriesInstanceUid()) + ": " + reason + "]";
    }
}
