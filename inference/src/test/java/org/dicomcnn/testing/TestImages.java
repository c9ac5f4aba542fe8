package org.dicomcnn.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.dicomcnn.samples.SyntheticUids;

/**
 * Builds DICOM images in code for tests: a data set with the identity and image attributes every
 * test needs, pixel data from Java arrays, written with PixelMed. Tests then transcode the files
 * with dcmtk or GDCM, so what the loader decodes was written by someone other than us.
 */
public final class TestImages {

    private TestImages() {}

    /** A smooth CT-like 12-bit pattern with noise over the full stored range 0..4095. */
    public static int[] ctPattern(int columns, int rows, int slice, long seed) {
        Random r = new Random(seed * 1000 + slice);
        int[] v = new int[columns * rows];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                double dx = (x - columns / 2.0) / (columns / 2.0);
                double dy = (y - rows / 2.0) / (rows / 2.0);
                double body = dx * dx + dy * dy < 0.8 ? 1064 + 300 * Math.sin(5 * dx + slice * 0.3) * Math.cos(4 * dy) : 0;
                double value = body + r.nextGaussian() * 30 + (x == y ? 3000 : 0) + (x + y == columns ? 4095 : 0);
                v[y * columns + x] = (int) Math.max(0, Math.min(4095, Math.round(value)));
            }
        }
        return v;
    }

    /**
     * A data set with patient, study, series and image-plane attributes.
     *
     * @param key makes the UIDs unique and reproducible
     * @param sopClass SOP Class UID
     * @param modality Modality
     * @param instanceNumber Instance Number
     * @param position Image Position (Patient), or null to leave it out
     * @param orientation Image Orientation (Patient), or null to leave it out
     * @return the attributes, without pixel module or pixel data
     */
    public static AttributeList identity(String key, String sopClass, String modality, int instanceNumber,
            double[] position, double[] orientation) throws DicomException {
        AttributeList l = new AttributeList();
        put(l, TagFromName.SOPClassUID, sopClass);
        put(l, TagFromName.SOPInstanceUID, SyntheticUids.of(key + "/instance/" + instanceNumber));
        put(l, TagFromName.StudyInstanceUID, SyntheticUids.of(key + "/study"));
        put(l, TagFromName.SeriesInstanceUID, SyntheticUids.of(key + "/series"));
        put(l, TagFromName.FrameOfReferenceUID, SyntheticUids.of(key + "/for"));
        put(l, TagFromName.PatientID, "TEST-" + Math.abs(key.hashCode()));
        put(l, TagFromName.PatientName, "TEST^" + key.replaceAll("[^A-Za-z0-9]", ""));
        put(l, TagFromName.StudyDate, "20240115");
        put(l, TagFromName.StudyTime, "101500");
        put(l, TagFromName.Modality, modality);
        put(l, TagFromName.SeriesNumber, "1");
        put(l, TagFromName.InstanceNumber, Integer.toString(instanceNumber));
        if (position != null) {
            put(l, TagFromName.ImagePositionPatient, fmt(position));
        }
        if (orientation != null) {
            put(l, TagFromName.ImageOrientationPatient, fmt(orientation));
        }
        put(l, TagFromName.PixelSpacing, "0.7", "0.8");
        return l;
    }

    /**
     * Adds the image pixel module and native pixel data.
     *
     * @param l the data set
     * @param rows Rows
     * @param columns Columns
     * @param samples Samples per Pixel
     * @param photometric Photometric Interpretation
     * @param bitsAllocated 8, 16 or 32
     * @param bitsStored Bits Stored
     * @param signed Pixel Representation 1
     * @param planar Planar Configuration (colour only)
     * @param frames Number of Frames, or 0 to leave the attribute out
     * @param samplesData the samples in file order (raw bit patterns, masked by the caller)
     */
    public static void pixels(AttributeList l, int rows, int columns, int samples, String photometric,
            int bitsAllocated, int bitsStored, boolean signed, int planar, int frames, int[] samplesData)
            throws DicomException {
        put(l, TagFromName.Rows, Integer.toString(rows));
        put(l, TagFromName.Columns, Integer.toString(columns));
        put(l, TagFromName.SamplesPerPixel, Integer.toString(samples));
        put(l, TagFromName.PhotometricInterpretation, photometric);
        put(l, TagFromName.BitsAllocated, Integer.toString(bitsAllocated));
        put(l, TagFromName.BitsStored, Integer.toString(bitsStored));
        put(l, TagFromName.HighBit, Integer.toString(bitsStored - 1));
        put(l, TagFromName.PixelRepresentation, signed ? "1" : "0");
        if (samples > 1) {
            put(l, TagFromName.PlanarConfiguration, Integer.toString(planar));
        }
        if (frames > 0) {
            put(l, TagFromName.NumberOfFrames, Integer.toString(frames));
        }
        if (bitsAllocated == 8) {
            byte[] b = new byte[samplesData.length + (samplesData.length % 2)];
            for (int i = 0; i < samplesData.length; i++) {
                b[i] = (byte) samplesData[i];
            }
            OtherByteAttribute a = new OtherByteAttribute(TagFromName.PixelData);
            a.setValues(b);
            l.put(a);
        } else if (bitsAllocated == 16) {
            short[] s = new short[samplesData.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) samplesData[i];
            }
            OtherWordAttribute a = new OtherWordAttribute(TagFromName.PixelData);
            a.setValues(s);
            l.put(a);
        } else {
            short[] s = new short[samplesData.length * 2];
            for (int i = 0; i < samplesData.length; i++) {
                s[2 * i] = (short) samplesData[i];
                s[2 * i + 1] = (short) (samplesData[i] >>> 16);
            }
            OtherWordAttribute a = new OtherWordAttribute(TagFromName.PixelData);
            a.setValues(s);
            l.put(a);
        }
    }

    /** Writes a data set as a PS3.10 file in explicit VR little endian. */
    public static Path write(AttributeList l, Path file) throws IOException {
        try {
            FileMetaInformation.addFileMetaInformation(l, TransferSyntax.ExplicitVRLittleEndian, "TEST");
            l.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
            return file;
        } catch (DicomException e) {
            throw new IOException(e);
        }
    }

    /** Sets an attribute's values, creating it with the dictionary VR. */
    public static void put(AttributeList l, AttributeTag tag, String... values) throws DicomException {
        l.remove(tag);
        Attribute a = l.putNewAttribute(tag);
        for (String v : values) {
            a.addValue(v);
        }
    }

    /** Secondary capture, for images that are not CT. */
    public static final String SECONDARY_CAPTURE = SOPClass.SecondaryCaptureImageStorage;

    /** Axial orientation. */
    public static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    private static String[] fmt(double[] v) {
        return java.util.Arrays.stream(v).mapToObj(d -> String.format(java.util.Locale.ROOT, "%.6f", d))
                .toArray(String[]::new);
    }

    /** The file names of a folder, sorted. */
    public static List<Path> files(Path dir) throws IOException {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
