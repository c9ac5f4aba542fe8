package org.dicomcnn.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.testing.ExternalTool;
import org.dicomcnn.testing.TestImages;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loads series that dcmtk and GDCM transcoded into every supported transfer syntax and checks
 * the voxels against the values we wrote: lossless variants exactly, lossy ones within a stated
 * tolerance. Sources: 12-bit unsigned CT with a rescale, 16-bit signed, 8-bit grey, 8-bit RGB and
 * 32-bit unsigned images, several slices each, written out of order.
 */
class TranscodedSeriesTest {

    private static final int COLUMNS = 96;
    private static final int ROWS = 80;
    private static final int SLICES = 4;

    @TempDir
    static Path dir;

    /**
     * What a source holds.
     *
     * @param values expected voxel values slice by slice, in position order
     * @param min smallest representable value (stored range after rescale)
     * @param max largest representable value
     */
    record Source(float[][] values, float min, float max) {}

    private static final java.util.Map<String, Source> SOURCES = new java.util.HashMap<>();

    @BeforeAll
    static void writeSources() throws Exception {
        writeSource("ct12", SOPClass.CTImageStorage, "CT", 1, "MONOCHROME2", 16, 12, false, -1024, s -> TestImages.ctPattern(COLUMNS, ROWS, s, 1));
        writeSource("signed16", SOPClass.CTImageStorage, "CT", 1, "MONOCHROME2", 16, 16, true, 0, s -> {
            int[] v = TestImages.ctPattern(COLUMNS, ROWS, s, 2);
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] * 15 - 30000; // -30000..31425
            }
            return v;
        });
        writeSource("grey8", TestImages.SECONDARY_CAPTURE, "OT", 1, "MONOCHROME2", 8, 8, false, 0, s -> {
            int[] v = TestImages.ctPattern(COLUMNS, ROWS, s, 3);
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] / 16;
            }
            return v;
        });
        writeSource("rgb8", TestImages.SECONDARY_CAPTURE, "OT", 3, "RGB", 8, 8, false, 0, s -> {
            int[] grey = TestImages.ctPattern(COLUMNS, ROWS, s, 4);
            int[] v = new int[grey.length * 3];
            for (int i = 0; i < grey.length; i++) {
                v[3 * i] = grey[i] / 16;
                v[3 * i + 1] = (i % COLUMNS) * 255 / COLUMNS;
                v[3 * i + 2] = 255 - grey[i] / 16;
            }
            return v;
        });
        writeSource("unsigned32", TestImages.SECONDARY_CAPTURE, "OT", 1, "MONOCHROME2", 32, 32, false, 0, s -> {
            int[] v = TestImages.ctPattern(COLUMNS, ROWS, s, 5);
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] * 1_000_003 + 7; // up to about 4.1e9: uses all 32 bits
            }
            return v;
        });
    }

    interface Pattern {
        int[] slice(int s);
    }

    private static void writeSource(String name, String sopClass, String modality, int samples, String photometric,
            int bitsAllocated, int bitsStored, boolean signed, double intercept, Pattern pattern) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + name));
        float[][] expected = new float[SLICES][];
        for (int s = 0; s < SLICES; s++) {
            int instance = SLICES - s; // instance numbers run against position: sorting must use geometry
            AttributeList l = TestImages.identity(name, sopClass, modality, instance, new double[] {-50, -40, 2.5 * s},
                    TestImages.AXIAL);
            int[] data = pattern.slice(s);
            TestImages.pixels(l, ROWS, COLUMNS, samples, photometric, bitsAllocated, bitsStored, signed, 0, 0, data);
            if (intercept != 0) {
                TestImages.put(l, com.pixelmed.dicom.TagFromName.RescaleIntercept, Double.toString(intercept));
                TestImages.put(l, com.pixelmed.dicom.TagFromName.RescaleSlope, "1");
            }
            TestImages.write(l, src.resolve("IM" + instance));
            float[] e = new float[data.length];
            for (int i = 0; i < data.length; i++) {
                double raw = bitsAllocated == 32 ? Integer.toUnsignedLong(data[i]) : data[i];
                e[i] = (float) (raw + intercept);
            }
            expected[s] = e;
        }
        double lo = signed ? -Math.pow(2, bitsStored - 1) : 0;
        double hi = signed ? Math.pow(2, bitsStored - 1) - 1 : Math.pow(2, bitsStored) - 1;
        SOURCES.put(name, new Source(expected, (float) (lo + intercept), (float) (hi + intercept)));
    }

    /**
     * A transcoding: the encoder command, and for lossy ones a third-party decoder whose output
     * ours must match within {@code maxDifference}, and a bound on the mean error against the
     * original (a fraction of its range).
     */
    record Variant(String name, List<String> encoder, List<String> referenceDecoder, double maxDifference,
            double maxMeanErrorOfRange) {
        static Variant lossless(String name, String... encoder) {
            return new Variant(name, List.of(encoder), List.of(), 0, 0);
        }

        static Variant lossy(String name, List<String> encoder, List<String> decoder, double maxDifference,
                double maxMeanError) {
            return new Variant(name, encoder, decoder, maxDifference, maxMeanError);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> variants() {
        List<Arguments> a = new ArrayList<>();
        for (String src : List.of("ct12", "signed16", "grey8", "rgb8", "unsigned32")) {
            a.add(Arguments.of(src, Variant.lossless("explicit-le")));
            a.add(Arguments.of(src, Variant.lossless("implicit-le", "dcmconv", "+ti")));
            a.add(Arguments.of(src, Variant.lossless("big-endian", "dcmconv", "+tb")));
            a.add(Arguments.of(src, Variant.lossless("deflated", "dcmconv", "+td")));
            a.add(Arguments.of(src, Variant.lossless("rle", "dcmcrle")));
        }
        for (String src : List.of("ct12", "signed16", "grey8", "rgb8")) {
            a.add(Arguments.of(src, Variant.lossless("jpeg-lossless-sv1", "dcmcjpeg", "+e1")));
            a.add(Arguments.of(src, Variant.lossless("jpeg2000-lossless", "gdcmconv", "--j2k")));
        }
        for (String src : List.of("ct12", "signed16", "grey8", "rgb8")) {
            a.add(Arguments.of(src, Variant.lossless("jpeg-ls-lossless", "dcmcjpls", "+el")));
        }
        for (int sv = 2; sv <= 7; sv++) {
            a.add(Arguments.of("ct12", Variant.lossless("jpeg-lossless-p14-sv" + sv, "dcmcjpeg", "+el", "+sv", "" + sv)));
        }
        a.add(Arguments.of("signed16", Variant.lossless("jpeg-lossless-p14-sv4", "dcmcjpeg", "+el", "+sv", "4")));
        List<String> dcmdjpeg = List.of("dcmdjpeg");
        List<String> gdcmRaw = List.of("gdcmconv", "--raw");
        a.add(Arguments.of("ct12", Variant.lossy("jpeg-extended-12bit", List.of("dcmcjpeg", "+ee", "+q", "90"), dcmdjpeg, 2, 0.01)));
        a.add(Arguments.of("grey8", Variant.lossy("jpeg-baseline", List.of("dcmcjpeg", "+eb", "+q", "90"), dcmdjpeg, 1, 0.02)));
        a.add(Arguments.of("rgb8", Variant.lossy("jpeg-baseline-ybr422", List.of("dcmcjpeg", "+eb", "+q", "90"), dcmdjpeg, 2, 0.03)));
        List<String> dcmdjpls = List.of("dcmdjpls");
        a.add(Arguments.of("ct12", Variant.lossy("jpeg-ls-near-lossless", List.of("dcmcjpls", "+en", "+md", "3"), dcmdjpls, 0, 0.001)));
        a.add(Arguments.of("ct12", Variant.lossy("jpeg2000-lossy", List.of("gdcmconv", "--j2k", "--lossy", "-q", "55"), gdcmRaw, 1, 0.03)));
        a.add(Arguments.of("grey8", Variant.lossy("jpeg2000-lossy", List.of("gdcmconv", "--j2k", "--lossy", "-q", "55"), gdcmRaw, 1, 0.03)));
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void decodesTranscodedSeries(String source, Variant variant) throws Exception {
        Path out = transcode("src-" + source, source + "-" + variant.name(), variant.encoder());
        Volume v = loadOnly(out);
        Source src = SOURCES.get(source);
        float[][] original = src.values();
        if (variant.referenceDecoder().isEmpty()) {
            assertVoxels(variant.name(), original, v, 0);
            return;
        }
        // Lossy: ours must agree with the third-party decoder, and both stay near the original.
        Path reference = transcode(source + "-" + variant.name(), source + "-" + variant.name() + "-reference",
                variant.referenceDecoder());
        Volume ref = loadOnly(reference);
        // A lossy decoder may overshoot the stored range; the header's Bits Stored bounds what is
        // representable, so the reference is saturated to the range of the original.
        float[][] refValues = new float[SLICES][];
        for (int k = 0; k < SLICES; k++) {
            refValues[k] = ref.slice(k).clone();
            for (int i = 0; i < refValues[k].length; i++) {
                refValues[k][i] = Math.max(src.min(), Math.min(src.max(), refValues[k][i]));
            }
        }
        assertVoxels(variant.name() + " vs " + variant.referenceDecoder().get(0), refValues, v, variant.maxDifference());
        double meanError = meanAbsoluteError(original, v) / rangeOf(original);
        assertTrue(meanError <= variant.maxMeanErrorOfRange(), variant.name() + ": mean absolute error " + meanError
                + " of the range exceeds " + variant.maxMeanErrorOfRange());
    }

    static Stream<Arguments> pydicomVariants() {
        List<Arguments> a = new ArrayList<>();
        for (String src : List.of("ct12", "signed16", "grey8", "rgb8", "unsigned32")) {
            a.add(Arguments.of(src, Variant.lossless("explicit-le")));
            a.add(Arguments.of(src, Variant.lossless("implicit-le", "dcmconv", "+ti")));
            a.add(Arguments.of(src, Variant.lossless("deflated", "dcmconv", "+td")));
            a.add(Arguments.of(src, Variant.lossless("rle", "dcmcrle")));
            if (!src.equals("unsigned32")) {
                // pydicom reads 32-bit big-endian OW as whole 32-bit words, dcmtk writes it as
                // 16-bit words (PS3.5: OW swaps on 16-bit boundaries); the two disagree, so that
                // case is judged against the original values above instead.
                a.add(Arguments.of(src, Variant.lossless("big-endian", "dcmconv", "+tb")));
            }
        }
        return a.stream();
    }

    /** Our voxels equal pydicom's (sorted along the normal, modality LUT applied, float32). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pydicomVariants")
    void agreesWithPydicom(String source, Variant variant) throws Exception {
        Path out = transcode("src-" + source, "py-" + source + "-" + variant.name(), variant.encoder());
        Volume v = loadOnly(out);
        Path script = Path.of(TranscodedSeriesTest.class.getResource("/python/pydicom_volume.py").toURI());
        Path raw = dir.resolve("py-" + source + "-" + variant.name() + ".f32");
        ExternalTool.run(ExternalTool.PYTHON, script.toString(), out.toString(), raw.toString());
        java.nio.FloatBuffer reference = java.nio.ByteBuffer.wrap(Files.readAllBytes(raw))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int perSlice = COLUMNS * ROWS * v.channels();
        assertEquals(SLICES * perSlice, reference.remaining(), "pydicom voxel count");
        for (int k = 0; k < SLICES; k++) {
            for (int i = 0; i < perSlice; i++) {
                float expected = reference.get(k * perSlice + i);
                if (v.slice(k)[i] != expected) {
                    throw new AssertionError(source + " " + variant + ": slice " + k + " value " + i + " is "
                            + v.slice(k)[i] + ", pydicom says " + expected);
                }
            }
        }
    }

    private static Volume loadOnly(Path folder) throws IOException {
        DicomIndex index = DicomIndex.scan(folder, ProgressListener.NONE);
        assertEquals(List.of(), index.problems(), "index problems");
        SeriesVolumes loaded = new SeriesLoader(2).load(index.allSeries().get(0), ProgressListener.NONE);
        assertEquals(List.of(), loaded.problems(), "load problems");
        assertEquals(List.of(), loaded.notes(), "load notes");
        assertEquals(1, loaded.volumes().size());
        Volume v = loaded.volumes().get(0);
        assertEquals(SLICES, v.depth());
        return v;
    }

    private static void assertVoxels(String what, float[][] expected, Volume v, double maxDifference) {
        for (int k = 0; k < SLICES; k++) {
            float[] got = v.slice(k);
            assertEquals(expected[k].length, got.length, what + ": values in slice " + k);
            for (int i = 0; i < got.length; i++) {
                if (Math.abs(got[i] - expected[k][i]) > maxDifference) {
                    throw new AssertionError(what + ": slice " + k + " value " + i + " is " + got[i] + ", expected "
                            + expected[k][i] + (maxDifference > 0 ? " +- " + maxDifference : ""));
                }
            }
        }
    }

    private static double meanAbsoluteError(float[][] expected, Volume v) {
        double sum = 0;
        long n = 0;
        for (int k = 0; k < SLICES; k++) {
            for (int i = 0; i < expected[k].length; i++) {
                sum += Math.abs(v.slice(k)[i] - expected[k][i]);
                n++;
            }
        }
        return sum / n;
    }

    private static double rangeOf(float[][] slices) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float[] s : slices) {
            for (float f : s) {
                min = Math.min(min, f);
                max = Math.max(max, f);
            }
        }
        return max - min;
    }

    /** Copies or transcodes every file of one folder under {@code dir} into another. */
    static Path transcode(String from, String to, List<String> command) throws IOException {
        Path src = dir.resolve(from);
        Path out = Files.createDirectories(dir.resolve(to));
        for (Path f : TestImages.files(src)) {
            Path target = out.resolve(f.getFileName());
            if (command.isEmpty()) {
                Files.copy(f, target);
            } else {
                List<String> c = new ArrayList<>(command);
                c.add(f.toString());
                c.add(target.toString());
                ExternalTool.run(c.toArray(String[]::new));
            }
        }
        return out;
    }
}
