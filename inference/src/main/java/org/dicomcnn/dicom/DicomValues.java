package org.dicomcnn.dicom;

import java.time.LocalDate;
import java.time.LocalTime;

/** Parsing of DICOM date and time value representations (PS3.5 6.2: DA and TM). */
final class DicomValues {

    private DicomValues() {}

    /** A DA value "YYYYMMDD" (or the old "YYYY.MM.DD"), or null when absent or malformed. */
    static LocalDate date(String da) {
        if (da == null) {
            return null;
        }
        String s = da.trim().replace(".", "");
        if (s.length() != 8) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
                    Integer.parseInt(s.substring(6, 8)));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    /** A TM value "HH[MM[SS[.FFFFFF]]]" (or the old "HH:MM:SS"), or null when absent or malformed. */
    static LocalTime time(String tm) {
        if (tm == null) {
            return null;
        }
        String s = tm.trim().replace(":", "");
        if (s.length() < 2) {
            return null;
        }
        try {
            int hour = Integer.parseInt(s.substring(0, 2));
            int minute = s.length() >= 4 ? Integer.parseInt(s.substring(2, 4)) : 0;
            int second = s.length() >= 6 ? Integer.parseInt(s.substring(4, 6)) : 0;
            int nanos = 0;
            if (s.length() > 7 && s.charAt(6) == '.') {
                String fraction = (s.substring(7) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(fraction);
            }
            return LocalTime.of(hour, minute, Math.min(second, 59), nanos);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }
}
