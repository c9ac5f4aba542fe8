package org.dicomcnn.dicom.codec.jpegls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UIDGenerator;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.dicomcnn.dicom.codec.CodecException;
import org.dicomcnn.dicom.codec.DecodedFrame;
import org.dicomcnn.dicom.codec.FrameFormat;
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
 * Decodes JPEG-LS frames written by third-party encoders (dcmtk's dcmcjpls, GDCM's gdcmconv)
 * from images built here and stored as DICOM with PixelMed, and checks malformed input fails with
 * a readable {@link CodecException}. Every JPEG-LS test needs the native part: the build compiles
 * it, so a missing one fails here instead of being skipped.
 */
class JpegLsDecoderTest {

    private static final Logger LOG = LoggerFactory.getLogger(JpegLsDecoderTest.class);

    private static final JpegLsDecoder LOSSLESS = new JpegLsDecoder(TransferSyntax.JPEGLS);
    private static final JpegLsDecoder NEAR_LOSSLESS = new JpegLsDecoder(TransferSyntax.JPEGNLS);

    @TempDir
    static Path dir;

    private static Image ct;
    private static Image ctUnsigned;
    private static Image twelveBit;
    private static Image signedTwelveBit;
    private static Image grey;
    private static Image rgb;
    private static byte[] greyStream;
    private static byte[] ctStream;

    /** An image built in code: samples in native order (sample-interleaved), signed where the format is. */
    record Image(String name, FrameFormat format, int[] samples) {
        /** The samples as native little-endian DICOM pixel data bytes. */
        byte[] nativeBytes() {
            int bytes = format.bitsAllocated() / 8;
            byte[] out = new byte[samples.length * bytes];
            for (int i = 0; i < samples.length; i++) {
                out[i * bytes] = (byte) samples[i];
                if (bytes == 2) {
                    out[i * bytes + 1] = (byte) (samples[i] >> 8);
                }
            }
            return out;
        }
    }

    @BeforeAll
    static void buildImagesAndStreams() throws Exception {
        assertTrue(JpegLsDecoder.isAvailable(),
                () -> "CharLS shim not loaded: " + JpegLsDecoder.unavailableReason().orElse("?"));
        ct = ctLike(512, 512);
        ctUnsigned = ctUnsigned(ct);
        twelveBit = twelveBit(200, 256);
        signedTwelveBit = signedTwelveBit(twelveBit);
        grey = grey8(150, 300);
        rgb = rgb8(96, 128);
        greyStream = singleFrame(dcmcjpls(grey, "grey-lossless"));
        ctStream = singleFrame(dcmcjpls(ct, "ct-lossless"));
    }

    // ---------------------------------------------------------------- lossless

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ct", "ctUnsigned", "twelveBit", "signedTwelveBit", "grey", "rgb"})
    void decodesDcmtkLosslessExactly(String which) throws Exception {
        Image image = image(which);
        Path file = dcmcjpls(image, which + "-dcmtk-lossless");
        assertEquals(TransferSyntax.JPEGLS, transferSyntaxOf(file));

        DecodedFrame frame = LOSSLESS.decode(singleFrame(file), image.format());

        assertArrayEquals(image.nativeBytes(), frame.pixels(), image.name() + " lossless");
        assertEquals(image.format().photometric(), frame.photometric());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ct", "ctUnsigned", "twelveBit", "signedTwelveBit", "grey", "rgb"})
    void decodesGdcmLosslessExactly(String which) throws Exception {
        Image image = image(which);
        Path in = writeNative(image, which + "-gdcm-in");
        Path out = dir.resolve(which + "-gdcm-lossless.dcm");
        ExternalTool.run("gdcmconv", "--jpegls", in.toString(), out.toString());
        assertEquals(TransferSyntax.JPEGLS, transferSyntaxOf(out));

        DecodedFrame frame = LOSSLESS.decode(singleFrame(out), image.format());

        assertArrayEquals(image.nativeBytes(), frame.pixels(), image.name() + " lossless via GDCM");
    }

    /** dcmcjpls writes colour line-interleaved by default; all three JPEG-LS modes must come out sample-interleaved. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+il", "+is", "+in"})
    void decodesRgbInEveryInterleaveMode(String interleaveOption) throws Exception {
        Path file = dcmcjpls(rgb, "rgb" + interleaveOption.substring(1), interleaveOption);

        DecodedFrame frame = LOSSLESS.decode(singleFrame(file), rgb.format());

        assertArrayEquals(rgb.nativeBytes(), frame.pixels(), "RGB with dcmcjpls " + interleaveOption);
        assertEquals("RGB", frame.photometric());
    }

    @Test
    void decodesFrameSplitIntoSeveralFragments() throws Exception {
        Path file = dcmcjpls(ct, "ct-fragments", "+fs", "8"); // 8 KiB fragments
        AttributeList list = readCompressed(file);
        byte[][] frames = ((OtherByteAttributeMultipleCompressedFrames) list.get(TagFromName.PixelData)).getFrames();
        assertEquals(1, frames.length, "PixelMed joins the fragments of a single-frame object into one frame");
        assertTrue(frames[0].length > 8 * 1024, "frame spans more than one 8 KiB fragment: " + frames[0].length);

        DecodedFrame frame = LOSSLESS.decode(frames[0], ct.format());

        assertArrayEquals(ct.nativeBytes(), frame.pixels());
    }

    /** dcmcjpls +pz pads odd-length streams with a zero byte after EOI (non-standard but common). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ct", "twelveBit", "grey", "rgb"})
    void decodesStreamsPaddedAfterEndOfImage(String which) throws Exception {
        Image image = image(which);
        byte[] stream = singleFrame(dcmcjpls(image, which + "-zero-padded", "+pz"));
        byte[] extraPadding = Arrays.copyOf(stream, stream.length + 4);

        assertArrayEquals(image.nativeBytes(), LOSSLESS.decode(stream, image.format()).pixels());
        assertArrayEquals(image.nativeBytes(), LOSSLESS.decode(extraPadding, image.format()).pixels());
    }

    /** An 8-bit stream in an object that says Bits Allocated 16 comes out widened, high bytes zero. */
    @Test
    void widensEightBitSamplesToSixteenBitsAllocated() throws Exception {
        FrameFormat wide = new FrameFormat(grey.format().rows(), grey.format().columns(), 1, 16, 8, false, "MONOCHROME2");

        DecodedFrame frame = LOSSLESS.decode(greyStream, wide);

        assertArrayEquals(new Image("8 bits in 16", wide, grey.samples()).nativeBytes(), frame.pixels());
    }

    /** The frame PixelMed hands out is the JPEG-LS stream itself, byte for byte what dcmtk stored. */
    @Test
    void pixelMedYieldsTheEncodedStream() throws Exception {
        Path file = dcmcjpls(grey, "grey-dump");
        byte[] frame = singleFrame(file);
        assertEquals(0xFF, frame[0] & 0xFF);
        assertEquals(0xD8, frame[1] & 0xFF, "SOI");
        assertTrue(indexOf(frame, new byte[] {(byte) 0xFF, (byte) 0xF7}) > 0, "SOF55 (JPEG-LS frame header) present");
        assertEquals(0, frame.length % 2, "DICOM fragments have even length");

        Path dump = Files.createDirectories(dir.resolve("grey-dump-items"));
        ExternalTool.run("dcmdump", "-q", "+W", dump.toString(), file.toString());
        try (Stream<Path> items = Files.list(dump)) {
            List<byte[]> contents = new ArrayList<>();
            for (Path p : items.sorted().toList()) {
                contents.add(Files.readAllBytes(p));
            }
            assertTrue(contents.stream().anyMatch(c -> Arrays.equals(c, frame)),
                    "dcmdump +W wrote " + contents.size() + " item(s); none equals PixelMed's frame of "
                            + frame.length + " bytes");
        }
    }

    // ----------------------------------------------------------- near-lossless

    /** dcmcjpls 3.6.7 refuses near-lossless for signed pixels, so signed CT is covered by GDCM below. */
    static Stream<Arguments> nearLosslessCases() {
        return Stream.of(
                Arguments.of("ctUnsigned", 2), Arguments.of("ctUnsigned", 5), Arguments.of("twelveBit", 3),
                Arguments.of("grey", 2), Arguments.of("rgb", 1));
    }

    @ParameterizedTest(name = "{0} NEAR={1}")
    @MethodSource("nearLosslessCases")
    void decodesDcmtkNearLosslessWithinNear(String which, int near) throws Exception {
        Image image = image(which);
        Path file = dcmcjpls(image, which + "-near" + near, "+en", "+md", Integer.toString(near));
        assertEquals(TransferSyntax.JPEGNLS, transferSyntaxOf(file));

        DecodedFrame frame = NEAR_LOSSLESS.decode(singleFrame(file), image.format());

        assertWithinNear(image, frame, near);
    }

    @Test
    void decodesGdcmNearLosslessWithinNear() throws Exception {
        int near = 3;
        Path in = writeNative(ct, "ct-gdcm-near-in");
        Path out = dir.resolve("ct-gdcm-near.dcm");
        ExternalTool.run("gdcmconv", "--jpegls", "--lossy", "-e", Integer.toString(near), in.toString(), out.toString());
        assertEquals(TransferSyntax.JPEGNLS, transferSyntaxOf(out));

        assertWithinNear(ct, NEAR_LOSSLESS.decode(singleFrame(out), ct.format()), near);
    }

    /**
     * JPEG-LS bounds the error of the coded values, which are the stored bits read as unsigned
     * (ISO/IEC 14495-1 knows no signed samples). For signed data the bound therefore holds modulo
     * the wrap between the largest positive and the most negative value: a stored -32768 may come
     * back as 32767. The comparison is made on the coded values.
     */
    private static void assertWithinNear(Image image, DecodedFrame frame, int near) {
        assertEquals(image.format().frameBytes(), frame.pixels().length);
        int mask = (1 << image.format().bitsStored()) - 1;
        int[] decoded = samplesOf(frame.pixels(), image.format());
        int maxError = 0;
        for (int i = 0; i < decoded.length; i++) {
            int error = Math.abs((decoded[i] & mask) - (image.samples()[i] & mask));
            if (error > near) {
                fail(image.name() + ": sample " + i + " decoded " + decoded[i] + ", original "
                        + image.samples()[i] + ", beyond NEAR " + near);
            }
            maxError = Math.max(maxError, error);
        }
        assertTrue(maxError > 0, "near-lossless coding changed nothing; the test image is too smooth");
    }

    // --------------------------------------------------------------- malformed

    static Stream<Arguments> malformedFrames() {
        Function<byte[], byte[]> same = b -> b;
        FrameFormat g = grey.format();
        FrameFormat c = ct.format();
        return Stream.of(
                Arguments.of("empty", (Function<byte[], byte[]>) b -> new byte[0], g,
                        "is empty (0 bytes)"),
                Arguments.of("truncated to half", (Function<byte[], byte[]>) b -> Arrays.copyOf(b, b.length / 2), g,
                        "has no EOI marker (FFD9) after its last scan; the frame is truncated"),
                Arguments.of("EOI marker missing", (Function<byte[], byte[]>) b -> Arrays.copyOf(b, b.length - 2), g,
                        "has no EOI marker (FFD9)"),
                Arguments.of("scan data garbled", (Function<byte[], byte[]>) JpegLsDecoderTest::garbleScan, g,
                        "CharLS decode_to_buffer failed"),
                Arguments.of("truncated inside the frame header", (Function<byte[], byte[]>) b -> Arrays.copyOf(b, 12),
                        g, "CharLS read_header failed"),
                Arguments.of("random bytes", (Function<byte[], byte[]>) b -> randomBytes(4096, 7), g,
                        "CharLS read_header failed"),
                Arguments.of("JPEG process 14 marker instead of SOF55",
                        (Function<byte[], byte[]>) JpegLsDecoderTest::sof55ToSof3, g, "CharLS read_header failed"),
                Arguments.of("one column more in the DICOM header", same,
                        new FrameFormat(150, 301, 1, 8, 8, false, "MONOCHROME2"),
                        "JPEG-LS frame header declares 300 x 150 pixels (columns x rows), the DICOM header 301 x 150"),
                Arguments.of("rows and columns swapped", same,
                        new FrameFormat(300, 150, 1, 8, 8, false, "MONOCHROME2"),
                        "JPEG-LS frame header declares 300 x 150 pixels (columns x rows), the DICOM header 150 x 300"),
                Arguments.of("three samples per pixel for a grey stream", same,
                        new FrameFormat(150, 300, 3, 8, 8, false, "RGB"),
                        "declares 1 components, the DICOM header 3 samples per pixel"),
                Arguments.of("16-bit stream, Bits Allocated 8", (Function<byte[], byte[]>) b -> ctStream,
                        new FrameFormat(512, 512, 1, 8, 8, true, "MONOCHROME2"),
                        "declares 16 bits per sample; expected 2..8"),
                Arguments.of("Bits Allocated 32", (Function<byte[], byte[]>) b -> ctStream,
                        new FrameFormat(512, 512, 1, 32, 32, true, "MONOCHROME2"),
                        "JPEG-LS holds at most 16 bits per sample; the DICOM header says Bits Allocated 32"),
                Arguments.of("CT stream cut after 100 bytes", (Function<byte[], byte[]>) b -> Arrays.copyOf(ctStream, 100), c,
                        "JPEG-LS stream of 100 bytes has no EOI marker"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void rejectsMalformedFrame(String label, Function<byte[], byte[]> damage, FrameFormat format, String expected) {
        byte[] encoded = damage.apply(greyStream.clone());

        CodecException e = assertThrows(CodecException.class, () -> LOSSLESS.decode(encoded, format), label);

        assertTrue(e.getMessage().contains(expected), label + ": message was: " + e.getMessage());
        assertTrue(e.getMessage().contains("JPEG-LS"), "message names the codec: " + e.getMessage());
    }

    /**
     * CharLS 2.4.1 needs about 5 s to reject scan data that runs to the end of the buffer without a
     * marker; the shim's EOI check turns that into an immediate, clearer error.
     */
    @ParameterizedTest(name = "cut at {0}%")
    @ValueSource(ints = {1, 25, 50, 99})
    void rejectsTruncatedStreamsQuickly(int percent) {
        byte[] cut = Arrays.copyOf(ctStream, ctStream.length * percent / 100);

        CodecException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(CodecException.class, () -> LOSSLESS.decode(cut, ct.format())));

        assertTrue(e.getMessage().contains("the frame is truncated"), e.getMessage());
    }

    /** Random damage anywhere in the stream gives a frame of the right size or a CodecException, never a crash. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"grey", "ct"})
    void survivesRandomlyCorruptedStreams(String which) {
        Image image = image(which);
        byte[] stream = which.equals("ct") ? ctStream : greyStream;
        Random random = new Random(20261126L);
        int rejected = 0;
        int trials = 300;
        for (int t = 0; t < trials; t++) {
            byte[] damaged = stream.clone();
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
            }
            try {
                DecodedFrame frame = LOSSLESS.decode(damaged, image.format());
                assertEquals(image.format().frameBytes(), frame.pixels().length);
            } catch (CodecException e) {
                assertFalse(e.getMessage().isBlank());
                rejected++;
            }
        }
        LOG.info("{}: {} of {} corrupted streams rejected, the rest decoded to a full frame", which, rejected, trials);
        assertTrue(rejected > 0, "no corruption was detected at all");
    }

    // ------------------------------------------------------------ availability

    @Test
    void namesTheTransferSyntaxWhenCharLsIsMissing() {
        JpegLsDecoder decoder = new JpegLsDecoder(TransferSyntax.JPEGNLS, new JpegLsDecoder.NativeStatus(false,
                "libcharls.so.2 (Debian package libcharls2) is missing or unusable: test"));

        CodecException e = assertThrows(CodecException.class, () -> decoder.decode(greyStream, grey.format()));

        assertEquals("unsupported transfer syntax 1.2.840.10008.1.2.4.81 (JPEG-LS): libcharls.so.2 (Debian package"
                + " libcharls2) is missing or unusable: test; install Debian's libcharls2", e.getMessage());
    }

    @Test
    void reportsOtherPlatformsAsNotBundled() {
        JpegLsDecoder.NativeStatus status = JpegLsDecoder.load("Mac OS X", "aarch64",
                JpegLsDecoder.LINUX_X86_64_RESOURCE, JpegLsDecoder.class.getResource(JpegLsDecoder.LINUX_X86_64_RESOURCE));

        assertFalse(status.available());
        assertEquals("no JPEG-LS native library is bundled for Mac OS X/aarch64 (only linux-x86_64)", status.reason());
    }

    @Test
    void reportsAMissingResource() {
        String absent = "/native/linux-x86_64/absent.so";

        JpegLsDecoder.NativeStatus status =
                JpegLsDecoder.load("Linux", "amd64", absent, JpegLsDecoder.class.getResource(absent));

        assertFalse(status.available());
        assertTrue(status.reason().startsWith("the native library " + absent + " is not on the class path"),
                status.reason());
    }

    /**
     * A machine without libcharls2, reproduced for real: gcc builds a library that needs another
     * one, which is then deleted, so the dynamic loader fails the way it does when libcharls.so.2
     * is absent.
     */
    @Test
    void namesLibcharlsWhenTheLibraryItNeedsIsMissing() throws Exception {
        Path work = Files.createDirectories(dir.resolve("missing-dependency"));
        Path stubSource = Files.writeString(work.resolve("stub.c"), "int dicomcnn_stub(void) { return 1; }\n");
        Path userSource = Files.writeString(work.resolve("user.c"),
                "extern int dicomcnn_stub(void);\nint dicomcnn_use(void) { return dicomcnn_stub(); }\n");
        Path stub = work.resolve("libcharls_absent.so.2");
        Path user = work.resolve("libneeds_charls.so");
        ExternalTool.run("gcc", "-shared", "-fPIC", "-Wl,-soname,libcharls_absent.so.2", "-o", stub.toString(),
                stubSource.toString());
        ExternalTool.run("gcc", "-shared", "-fPIC", "-o", user.toString(), userSource.toString(), stub.toString());
        Files.delete(stub);

        JpegLsDecoder.NativeStatus status = JpegLsDecoder.load("Linux", "amd64",
                JpegLsDecoder.LINUX_X86_64_RESOURCE, user.toUri().toURL());

        assertFalse(status.available());
        assertTrue(status.reason().startsWith("libcharls.so.2 (Debian package libcharls2) is missing or unusable: "),
                status.reason());
        assertTrue(status.reason().contains("libcharls_absent.so.2: cannot open shared object file"), status.reason());
        CodecException e = assertThrows(CodecException.class,
                () -> new JpegLsDecoder(TransferSyntax.JPEGLS, status).decode(greyStream, grey.format()));
        assertTrue(e.getMessage().startsWith("unsupported transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS): libcharls.so.2"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; install Debian's libcharls2"), e.getMessage());
    }

    /**
     * The shim built for another processor (its ELF header relabelled as AArch64) is refused by the
     * dynamic loader, and the reason carries the loader's words. (A truncated library is not used
     * here: the loader maps it and the JVM dies of SIGBUS, a hazard of System.load itself.)
     */
    @Test
    void reportsALibraryForAnotherProcessor() throws Exception {
        byte[] library;
        try (var in = JpegLsDecoder.class.getResourceAsStream(JpegLsDecoder.LINUX_X86_64_RESOURCE)) {
            library = in.readAllBytes();
        }
        assertEquals(62, library[18], "e_machine of the built shim is x86-64 (62)");
        library[18] = (byte) 183; // EM_AARCH64, ELF header field e_machine (little-endian, offset 18)
        Path foreign = Files.write(dir.resolve("libdicomcnn_charls-aarch64.so"), library);

        JpegLsDecoder.NativeStatus status = JpegLsDecoder.load("Linux", "amd64",
                JpegLsDecoder.LINUX_X86_64_RESOURCE, foreign.toUri().toURL());

        assertFalse(status.available());
        assertTrue(status.reason().startsWith("cannot load the native library "
                + JpegLsDecoder.LINUX_X86_64_RESOURCE + ": "), status.reason());
    }

    @Test
    void rejectsOtherTransferSyntaxes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JpegLsDecoder(TransferSyntax.JPEGLossless));

        assertTrue(e.getMessage().contains("not 1.2.840.10008.1.2.4.57"), e.getMessage());
    }

    // ------------------------------------------------------------------- speed

    @Test
    void decodesA512By512SixteenBitFrameInMilliseconds() throws Exception {
        for (int i = 0; i < 20; i++) {
            LOSSLESS.decode(ctStream, ct.format());
        }
        int runs = 100;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            LOSSLESS.decode(ctStream, ct.format());
        }
        double msPerFrame = (System.nanoTime() - start) / 1e6 / runs;
        LOG.info("JPEG-LS lossless 512x512 16-bit signed: {} bytes -> {} bytes, {} ms per frame",
                ctStream.length, ct.format().frameBytes(), String.format("%.2f", msPerFrame));
        assertTrue(msPerFrame < 200, "decoding took " + msPerFrame + " ms per frame");
    }

    // ---------------------------------------------------------------- fixtures

    private static Image image(String which) {
        return switch (which) {
            case "ct" -> ct;
            case "ctUnsigned" -> ctUnsigned;
            case "twelveBit" -> twelveBit;
            case "signedTwelveBit" -> signedTwelveBit;
            case "grey" -> grey;
            case "rgb" -> rgb;
            default -> throw new IllegalArgumentException(which);
        };
    }

    /** CT-like signed 16-bit slice: air, a body ellipse with soft tissue, lungs, a bone ring, noise, extremes. */
    private static Image ctLike(int rows, int columns) {
        Random random = new Random(1L);
        int[] s = new int[rows * columns];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                double dx = (x - columns / 2.0) / (columns * 0.42);
                double dy = (y - rows / 2.0) / (rows * 0.32);
                double r = dx * dx + dy * dy;
                double lx = Math.abs(dx) - 0.45;
                double lung = (lx * lx) / 0.08 + (dy * dy) / 0.5;
                int hu;
                if (r > 1.0) {
                    hu = -1000;
                } else if (r > 0.9) {
                    hu = 700 + (int) (600 * (r - 0.9) * 10);
                } else if (lung < 1.0) {
                    hu = -850;
                } else {
                    hu = 40;
                }
                s[y * columns + x] = hu + (int) Math.round(random.nextGaussian() * 20);
            }
        }
        s[0] = -32768; // padding value some scanners use
        s[1] = -2048;
        s[2] = 3071;
        s[3] = 32767;
        return new Image("CT-like signed 16-bit", new FrameFormat(rows, columns, 1, 16, 16, true, "MONOCHROME2"), s);
    }

    /** The CT slice as many scanners store it: HU + 1024 in 12 unsigned bits (Rescale Intercept -1024). */
    private static Image ctUnsigned(Image signed) {
        int[] s = Arrays.stream(signed.samples()).map(hu -> Math.max(0, Math.min(4095, hu + 1024))).toArray();
        FrameFormat f = signed.format();
        return new Image("CT-like unsigned 12-bit",
                new FrameFormat(f.rows(), f.columns(), 1, 16, 12, false, "MONOCHROME2"), s);
    }

    private static Image twelveBit(int rows, int columns) {
        Random random = new Random(2L);
        int[] s = new int[rows * columns];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                int v = (int) (4095.0 * x / (columns - 1)) + (int) Math.round(random.nextGaussian() * 30);
                s[y * columns + x] = Math.max(0, Math.min(4095, v));
            }
        }
        s[0] = 0;
        s[s.length - 1] = 4095;
        return new Image("12-bit unsigned", new FrameFormat(rows, columns, 1, 16, 12, false, "MONOCHROME2"), s);
    }

    /** The 12-bit image shifted to -2048..2047, stored sign-extended in 16 bits as scanners do. */
    private static Image signedTwelveBit(Image unsigned) {
        int[] s = Arrays.stream(unsigned.samples()).map(v -> v - 2048).toArray();
        FrameFormat f = unsigned.format();
        return new Image("12-bit signed", new FrameFormat(f.rows(), f.columns(), 1, 16, 12, true, "MONOCHROME2"), s);
    }

    private static Image grey8(int rows, int columns) {
        Random random = new Random(3L);
        int[] s = new int[rows * columns];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                int v = ((x / 20 + y / 15) % 2 == 0 ? 60 : 190) + random.nextInt(21) - 10;
                s[y * columns + x] = Math.max(0, Math.min(255, v));
            }
        }
        s[0] = 0;
        s[1] = 255;
        return new Image("8-bit grey", new FrameFormat(rows, columns, 1, 8, 8, false, "MONOCHROME2"), s);
    }

    private static Image rgb8(int rows, int columns) {
        Random random = new Random(4L);
        int[] s = new int[rows * columns * 3];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                int i = (y * columns + x) * 3;
                s[i] = (x * 255) / (columns - 1);
                s[i + 1] = (y * 255) / (rows - 1);
                s[i + 2] = Math.max(0, Math.min(255, 128 + random.nextInt(61) - 30));
            }
        }
        return new Image("8-bit RGB", new FrameFormat(rows, columns, 3, 8, 8, false, "RGB"), s);
    }

    /** Writes the image as native Explicit VR Little Endian DICOM with PixelMed. */
    private static Path writeNative(Image image, String name) throws IOException, DicomException {
        FrameFormat f = image.format();
        AttributeList list = new AttributeList();
        UIDGenerator uids = new UIDGenerator();
        putUid(list, TagFromName.SOPClassUID, SOPClass.SecondaryCaptureImageStorage);
        putUid(list, TagFromName.SOPInstanceUID, uids.getAnotherNewUID());
        putUid(list, TagFromName.StudyInstanceUID, uids.getAnotherNewUID());
        putUid(list, TagFromName.SeriesInstanceUID, uids.getAnotherNewUID());
        putCs(list, TagFromName.Modality, "OT");
        putCs(list, TagFromName.PhotometricInterpretation, f.photometric());
        putUs(list, TagFromName.Rows, f.rows());
        putUs(list, TagFromName.Columns, f.columns());
        putUs(list, TagFromName.SamplesPerPixel, f.samplesPerPixel());
        putUs(list, TagFromName.BitsAllocated, f.bitsAllocated());
        putUs(list, TagFromName.BitsStored, f.bitsStored());
        putUs(list, TagFromName.HighBit, f.bitsStored() - 1);
        putUs(list, TagFromName.PixelRepresentation, f.signed() ? 1 : 0);
        if (f.samplesPerPixel() == 3) {
            putUs(list, TagFromName.PlanarConfiguration, 0);
        }
        if (f.bitsAllocated() == 16) {
            short[] words = new short[image.samples().length];
            for (int i = 0; i < words.length; i++) {
                words[i] = (short) image.samples()[i];
            }
            Attribute pixels = new OtherWordAttribute(TagFromName.PixelData);
            pixels.setValues(words);
            list.put(pixels);
        } else {
            Attribute pixels = new OtherByteAttribute(TagFromName.PixelData);
            pixels.setValues(image.nativeBytes());
            list.put(pixels);
        }
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "DICOMCNN");
        Path file = dir.resolve(name + ".dcm");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    /** Writes the image natively and transcodes it with dcmtk's dcmcjpls and the given options. */
    private static Path dcmcjpls(Image image, String name, String... options) throws IOException, DicomException {
        Path in = writeNative(image, name + "-native");
        Path out = dir.resolve(name + ".dcm");
        List<String> command = new ArrayList<>(List.of("dcmcjpls"));
        command.addAll(List.of(options));
        command.add(in.toString());
        command.add(out.toString());
        ExternalTool.run(command.toArray(String[]::new));
        return out;
    }

    private static AttributeList readCompressed(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(file.toFile());
        return list;
    }

    /** The one compressed frame of a single-frame file, as PixelMed reads it without decompressing. */
    private static byte[] singleFrame(Path file) throws IOException, DicomException {
        Attribute pixelData = readCompressed(file).get(TagFromName.PixelData);
        OtherByteAttributeMultipleCompressedFrames frames =
                assertInstanceOf(OtherByteAttributeMultipleCompressedFrames.class, pixelData, file.toString());
        assertEquals(1, frames.getFrames().length, file.toString());
        return frames.getFrames()[0];
    }

    private static String transferSyntaxOf(Path file) throws IOException, DicomException {
        return Attribute.getSingleStringValueOrEmptyString(readCompressed(file), TagFromName.TransferSyntaxUID);
    }

    private static int[] samplesOf(byte[] pixels, FrameFormat format) {
        int bytes = format.bitsAllocated() / 8;
        int[] out = new int[pixels.length / bytes];
        for (int i = 0; i < out.length; i++) {
            if (bytes == 1) {
                out[i] = pixels[i] & 0xFF;
            } else {
                int v = (pixels[2 * i] & 0xFF) | (pixels[2 * i + 1] & 0xFF) << 8;
                out[i] = format.signed() ? (short) v : v;
            }
        }
        return out;
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        b[0] = 0x12; // not a marker, so no chance of a valid SOI
        return b;
    }

    /** Overwrites the middle third of the scan data with random bytes, keeping the markers at both ends. */
    private static byte[] garbleScan(byte[] stream) {
        byte[] b = stream.clone();
        byte[] noise = randomBytes(b.length / 3, 11);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (noise[i] & 0x7F); // no FF, so no accidental marker
        }
        System.arraycopy(noise, 0, b, b.length / 3, noise.length);
        return b;
    }

    /** Relabels the JPEG-LS frame header (SOF55, FFF7) as lossless JPEG process 14 (SOF3, FFC3). */
    private static byte[] sof55ToSof3(byte[] stream) {
        byte[] b = stream.clone();
        int at = indexOf(b, new byte[] {(byte) 0xFF, (byte) 0xF7});
        assertTrue(at > 0, "no SOF55 in the stream");
        b[at + 1] = (byte) 0xC3;
        return b;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void putUid(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute a = new UniqueIdentifierAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    private static void putCs(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute a = new CodeStringAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    private static void putUs(AttributeList list, AttributeTag tag, int value) throws DicomException {
        Attribute a = new UnsignedShortAttribute(tag);
        a.addValue(value);
        list.put(a);
    }
}
