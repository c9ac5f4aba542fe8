package org.dicomcnn.dicom.codec.jpeg;

import static org.dicomcnn.dicom.codec.jpeg.JpegFixtures.assertSameSamples;
import static org.dicomcnn.dicom.codec.jpeg.JpegFixtures.dcmcjpeg;
import static org.dicomcnn.dicom.codec.jpeg.JpegFixtures.dcmdjpeg;
import static org.dicomcnn.dicom.codec.jpeg.JpegFixtures.maxDifference;
import static org.dicomcnn.dicom.codec.jpeg.JpegFixtures.meanDifference;
import static org.dicomcnn.dicom.codec.jpeg.JpegFixtures.samples;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.dicomcnn.dicom.codec.CodecException;
import org.dicomcnn.dicom.codec.DecodedFrame;
import org.dicomcnn.dicom.codec.FrameFormat;
import org.dicomcnn.dicom.codec.jpeg.JpegFixtures.Compressed;
import org.dicomcnn.dicom.codec.jpeg.JpegFixtures.Image;
import org.dicomcnn.samples.testing.ExternalTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes frames that third-party encoders (DCMTK's dcmcjpeg, GDCM's gdcmconv, the JDK's IJG
 * writer, libjpeg-turbo's cjpeg) made from phantoms, and compares them with the phantoms
 * (lossless) or with DCMTK's own decoder dcmdjpeg (lossy).
 */
class JpegDecoderTest {

    private static final Logger LOG = LoggerFactory.getLogger(JpegDecoderTest.class);

    static final String BASELINE = "1.2.840.10008.1.2.4.50";
    static final String EXTENDED = "1.2.840.10008.1.2.4.51";
    static final String LOSSLESS = "1.2.840.10008.1.2.4.57";
    static final String LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";

    @TempDir
    static Path dir;

    static Image ct;
    static Image grey8;
    static Image grey12;
    static Image rgb;
    static Path ctFile;
    static Path grey8File;
    static Path grey12File;
    static Path rgbFile;

    private final JpegDecoder decoder = new JpegDecoder();

    @BeforeAll
    static void writeSources() throws Exception {
        // Odd sizes, so that MCUs and subsampled chroma run past the image edge.
        ct = JpegFixtures.ctPhantom(181, 256, 1, 1);
        grey8 = JpegFixtures.greyPhantom(97, 123, 8, 2);
        grey12 = JpegFixtures.greyPhantom(97, 123, 12, 3);
        rgb = JpegFixtures.rgbPhantom(61, 91, 4);
        ctFile = JpegFixtures.writeDicom(ct, dir.resolve("ct.dcm"));
        grey8File = JpegFixtures.writeDicom(grey8, dir.resolve("grey8.dcm"));
        grey12File = JpegFixtures.writeDicom(grey12, dir.resolve("grey12.dcm"));
        rgbFile = JpegFixtures.writeDicom(rgb, dir.resolve("rgb.dcm"));
    }

    private DecodedFrame decodeOnly(Compressed c) throws CodecException {
        assertEquals(1, c.frames().size(), "frames in " + c.file());
        DecodedFrame d = decoder.decode(c.frames().get(0), c.format());
        assertEquals(c.format().frameBytes(), d.pixels().length, "decoded frame length");
        return d;
    }

    // ------------------------------------------------------------------ lossless

    @ParameterizedTest(name = "selection value {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void decodesSigned16BitLosslessExactlyForEverySelectionValue(int sv) throws Exception {
        Compressed c = dcmcjpeg(ctFile, dir.resolve("ct-sv" + sv + ".dcm"), "+el", "+sv",
                Integer.toString(sv));
        assertEquals(LOSSLESS, c.transferSyntax());

        DecodedFrame d = decodeOnly(c);

        assertSameSamples(ct.frames().get(0), d.pixels(), c.format(), "SV" + sv);
        assertEquals("MONOCHROME2", d.photometric());
    }

    @Test
    void decodesFirstOrderPredictionSyntaxExactly() throws Exception {
        Compressed c = dcmcjpeg(ctFile, dir.resolve("ct-e1.dcm"), "+e1");
        assertEquals(LOSSLESS_SV1, c.transferSyntax());

        assertSameSamples(ct.frames().get(0), decodeOnly(c).pixels(), c.format(), "SV1");
    }

    static Stream<Arguments> losslessPrecisions() {
        return Stream.of(
                Arguments.of("8-bit grey, P=8", "grey8", new String[] {"+el", "+sv", "4"}),
                Arguments.of("12-bit grey, P=12 (pseudo-lossless codec)", "grey12",
                        new String[] {"+el", "+pl", "+sv", "5"}),
                Arguments.of("12-bit grey, P=16", "grey12", new String[] {"+e1"}),
                Arguments.of("8-bit RGB, three interleaved components", "rgb",
                        new String[] {"+el", "+sv", "7"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losslessPrecisions")
    void decodesOtherLosslessPrecisionsExactly(String name, String source, String[] options)
            throws Exception {
        Image image = image(source);
        Compressed c = dcmcjpeg(file(source), dir.resolve("ll-" + source + options.length + ".dcm"),
                options);

        DecodedFrame d = decodeOnly(c);

        assertSameSamples(image.frames().get(0), d.pixels(), c.format(), name);
        assertEquals(image.format().photometric(), d.photometric());
    }

    static Stream<Arguments> pointTransforms() {
        return Stream.of(
                Arguments.of("grey12", 1, 2),
                Arguments.of("ct", 7, 3),
                Arguments.of("grey8", 6, 1));
    }

    @ParameterizedTest(name = "{0}, SV{1}, Pt={2}")
    @MethodSource("pointTransforms")
    void appliesThePointTransform(String source, int sv, int pt) throws Exception {
        Image image = image(source);
        Compressed c = dcmcjpeg(file(source), dir.resolve("pt-" + source + ".dcm"), "+el", "+sv",
                Integer.toString(sv), "+pt", Integer.toString(pt));
        List<byte[]> reference = dcmdjpeg(c, dir.resolve("pt-" + source + "-ref.dcm"));

        DecodedFrame d = decodeOnly(c);

        assertSameSamples(reference.get(0), d.pixels(), c.format(), "against dcmdjpeg");
        // Pt discards the low bits of each sample's bit pattern, nothing else (H.1.2.1).
        int[] original = samples(image.frames().get(0), image.format().bitsAllocated());
        int[] decoded = samples(d.pixels(), c.format().bitsAllocated());
        for (int i = 0; i < original.length; i++) {
            assertEquals(original[i] & ~((1 << pt) - 1), decoded[i], "sample " + i);
        }
    }

    @Test
    void decodesGdcmLosslessRgbWithAdobeSegmentAndLetterIds() throws Exception {
        Path target = dir.resolve("rgb-gdcm.dcm");
        ExternalTool.run("/usr/bin/gdcmconv", "--jpeg", rgbFile.toString(), target.toString());
        Compressed c = JpegFixtures.readCompressed(target);
        byte[] frame = c.frames().get(0);
        assertEquals(0xEE, JpegSegments.list(frame).get(1).code(), "GDCM writes APP14 first");

        assertSameSamples(rgb.frames().get(0), decodeOnly(c).pixels(), c.format(), "GDCM");
    }

    @Test
    void decodesEveryFrameOfAMultiFrameFileSplitIntoFragments() throws Exception {
        Image multi = JpegFixtures.ctPhantom(96, 120, 3, 5);
        Path source = JpegFixtures.writeDicom(multi, dir.resolve("multi.dcm"));
        // +fs 1: fragments of at most 1 KB, so every frame spans several fragments.
        Compressed c = dcmcjpeg(source, dir.resolve("multi-ll.dcm"), "+e1", "+fs", "1");

        assertEquals(3, c.frames().size(), "PixelMed frames");
        for (int f = 0; f < 3; f++) {
            byte[] frame = c.frames().get(f);
            assertTrue(frame.length > 1024, "frame " + f + " spans several fragments");
            DecodedFrame d = decoder.decode(frame, c.format());
            assertSameSamples(multi.frames().get(f), d.pixels(), c.format(), "frame " + f);
        }
    }

    // ------------------------------------------------------------------ lossy

    static Stream<Arguments> lossyCases() {
        return Stream.of(
                Arguments.of("baseline 8-bit grey", "grey8", BASELINE, 1, 3.0,
                        new String[] {"+eb"}),
                Arguments.of("extended 8-bit grey", "grey8", EXTENDED, 1, 3.0,
                        new String[] {"+ee"}),
                Arguments.of("extended 12-bit grey", "grey12", EXTENDED, 2, 8.0,
                        new String[] {"+ee"}),
                Arguments.of("extended 12-bit grey, quality 50", "grey12", EXTENDED, 2, 30.0,
                        new String[] {"+ee", "+q", "50"}),
                Arguments.of("baseline RGB as YBR_FULL_422 (4:2:2)", "rgb", BASELINE, 1, 6.0,
                        new String[] {"+eb"}),
                Arguments.of("extended RGB as YBR_FULL (4:4:4)", "rgb", EXTENDED, 1, 6.0,
                        new String[] {"+ee", "+s4"}),
                Arguments.of("baseline RGB 4:1:1 (H=4)", "rgb", BASELINE, 1, 6.0,
                        new String[] {"+eb", "+n1"}));
    }

    /**
     * Tolerances: to dcmdjpeg as the task sets them (+-1 for 8 bits, +-2 for 12 bits; in
     * practice the decoder matches DCMTK bit for bit); to the original, a mean absolute error
     * (in sample units, after YCbCr to RGB for colour) a few times what IJG quality 90 gives.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lossyCases")
    void matchesDcmdjpegForLossyFrames(String name, String source, String syntax,
            int toleranceToDcmtk, double meanErrorToOriginal, String[] options) throws Exception {
        String stem = "lossy-" + name.replaceAll("[^A-Za-z0-9]", "");
        Compressed c = dcmcjpeg(file(source), dir.resolve(stem + ".dcm"), options);
        assertEquals(syntax, c.transferSyntax());
        List<byte[]> reference = dcmdjpeg(c, dir.resolve(stem + "-ref.dcm"));

        DecodedFrame d = decodeOnly(c);

        int bits = c.format().bitsAllocated();
        int difference = maxDifference(reference.get(0), d.pixels(), bits);
        assertTrue(difference <= toleranceToDcmtk, name + ": differs from dcmdjpeg by up to "
                + difference + ", allowed " + toleranceToDcmtk);
        int[] original = samples(image(source).frames().get(0), bits);
        int[] decoded = samples(d.pixels(), bits);
        if (c.format().samplesPerPixel() == 3) {
            assertTrue(c.format().photometric().startsWith("YBR_FULL"), c.format().photometric());
            assertEquals("YBR_FULL", d.photometric());
            decoded = JpegFixtures.ybrFullToRgb(decoded);
        }
        double error = meanDifference(original, decoded);
        LOG.info("{}: max difference to dcmdjpeg {}, mean error to the original {}", name,
                difference, String.format("%.2f", error));
        assertTrue(error <= meanErrorToOriginal, name + ": mean error to the original " + error
                + ", allowed " + meanErrorToOriginal);
    }

    @Test
    void decodesJdkRestartIntervalsAndCommentInGreyAnd420Colour() throws Exception {
        for (Image image : List.of(grey8, rgb)) {
            // Intervals short enough for the RSTn counter to wrap past RST7.
            int interval = image.format().samplesPerPixel() == 1 ? 5 : 2;
            byte[] jpeg = JpegFixtures.jdkJpeg(JpegFixtures.toBufferedImage(image), interval);
            assertTrue(hasMarker(jpeg, 0xD0) && hasMarker(jpeg, 0xD7),
                    "the JDK wrote restart markers RST0..RST7");
            assertTrue(hasMarker(jpeg, 0xFE), "the JDK wrote a COM segment");
            String name = "jdk-" + image.format().samplesPerPixel();
            Compressed c = JpegFixtures.img2dcm(jpeg, dir, name);
            assertTrue(hasMarker(c.frames().get(0), 0xFE), "img2dcm kept the COM segment");
            List<byte[]> reference = dcmdjpeg(c, dir.resolve(name + "-ref.dcm"));

            DecodedFrame d = decodeOnly(c);

            int difference = maxDifference(reference.get(0), d.pixels(), 8);
            LOG.info("{}: max difference to dcmdjpeg {}", name, difference);
            assertTrue(difference <= 1, name + " differs from dcmdjpeg by " + difference);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cjpeg-420-noninterleaved-restart.jpg", "cjpeg-440-restart.jpg"})
    void decodesLibjpegTurboMultiScanAndVerticalSubsampling(String resource) throws Exception {
        byte[] jpeg = resource(resource);
        Compressed c = JpegFixtures.img2dcm(jpeg, dir, resource.replace(".jpg", ""));
        List<byte[]> reference = dcmdjpeg(c, dir.resolve(resource + "-ref.dcm"));

        DecodedFrame d = decodeOnly(c);

        int difference = maxDifference(reference.get(0), d.pixels(), 8);
        LOG.info("{}: max difference to dcmdjpeg {}", resource, difference);
        assertTrue(difference <= 1, resource + " differs from dcmdjpeg by " + difference);
    }

    @Test
    void usesQuantizationTableDefinedBetweenScans() throws Exception {
        byte[] jpeg = resource("cjpeg-420-noninterleaved-restart.jpg");
        FrameFormat format = new FrameFormat(53, 75, 3, 8, 8, false, "YBR_FULL_422");
        assertEquals(3, JpegSegments.list(jpeg).stream().filter(s -> s.code() == 0xDA).count(),
                "the fixture has three scans");
        // Table 1 (chroma) is first defined as all ones, then redefined after the luma scan.
        // T.81 B.2.4.1: a scan uses the table defined when it starts.
        JpegSegments.Segment chromaTable = JpegSegments.find(jpeg, 0xDB, 1);
        byte[] realTable = JpegSegments.bytes(jpeg, chromaTable);
        assertEquals(1, realTable[4], "second DQT defines table 1");
        byte[] dummy = realTable.clone();
        java.util.Arrays.fill(dummy, 5, dummy.length, (byte) 1);
        byte[] modified = jpeg.clone();
        System.arraycopy(dummy, 0, modified, chromaTable.offset(), dummy.length);
        JpegSegments.Segment firstScan = JpegSegments.find(modified, 0xDA, 0);
        modified = JpegSegments.insert(modified, firstScan.end(), realTable);

        byte[] expected = decoder.decode(jpeg, format).pixels();
        byte[] actual = decoder.decode(modified, format).pixels();

        assertArrayEquals(expected, actual);
    }

    // ------------------------------------------------------------------ output form

    @Test
    void widensEightBitSamplesWhenBitsAllocatedIs16() throws Exception {
        Compressed c = dcmcjpeg(grey8File, dir.resolve("wide.dcm"), "+eb");
        byte[] narrow = decodeOnly(c).pixels();
        FrameFormat wide = new FrameFormat(97, 123, 1, 16, 8, false, "MONOCHROME2");

        byte[] widened = decoder.decode(c.frames().get(0), wide).pixels();

        assertEquals(2 * narrow.length, widened.length);
        for (int i = 0; i < narrow.length; i++) {
            assertEquals(narrow[i], widened[2 * i]);
            assertEquals(0, widened[2 * i + 1]);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "MONOCHROME2, MONOCHROME2", "MONOCHROME1, MONOCHROME1", "YBR_FULL, YBR_FULL",
        "YBR_FULL_422, YBR_FULL", "RGB, RGB"})
    void reportsPhotometricAfterDecoding(String declared, String expected) throws Exception {
        Compressed c = dcmcjpeg(grey8File, dir.resolve("photometric.dcm"), "+eb");
        FrameFormat f = c.format();
        FrameFormat format = new FrameFormat(f.rows(), f.columns(), 1, 8, 8, false, declared);

        assertEquals(expected, decoder.decode(c.frames().get(0), format).photometric());
    }

    @Test
    void decodesConcurrentlyWithTheSameResults() throws Exception {
        List<Compressed> inputs = List.of(
                dcmcjpeg(ctFile, dir.resolve("mt-ct.dcm"), "+el", "+sv", "6"),
                dcmcjpeg(grey12File, dir.resolve("mt-12.dcm"), "+ee"),
                dcmcjpeg(rgbFile, dir.resolve("mt-rgb.dcm"), "+eb"),
                JpegFixtures.img2dcm(JpegFixtures.jdkJpeg(JpegFixtures.toBufferedImage(rgb), 3),
                        dir, "mt-jdk"));
        List<byte[]> expected = new ArrayList<>();
        for (Compressed c : inputs) {
            expected.add(decodeOnly(c).pixels());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                int which = task % inputs.size();
                Compressed c = inputs.get(which);
                results.add(pool.submit(() -> java.util.Arrays.equals(expected.get(which),
                        decoder.decode(c.frames().get(0), c.format()).pixels())));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(), "a concurrent decode differed");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ helpers

    static Image image(String name) {
        return switch (name) {
            case "ct" -> ct;
            case "grey8" -> grey8;
            case "grey12" -> grey12;
            case "rgb" -> rgb;
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Path file(String name) {
        return switch (name) {
            case "ct" -> ctFile;
            case "grey8" -> grey8File;
            case "grey12" -> grey12File;
            case "rgb" -> rgbFile;
            default -> throw new IllegalArgumentException(name);
        };
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = JpegDecoderTest.class.getResourceAsStream(name)) {
            assertFalse(in == null, "test resource " + name + " is missing");
            return in.readAllBytes();
        }
    }

    static boolean hasMarker(byte[] jpeg, int code) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == code) {
                return true;
            }
        }
        return false;
    }

    @Test
    void rejectsNullFormat() {
        assertThrows(NullPointerException.class, () -> decoder.decode(new byte[] {1}, null));
    }
}
