package org.dicomcnn.dicom.codec.jpegls;

import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import org.dicomcnn.dicom.codec.CodecException;
import org.dicomcnn.dicom.codec.DecodedFrame;
import org.dicomcnn.dicom.codec.FrameDecoder;
import org.dicomcnn.dicom.codec.FrameFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes JPEG-LS frames (transfer syntaxes 1.2.840.10008.1.2.4.80 lossless and
 * 1.2.840.10008.1.2.4.81 near-lossless) with Debian's CharLS through a small JNI shim.
 *
 * <p>One instance serves one transfer syntax, given to the constructor, so that the "unsupported
 * transfer syntax" error names the UID the file actually declared. Both syntaxes decode the same
 * way: the stream itself carries its NEAR value.
 *
 * <p>The native part ({@code /native/linux-x86_64/libdicomcnn_charls.so} on the class path,
 * linked against Debian's {@code libcharls.so.2}) is extracted to a temporary file and loaded at
 * first use, once per class loader. When it cannot be loaded, {@link #isAvailable()} is false,
 * {@link #unavailableReason()} says why, and {@link #decode} throws a {@link CodecException}
 * naming the UID. Instances are immutable and thread-safe; each call uses its own CharLS decoder.
 *
 * <pre>{@code
 * FrameDecoder decoder = new JpegLsDecoder(TransferSyntax.JPEGLS);
 * DecodedFrame frame = decoder.decode(compressedFrame,
 *         new FrameFormat(512, 512, 1, 16, 16, true, "MONOCHROME2"));
 * byte[] littleEndianSamples = frame.pixels();
 * }</pre>
 */
public final class JpegLsDecoder implements FrameDecoder {

    /** Class-path resource holding the JNI shim for Linux on x86-64. */
    static final String LINUX_X86_64_RESOURCE = "/native/linux-x86_64/libdicomcnn_charls.so";

    // The int[] that decodeNative fills (layout shared with charls_jni.c): width, height, bits per
    // sample, component count, interleave mode, NEAR. Only the indices read here are named.
    private static final int INFO_BITS_PER_SAMPLE = 2;
    private static final int INFO_INTERLEAVE_MODE = 4;
    private static final int INFO_NEAR_LOSSLESS = 5;
    private static final int INFO_LENGTH = 6;

    // CharLS interleave modes (charls_interleave_mode); 0, none, leaves colour in component planes.
    private static final int INTERLEAVE_LINE = 1;
    private static final int INTERLEAVE_SAMPLE = 2;

    /** Largest Java array the JVM reliably allocates. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8L;

    private static final Logger LOG = LoggerFactory.getLogger(JpegLsDecoder.class);

    private final String transferSyntaxUid;
    private final NativeStatus nativeStatus;

    /**
     * Creates a decoder for one JPEG-LS transfer syntax.
     *
     * @param transferSyntaxUid {@link TransferSyntax#JPEGLS} (1.2.840.10008.1.2.4.80) or
     *     {@link TransferSyntax#JPEGNLS} (1.2.840.10008.1.2.4.81)
     * @throws IllegalArgumentException if the UID is neither
     */
    public JpegLsDecoder(String transferSyntaxUid) {
        this(transferSyntaxUid, null);
    }

    /** Test seam: a decoder that sees the given load outcome instead of the process-wide one. */
    JpegLsDecoder(String transferSyntaxUid, NativeStatus nativeStatus) {
        if (!TransferSyntax.JPEGLS.equals(transferSyntaxUid) && !TransferSyntax.JPEGNLS.equals(transferSyntaxUid)) {
            throw new IllegalArgumentException("JpegLsDecoder handles transfer syntaxes " + TransferSyntax.JPEGLS
                    + " and " + TransferSyntax.JPEGNLS + ", not " + transferSyntaxUid);
        }
        this.transferSyntaxUid = transferSyntaxUid;
        this.nativeStatus = nativeStatus;
    }

    /** @return the transfer syntax UID this decoder was created for */
    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    /**
     * Whether CharLS can be used in this process; loads the native part on first call.
     *
     * @return true if the JNI shim and {@code libcharls.so.2} loaded
     */
    public static boolean isAvailable() {
        return NativeLibrary.STATUS.available();
    }

    /**
     * Why JPEG-LS cannot be decoded here, e.g. "libcharls.so.2 (Debian package libcharls2) is
     * missing or unusable: ..." or "no JPEG-LS native library is bundled for Mac OS X/aarch64".
     *
     * @return the reason, or empty if {@link #isAvailable()}
     */
    public static Optional<String> unavailableReason() {
        NativeStatus s = NativeLibrary.STATUS;
        return s.available() ? Optional.empty() : Optional.of(s.reason());
    }

    /**
     * Decodes one JPEG-LS frame into little-endian samples of {@code format.bitsAllocated()} bits,
     * sample-interleaved, exactly {@code format.frameBytes()} long. Signed samples with Bits Stored
     * below Bits Allocated are sign-extended from High Bit; unsigned ones are left as decoded. The
     * stream's sample precision may differ from Bits Stored (some encoders write 16 for 12-bit data)
     * but must not exceed Bits Allocated; its size and component count must match exactly.
     *
     * @param encoded the frame's JPEG-LS stream (SOI to EOI; DICOM padding after EOI is fine)
     * @param format what the DICOM header says the frame holds; Bits Allocated 8 or 16
     * @return the samples, with {@code format.photometric()} (JPEG-LS in DICOM applies no colour
     *     transform)
     * @throws CodecException if CharLS is not available here ("unsupported transfer syntax ..."),
     *     the stream is corrupt, or its frame header disagrees with {@code format}
     */
    @Override
    public DecodedFrame decode(byte[] encoded, FrameFormat format) throws CodecException {
        NativeStatus status = nativeStatus != null ? nativeStatus : NativeLibrary.STATUS;
        if (!status.available()) {
            throw new CodecException("unsupported transfer syntax " + transferSyntaxUid + " (JPEG-LS): "
                    + status.reason() + "; install Debian's libcharls2");
        }
        if (encoded == null || encoded.length == 0) {
            throw new CodecException("JPEG-LS frame (" + transferSyntaxUid
                    + ") is empty (0 bytes); expected a stream starting with SOI (FFD8)");
        }
        if (format.bitsAllocated() > 16) {
            throw new CodecException("JPEG-LS holds at most 16 bits per sample; the DICOM header says Bits Allocated "
                    + format.bitsAllocated());
        }
        if (format.frameBytes() > MAX_ARRAY_BYTES) {
            throw new CodecException("frame of " + format.rows() + " x " + format.columns() + " x "
                    + format.samplesPerPixel() + " samples (" + format.frameBytes()
                    + " bytes) exceeds the 2 GiB a Java array can hold");
        }

        long start = System.nanoTime();
        int[] info = new int[INFO_LENGTH];
        byte[] raw;
        try {
            raw = decodeNative(encoded, format.columns(), format.rows(), format.samplesPerPixel(),
                    format.bitsAllocated(), info);
        } catch (CodecException e) {
            throw new CodecException("JPEG-LS frame (" + transferSyntaxUid + ", " + encoded.length
                    + " bytes) cannot be decoded: " + e.getMessage(), e);
        }
        byte[] pixels = toNativeLayout(raw, format, info[INFO_BITS_PER_SAMPLE], info[INFO_INTERLEAVE_MODE]);
        if (LOG.isDebugEnabled()) {
            LOG.debug("decoded JPEG-LS frame {}x{}x{}, {} bits, NEAR {}, interleave {}, {} -> {} bytes in {} ms",
                    format.columns(), format.rows(), format.samplesPerPixel(), info[INFO_BITS_PER_SAMPLE],
                    info[INFO_NEAR_LOSSLESS], info[INFO_INTERLEAVE_MODE], encoded.length, pixels.length,
                    (System.nanoTime() - start) / 1_000_000);
        }
        if (info[INFO_NEAR_LOSSLESS] > 0 && TransferSyntax.JPEGLS.equals(transferSyntaxUid)) {
            LOG.debug("frame declared lossless ({}) carries NEAR {}; it was compressed lossily",
                    transferSyntaxUid, info[INFO_NEAR_LOSSLESS]);
        }
        return new DecodedFrame(pixels, format.photometric());
    }

    /**
     * Rearranges CharLS's output into DICOM native form: sample-interleaved, {@code bitsAllocated / 8}
     * bytes per sample. CharLS writes 1 byte per sample up to 8 bits, else 2 bytes (little-endian
     * after charls_jni.c); colour comes out as component planes (RRR..GGG..BBB) for interleave mode
     * none, and sample-interleaved (RGBRGB) for line and sample modes, as CharLS 2.x fills the
     * caller's buffer the same way for both. The tests decode dcmtk streams of all three modes.
     */
    private static byte[] toNativeLayout(byte[] raw, FrameFormat format, int bitsPerSample, int interleaveMode)
            throws CodecException {
        int inBytes = bitsPerSample > 8 ? 2 : 1;
        int outBytes = format.bitsAllocated() / 8;
        int spp = format.samplesPerPixel();
        if ((long) raw.length != format.sampleCount() * inBytes) {
            throw new CodecException("CharLS returned " + raw.length + " bytes, expected " + format.sampleCount()
                    + " samples of " + inBytes + " bytes");
        }
        boolean interleaved = spp == 1 || interleaveMode == INTERLEAVE_SAMPLE || interleaveMode == INTERLEAVE_LINE;
        if (interleaved && inBytes == outBytes) {
            return signExtended(raw, format);
        }
        int pixels = format.rows() * format.columns(); // fits: frameBytes was checked against the array limit
        byte[] out = new byte[Math.toIntExact(format.frameBytes())];
        for (int pixel = 0; pixel < pixels; pixel++) {
            for (int c = 0; c < spp; c++) {
                int src = interleaved ? pixel * spp + c : c * pixels + pixel;
                int from = src * inBytes;
                int to = (pixel * spp + c) * outBytes;
                out[to] = raw[from];
                if (outBytes == 2) {
                    out[to + 1] = inBytes == 2 ? raw[from + 1] : 0;
                }
            }
        }
        return signExtended(out, format);
    }

    /**
     * JPEG-LS codes the stored bits as unsigned numbers; for signed pixel data with Bits Stored
     * below Bits Allocated this copies the sign bit (High Bit) into the bits above it, in place, so
     * the samples read as two's-complement values of Bits Allocated bits like other decoders' output.
     */
    private static byte[] signExtended(byte[] samples, FrameFormat format) {
        if (!format.signed() || format.bitsStored() >= format.bitsAllocated()) {
            return samples;
        }
        int shift = 32 - format.bitsStored();
        if (format.bitsAllocated() == 8) {
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (byte) ((samples[i] << shift) >> shift);
            }
        } else {
            for (int i = 0; i + 1 < samples.length; i += 2) {
                int v = ((samples[i] & 0xFF) | (samples[i + 1] & 0xFF) << 8) << shift >> shift;
                samples[i] = (byte) v;
                samples[i + 1] = (byte) (v >> 8);
            }
        }
        return samples;
    }

    /**
     * Decodes a JPEG-LS stream with CharLS (charls_jni.c). Checks the stream's frame header against
     * the expected values before allocating, fills {@code info} (see the INFO_ constants) and
     * returns the samples in CharLS's layout.
     *
     * @throws CodecException with CharLS's message if the stream is corrupt or does not match
     */
    private static native byte[] decodeNative(byte[] encoded, int expectedWidth, int expectedHeight,
            int expectedComponents, int maxBitsPerSample, int[] info) throws CodecException;

    /** Outcome of loading the native part: usable, or the reason it is not. */
    record NativeStatus(boolean available, String reason) {
        /** @throws IllegalArgumentException if unavailable without a reason */
        NativeStatus {
            if (!available && (reason == null || reason.isBlank())) {
                throw new IllegalArgumentException("an unavailable native library needs a reason");
            }
        }
    }

    /** Loads the native part once per class loader, on first use (lazy holder idiom). */
    private static final class NativeLibrary {
        static final NativeStatus STATUS = load(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                LINUX_X86_64_RESOURCE, JpegLsDecoder.class.getResource(LINUX_X86_64_RESOURCE));

        private NativeLibrary() {}
    }

    /**
     * Extracts the JNI shim to a temporary file, loads it and checks that its entry point answers.
     *
     * @param osName the {@code os.name} to load for
     * @param osArch the {@code os.arch} to load for
     * @param resource name of the shim's class-path resource, for messages
     * @param location where that resource is, or null if it is not on the class path
     * @return whether decoding is possible, and if not why
     */
    static NativeStatus load(String osName, String osArch, String resource, URL location) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return unavailable("no JPEG-LS native library is bundled for " + osName + "/" + osArch
                    + " (only linux-x86_64)");
        }
        if (location == null) {
            return unavailable("the native library " + resource + " is not on the class path (the inference"
                    + " build compiles it only where gcc and Debian's libcharls-dev are installed)");
        }
        Path file;
        try (InputStream in = location.openStream()) {
            file = Files.createTempFile("dicomcnn_charls", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            return unavailable("cannot extract " + resource + " to a temporary file: " + e.getMessage());
        }
        try {
            System.load(file.toAbsolutePath().toString());
            probe();
        } catch (UnsatisfiedLinkError e) {
            return unavailable(explain(e, resource));
        } finally {
            deleteQuietly(file);
        }
        LOG.debug("JPEG-LS decoding through CharLS ({} loaded)", resource);
        return new NativeStatus(true, "");
    }

    /** Calls the entry point with an empty stream, which it must reject with a CodecException. */
    private static void probe() {
        try {
            decodeNative(new byte[0], 1, 1, 1, 8, new int[INFO_LENGTH]);
            throw new UnsatisfiedLinkError("the JNI entry point accepted an empty stream; the native library is"
                    + " not the one built from charls_jni.c");
        } catch (CodecException expected) {
            // the shim answered as it should
        }
    }

    /** Turns a loader error into a reason a person can act on. */
    static String explain(UnsatisfiedLinkError e, String resource) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("libcharls")) {
            return "libcharls.so.2 (Debian package libcharls2) is missing or unusable: " + message;
        }
        return "cannot load the native library " + resource + ": " + message;
    }

    private static NativeStatus unavailable(String reason) {
        LOG.warn("JPEG-LS decoding unavailable: {}", reason);
        return new NativeStatus(false, reason);
    }

    /** The loaded library stays mapped after its file is removed (POSIX); deleteOnExit is the fallback. */
    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | SecurityException e) {
            LOG.debug("cannot delete {} now, will at exit: {}", file, e.getMessage());
        }
    }
}
