package org.dicomcnn.dicom;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One study in the index.
 *
 * @param studyInstanceUid Study Instance UID (0020,000D)
 * @param studyDate Study Date (0008,0020), or null
 * @param studyTime Study Time (0008,0030), or null
 * @param description Study Description (0008,1030), or ""
 * @param accessionNumber Accession Number (0008,0050), or ""; an identifier, never logged
 * @param series its series, ordered by series number then UID
 */
public record StudyRef(
        String studyInstanceUid,
        LocalDate studyDate,
        LocalTime studyTime,
        String description,
        String accessionNumber,
        List<SeriesRef> series) {

    /** Copies the series list and requires the UID. */
    public StudyRef {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        series = List.copyOf(series);
    }

    /** Study date and time, when the date is known (time defaults to midnight). */
    public Optional<LocalDateTime> dateTime() {
        return studyDate == null ? Optional.empty()
                : Optional.of(studyDate.atTime(studyTime == null ? LocalTime.MIDNIGHT : studyTime));
    }

    /** Leaves out the accession number, an identifier. */
    @Override
    public String toString() {
        return "StudyRef[" + studyInstanceUid + ", " + studyDate + ", " + series.size() + " series]";
    }
}
