package org.dicomcnn.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's image as the header describes it: its pixel module and, per frame, geometry, rescale
 * and windows. Built by {@link #of(DicomFile)}, which refuses headers that cannot be decoded
 * faithfully and checks the declared frame sizes against the bytes the file holds.
 *
 * @param file the file described
 * @param modality Modality (0008,0060)
 * @param rescaleType Rescale Type (0028,1054), or "HU" for CT when absent
 * @param pixels the image pixel module
 * @param frames one entry per frame, in file order
 */
public record ImageDescription(Path file, String modality, String rescaleType, PixelModule pixels, List<FrameInfo> frames) {

    /**
     * The largest decoded frame accepted, in bytes. Real frames are far smaller (a 2048 x 2048
     * 16-bit CT slice is 8 MiB; whole-slide images are tiled); the cap keeps a header that
     * declares, say, 65535 x 65535 samples from making a decoder allocate gigabytes.
     */
    public static final long MAX_FRAME_BYTES = 256L << 20;

    /** Temporal Position Identifier (0020,0100); PixelMed's TagFromName lacks it. */
    private static final AttributeTag TEMPORAL_POSITION_IDENTIFIER = new AttributeTag(0x0020, 0x0100);

    /** Segmented Red Palette Color Lookup Table Data (0028,1221); PixelMed's TagFromName lacks it. */
    private static final AttributeTag SEGMENTED_RED_PALETTE_DATA = new AttributeTag(0x0028, 0x1221);

    /** Copies the frame list. */
    public ImageDescription {
        frames = List.copyOf(frames);
    }

    /**
     * Describes the image in a file read by {@link DicomFileReader}.
     *
     * @param f the file's header and pixel data location
     * @return its description
     * @throws DicomLoadException if the file has no pixel data, an unsupported or inconsistent
     *     pixel module, or declares more pixel data than it holds
     */
    public static ImageDescription of(DicomFile f) throws DicomLoadException {
        Path file = f.path();
        AttributeList list = f.attributes();
        if (f.pixelData() == null) {
            throw new DicomLoadException(file, "no Pixel Data (7FE0,0010)");
        }
        PixelModule pm = pixelModule(file, list);
        checkPixelDataSize(f, pm);
        String modality = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.Modality);
        List<FrameInfo> frames = new ArrayList<>(pm.numberOfFrames());
        SequenceAttribute perFrame = (SequenceAttribute) list.get(TagFromName.PerFrameFunctionalGroupsSequence);
        AttributeList shared = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(
                list, TagFromName.SharedFunctionalGroupsSequence);
        if (perFrame != null && perFrame.getNumberOfItems() != pm.numberOfFrames()) {
            throw new DicomLoadException(file, "Per-frame Functional Groups Sequence has " + perFrame.getNumberOfItems()
                    + " items for " + pm.numberOfFrames() + " frames");
        }
        String rescaleType = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.RescaleType);
        for (int k = 0; k < pm.numberOfFrames(); k++) {
            AttributeList frameGroups = perFrame == null ? null : perFrame.getItem(k).getAttributeList();
            FrameInfo info = perFrame == null && shared == null
                    ? classicFrame(file, list, k)
                    : enhancedFrame(file, list, shared, frameGroups, k);
            frames.add(info);
            if (rescaleType.isEmpty()) {
                rescaleType = stringIn(TagFromName.PixelValueTransformationSequence, TagFromName.RescaleType,
                        frameGroups, shared);
            }
        }
        if (rescaleType.isEmpty() && "CT".equals(modality)) {
            rescaleType = "HU"; // PS3.3 C.8.2.1.1.2: CT rescaled values are Hounsfield units.
        }
        return new ImageDescription(file, modality, rescaleType, pm, frames);
    }

    private static PixelModule pixelModule(Path file, AttributeList list) throws DicomLoadException {
        int rows = requiredInt(file, list, TagFromName.Rows, "Rows (0028,0010)");
        int columns = requiredInt(file, list, TagFromName.Columns, "Columns (0028,0011)");
        int samples = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        String photometric = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PhotometricInterpretation).trim();
        int bitsAllocated = requiredInt(file, list, TagFromName.BitsAllocated, "Bits Allocated (0028,0100)");
        int bitsStored = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, bitsAllocated);
        int highBit = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.HighBit, bitsStored - 1);
        int pixelRepresentation = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0);
        int planar = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PlanarConfiguration, 0);
        int frames = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
        if (rows <= 0 || columns <= 0 || rows > 65535 || columns > 65535) {
            throw new DicomLoadException(file, "invalid image size " + columns + " x " + rows);
        }
        if (frames <= 0) {
            throw new DicomLoadException(file, "invalid Number of Frames (0028,0008): " + frames);
        }
        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
            throw new DicomLoadException(file, "Bits Allocated " + bitsAllocated + " is not supported (8, 16 or 32)");
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw new DicomLoadException(file, "inconsistent Bits Stored " + bitsStored + " / High Bit " + highBit
                    + " for Bits Allocated " + bitsAllocated);
        }
        if (pixelRepresentation != 0 && pixelRepresentation != 1) {
            throw new DicomLoadException(file, "invalid Pixel Representation (0028,0103): " + pixelRepresentation);
        }
        if (photometric.isEmpty()) {
            photometric = samples == 3 ? "RGB" : "MONOCHROME2";
        }
        int expectedSamples = switch (photometric) {
            case "MONOCHROME1", "MONOCHROME2", "PALETTE COLOR" -> 1;
            case "RGB", "YBR_FULL", "YBR_FULL_422", "YBR_ICT", "YBR_RCT" -> 3;
            default -> throw new DicomLoadException(file, "Photometric Interpretation " + photometric + " is not supported");
        };
        if (samples != expectedSamples) {
            throw new DicomLoadException(file, "Photometric Interpretation " + photometric + " needs "
                    + expectedSamples + " samples per pixel, the header says " + samples);
        }
        long frameBytes = (long) rows * columns * samples * (bitsAllocated / 8);
        if (frameBytes > MAX_FRAME_BYTES) {
            throw new DicomLoadException(file, String.format("a frame of %d x %d x %d samples of %d bits (%.1f GiB) exceeds "
                    + "the %d MiB limit per frame", columns, rows, samples, bitsAllocated,
                    frameBytes / (double) (1L << 30), MAX_FRAME_BYTES >> 20));
        }
        PaletteLut palette = "PALETTE COLOR".equals(photometric) ? palette(file, list) : null;
        return new PixelModule(rows, columns, samples, photometric, bitsAllocated, bitsStored, highBit,
                pixelRepresentation == 1, planar, frames, palette);
    }

    /** Compares what the header declares with the pixel bytes really present. */
    private static void checkPixelDataSize(DicomFile f, PixelModule pm) throws DicomLoadException {
        long needed = pm.nativeFrameBytes() * pm.numberOfFrames();
        PixelDataLocation loc = f.pixelData();
        if (loc instanceof PixelDataLocation.Native n && n.valueLength() < needed) {
            throw new DicomLoadException(f.path(), "Pixel Data holds " + n.valueLength() + " bytes but "
                    + pm.numberOfFrames() + " frame(s) of " + pm.columns() + " x " + pm.rows() + " x "
                    + pm.samplesPerPixel() + " samples of " + pm.bitsAllocated() + " bits need " + needed);
        }
        if (loc instanceof PixelDataLocation.InMemory m && m.littleEndianBytes().length < needed) {
            throw new DicomLoadException(f.path(), "Pixel Data holds " + m.littleEndianBytes().length
                    + " bytes but " + pm.numberOfFrames() + " frame(s) need " + needed);
        }
        if (loc instanceof PixelDataLocation.Encapsulated e && pm.numberOfFrames() > e.fragments().size()) {
            throw new DicomLoadException(f.path(), "header declares " + pm.numberOfFrames()
                    + " frames but encapsulated Pixel Data holds only " + e.fragments().size() + " fragment(s)");
        }
    }

    private static FrameInfo classicFrame(Path file, AttributeList list, int k) throws DicomLoadException {
        double[] position = doubles(list, TagFromName.ImagePositionPatient);
        double[] orientation = doubles(list, TagFromName.ImageOrientationPatient);
        double thickness = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SliceThickness, Double.NaN);
        if (k > 0 && position != null && orientation != null) {
            // Classic multi-frame (no functional groups): frames are contiguous along the normal.
            double spacing = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SpacingBetweenSlices, thickness);
            if (Double.isFinite(spacing) && spacing > 0) {
                double[] n = cross(orientation);
                for (int i = 0; i < 3; i++) {
                    position[i] += k * spacing * n[i];
                }
            } else {
                position = null;
            }
        }
        return frameInfo(file, k, position, orientation, doubles(list, TagFromName.PixelSpacing), thickness,
                list, list, intValue(list, TEMPORAL_POSITION_IDENTIFIER, 0));
    }

    private static FrameInfo enhancedFrame(Path file, AttributeList top, AttributeList shared, AttributeList perFrame, int k)
            throws DicomLoadException {
        AttributeList position = macro(TagFromName.PlanePositionSequence, perFrame, shared);
        AttributeList orientation = macro(TagFromName.PlaneOrientationSequence, perFrame, shared);
        AttributeList measures = macro(TagFromName.PixelMeasuresSequence, perFrame, shared);
        AttributeList transform = macro(TagFromName.PixelValueTransformationSequence, perFrame, shared);
        AttributeList voi = macro(TagFromName.FrameVOILUTSequence, perFrame, shared);
        AttributeList content = macro(TagFromName.FrameContentSequence, perFrame, shared);
        return frameInfo(file, k,
                doubles(position != null ? position : top, TagFromName.ImagePositionPatient),
                doubles(orientation != null ? orientation : top, TagFromName.ImageOrientationPatient),
                doubles(measures != null ? measures : top, TagFromName.PixelSpacing),
                Attribute.getSingleDoubleValueOrDefault(measures != null ? measures : top, TagFromName.SliceThickness, Double.NaN),
                transform != null ? transform : top,
                voi != null ? voi : top,
                content == null ? 0 : intValue(content, TagFromName.TemporalPositionIndex, 0));
    }

    private static FrameInfo frameInfo(Path file, int k, double[] position, double[] orientation, double[] spacing,
            double thickness, AttributeList rescale, AttributeList voi, int temporal) throws DicomLoadException {
        double slope = Attribute.getSingleDoubleValueOrDefault(rescale, TagFromName.RescaleSlope, 1);
        double intercept = Attribute.getSingleDoubleValueOrDefault(rescale, TagFromName.RescaleIntercept, 0);
        if (!Double.isFinite(slope) || slope == 0 || !Double.isFinite(intercept)) {
            throw new DicomLoadException(file, "frame " + k + ": invalid Rescale Slope/Intercept " + slope + "/" + intercept);
        }
        try {
            return new FrameInfo(k, valid(position, 3), validOrientation(orientation), validSpacing(spacing),
                    thickness, slope, intercept, windows(voi), temporal);
        } catch (IllegalArgumentException e) {
            throw new DicomLoadException(file, "frame " + k + ": " + e.getMessage(), e);
        }
    }

    private static List<WindowPreset> windows(AttributeList list) {
        double[] centres = doubles(list, TagFromName.WindowCenter);
        double[] widths = doubles(list, TagFromName.WindowWidth);
        String[] explanations = stringValues(list, TagFromName.WindowCenterWidthExplanation);
        List<WindowPreset> presets = new ArrayList<>();
        if (centres != null && widths != null) {
            for (int i = 0; i < Math.min(centres.length, widths.length); i++) {
                if (widths[i] > 0 && Double.isFinite(centres[i])) {
                    presets.add(new WindowPreset(centres[i], widths[i],
                            i < explanations.length ? explanations[i].trim() : ""));
                }
            }
        }
        return presets;
    }

    /** Expands the red, green and blue palette tables (PS3.3 C.7.6.3.1.5-6). */
    private static PaletteLut palette(Path file, AttributeList list) throws DicomLoadException {
        if (list.get(SEGMENTED_RED_PALETTE_DATA) != null) {
            throw new DicomLoadException(file, "segmented palette colour lookup tables are not supported");
        }
        int[] descriptor = lutDescriptor(file, list, TagFromName.RedPaletteColorLookupTableDescriptor);
        int entries = descriptor[0] == 0 ? 65536 : descriptor[0];
        int bits = descriptor[2];
        return new PaletteLut(descriptor[1],
                lutData(file, list, TagFromName.RedPaletteColorLookupTableData, entries, bits),
                lutData(file, list, TagFromName.GreenPaletteColorLookupTableData, entries, bits),
                lutData(file, list, TagFromName.BluePaletteColorLookupTableData, entries, bits), bits);
    }

    private static int[] lutDescriptor(Path file, AttributeList list, AttributeTag tag) throws DicomLoadException {
        int[] d = Attribute.getIntegerValues(list, tag);
        if (d == null || d.length != 3 || (d[2] != 8 && d[2] != 16)) {
            throw new DicomLoadException(file, "PALETTE COLOR image lacks a valid palette descriptor " + tag);
        }
        return new int[] {d[0] & 0xFFFF, d[1] & 0xFFFF, d[2]};
    }

    private static int[] lutData(Path file, AttributeList list, AttributeTag tag, int entries, int bits)
            throws DicomLoadException {
        Attribute a = list.get(tag);
        short[] words;
        try {
            words = a == null ? null : a.getShortValues();
        } catch (com.pixelmed.dicom.DicomException e) {
            words = null;
        }
        if (words == null) {
            throw new DicomLoadException(file, "PALETTE COLOR image lacks palette data " + tag);
        }
        int[] table = new int[entries];
        if (words.length >= entries) {
            for (int i = 0; i < entries; i++) {
                table[i] = bits == 8 ? words[i] & 0xFF : words[i] & 0xFFFF;
            }
        } else if (bits == 8 && words.length * 2 >= entries) {
            for (int i = 0; i < entries; i++) { // two 8-bit entries packed per 16-bit word, low byte first
                table[i] = (words[i / 2] >> (8 * (i % 2))) & 0xFF;
            }
        } else {
            throw new DicomLoadException(file, "palette data " + tag + " has " + words.length + " words for "
                    + entries + " entries");
        }
        return table;
    }

    private static AttributeList macro(AttributeTag sequence, AttributeList perFrame, AttributeList shared) {
        AttributeList found = perFrame == null ? null
                : SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(perFrame, sequence);
        if (found == null && shared != null) {
            found = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(shared, sequence);
        }
        return found;
    }

    private static String stringIn(AttributeTag sequence, AttributeTag tag, AttributeList perFrame, AttributeList shared) {
        AttributeList m = macro(sequence, perFrame, shared);
        return m == null ? "" : Attribute.getSingleStringValueOrEmptyString(m, tag);
    }

    private static int requiredInt(Path file, AttributeList list, AttributeTag tag, String name) throws DicomLoadException {
        int v = Attribute.getSingleIntegerValueOrDefault(list, tag, -1);
        if (v < 0) {
            throw new DicomLoadException(file, "lacks " + name);
        }
        return v;
    }

    private static int intValue(AttributeList list, AttributeTag tag, int fallback) {
        return Attribute.getSingleIntegerValueOrDefault(list, tag, fallback);
    }

    /** The numeric values of an attribute, or null when absent or empty. */
    static double[] doubles(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        if (a == null || a.getVM() == 0) {
            return null;
        }
        try {
            double[] v = a.getDoubleValues();
            return v == null || v.length == 0 ? null : v.clone(); // PixelMed may hand out its own array
        } catch (com.pixelmed.dicom.DicomException | NumberFormatException e) {
            return null;
        }
    }

    private static String[] stringValues(AttributeList list, AttributeTag tag) {
        String[] v = Attribute.getStringValues(list, tag);
        return v == null ? new String[0] : v;
    }

    private static double[] valid(double[] v, int n) {
        return v != null && v.length == n ? v : null;
    }

    /** Orientation with unit, orthogonal row and column vectors (tolerance 1e-3), else null. */
    private static double[] validOrientation(double[] o) {
        if (o == null || o.length != 6) {
            return null;
        }
        double nr = Math.sqrt(o[0] * o[0] + o[1] * o[1] + o[2] * o[2]);
        double nc = Math.sqrt(o[3] * o[3] + o[4] * o[4] + o[5] * o[5]);
        double dot = o[0] * o[3] + o[1] * o[4] + o[2] * o[5];
        if (Math.abs(nr - 1) > 1e-3 || Math.abs(nc - 1) > 1e-3 || Math.abs(dot) > 1e-3) {
            return null;
        }
        return o;
    }

    private static double[] validSpacing(double[] s) {
        return s != null && s.length == 2 && s[0] > 0 && s[1] > 0 ? s : null;
    }

    private static double[] cross(double[] o) {
        return new double[] {
            o[1] * o[5] - o[2] * o[4],
            o[2] * o[3] - o[0] * o[5],
            o[0] * o[4] - o[1] * o[3]
        };
    }
}
