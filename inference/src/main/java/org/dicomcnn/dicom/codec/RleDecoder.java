package org.dicomcnn.dicom.codec;

/**
 * DICOM RLE Lossless (1.2.840.10008.1.2.5), PS3.5 Annex G: a 64-byte header of segment offsets,
 * then one PackBits-compressed segment per byte plane, most significant byte first, for each
 * sample in turn. Handles 8, 16 and 32-bit samples and 1 or 3 samples per pixel.
 */
public final class RleDecoder implements FrameDecoder {

    private static final int HEADER_BYTES = 64;
    private static final int MAX_SEGMENTS = 15;

    @Override
    public DecodedFrame decode(byte[] encoded, FrameFormat format) throws CodecException {
        if (encoded.length < HEADER_BYTES) {
            throw new CodecException("RLE frame is " + encoded.length + " bytes, shorter than its 64-byte header");
        }
        int bytesPerSample = format.bitsAllocated() / 8;
        int expectedSegments = format.samplesPerPixel() * bytesPerSample;
        int segments = readInt(encoded, 0);
        if (segments != expectedSegments || segments > MAX_SEGMENTS) {
            throw new CodecException("RLE header declares " + Integer.toUnsignedString(segments) + " segments, "
                    + expectedSegments + " expected for " + format.samplesPerPixel() + " sample(s) of "
                    + format.bitsAllocated() + " bits");
        }
        int pixels = Math.multiplyExact(format.rows(), format.columns());
        byte[] out = new byte[Math.toIntExact(format.frameBytes())];
        for (int s = 0; s < segments; s++) {
            long start = Integer.toUnsignedLong(readInt(encoded, 4 + 4 * s));
            long end = s + 1 < segments ? Integer.toUnsignedLong(readInt(encoded, 8 + 4 * s)) : encoded.length;
            if (start < HEADER_BYTES || end > encoded.length || start > end) {
                throw new CodecException("RLE segment " + s + " offsets " + start + ".." + end
                        + " lie outside the " + encoded.length + "-byte frame");
            }
            int sample = s / bytesPerSample;
            int byteInSample = bytesPerSample - 1 - s % bytesPerSample; // segments are MSB first
            int stride = format.samplesPerPixel() * bytesPerSample;
            int decoded = unpackSegment(encoded, (int) start, (int) end, out,
                    sample * bytesPerSample + byteInSample, stride, pixels);
            if (decoded < pixels) {
                throw new CodecException("RLE segment " + s + " decoded to " + decoded + " of " + pixels + " bytes");
            }
        }
        return new DecodedFrame(out, format.photometric());
    }

    /**
     * PackBits: a header byte n in 0..127 copies the next n+1 bytes; -127..-1 repeats the next
     * byte 1-n times; -128 is a no-op. Writes every {@code stride}-th byte of {@code out} from
     * {@code first}; stops after {@code count} bytes. Returns how many were written.
     */
    private static int unpackSegment(byte[] in, int pos, int end, byte[] out, int first, int stride, int count) {
        int written = 0;
        int o = first;
        while (pos < end && written < count) {
            int n = in[pos++];
            if (n >= 0) {
                int run = Math.min(n + 1, Math.min(end - pos, count - written));
                for (int i = 0; i < run; i++, o += stride) {
                    out[o] = in[pos++];
                }
                written += run;
                if (run < n + 1 && written < count) {
                    break; // the literal run is cut off by the end of the segment
                }
            } else if (n != -128) {
                if (pos >= end) {
                    break;
                }
                byte value = in[pos++];
                int run = Math.min(1 - n, count - written);
                for (int i = 0; i < run; i++, o += stride) {
                    out[o] = value;
                }
                written += run;
            }
        }
        return written;
    }

    private static int readInt(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
