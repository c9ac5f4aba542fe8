package org.dicomcnn.dicom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.List;
import org.dicomcnn.samples.testing.ExternalTool;
import org.dicomcnn.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The header listing shows a CT's acquisition parameters and none of what identifies the
 * patient: dcmtk's dcmdump confirms the file holds every identifying value, and the listing
 * holds none of them, private attributes and those nested in request sequences included.
 */
class HeaderListingTest {

    @TempDir
    Path dir;

    /** KVP (0018,0060), the tube voltage. */
    private static final AttributeTag KVP = new AttributeTag(0x0018, 0x0060);

    /** Identifying values written into the file; each is unique so that a leak is found by its text. */
    private static final List<String> IDENTIFYING = List.of("DOE^JANE", "PID-481516", "19610412", "ACC-2342",
            "ST-MARY-HOSPITAL", "DR^WHO", "OPERATOR^ONE", "SERIAL-99", "STUDYID-7", "PRIVATE-NAME",
            "REQUESTED-ACC-1", "COMMENT-ABOUT-JANE", "CT-STATION-3");

    @Test
    void listsAcquisitionParametersAndNothingThatIdentifiesThePatient() throws Exception {
        AttributeList l = TestImages.identity("header-listing", SOPClass.CTImageStorage, "CT", 1,
                new double[] {0, 0, 0}, TestImages.AXIAL);
        TestImages.put(l, TagFromName.PatientName, "DOE^JANE");
        TestImages.put(l, TagFromName.PatientID, "PID-481516");
        TestImages.put(l, TagFromName.PatientBirthDate, "19610412");
        TestImages.put(l, TagFromName.PatientSex, "F");
        TestImages.put(l, TagFromName.PatientAge, "063Y");
        TestImages.put(l, TagFromName.AccessionNumber, "ACC-2342");
        TestImages.put(l, TagFromName.InstitutionName, "ST-MARY-HOSPITAL");
        TestImages.put(l, TagFromName.ReferringPhysicianName, "DR^WHO");
        TestImages.put(l, TagFromName.OperatorsName, "OPERATOR^ONE");
        TestImages.put(l, TagFromName.DeviceSerialNumber, "SERIAL-99");
        TestImages.put(l, TagFromName.StationName, "CT-STATION-3");
        TestImages.put(l, TagFromName.StudyID, "STUDYID-7");
        TestImages.put(l, TagFromName.ImageComments, "COMMENT-ABOUT-JANE");
        TestImages.put(l, KVP, "120");
        TestImages.put(l, TagFromName.SliceThickness, "1.25");
        TestImages.put(l, TagFromName.ConvolutionKernel, "B30f");
        TestImages.put(l, TagFromName.Manufacturer, "PHANTOM-CT");
        Attribute creator = new LongStringAttribute(new AttributeTag(0x0009, 0x0010));
        creator.addValue("ACME");
        l.put(creator);
        Attribute privateName = new LongStringAttribute(new AttributeTag(0x0009, 0x1001));
        privateName.addValue("PRIVATE-NAME");
        l.put(privateName);
        SequenceAttribute request = new SequenceAttribute(TagFromName.RequestAttributesSequence);
        AttributeList item = new AttributeList();
        TestImages.put(item, TagFromName.AccessionNumber, "REQUESTED-ACC-1");
        request.addItem(item);
        l.put(request);
        TestImages.pixels(l, 4, 4, 1, "MONOCHROME2", 16, 12, false, 0, 0, TestImages.ctPattern(4, 4, 0, 1));
        Path file = TestImages.write(l, dir.resolve("ct.dcm"));

        String dump = ExternalTool.run("dcmdump", "-q", "+L", file.toString());
        for (String id : IDENTIFYING) {
            assertTrue(dump.contains(id), "dcmdump finds " + id + " in the file:\n" + dump);
        }

        String listing = HeaderListing.of(DicomFileReader.read(file).attributes());
        for (String id : IDENTIFYING) {
            assertFalse(listing.contains(id), id + " in the listing:\n" + listing);
        }
        for (String line : List.of("0018,0060  " + AttributeList.getDictionary().getNameFromTag(KVP) + ": 120", "0018,0050  SliceThickness: 1.25",
                "0018,1210  ConvolutionKernel: B30f", "0008,0070  Manufacturer: PHANTOM-CT", "0008,0060  Modality: CT",
                "0010,0040  PatientSex: F", "0010,1010  PatientAge: 063Y", "0028,0010  Rows: 4")) {
            assertTrue(listing.contains(line), "'" + line + "' in the listing:\n" + listing);
        }
        assertFalse(listing.contains("7FE0,0010"), "no pixel data");
        assertFalse(listing.contains("0040,0275"), "the request sequence is left out whole");
    }
}
