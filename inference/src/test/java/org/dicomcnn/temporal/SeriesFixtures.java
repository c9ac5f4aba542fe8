package org.dicomcnn.temporal;

import com.pixelmed.dicom.SOPClass;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.dicom.InstanceRef;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;

/** Index values built in code for rule cases: what {@code DicomIndex} would give for such files. */
final class SeriesFixtures {

    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    private SeriesFixtures() {}

    /** A CT series of {@code images} 512 x 512 CT Image Storage files. */
    static SeriesRef ct(String uid, int number, String bodyPart, String kernel, double thicknessMm, int images) {
        return series(uid, number, "CT", bodyPart, kernel, thicknessMm, SOPClass.CTImageStorage, 512, 512, images);
    }

    /** A series of {@code images} single-frame files, all alike. */
    static SeriesRef series(String uid, int number, String modality, String bodyPart, String kernel,
            double thicknessMm, String sopClass, int rows, int columns, int images) {
        return new SeriesRef(uid, number, modality, "", bodyPart, null, "1.2.3.999", kernel, thicknessMm,
                instances(uid, sopClass, rows, columns, images, 0));
    }

    /** {@code count} single-frame files of one SOP class and matrix, numbered from {@code first + 1}. */
    static List<InstanceRef> instances(String seriesUid, String sopClass, int rows, int columns, int count, int first) {
        List<InstanceRef> out = new ArrayList<>();
        for (int k = first + 1; k <= first + count; k++) {
            out.add(new InstanceRef(Path.of("/fixtures", seriesUid, k + ".dcm"), seriesUid + "." + k, sopClass,
                    EXPLICIT_LE, k, 1, rows, columns));
        }
        return out;
    }

    /** A study with a description and accession number that must never be printed. */
    static StudyRef study(String uid, LocalDate date, LocalTime time, SeriesRef... series) {
        return new StudyRef(uid, date, time, "CT CHEST FOLLOW-UP", "ACC-99887", List.of(series));
    }

    /** A patient whose name and ID must never be printed. */
    static PatientRef patient(StudyRef... studies) {
        return new PatientRef("PID-4711", "DOE^JANE", List.of(studies));
    }
}
