package org.dicomcnn.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.testing.ExternalTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class CtSeriesWriterTest {

    private static final Logger LOG = LoggerFactory.getLogger(CtSeriesWriterTest.class);
    private static final int N = 96;

    @TempDir
    static Path dir;

    private static CtSeries series;
    private static List<float[]> slices;

    @BeforeAll
    static void build() {
        series = new CtSeries(new CtSeries.Patient("TEST-1", "TEST^WRITER", LocalDate.of(1960, 1, 1), "O"),
                new CtSeries.Study(SyntheticUids.of("writer-test/study"), "1", "A1", LocalDate.of(2024, 1, 2),
                        LocalTime.of(10, 15, 30), "CT CHEST"),
                SyntheticUids.of("writer-test/series"), 3, "AXIAL TEST", SyntheticUids.of("writer-test/for"), "STANDARD",
                N, N, 0.7, 0.7, 1.25, new double[] {1, 0, 0, 0, 1, 0},
                List.of(new double[] {-33.25, -33.25, 12.5}, new double[] {-33.25, -33.25, 11.25}), -1024,
                CtSeries.CHEST_WINDOWS);
        slices = new ArrayList<>();
        Random r = new Random(7);
        for (int k = 0; k < 2; k++) {
            float[] hu = new float[N * N];
            for (int i = 0; i < hu.length; i++) {
                int x = i % N;
                int y = i / N;
                // Air, soft tissue, bone, noise, the extremes of the 12-bit range, runs and edges.
                hu[i] = x < 10 ? -1024 : x > 85 ? 3071 : (float) (y * 30 - 1000 + r.nextGaussian() * 40 + k * 7);
            }
            slices.add(hu);
        }
    }

    private static Path write(PixelTransferSyntax ts) throws Exception {
        Path d = dir.resolve(ts.cliName());
        if (!Files.exists(d)) {
            CtSeriesWriter.write(d, series, slices, ts);
        }
        return d.resolve(CtSeriesWriter.fileName(0));
    }

    private static short[] storedPixels(Path file) throws Exception {
        AttributeList l = new AttributeList();
        l.read(file.toFile());
        return l.get(TagFromName.PixelData).getShortValues();
    }

    private static Path script(String name) throws URISyntaxException {
        return Path.of(CtSeriesWriterTest.class.getResource("/python/" + name).toURI());
    }

    @Test
    void legacyWriteStillWritesExplicitLittleEndianWithRescaledValues() throws Exception {
        List<Path> files = CtSeriesWriter.write(dir.resolve("legacy"), series, slices);
        assertEquals(2, files.size());
        AttributeList l = new AttributeList();
        l.read(files.get(0).toFile());
        assertEquals(PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                l.get(TagFromName.TransferSyntaxUID).getSingleStringValueOrEmptyString());
        short[] stored = l.get(TagFromName.PixelData).getShortValues();
        assertEquals(0, stored[0]);
        assertEquals(4095, stored[N - 1] & 0xffff);
        assertEquals(CtSeriesWriter.SYNTHETIC_LABEL,
                l.get(TagFromName.ImageComments).getSingleStringValueOrEmptyString());
    }

    @Test
    void writingTwiceGivesTheSameBytes() throws Exception {
        CtSeriesWriter.write(dir.resolve("twice-a"), series, slices, PixelTransferSyntax.JPEG_LOSSLESS_SV1);
        CtSeriesWriter.write(dir.resolve("twice-b"), series, slices, PixelTransferSyntax.JPEG_LOSSLESS_SV1);
        assertArrayEquals(Files.readAllBytes(dir.resolve("twice-a").resolve(CtSeriesWriter.fileName(1))),
                Files.readAllBytes(dir.resolve("twice-b").resolve(CtSeriesWriter.fileName(1))));
    }

    @ParameterizedTest
    @EnumSource(value = PixelTransferSyntax.class, names = {"RLE_LOSSLESS", "JPEG_LOSSLESS_SV1"})
    void dcmtkDecodesCompressedFilesToTheExplicitLittleEndianPixels(PixelTransferSyntax ts) throws Exception {
        Path compressed = write(ts);
        Path decoded = dir.resolve("dcmtk-" + ts.cliName() + ".dcm");
        ExternalTool.run(ts == PixelTransferSyntax.RLE_LOSSLESS ? "dcmdrle" : "dcmdjpeg", compressed.toString(),
                decoded.toString());
        assertArrayEquals(storedPixels(write(PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)), storedPixels(decoded));
    }

    @ParameterizedTest
    @EnumSource(value = PixelTransferSyntax.class, names = {"RLE_LOSSLESS", "JPEG_LOSSLESS_SV1", "JPEG_2000_LOSSLESS"})
    void gdcmDecodesCompressedFilesToTheExplicitLittleEndianPixels(PixelTransferSyntax ts) throws Exception {
        Path compressed = write(ts);
        Path decoded = dir.resolve("gdcm-" + ts.cliName() + ".dcm");
        ExternalTool.run("gdcmconv", "--raw", compressed.toString(), decoded.toString());
        assertArrayEquals(storedPixels(write(PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)), storedPixels(decoded));
    }

    @ParameterizedTest
    @EnumSource(PixelTransferSyntax.class)
    void dciodvfyFindsNoErrorsAndDcmdumpReadsTheFile(PixelTransferSyntax ts) throws Exception {
        Path file = write(ts);
        ExternalTool.Result r = ExternalTool.runAllowingFailure(java.time.Duration.ofMinutes(1),
                List.of("dciodvfy", file.toString()));
        String report = r.stdout() + r.stderr();
        List<String> errors = report.lines().filter(line -> line.startsWith("Error")).toList();
        assertTrue(errors.isEmpty(), ts + ": " + errors);
        report.lines().filter(line -> line.startsWith("Warning")).forEach(w -> LOG.info("dciodvfy {}: {}", ts, w));
        String dump = ExternalTool.run("dcmdump", "-q", file.toString());
        assertTrue(dump.contains(ts == PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN ? "OW" : "PixelSequence"), dump);
    }

    @Test
    void pydicomReadsEveryTransferSyntaxToTheSamePixels() throws Exception {
        List<String> command = new ArrayList<>(List.of(ExternalTool.PYTHON, script("compare_pixels.py").toString(),
                write(PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).toString()));
        for (PixelTransferSyntax ts : PixelTransferSyntax.values()) {
            command.add(write(ts).toString());
        }
        String out = ExternalTool.run(command);
        assertEquals(PixelTransferSyntax.values().length, out.lines().filter(l -> l.endsWith(" equal")).count(), out);
    }

    @Test
    void decimalStringsAreExactWhenTheyFitAndRoundedWhenNot() {
        assertEquals("1.4453125", CtSeriesWriter.decimal(370.0 / 256));
        assertEquals("-185.07734375", CtSeriesWriter.decimal(-185.07734375));
        assertEquals("0", CtSeriesWriter.decimal(-0.0));
        String rounded = CtSeriesWriter.decimal(-0.36999999999997613);
        assertTrue(rounded.length() <= 16, rounded);
        assertEquals(-0.37, Double.parseDouble(rounded), 1e-12);
        assertEquals("12345678.1234568", CtSeriesWriter.decimal(12345678.123456789));
    }

    @Test
    void rejectsASliceOfTheWrongSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CtSeriesWriter.writeSlice(dir.resolve("bad.dcm"), series, 0, new float[10]));
        assertTrue(e.getMessage().contains("slice 0 has 10 values, " + N * N + " expected"), e.getMessage());
    }
}
