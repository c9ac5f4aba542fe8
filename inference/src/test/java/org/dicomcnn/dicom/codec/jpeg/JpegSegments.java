package org.dicomcnn.dicom.codec.jpeg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal, independent walk over the marker segments of a well-formed JPEG stream, used by
 * tests to damage or rearrange third-party streams (remove a DHT, change the SOF, move a DQT).
 */
final class JpegSegments {

    private JpegSegments() {}

    /**
     * One marker segment.
     *
     * @param code the marker code (byte after 0xFF)
     * @param offset offset of the 0xFF
     * @param length bytes from the 0xFF to the end of the segment (for SOS: to the end of its
     *     entropy-coded data)
     */
    record Segment(int code, int offset, int length) {
        int end() {
            return offset + length;
        }
    }

    /** The segments from SOI to EOI. */
    static List<Segment> list(byte[] jpeg) {
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment(0xD8, 0, 2));
        int p = 2;
        while (p + 1 < jpeg.length) {
            if ((jpeg[p] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("no marker at " + p);
            }
            int start = p;
            while ((jpeg[p] & 0xFF) == 0xFF) {
                p++;
            }
            int code = jpeg[p++] & 0xFF;
            if (code == 0xD9) {
                segments.add(new Segment(code, start, p - start));
                break;
            }
            int length = ((jpeg[p] & 0xFF) << 8) | (jpeg[p + 1] & 0xFF);
            p += length;
            if (code == 0xDA) {
                while (p + 1 < jpeg.length) {
                    int b = jpeg[p + 1] & 0xFF;
                    if ((jpeg[p] & 0xFF) == 0xFF && b != 0 && b != 0xFF && (b < 0xD0 || b > 0xD7)) {
                        break;
                    }
                    p++;
                }
            }
            segments.add(new Segment(code, start, p - start));
        }
        return segments;
    }

    /** The first segment with {@code code}, or the n-th when {@code index} is given. */
    static Segment find(byte[] jpeg, int code, int index) {
        int seen = 0;
        for (Segment s : list(jpeg)) {
            if (s.code() == code && seen++ == index) {
                return s;
            }
        }
        throw new IllegalArgumentException(String.format("no segment 0xFF%02X #%d", code, index));
    }

    /** The stream without one segment. */
    static byte[] remove(byte[] jpeg, Segment s) {
        byte[] out = new byte[jpeg.length - s.length()];
        System.arraycopy(jpeg, 0, out, 0, s.offset());
        System.arraycopy(jpeg, s.end(), out, s.offset(), jpeg.length - s.end());
        return out;
    }

    /** The stream with {@code bytes} inserted at {@code offset}. */
    static byte[] insert(byte[] jpeg, int offset, byte[] bytes) {
        byte[] out = new byte[jpeg.length + bytes.length];
        System.arraycopy(jpeg, 0, out, 0, offset);
        System.arraycopy(bytes, 0, out, offset, bytes.length);
        System.arraycopy(jpeg, offset, out, offset + bytes.length, jpeg.length - offset);
        return out;
    }

    /** The bytes of one segment. */
    static byte[] bytes(byte[] jpeg, Segment s) {
        return Arrays.copyOfRange(jpeg, s.offset(), s.end());
    }
}
