package org.dicomcnn.samples;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.samples.codec.PixelTransferSyntax;

/**
 * Writes CT Image Storage files (PS3.3 A.3) with PixelMed: one file per slice, all modules the
 * IOD requires (Patient, General Study, General Series, Frame of Reference, General Equipment,
 * General Image, Image Plane, Image Pixel, CT Image, VOI LUT, SOP Common), 16-bit unsigned
 * stored values with 12 bits used and a rescale to HU, explicit VR little endian by default or
 * one of the lossless compressed transfer syntaxes of {@link PixelTransferSyntax}. Every file is
 * marked synthetic in Image Comments. Nothing written depends on the clock, so the same inputs
 * give the same bytes.
 *
 * <pre>{@code
 * List<Path> files = CtSeriesWriter.write(dir, series, slicesInHu);
 * CtSeriesWriter.write(dir, series, slicesInHu, PixelTransferSyntax.JPEG_LOSSLESS_SV1);
 * }</pre>
 */
public final class CtSeriesWriter {

    /** Stored values use 12 bits (0..4095), as most CT scanners write. */
    public static final int BITS_STORED = 12;

    /** KVP (0018,0060), type 2 in the CT Image module; PixelMed's TagFromName lacks it. */
    private static final AttributeTag KVP = new AttributeTag(0x0018, 0x0060);

    /** Image Comments (0020,4000) of every file. */
    public static final String SYNTHETIC_LABEL = "SYNTHETIC PHANTOM - NOT FOR CLINICAL USE";

    /** Lossy Image Compression (0028,2110): "00", never lossy. */
    private static final String NOT_LOSSY = "00";

    private static final String SOURCE_AE = "DICOMCNN";
    private static final int DS_MAX_LENGTH = 16;
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);

    private CtSeriesWriter() {}

    /**
     * Writes one file per slice, named {@code CT000001.dcm}, ... in {@code dir}.
     *
     * @param dir the folder, created if needed
     * @param series identity and geometry
     * @param hu one array of columns x rows HU values per slice (row by row)
     * @return the files written, in slice order
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(Path dir, CtSeries series, List<float[]> hu) throws IOException {
        return write(dir, series, hu, PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /**
     * Writes one file per slice, named {@code CT000001.dcm}, ... in {@code dir}, in the given
     * transfer syntax.
     *
     * @param dir the folder, created if needed
     * @param series identity and geometry
     * @param hu one array of columns x rows HU values per slice (row by row)
     * @param transferSyntax how to encode the pixels
     * @return the files written, in slice order
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(Path dir, CtSeries series, List<float[]> hu, PixelTransferSyntax transferSyntax)
            throws IOException {
        if (hu.size() != series.slicePositionsMm().size()) {
            throw new IllegalArgumentException(hu.size() + " slices of voxels for " + series.slicePositionsMm().size()
                    + " positions");
        }
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int k = 0; k < hu.size(); k++) {
            Path file = dir.resolve(fileName(k));
            writeSlice(file, series, k, hu.get(k), transferSyntax);
            files.add(file);
        }
        return files;
    }

    /**
     * @param k slice index, from 0
     * @return the file name of slice k, e.g. CT000001.dcm
     */
    public static String fileName(int k) {
        return String.format(Locale.ROOT, "CT%06d.dcm", k + 1);
    }

    /**
     * Writes slice {@code k} of a series.
     *
     * @param file the file to write
     * @param series identity and geometry
     * @param k slice index, from 0 (Instance Number k + 1)
     * @param hu columns x rows HU values
     * @throws IOException if the file cannot be written
     */
    public static void writeSlice(Path file, CtSeries series, int k, float[] hu) throws IOException {
        writeSlice(file, series, k, hu, PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /**
     * Writes slice {@code k} of a series in the given transfer syntax.
     *
     * @param file the file to write
     * @param series identity and geometry
     * @param k slice index, from 0 (Instance Number k + 1)
     * @param hu columns x rows HU values
     * @param transferSyntax how to encode the pixels
     * @throws IOException if the file cannot be written or the pixels cannot be encoded
     */
    public static void writeSlice(Path file, CtSeries series, int k, float[] hu, PixelTransferSyntax transferSyntax)
            throws IOException {
        if (hu.length != series.columns() * series.rows()) {
            throw new IllegalArgumentException("slice " + k + " has " + hu.length + " values, "
                    + series.columns() * series.rows() + " expected");
        }
        try {
            AttributeList list = attributes(series, k);
            short[] stored = storedValues(hu, series.rescaleIntercept());
            if (transferSyntax.isEncapsulated()) {
                byte[] fragment = transferSyntax.encode(stored, series.columns(), series.rows(), BITS_STORED);
                list.put(new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData, new byte[][] {fragment}));
            } else {
                OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
                pixels.setValues(stored);
                list.put(pixels);
            }
            FileMetaInformation.addFileMetaInformation(list, transferSyntax.uid(), SOURCE_AE);
            list.write(file.toFile(), transferSyntax.uid(), true, true);
        } catch (DicomException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The SOP Instance UID of slice {@code k} of a series. */
    public static String sopInstanceUid(CtSeries series, int k) {
        return SyntheticUids.of(series.seriesInstanceUid() + "/instance/" + (k + 1));
    }

    /** HU to stored values: round(HU - intercept), clamped to the 12 stored bits. */
    static short[] storedValues(float[] hu, double intercept) {
        short[] stored = new short[hu.length];
        int max = (1 << BITS_STORED) - 1;
        for (int i = 0; i < hu.length; i++) {
            long v = Math.round(hu[i] - intercept);
            stored[i] = (short) Math.max(0, Math.min(max, v));
        }
        return stored;
    }

    private static AttributeList attributes(CtSeries s, int k) throws DicomException {
        AttributeList l = new AttributeList();
        CtSeries.Patient p = s.patient();
        CtSeries.Study st = s.study();
        put(l, TagFromName.SpecificCharacterSet, "ISO_IR 100");
        put(l, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
        put(l, TagFromName.SOPInstanceUID, sopInstanceUid(s, k));
        put(l, TagFromName.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        put(l, TagFromName.StudyDate, DA.format(st.date()));
        put(l, TagFromName.SeriesDate, DA.format(st.date()));
        put(l, TagFromName.ContentDate, DA.format(st.date()));
        put(l, TagFromName.StudyTime, TM.format(st.time()));
        put(l, TagFromName.SeriesTime, TM.format(st.time()));
        put(l, TagFromName.ContentTime, TM.format(st.time()));
        put(l, TagFromName.AccessionNumber, st.accessionNumber());
        put(l, TagFromName.Modality, "CT");
        put(l, TagFromName.Manufacturer, "DICOM CNN synthetic phantom");
        put(l, TagFromName.InstitutionName, "SYNTHETIC");
        put(l, TagFromName.ReferringPhysicianName, "");
        put(l, TagFromName.StudyDescription, st.description());
        put(l, TagFromName.SeriesDescription, s.seriesDescription());
        put(l, TagFromName.ManufacturerModelName, "PHANTOM");
        put(l, TagFromName.PatientName, p.name());
        put(l, TagFromName.PatientID, p.id());
        put(l, TagFromName.PatientBirthDate, DA.format(p.birthDate()));
        put(l, TagFromName.PatientSex, p.sex());
        put(l, TagFromName.PatientIdentityRemoved, "NO");
        put(l, TagFromName.BodyPartExamined, "CHEST");
        put(l, TagFromName.SliceThickness, decimal(s.sliceThicknessMm()));
        put(l, KVP, "120");
        put(l, TagFromName.DeviceSerialNumber, "0");
        put(l, TagFromName.SoftwareVersions, "dicomcnn");
        put(l, TagFromName.ReconstructionDiameter, decimal(s.columns() * s.columnSpacingMm()));
        put(l, TagFromName.ConvolutionKernel, s.convolutionKernel());
        put(l, TagFromName.PatientPosition, "HFS");
        put(l, TagFromName.StudyInstanceUID, st.studyInstanceUid());
        put(l, TagFromName.SeriesInstanceUID, s.seriesInstanceUid());
        put(l, TagFromName.StudyID, st.studyId());
        put(l, TagFromName.SeriesNumber, Integer.toString(s.seriesNumber()));
        put(l, TagFromName.AcquisitionNumber, "1");
        put(l, TagFromName.InstanceNumber, Integer.toString(k + 1));
        put(l, TagFromName.ImageComments, SYNTHETIC_LABEL);
        double[] ipp = s.slicePositionsMm().get(k);
        put(l, TagFromName.ImagePositionPatient, decimal(ipp[0]), decimal(ipp[1]), decimal(ipp[2]));
        double[] o = s.orientation();
        put(l, TagFromName.ImageOrientationPatient, decimal(o[0]), decimal(o[1]), decimal(o[2]), decimal(o[3]),
                decimal(o[4]), decimal(o[5]));
        put(l, TagFromName.FrameOfReferenceUID, s.frameOfReferenceUid());
        put(l, TagFromName.PositionReferenceIndicator, "");
        put(l, TagFromName.SliceLocation, decimal(sliceLocation(ipp, o)));
        put(l, TagFromName.SamplesPerPixel, "1");
        put(l, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(l, TagFromName.Rows, Integer.toString(s.rows()));
        put(l, TagFromName.Columns, Integer.toString(s.columns()));
        put(l, TagFromName.PixelSpacing, decimal(s.rowSpacingMm()), decimal(s.columnSpacingMm()));
        put(l, TagFromName.BitsAllocated, "16");
        put(l, TagFromName.BitsStored, Integer.toString(BITS_STORED));
        put(l, TagFromName.HighBit, Integer.toString(BITS_STORED - 1));
        put(l, TagFromName.PixelRepresentation, "0");
        put(l, TagFromName.BurnedInAnnotation, "NO");
        put(l, TagFromName.LossyImageCompression, NOT_LOSSY);
        if (!s.windows().isEmpty()) {
            put(l, TagFromName.WindowCenter, s.windows().stream().map(w -> decimal(w.centre())).toArray(String[]::new));
            put(l, TagFromName.WindowWidth, s.windows().stream().map(w -> decimal(w.width())).toArray(String[]::new));
            put(l, TagFromName.WindowCenterWidthExplanation,
                    s.windows().stream().map(CtSeries.Window::explanation).toArray(String[]::new));
        }
        put(l, TagFromName.RescaleIntercept, decimal(s.rescaleIntercept()));
        put(l, TagFromName.RescaleSlope, "1");
        put(l, TagFromName.RescaleType, "HU");
        return l;
    }

    /** Slice Location: the position along the normal, as scanners write it (PS3.3 C.7.6.2.1.2). */
    private static double sliceLocation(double[] ipp, double[] o) {
        double nx = o[1] * o[5] - o[2] * o[4];
        double ny = o[2] * o[3] - o[0] * o[5];
        double nz = o[0] * o[4] - o[1] * o[3];
        return ipp[0] * nx + ipp[1] * ny + ipp[2] * nz;
    }

    private static void put(AttributeList l, AttributeTag tag, String... values) throws DicomException {
        Attribute a = l.putNewAttribute(tag);
        for (String v : values) {
            a.addValue(v);
        }
    }

    /**
     * A decimal string (DS, at most 16 characters, PS3.5 6.2) for a value: the shortest decimal
     * that reads back as the same double, in plain notation, rounded (half up) only if it would
     * not fit in 16 characters.
     */
    static String decimal(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("a decimal string cannot hold " + v);
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String s = d.toPlainString();
        int integerChars = (d.signum() < 0 ? 1 : 0) + d.abs().setScale(0, RoundingMode.DOWN).toPlainString().length();
        for (int decimals = DS_MAX_LENGTH - integerChars - 1; s.length() > DS_MAX_LENGTH && decimals >= 0; decimals--) {
            s = d.setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        if (s.length() > DS_MAX_LENGTH) {
            throw new IllegalArgumentException(v + " does not fit a 16-character decimal string");
        }
        return s.equals("-0") ? "0" : s;
    }
}
