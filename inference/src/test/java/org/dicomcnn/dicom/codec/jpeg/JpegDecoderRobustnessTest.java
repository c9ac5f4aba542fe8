package org.dicomcnn.dicom.codec.jpeg;

import static org.dicomcnn.dicom.codec.jpeg.JpegFixtures.dcmcjpeg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dicomcnn.dicom.codec.CodecException;
import org.dicomcnn.dicom.codec.DecodedFrame;
import org.dicomcnn.dicom.codec.FrameFormat;
import org.dicomcnn.dicom.codec.jpeg.JpegFixtures.Compressed;
import org.dicomcnn.dicom.codec.jpeg.JpegFixtures.Image;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile and broken input: each kind of damage to a third-party stream must end in a
 * {@link CodecException} whose message names the reason, and random damage must never escape
 * as any other exception. Also measures decoding speed.
 */
class JpegDecoderRobustnessTest {

    private static final Logger LOG = LoggerFactory.getLogger(JpegDecoderRobustnessTest.class);

    @TempDir
    static Path dir;

    /** 512 x 512 signed 16-bit CT, lossless SV1 (1.2.840.10008.1.2.4.70). */
    static Compressed ctLossless;
    /** 512 x 512 12-bit grey, extended sequential DCT. */
    static Compressed grey12Extended;
    /** 97 x 123 8-bit grey, baseline. */
    static Compressed greyBaseline;
    /** 61 x 91 RGB as YBR_FULL_422, baseline. */
    static Compressed colourBaseline;
    /** 97 x 123 8-bit grey, progressive (dcmcjpeg +ep). */
    static Compressed greyProgressive;
    /** 97 x 123 8-bit grey from the JDK writer with a restart interval of 5 MCUs. */
    static Compressed greyRestart;

    private final JpegDecoder decoder = new JpegDecoder();

    @BeforeAll
    static void encode() throws Exception {
        Path ct = JpegFixtures.writeDicom(JpegFixtures.ctPhantom(512, 512, 1, 11),
                dir.resolve("ct.dcm"));
        ctLossless = dcmcjpeg(ct, dir.resolve("ct-ll.dcm"), "+e1");
        Path grey12 = JpegFixtures.writeDicom(JpegFixtures.greyPhantom(512, 512, 12, 12),
                dir.resolve("grey12.dcm"));
        grey12Extended = dcmcjpeg(grey12, dir.resolve("grey12-ee.dcm"), "+ee");
        Image grey = JpegFixtures.greyPhantom(97, 123, 8, 13);
        Path grey8 = JpegFixtures.writeDicom(grey, dir.resolve("grey8.dcm"));
        greyBaseline = dcmcjpeg(grey8, dir.resolve("grey8-eb.dcm"), "+eb");
        greyProgressive = dcmcjpeg(grey8, dir.resolve("grey8-ep.dcm"), "+ep");
        Path rgb = JpegFixtures.writeDicom(JpegFixtures.rgbPhantom(61, 91, 14),
                dir.resolve("rgb.dcm"));
        colourBaseline = dcmcjpeg(rgb, dir.resolve("rgb-eb.dcm"), "+eb");
        greyRestart = JpegFixtures.img2dcm(
                JpegFixtures.jdkJpeg(JpegFixtures.toBufferedImage(grey), 5), dir, "restart");
    }

    /** A damaged input and the format it is decoded against. */
    record Input(byte[] data, FrameFormat format) {}

    private static Input of(Compressed c, byte[] data) {
        return new Input(data, c.format());
    }

    private static byte[] frame(Compressed c) {
        return c.frames().get(0).clone();
    }

    private static FrameFormat withSize(FrameFormat f, int rows, int columns) {
        return new FrameFormat(rows, columns, f.samplesPerPixel(), f.bitsAllocated(),
                f.bitsStored(), f.signed(), f.photometric());
    }

    /** Offset of the first entropy-coded byte of the first scan. */
    private static int entropyStart(byte[] jpeg) {
        JpegSegments.Segment sos = JpegSegments.find(jpeg, 0xDA, 0);
        int headerLength = ((jpeg[sos.offset() + 2] & 0xFF) << 8) | (jpeg[sos.offset() + 3] & 0xFF);
        return sos.offset() + 2 + headerLength;
    }

    /** Writes a 16-bit big-endian field. */
    private static void put16(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 8);
        b[offset + 1] = (byte) value;
    }

    static Stream<Arguments> damagedStreams() {
        return Stream.of(
                damage("empty array", () -> new Input(new byte[0], greyBaseline.format()),
                        "JPEG data is empty"),
                damage("random bytes", () -> {
                    byte[] b = new byte[4096];
                    new Random(99).nextBytes(b);
                    b[0] = 0x12;
                    return of(greyBaseline, b);
                }, "does not start with the SOI marker"),
                damage("SOI removed", () -> {
                    byte[] b = frame(greyBaseline);
                    return of(greyBaseline, Arrays.copyOfRange(b, 2, b.length));
                }, "does not start with the SOI marker"),
                damage("EOI removed", () -> {
                    byte[] b = frame(ctLossless);
                    JpegSegments.Segment eoi = JpegSegments.find(b, 0xD9, 0);
                    return of(ctLossless, Arrays.copyOf(b, eoi.offset()));
                }, "without an EOI marker"),
                damage("lossless stream truncated to 60%", () -> {
                    byte[] b = frame(ctLossless);
                    return of(ctLossless, Arrays.copyOf(b, b.length * 6 / 10));
                }, "JPEG entropy-coded data ended after"),
                damage("DCT stream truncated to 50%", () -> {
                    byte[] b = frame(grey12Extended);
                    return of(grey12Extended, Arrays.copyOf(b, b.length / 2));
                }, "JPEG entropy-coded data ended after"),
                damage("truncated inside the DHT segment", () -> {
                    byte[] b = frame(greyBaseline);
                    JpegSegments.Segment dht = JpegSegments.find(b, 0xC4, 0);
                    return of(greyBaseline, Arrays.copyOf(b, dht.offset() + 10));
                }, "segment at offset"),
                damage("segment length runs past the end", () -> {
                    byte[] b = frame(greyBaseline);
                    put16(b, JpegSegments.find(b, 0xC4, 0).offset() + 2, 0xFFF0);
                    return of(greyBaseline, b);
                }, "declares length 65520 but only"),
                damage("entropy data overwritten with 1-bits (flipped bytes)", () -> {
                    byte[] b = frame(grey12Extended);
                    int at = entropyStart(b) + 500;
                    for (int i = 0; i < 64; i += 2) {
                        b[at + i] = (byte) 0xFF;
                        b[at + i + 1] = 0;
                    }
                    return of(grey12Extended, b);
                }, "invalid Huffman code"),
                damage("flipped bytes forming a marker inside the entropy data", () -> {
                    byte[] b = frame(ctLossless);
                    int at = entropyStart(b) + 2000;
                    b[at] = (byte) 0xFF;
                    b[at + 1] = (byte) 0xC4;
                    return of(ctLossless, b);
                }, "JPEG entropy-coded data ended after"),
                damage("SOF larger than the header", () -> {
                    byte[] b = frame(ctLossless);
                    put16(b, JpegSegments.find(b, 0xC3, 0).offset() + 7, 600);
                    return of(ctLossless, b);
                }, "JPEG SOF declares 600 x 512, the DICOM header 512 x 512"),
                damage("SOF with three components, header with one", () -> {
                    FrameFormat f = greyBaseline.format();
                    return new Input(frame(greyBaseline), new FrameFormat(f.rows(), f.columns(),
                            3, 8, 8, false, "YBR_FULL_422"));
                }, "JPEG SOF declares 1 component, the DICOM header Samples per Pixel 3"),
                damage("16-bit lossless into Bits Allocated 8", () -> {
                    FrameFormat f = ctLossless.format();
                    return new Input(frame(ctLossless), new FrameFormat(f.rows(), f.columns(), 1,
                            8, 8, false, "MONOCHROME2"));
                }, "16-bit samples, more than Bits Allocated 8"),
                damage("Bits Allocated 32", () -> {
                    FrameFormat f = ctLossless.format();
                    return new Input(frame(ctLossless), new FrameFormat(f.rows(), f.columns(), 1,
                            32, 32, false, "MONOCHROME2"));
                }, "Bits Allocated 8 or 16, the DICOM header declares 32"),
                damage("huge SOF and header, tiny data", () -> {
                    byte[] b = frame(greyBaseline);
                    int sof = JpegSegments.find(b, 0xC0, 0).offset();
                    put16(b, sof + 5, 40000);
                    put16(b, sof + 7, 40000);
                    return new Input(b, withSize(greyBaseline.format(), 40000, 40000));
                }, "is too short for a 40000 x 40000 frame"),
                damage("DHT removed", () -> {
                    byte[] b = frame(ctLossless);
                    return of(ctLossless, JpegSegments.remove(b, JpegSegments.find(b, 0xC4, 0)));
                }, "Huffman table DC0 referenced by scan but never defined"),
                damage("DQT removed", () -> {
                    byte[] b = frame(greyBaseline);
                    return of(greyBaseline,
                            JpegSegments.remove(b, JpegSegments.find(b, 0xDB, 0)));
                }, "quantization table 0 referenced by component 1 but never defined"),
                damage("SOF removed", () -> {
                    byte[] b = frame(greyBaseline);
                    return of(greyBaseline,
                            JpegSegments.remove(b, JpegSegments.find(b, 0xC0, 0)));
                }, "comes before any frame header"),
                damage("progressive JPEG (dcmcjpeg +ep)", () -> of(greyProgressive,
                        frame(greyProgressive)),
                        "JPEG process SOF2 (progressive DCT) is not supported"),
                damage("arithmetic coding (SOF9)", () -> {
                    byte[] b = frame(greyBaseline);
                    b[JpegSegments.find(b, 0xC0, 0).offset() + 1] = (byte) 0xC9;
                    return of(greyBaseline, b);
                }, "JPEG process SOF9 (extended sequential DCT, arithmetic coding) is not "
                        + "supported"),
                damage("hierarchical (SOF5)", () -> {
                    byte[] b = frame(greyBaseline);
                    b[JpegSegments.find(b, 0xC0, 0).offset() + 1] = (byte) 0xC5;
                    return of(greyBaseline, b);
                }, "JPEG process SOF5 (hierarchical differential sequential DCT) is not supported"),
                damage("lossless component coded in two scans", () -> {
                    byte[] b = frame(ctLossless);
                    JpegSegments.Segment scan = JpegSegments.find(b, 0xDA, 0);
                    return of(ctLossless,
                            JpegSegments.insert(b, scan.end(), JpegSegments.bytes(b, scan)));
                }, "lossless with more than one scan per component"),
                damage("restart marker out of sequence", () -> {
                    byte[] b = frame(greyRestart);
                    for (int i = entropyStart(b); i + 1 < b.length; i++) {
                        if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD1) {
                            b[i + 1] = (byte) 0xD5;
                            break;
                        }
                    }
                    return of(greyRestart, b);
                }, "expected restart marker RST1 after MCU 10, found RST5"),
                damage("restart markers removed", () -> {
                    byte[] b = frame(greyRestart);
                    byte[] out = new byte[b.length];
                    int n = 0;
                    for (int i = 0; i < b.length; i++) {
                        if (i + 1 < b.length && (b[i] & 0xFF) == 0xFF
                                && (b[i + 1] & 0xF8) == 0xD0) {
                            i++;
                            continue;
                        }
                        out[n++] = b[i];
                    }
                    return of(greyRestart, Arrays.copyOf(out, n));
                }, "expected restart marker RST0 after MCU 5"));
    }

    private static Arguments damage(String name, Supplier<Input> input, String message) {
        return Arguments.of(name, input, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedStreams")
    void rejectsDamagedStreamWithReason(String name, Supplier<Input> damaged, String reason) {
        Input input = damaged.get();

        CodecException e = assertThrows(CodecException.class,
                () -> decoder.decode(input.data(), input.format()), name);

        assertTrue(e.getMessage().contains(reason),
                name + ": message \"" + e.getMessage() + "\" should contain \"" + reason + "\"");
        assertFalse(e.getMessage().startsWith("corrupt JPEG data"),
                name + " reached the last safety net: " + e.getMessage());
    }

    @Test
    void decodesTheUndamagedStreams() throws Exception {
        for (Compressed c : List.of(ctLossless, grey12Extended, greyBaseline, colourBaseline,
                greyRestart)) {
            DecodedFrame d = decoder.decode(c.frames().get(0), c.format());
            assertEquals(c.format().frameBytes(), d.pixels().length, c.file().toString());
        }
    }

    @Test
    void acceptsFillBytesBeforeMarkers() throws Exception {
        byte[] b = frame(greyBaseline);
        byte[] fill = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        // B.1.1.2: any marker may be preceded by fill bytes 0xFF.
        byte[] filled = JpegSegments.insert(b, JpegSegments.find(b, 0xD9, 0).offset(), fill);
        filled = JpegSegments.insert(filled, JpegSegments.find(filled, 0xDA, 0).offset(), fill);
        filled = JpegSegments.insert(filled, JpegSegments.find(filled, 0xC4, 0).offset(), fill);

        assertEquals(Arrays.toString(decoder.decode(b, greyBaseline.format()).pixels()),
                Arrays.toString(decoder.decode(filled, greyBaseline.format()).pixels()));
    }

    @Test
    void ignoresPaddingAfterEoi() throws Exception {
        byte[] b = frame(greyBaseline);
        byte[] padded = Arrays.copyOf(b, b.length + 3);

        assertEquals(Arrays.toString(decoder.decode(b, greyBaseline.format()).pixels()),
                Arrays.toString(decoder.decode(padded, greyBaseline.format()).pixels()));
    }

    /**
     * Random damage (bytes overwritten, bytes dropped, truncation) to streams of every process
     * must give a frame or a CodecException with a specific reason, never another exception
     * and never the "corrupt JPEG data" safety net.
     */
    @Test
    void survivesRandomDamage() throws Exception {
        Random random = new Random(2024);
        int rejected = 0;
        int decoded = 0;
        List<Compressed> streams = List.of(greyBaseline, colourBaseline, greyRestart,
                smallLossless());
        for (Compressed c : streams) {
            byte[] original = c.frames().get(0);
            for (int round = 0; round < 400; round++) {
                byte[] b = mutate(original, random);
                try {
                    DecodedFrame d = decoder.decode(b, c.format());
                    assertEquals(c.format().frameBytes(), d.pixels().length);
                    decoded++;
                } catch (CodecException e) {
                    if (e.getMessage().startsWith("corrupt JPEG data")) {
                        fail("damage reached the safety net for " + c.file() + ": "
                                + e.getMessage(), e);
                    }
                    rejected++;
                } catch (Throwable t) {
                    fail("damage escaped as " + t + " for " + c.file(), t);
                }
            }
        }
        LOG.info("random damage: {} streams rejected with a reason, {} still decoded", rejected,
                decoded);
        assertTrue(rejected > 0);
    }

    private static Compressed smallLossless() throws Exception {
        Path source = JpegFixtures.writeDicom(JpegFixtures.ctPhantom(64, 80, 1, 15),
                dir.resolve("small.dcm"));
        return dcmcjpeg(source, dir.resolve("small-ll.dcm"), "+el", "+sv", "5");
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                int n = 1 + random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> {
                // Damage the headers: the first 700 bytes hold all table and frame segments.
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    b[random.nextInt(Math.min(700, b.length))] = (byte) random.nextInt(256);
                }
            }
            case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            default -> {
                int from = random.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + random.nextInt(64));
                byte[] out = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, b.length - to);
                b = out;
            }
        }
        return b;
    }

    /**
     * Decoding speed on one core after warm-up, logged for the record: the best of several
     * batches in thread CPU time, so other processes on the machine disturb it little. The bound
     * only catches pathological slowness (the target is a few milliseconds per frame).
     */
    @Test
    void decodes512x512FramesQuickly() throws Exception {
        double losslessMs = millisecondsPerDecode(ctLossless);
        double extendedMs = millisecondsPerDecode(grey12Extended);
        LOG.info("512 x 512 decode: 16-bit lossless SV1 {} ms, 12-bit extended DCT {} ms",
                String.format("%.2f", losslessMs), String.format("%.2f", extendedMs));
        assertTrue(losslessMs < 50, "lossless took " + losslessMs + " ms per frame");
        assertTrue(extendedMs < 50, "extended took " + extendedMs + " ms per frame");
    }

    private double millisecondsPerDecode(Compressed c) throws CodecException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[] frame = c.frames().get(0);
        for (int i = 0; i < 300; i++) {
            decoder.decode(frame, c.format());
        }
        double best = Double.MAX_VALUE;
        for (int batch = 0; batch < 5; batch++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < 40; i++) {
                decoder.decode(frame, c.format());
            }
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / 1e6 / 40);
        }
        return best;
    }
}
