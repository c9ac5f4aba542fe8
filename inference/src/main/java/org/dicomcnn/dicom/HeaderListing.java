package org.dicomcnn.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import java.util.Locale;
import java.util.Set;

/**
 * A DICOM header as text, one attribute a line ({@code 0018,0060  KVP: 120}), as a researcher
 * reads acquisition parameters in ImageJ's Image &gt; Show Info, with every attribute that can
 * identify the patient left out. Left out:
 *
 * <ul>
 *   <li>the Patient group (0010) except sex, age, size and weight (PS3.15's Retain Patient
 *       Characteristics option);
 *   <li>the groups of visits, scheduling, requests and procedure steps (0032, 0038, 0040), and
 *       text comments (4000), which carry accession numbers, names and free text;
 *   <li>accession number, institution, station, device serial number, Study ID, the names of
 *       physicians and operators, identifying and image comments, referenced patients;
 *   <li>every private attribute (odd group), whose meaning is not known.
 * </ul>
 *
 * Sequences are listed by their number of items, not opened; binary values by their length.
 * Pixel data is never listed.
 *
 * <pre>{@code
 * String text = HeaderListing.of(DicomFileReader.read(path).attributes());
 * }</pre>
 */
public final class HeaderListing {

    /** Longest value shown; longer ones are cut with "...". */
    static final int MAX_VALUE_CHARS = 160;

    private static final Set<Integer> LEFT_OUT_GROUPS = Set.of(0x0032, 0x0038, 0x0040, 0x4000, 0x4008);

    private static final Set<AttributeTag> KEPT_PATIENT_CHARACTERISTICS = Set.of(TagFromName.PatientSex,
            TagFromName.PatientAge, TagFromName.PatientSize, TagFromName.PatientWeight);

    private static final Set<AttributeTag> LEFT_OUT = Set.of(
            TagFromName.AccessionNumber,
            new AttributeTag(0x0008, 0x0051), // Issuer of Accession Number Sequence
            TagFromName.InstitutionName,
            TagFromName.InstitutionAddress,
            TagFromName.InstitutionCodeSequence,
            TagFromName.ReferringPhysicianName,
            TagFromName.ReferringPhysicianAddress,
            TagFromName.ReferringPhysicianTelephoneNumbers,
            TagFromName.ReferringPhysicianIdentificationSequence,
            TagFromName.StationName,
            TagFromName.InstitutionalDepartmentName,
            TagFromName.PhysiciansOfRecord,
            TagFromName.PhysiciansOfRecordIdentificationSequence,
            TagFromName.PerformingPhysicianName,
            TagFromName.PerformingPhysicianIdentificationSequence,
            TagFromName.NameOfPhysiciansReadingStudy,
            TagFromName.PhysiciansReadingStudyIdentificationSequence,
            TagFromName.OperatorsName,
            TagFromName.OperatorIdentificationSequence,
            TagFromName.AdmittingDiagnosesDescription,
            TagFromName.AdmittingDiagnosesCodeSequence,
            TagFromName.ReferencedPatientSequence,
            TagFromName.IdentifyingComments,
            TagFromName.DeviceSerialNumber,
            TagFromName.StudyID,
            TagFromName.ImageComments,
            TagFromName.PixelData);

    private HeaderListing() {}

    /**
     * Whether an attribute is left out of the listing because it can identify the patient.
     *
     * @param tag the attribute's tag
     * @return true when it is left out
     */
    public static boolean leftOut(AttributeTag tag) {
        int group = tag.getGroup();
        if (group % 2 == 1) {
            return true; // private
        }
        if (group == 0x0010) {
            return !KEPT_PATIENT_CHARACTERISTICS.contains(tag);
        }
        return LEFT_OUT_GROUPS.contains(group) || LEFT_OUT.contains(tag);
    }

    /**
     * The listing of a header.
     *
     * @param attributes the header (file meta information included, when the list holds it)
     * @return one line per attribute kept, in tag order
     */
    public static String of(AttributeList attributes) {
        DicomDictionary dictionary = AttributeList.getDictionary();
        StringBuilder b = new StringBuilder();
        for (Attribute a : attributes.values()) {
            AttributeTag tag = a.getTag();
            if (leftOut(tag)) {
                continue;
            }
            String name = dictionary.getNameFromTag(tag);
            b.append(String.format(Locale.ROOT, "%04X,%04X  %s: %s%n", tag.getGroup(), tag.getElement(),
                    name == null ? "?" : name, value(a)));
        }
        return b.toString();
    }

    private static String value(Attribute a) {
        if (a instanceof SequenceAttribute s) {
            return "(sequence, " + s.getNumberOfItems() + " item(s))";
        }
        byte[] vr = a.getVR();
        if (ValueRepresentation.isOtherByteOrWordVR(vr) || ValueRepresentation.isOtherFloatVR(vr)
                || ValueRepresentation.isOtherDoubleVR(vr) || ValueRepresentation.isOtherLongVR(vr)
                || ValueRepresentation.isOtherVeryLongVR(vr) || ValueRepresentation.isUnknownVR(vr)) {
            return "(" + a.getVL() + " bytes)";
        }
        String v = a.getDelimitedStringValuesOrEmptyString().trim();
        return v.length() > MAX_VALUE_CHARS ? v.substring(0, MAX_VALUE_CHARS) + "..." : v;
    }
}
