package org.dicomcnn.dicom.codec;

import com.pixelmed.dicom.TransferSyntax;
import java.util.List;
import java.util.Map;
import org.dicomcnn.dicom.codec.jpeg.JpegDecoder;
import org.dicomcnn.dicom.codec.jpegls.JpegLsDecoder;

/**
 * The transfer syntaxes this product reads, and the decoder for each encapsulated one. The
 * conformance statement in {@code docs/} lists the same table.
 */
public final class TransferSyntaxes {

    /**
     * One supported transfer syntax.
     *
     * @param uid its UID
     * @param name its name in PS3.6
     * @param encapsulated whether pixel data is compressed in fragments
     */
    public record Supported(String uid, String name, boolean encapsulated) {}

    private static final List<Supported> SUPPORTED = List.of(
            new Supported(TransferSyntax.ImplicitVRLittleEndian, "Implicit VR Little Endian", false),
            new Supported(TransferSyntax.ExplicitVRLittleEndian, "Explicit VR Little Endian", false),
            new Supported(TransferSyntax.ExplicitVRBigEndian, "Explicit VR Big Endian (retired)", false),
            new Supported(TransferSyntax.DeflatedExplicitVRLittleEndian, "Deflated Explicit VR Little Endian", false),
            new Supported(TransferSyntax.JPEGBaseline, "JPEG Baseline (Process 1)", true),
            new Supported(TransferSyntax.JPEGExtended, "JPEG Extended (Process 2 & 4)", true),
            new Supported(TransferSyntax.JPEGLossless, "JPEG Lossless, Non-Hierarchical (Process 14)", true),
            new Supported(TransferSyntax.JPEGLosslessSV1,
                    "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", true),
            new Supported(TransferSyntax.JPEG2000Lossless, "JPEG 2000 Image Compression (Lossless Only)", true),
            new Supported(TransferSyntax.JPEG2000, "JPEG 2000 Image Compression", true),
            new Supported(TransferSyntax.RLE, "RLE Lossless", true),
            new Supported(TransferSyntax.JPEGLS, "JPEG-LS Lossless Image Compression", true),
            new Supported(TransferSyntax.JPEGNLS, "JPEG-LS Lossy (Near-Lossless) Image Compression", true));

    private static final Map<String, String> KNOWN_UNSUPPORTED = Map.of(
            TransferSyntax.JPEGFullProgressionNonHierarchical1012, "JPEG Spectral Selection / Progressive (retired)",
            "1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)",
            "1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)",
            "1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000");

    private TransferSyntaxes() {}

    /** The supported transfer syntaxes, native first. */
    public static List<Supported> supported() {
        return SUPPORTED;
    }

    /** Whether pixel data in this syntax is native (not encapsulated) and supported. */
    public static boolean isNative(String uid) {
        return SUPPORTED.stream().anyMatch(s -> s.uid().equals(uid) && !s.encapsulated());
    }

    /** A readable name for a transfer syntax UID, for messages. */
    public static String name(String uid) {
        return SUPPORTED.stream().filter(s -> s.uid().equals(uid)).map(Supported::name).findFirst()
                .orElse(KNOWN_UNSUPPORTED.getOrDefault(uid, "unknown transfer syntax"));
    }

    /**
     * The decoder for an encapsulated transfer syntax.
     *
     * @param uid the transfer syntax UID
     * @return a thread-safe decoder
     * @throws CodecException "unsupported transfer syntax UID (name)" when none is available
     */
    public static FrameDecoder decoderFor(String uid) throws CodecException {
        if (TransferSyntax.RLE.equals(uid)) {
            return RLE;
        }
        if (TransferSyntax.JPEGBaseline.equals(uid) || TransferSyntax.JPEGExtended.equals(uid)
                || TransferSyntax.JPEGLossless.equals(uid) || TransferSyntax.JPEGLosslessSV1.equals(uid)) {
            return JPEG;
        }
        if (TransferSyntax.JPEG2000.equals(uid) || TransferSyntax.JPEG2000Lossless.equals(uid)) {
            return JPEG_2000;
        }
        if (TransferSyntax.JPEGLS.equals(uid)) {
            return JPEG_LS;
        }
        if (TransferSyntax.JPEGNLS.equals(uid)) {
            return JPEG_LS_NEAR_LOSSLESS;
        }
        throw new CodecException("unsupported transfer syntax " + uid + " (" + name(uid) + ")");
    }

    private static final FrameDecoder RLE = new RleDecoder();
    private static final FrameDecoder JPEG = new JpegDecoder();
    private static final FrameDecoder JPEG_2000 = new Jpeg2000Decoder();
    // JPEG-LS decodes through Debian's CharLS; without it these report the unsupported syntax.
    private static final FrameDecoder JPEG_LS = new JpegLsDecoder(TransferSyntax.JPEGLS);
    private static final FrameDecoder JPEG_LS_NEAR_LOSSLESS = new JpegLsDecoder(TransferSyntax.JPEGNLS);
}
