package org.dicomcnn.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.WindowPreset;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.CtSeries;
import org.dicomcnn.samples.CtSeriesWriter;
import org.dicomcnn.samples.SyntheticUids;
import org.dicomcnn.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pixel value handling (signedness, Bits Stored, High Bit, rescale, MONOCHROME1, colour models,
 * palettes) and geometry (oblique series, enhanced and classic multi-frame) on files written in
 * code, one behaviour per test.
 */
class SeriesLoaderTest {

    @TempDir
    Path dir;

    private Volume loadOne(Path folder) throws Exception {
        DicomIndex index = DicomIndex.scan(folder, ProgressListener.NONE);
        assertEquals(List.of(), index.problems());
        SeriesVolumes loaded = new SeriesLoader(2).load(index.allSeries().get(0), ProgressListener.NONE);
        assertEquals(List.of(), loaded.problems());
        assertEquals(1, loaded.volumes().size(), loaded.notes().toString());
        return loaded.volumes().get(0);
    }

    /** Writes one 4 x 2 image with the given samples and returns its folder. */
    private Path image(String name, int samples, String photometric, int bitsAllocated, int bitsStored, boolean signed,
            int planar, int[] data, String... extra) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        AttributeList l = TestImages.identity(name, TestImages.SECONDARY_CAPTURE, "OT", 1, new double[] {0, 0, 0},
                TestImages.AXIAL);
        TestImages.pixels(l, 2, 4, samples, photometric, bitsAllocated, bitsStored, signed, planar, 0, data);
        for (int i = 0; i < extra.length; i += 2) {
            TestImages.put(l, AttributeList.getDictionary().getTagFromName(extra[i]), extra[i + 1].split("\\\\"));
        }
        TestImages.write(l, folder.resolve("IM1"));
        return folder;
    }

    @Test
    void signExtendsSignedSamplesFromBitsStored() throws Exception {
        // 12 bits stored in 16: 0x0FFF is -1, 0x0800 is -2048, 0x07FF is 2047.
        Volume v = loadOne(image("signed12", 1, "MONOCHROME2", 16, 12, true, 0,
                new int[] {0x0FFF, 0x0800, 0x07FF, 0, 1, 0x0FFE, 100, 0x0F00}));
        assertArrayEquals(new float[] {-1, -2048, 2047, 0, 1, -2, 100, -256}, v.slice(0));
    }

    @Test
    void masksBitsAboveBitsStored() throws Exception {
        // Overlay bits above bit 11 must be ignored.
        Volume v = loadOne(image("masked", 1, "MONOCHROME2", 16, 12, false, 0,
                new int[] {0xF000 | 5, 0x1000 | 4095, 7, 0x8000, 1, 2, 3, 4}));
        assertArrayEquals(new float[] {5, 4095, 7, 0, 1, 2, 3, 4}, v.slice(0));
    }

    @Test
    void shiftsSamplesWhenHighBitIsNotBitsStoredMinusOne() throws Exception {
        // Bits Stored 12 with High Bit 15: the value sits in bits 4..15.
        Volume v = loadOne(image("highbit", 1, "MONOCHROME2", 16, 12, false, 0,
                new int[] {0x0010, 0xFFF0, 0x0100, 0x000F, 0x1230, 0, 0, 0}, "HighBit", "15"));
        assertArrayEquals(new float[] {1, 4095, 16, 0, 0x123, 0, 0, 0}, v.slice(0));
    }

    @Test
    void appliesRescaleSlopeAndIntercept() throws Exception {
        Volume v = loadOne(image("rescale", 1, "MONOCHROME2", 16, 16, false, 0,
                new int[] {0, 1, 2, 100, 1000, 2000, 4000, 65535}, "RescaleSlope", "0.5", "RescaleIntercept", "-100"));
        assertArrayEquals(new float[] {-100, -99.5f, -99, -50, 400, 900, 1900, 32667.5f}, v.slice(0));
    }

    @Test
    void invertsMonochrome1SoThatLargerIsBrighter() throws Exception {
        Volume v = loadOne(image("mono1", 1, "MONOCHROME1", 16, 12, false, 0, new int[] {0, 4095, 1000, 0, 0, 0, 0, 0},
                "WindowCenter", "1000", "WindowWidth", "400"));
        assertArrayEquals(new float[] {4095, 0, 3095, 4095, 4095, 4095, 4095, 4095}, v.slice(0));
        assertEquals(List.of(new WindowPreset(3095, 400, "")), v.info().windows(), "the window moves with the values");
    }

    @Test
    void readsInterleavedAndPlanarRgb() throws Exception {
        int[] rgb = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210, 220,
            230, 240};
        int[] planar = new int[24];
        for (int p = 0; p < 8; p++) {
            for (int c = 0; c < 3; c++) {
                planar[c * 8 + p] = rgb[3 * p + c];
            }
        }
        Volume interleaved = loadOne(image("rgb0", 3, "RGB", 8, 8, false, 0, rgb));
        Volume byPlane = loadOne(image("rgb1", 3, "RGB", 8, 8, false, 1, planar));
        assertEquals(3, interleaved.channels());
        float[] expected = new float[24];
        for (int i = 0; i < 24; i++) {
            expected[i] = rgb[i];
        }
        assertArrayEquals(expected, interleaved.slice(0));
        assertArrayEquals(expected, byPlane.slice(0));
    }

    /** Full-range YCbCr of an RGB colour, PS3.3 C.7.6.3.1.2, rounded as an encoder would. */
    private static int[] ybr(int r, int g, int b) {
        return new int[] {
            clamp(0.299 * r + 0.587 * g + 0.114 * b),
            clamp(-0.168736 * r - 0.331264 * g + 0.5 * b + 128),
            clamp(0.5 * r - 0.418688 * g - 0.081312 * b + 128)
        };
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Test
    void convertsYbrFullToRgb() throws Exception {
        int[][] colours = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {200, 150, 100}, {0, 0, 0}, {255, 255, 255},
            {30, 60, 90}, {128, 128, 128}};
        int[] data = new int[24];
        for (int p = 0; p < 8; p++) {
            System.arraycopy(ybr(colours[p][0], colours[p][1], colours[p][2]), 0, data, 3 * p, 3);
        }
        Volume v = loadOne(image("ybrfull", 3, "YBR_FULL", 8, 8, false, 0, data));
        for (int p = 0; p < 8; p++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(colours[p][c], v.slice(0)[3 * p + c], 2, "pixel " + p + " channel " + c);
            }
        }
    }

    @Test
    void convertsSubsampledYbrFull422ToRgb() throws Exception {
        // Pairs of pixels share chroma: Y1 Y2 Cb Cr (PS3.3 C.7.6.3.1.2).
        int[][] pairs = {{200, 150, 100}, {30, 60, 90}, {255, 0, 0}, {10, 200, 30}};
        int[] data = new int[16];
        for (int q = 0; q < 4; q++) {
            int[] y = ybr(pairs[q][0], pairs[q][1], pairs[q][2]);
            data[4 * q] = y[0];
            data[4 * q + 1] = y[0];
            data[4 * q + 2] = y[1];
            data[4 * q + 3] = y[2];
        }
        Volume v = loadOne(image("ybr422", 3, "YBR_FULL_422", 8, 8, false, 0, data));
        for (int p = 0; p < 8; p++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(pairs[p / 2][c], v.slice(0)[3 * p + c], 2, "pixel " + p + " channel " + c);
            }
        }
    }

    @Test
    void expandsPaletteColourThroughItsTables() throws Exception {
        // 4-entry 16-bit tables for stored values 10..13; values outside clamp to the first or last entry.
        Path folder = Files.createDirectories(dir.resolve("palette"));
        AttributeList l = TestImages.identity("palette", TestImages.SECONDARY_CAPTURE, "OT", 1, new double[] {0, 0, 0},
                TestImages.AXIAL);
        TestImages.pixels(l, 2, 4, 1, "PALETTE COLOR", 8, 8, false, 0, 0, new int[] {10, 11, 12, 13, 0, 200, 11, 12});
        short[][] tables = {{1000, 2000, 3000, (short) 65535}, {0, 10, 20, 30}, {5, 6, 7, 8}};
        com.pixelmed.dicom.AttributeTag[] descriptors = {TagFromName.RedPaletteColorLookupTableDescriptor,
            TagFromName.GreenPaletteColorLookupTableDescriptor, TagFromName.BluePaletteColorLookupTableDescriptor};
        com.pixelmed.dicom.AttributeTag[] tableTags = {TagFromName.RedPaletteColorLookupTableData,
            TagFromName.GreenPaletteColorLookupTableData, TagFromName.BluePaletteColorLookupTableData};
        for (int c = 0; c < 3; c++) {
            com.pixelmed.dicom.UnsignedShortAttribute d = new com.pixelmed.dicom.UnsignedShortAttribute(descriptors[c]);
            d.addValue(4);
            d.addValue(10);
            d.addValue(16);
            l.put(d);
            com.pixelmed.dicom.OtherWordAttribute t = new com.pixelmed.dicom.OtherWordAttribute(tableTags[c]);
            t.setValues(tables[c]);
            l.put(t);
        }
        TestImages.write(l, folder.resolve("IM1"));
        Volume v = loadOne(folder);
        assertEquals(3, v.channels());
        int[] expectedIndex = {0, 1, 2, 3, 0, 3, 1, 2};
        for (int p = 0; p < 8; p++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(tables[c][expectedIndex[p]] & 0xFFFF, v.slice(0)[3 * p + c], 0, "pixel " + p + " channel " + c);
            }
        }
    }

    @Test
    void buildsAVolumeFromAnObliqueSeriesWithTheWrittenGeometry() throws Exception {
        Vec3[] o = GeometryTest.oblique(25, 10);
        Vec3 normal = o[0].cross(o[1]);
        List<double[]> positions = new ArrayList<>();
        Vec3 origin = new Vec3(-120.5, 33.25, 71);
        for (int k = 0; k < 12; k++) {
            positions.add(origin.plus(normal.times(1.5 * k)).toArray());
        }
        List<double[]> written = new ArrayList<>(positions);
        java.util.Collections.reverse(written); // instance 1 is the last position
        CtSeries series = new CtSeries(new CtSeries.Patient("P1", "OBLIQUE^TEST", LocalDate.of(1960, 1, 1), "O"),
                new CtSeries.Study(SyntheticUids.of("oblique/study"), "1", "A1", LocalDate.of(2024, 1, 1),
                        LocalTime.NOON, "oblique"),
                SyntheticUids.of("oblique/series"), 1, "oblique", SyntheticUids.of("oblique/for"), "STANDARD", 40, 30,
                0.8, 0.6, 1.5, new double[] {o[0].x(), o[0].y(), o[0].z(), o[1].x(), o[1].y(), o[1].z()}, written, -1024,
                CtSeries.CHEST_WINDOWS);
        List<float[]> hu = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            float[] s = new float[40 * 30];
            java.util.Arrays.fill(s, -1000 + 10 * k); // instance k+1 holds -1000 + 10k
            hu.add(s);
        }
        CtSeriesWriter.write(dir.resolve("oblique"), series, hu);
        Volume v = loadOne(dir.resolve("oblique"));
        Geometry g = v.geometry();
        assertEquals(12, v.depth());
        assertEquals(1.5, g.sliceSpacingMm(), 1e-5);
        assertTrue(g.isUniform());
        for (int k = 0; k < 12; k++) {
            assertEquals(0, Vec3.of(positions.get(k)).distance(g.slicePosition(k)), 1e-5);
            assertEquals(-1000 + 10 * (11 - k), v.value(3, 4, k), 0, "slice " + k + " comes from instance " + (12 - k));
        }
        Vec3 p = g.voxelToPatient(10, 20, 5);
        Vec3 expected = origin.plus(o[0].times(10 * 0.6)).plus(o[1].times(20 * 0.8)).plus(normal.times(7.5));
        assertEquals(0, p.distance(expected), 1e-5);
        assertEquals("HU", v.info().unit());
        assertEquals(2, v.info().windows().size());
    }

    @Test
    void buildsAVolumeFromEnhancedMultiFrameFunctionalGroups() throws Exception {
        int frames = 6;
        AttributeList l = TestImages.identity("enhanced", SOPClass.EnhancedCTImageStorage, "CT", 1, null, null);
        l.remove(TagFromName.PixelSpacing);
        int[] data = new int[frames * 4 * 2];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < 8; i++) {
                data[f * 8 + i] = 100 * f + i;
            }
        }
        TestImages.pixels(l, 2, 4, 1, "MONOCHROME2", 16, 16, false, 0, frames, data);
        SequenceAttribute shared = new SequenceAttribute(TagFromName.SharedFunctionalGroupsSequence);
        AttributeList sharedItem = new AttributeList();
        sharedItem.put(item(TagFromName.PlaneOrientationSequence, "ImageOrientationPatient", "1\\0\\0\\0\\1\\0"));
        sharedItem.put(item(TagFromName.PixelMeasuresSequence, "PixelSpacing", "0.5\\0.25", "SliceThickness", "2"));
        shared.addItem(sharedItem);
        l.put(shared);
        SequenceAttribute perFrame = new SequenceAttribute(TagFromName.PerFrameFunctionalGroupsSequence);
        for (int f = 0; f < frames; f++) {
            AttributeList fi = new AttributeList();
            // Frames are stored from head to feet: frame 0 is the highest z.
            fi.put(item(TagFromName.PlanePositionSequence, "ImagePositionPatient", "-10\\-20\\" + (2.0 * (frames - 1 - f))));
            fi.put(item(TagFromName.PixelValueTransformationSequence, "RescaleSlope", "" + (f + 1), "RescaleIntercept",
                    "-1000", "RescaleType", "HU"));
            perFrame.addItem(fi);
        }
        l.put(perFrame);
        Path folder = Files.createDirectories(dir.resolve("enhanced"));
        TestImages.write(l, folder.resolve("MF1"));

        Volume v = loadOne(folder);
        assertEquals(frames, v.depth());
        for (int k = 0; k < frames; k++) {
            int f = frames - 1 - k; // slice k (ascending z) is frame f
            assertEquals(2.0 * k, v.geometry().slicePosition(k).z(), 1e-9);
            assertEquals(f, v.sources().get(k).frameIndex());
            assertEquals((100 * f + 3) * (f + 1) - 1000, v.value(3, 0, k), 1e-3, "per-frame rescale of frame " + f);
        }
        assertEquals(0.25, v.geometry().columnSpacingMm(), 1e-12);
        assertEquals(0.5, v.geometry().rowSpacingMm(), 1e-12);
        assertEquals("HU", v.info().unit());
    }

    @Test
    void placesClassicMultiFrameFramesAlongTheNormal() throws Exception {
        AttributeList l = TestImages.identity("classic", TestImages.SECONDARY_CAPTURE, "OT", 1, new double[] {5, 6, 7},
                TestImages.AXIAL);
        int[] data = new int[3 * 8];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        TestImages.pixels(l, 2, 4, 1, "MONOCHROME2", 16, 16, false, 0, 3, data);
        TestImages.put(l, TagFromName.SpacingBetweenSlices, "4");
        Path folder = Files.createDirectories(dir.resolve("classic"));
        TestImages.write(l, folder.resolve("MF1"));
        Volume v = loadOne(folder);
        assertEquals(3, v.depth());
        assertEquals(4.0, v.geometry().sliceSpacingMm(), 1e-12);
        assertEquals(15, v.geometry().slicePosition(2).z(), 1e-12);
        assertEquals(16, v.value(0, 0, 2), 0);
    }

    private static SequenceAttribute item(com.pixelmed.dicom.AttributeTag sequence, String... keywordsAndValues)
            throws Exception {
        AttributeList item = new AttributeList();
        for (int i = 0; i < keywordsAndValues.length; i += 2) {
            TestImages.put(item, AttributeList.getDictionary().getTagFromName(keywordsAndValues[i]),
                    keywordsAndValues[i + 1].split("\\\\"));
        }
        SequenceAttribute s = new SequenceAttribute(sequence);
        s.addItem(item);
        return s;
    }
}
