package org.dicomcnn.dicom.codec.jpeg;

import java.util.Objects;
import org.dicomcnn.dicom.codec.CodecException;
import org.dicomcnn.dicom.codec.DecodedFrame;
import org.dicomcnn.dicom.codec.FrameDecoder;
import org.dicomcnn.dicom.codec.FrameFormat;

/**
 * Decodes one JPEG-compressed DICOM frame in pure Java: baseline (1.2.840.10008.1.2.4.50),
 * extended sequential 8/12-bit (1.2.840.10008.1.2.4.51) and lossless process 14 with any
 * predictor and point transform (1.2.840.10008.1.2.4.57 and 1.2.840.10008.1.2.4.70).
 *
 * <p>One or three components, interleaved or not, subsampled chroma (upsampled with the IJG
 * triangle filter of the IJG library, as DCMTK does), restart intervals, tables redefined between
 * scans, application and comment segments and fill bytes are supported. Progressive,
 * hierarchical and arithmetic-coded processes, lossless frames coded in more than one scan per
 * component and lossless frames with subsampled components are rejected with a
 * {@link CodecException} naming what was found.
 *
 * <p>The output holds the components as coded: no colour conversion. A "YBR_FULL_422" (or
 * "YBR_FULL") frame comes back as "YBR_FULL"; any other photometric interpretation is passed
 * through. DCT samples are level-shifted and clamped to 0 .. 2^P - 1; lossless samples are the
 * exact P-bit patterns (signed data is sign-extended by the caller).
 *
 * <p>The decoder is stateless and thread-safe; every call works on its own
 * {@code DecodeSession}.
 *
 * <pre>{@code
 * FrameDecoder decoder = new JpegDecoder();
 * FrameFormat format = new FrameFormat(512, 512, 1, 16, 16, true, "MONOCHROME2");
 * DecodedFrame frame = decoder.decode(compressedFrameBytes, format);
 * // frame.pixels(): 512 * 512 little-endian 16-bit samples
 * }</pre>
 */
public final class JpegDecoder implements FrameDecoder {

    /** Largest frame this decoder produces: one Java array. */
    private static final long MAX_FRAME_BYTES = Integer.MAX_VALUE - 16;

    /** Creates a decoder; it has no configuration and may be shared between threads. */
    public JpegDecoder() {}

    /**
     * Decodes one frame.
     *
     * @param encoded the frame's JPEG stream from SOI to EOI (trailing padding is ignored)
     * @param format what the DICOM header declares; Bits Allocated must be 8 or 16
     * @return little-endian, sample-interleaved samples of {@code format.frameBytes()} bytes
     * @throws CodecException if the stream is corrupt, disagrees with {@code format} or uses a
     *     JPEG process this decoder does not implement; the message says which
     */
    @Override
    public DecodedFrame decode(byte[] encoded, FrameFormat format) throws CodecException {
        Objects.requireNonNull(format, "format");
        if (encoded == null || encoded.length == 0) {
            throw new CodecException("JPEG data is empty");
        }
        if (format.bitsAllocated() != 8 && format.bitsAllocated() != 16) {
            throw new CodecException("JPEG frames decode to Bits Allocated 8 or 16, the DICOM "
                    + "header declares " + format.bitsAllocated());
        }
        if (format.frameBytes() > MAX_FRAME_BYTES) {
            throw new CodecException("a frame of " + format.frameBytes() + " bytes ("
                    + format.columns() + " x " + format.rows() + " x "
                    + format.samplesPerPixel() + " samples) exceeds the " + MAX_FRAME_BYTES
                    + "-byte limit of one array");
        }
        try {
            return new DecodeSession(encoded, format).run();
        } catch (RuntimeException e) {
            // Last safety net: every known failure is reported as a CodecException above.
            throw new CodecException("corrupt JPEG data: " + e, e);
        }
    }
}
