package org.dicomcnn.dicom.codec.jpeg;

import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.dicom.codec.CodecException;

/**
 * Reads the markers and marker segments of a JPEG stream (ITU-T T.81 Annex B) from a byte
 * array, checking every length and field against the end of the data and the ranges T.81
 * allows before using it.
 *
 * <p>Positions are byte offsets into the stream; messages quote them. One instance serves one
 * decoding call.
 */
final class SegmentReader {

    private final byte[] data;
    private int position;

    /** @param data the whole JPEG stream */
    SegmentReader(byte[] data) {
        this.data = data;
    }

    /** The offset of the next byte to read. */
    int position() {
        return position;
    }

    /** Continues reading at {@code offset} (after a scan's entropy-coded data). */
    void seek(int offset) {
        position = offset;
    }

    /**
     * Reads the SOI marker the stream must start with (B.2.1).
     *
     * @throws CodecException if the stream starts with anything else
     */
    void readStartOfImage() throws CodecException {
        if (data.length < 2 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != JpegMarker.SOI) {
            throw new CodecException("JPEG data does not start with the SOI marker 0xFFD8 (found "
                    + hexStart() + ")");
        }
        position = 2;
    }

    /**
     * Reads the next marker, skipping fill bytes 0xFF (B.1.1.2).
     *
     * @return the marker code, the byte after 0xFF
     * @throws CodecException if the data ends or the next byte is not 0xFF
     */
    int readMarker() throws CodecException {
        if (position >= data.length) {
            throw new CodecException("JPEG data ends at offset " + data.length
                    + " without an EOI marker");
        }
        if ((data[position] & 0xFF) != 0xFF) {
            throw new CodecException(String.format(
                    "expected a JPEG marker at offset %d, found byte 0x%02X", position,
                    data[position] & 0xFF));
        }
        while (position < data.length && (data[position] & 0xFF) == 0xFF) {
            position++;
        }
        if (position >= data.length) {
            throw new CodecException("JPEG data ends in fill bytes at offset " + data.length
                    + " without an EOI marker");
        }
        int code = data[position++] & 0xFF;
        if (code == 0) {
            throw new CodecException("found stuffed byte 0xFF00 at offset " + (position - 2)
                    + " where a JPEG marker was expected");
        }
        return code;
    }

    /**
     * Reads a segment's length field (B.1.1.4) and checks that the segment fits the data.
     *
     * @param code the segment's marker, for messages
     * @return the offset just after the segment
     */
    private int segmentEnd(int code) throws CodecException {
        int start = position - 2;
        if (position + 2 > data.length) {
            throw new CodecException("JPEG " + JpegMarker.name(code) + " segment at offset "
                    + start + " is cut off before its length field");
        }
        int length = u16(position);
        int remaining = data.length - position;
        if (length < 2 || length > remaining) {
            throw new CodecException("JPEG " + JpegMarker.name(code) + " segment at offset "
                    + start + " declares length " + length + " but "
                    + (length < 2 ? "the minimum is 2" : "only " + remaining
                    + " bytes remain"));
        }
        position += 2;
        return position - 2 + length;
    }

    /** Skips a segment whose content is not needed (APPn, COM, JPGn, DAC). */
    void skipSegment(int code) throws CodecException {
        position = segmentEnd(code);
    }

    /**
     * Reads a frame header (B.2.2) and checks its fields against T.81's ranges.
     *
     * @param code the SOFn marker code
     */
    FrameHeader readFrameHeader(int code) throws CodecException {
        int end = segmentEnd(code);
        String sof = JpegMarker.name(code);
        requireBytes(end, 6, sof);
        int precision = data[position] & 0xFF;
        int lines = u16(position + 1);
        int samplesPerLine = u16(position + 3);
        int count = data[position + 5] & 0xFF;
        position += 6;
        if (count < 1 || count > 4) {
            throw new CodecException("JPEG " + sof + " declares " + count
                    + " components; T.81 allows 1 to 4 in a sequential or lossless frame");
        }
        if (end - position != 3 * count) {
            throw new CodecException("JPEG " + sof + " segment has " + (end - position)
                    + " bytes of component data, expected " + (3 * count) + " for " + count
                    + " components");
        }
        List<FrameHeader.Component> components = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = data[position] & 0xFF;
            int h = (data[position + 1] & 0xFF) >>> 4;
            int v = data[position + 1] & 0x0F;
            int tq = data[position + 2] & 0xFF;
            position += 3;
            if (h < 1 || h > 4 || v < 1 || v > 4) {
                throw new CodecException("JPEG " + sof + " component " + id
                        + " declares sampling factors " + h + "x" + v + "; T.81 allows 1 to 4");
            }
            if (tq > 3) {
                throw new CodecException("JPEG " + sof + " component " + id
                        + " refers to quantization table " + tq + "; T.81 allows 0 to 3");
            }
            for (FrameHeader.Component other : components) {
                if (other.id() == id) {
                    throw new CodecException("JPEG " + sof + " declares component " + id
                            + " twice");
                }
            }
            components.add(new FrameHeader.Component(id, h, v, tq));
        }
        return new FrameHeader(code, precision, lines, samplesPerLine, components);
    }

    /**
     * Reads the Huffman tables of a DHT segment (B.2.4.2) into {@code dc} and {@code ac},
     * replacing earlier tables with the same destination.
     */
    void readHuffmanTables(HuffmanTable[] dc, HuffmanTable[] ac) throws CodecException {
        int end = segmentEnd(JpegMarker.DHT);
        while (position < end) {
            requireBytes(end, 17, "DHT");
            int tc = (data[position] & 0xFF) >>> 4;
            int th = data[position] & 0x0F;
            if (tc > 1 || th > 3) {
                throw new CodecException(String.format("JPEG DHT at offset %d declares table "
                        + "class %d and destination %d; T.81 allows class 0 or 1 and "
                        + "destinations 0 to 3", position, tc, th));
            }
            String name = (tc == 0 ? "DC" : "AC") + th;
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) {
                counts[l] = data[position + l] & 0xFF;
                total += counts[l];
            }
            position += 17;
            if (total > 256) {
                throw new CodecException("JPEG Huffman table " + name + " declares " + total
                        + " codes; at most 256 are possible");
            }
            requireBytes(end, total, "DHT table " + name);
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = data[position + i] & 0xFF;
            }
            position += total;
            HuffmanTable table = new HuffmanTable(name, counts, symbols);
            if (tc == 0) {
                dc[th] = table;
            } else {
                ac[th] = table;
            }
        }
    }

    /**
     * Reads the quantization tables of a DQT segment (B.2.4.1) into {@code tables}, converting
     * them from zig-zag to natural order.
     */
    void readQuantizationTables(int[][] tables) throws CodecException {
        int end = segmentEnd(JpegMarker.DQT);
        while (position < end) {
            int pq = (data[position] & 0xFF) >>> 4;
            int tq = data[position] & 0x0F;
            if (pq > 1 || tq > 3) {
                throw new CodecException(String.format("JPEG DQT at offset %d declares "
                        + "precision %d and destination %d; T.81 allows precision 0 or 1 and "
                        + "destinations 0 to 3", position, pq, tq));
            }
            position++;
            requireBytes(end, 64 * (pq + 1), "DQT table " + tq);
            int[] table = new int[64];
            for (int k = 0; k < 64; k++) {
                table[DctScanDecoder.ZIGZAG[k]] = pq == 0 ? data[position + k] & 0xFF
                        : u16(position + 2 * k);
            }
            position += 64 * (pq + 1);
            tables[tq] = table;
        }
    }

    /** Reads a DRI segment (B.2.4.4): the number of MCUs per restart interval, 0 for none. */
    int readRestartInterval() throws CodecException {
        int end = segmentEnd(JpegMarker.DRI);
        if (end - position != 2) {
            throw new CodecException("JPEG DRI segment has length " + (end - position + 2)
                    + ", expected 4");
        }
        int interval = u16(position);
        position = end;
        return interval;
    }

    /**
     * Reads a scan header (B.2.3) and resolves its component selectors against the frame.
     *
     * @param frame the frame the scan belongs to
     */
    ScanHeader readScanHeader(FrameHeader frame) throws CodecException {
        int end = segmentEnd(JpegMarker.SOS);
        requireBytes(end, 1, "SOS");
        int count = data[position++] & 0xFF;
        if (count < 1 || count > 4) {
            throw new CodecException("JPEG SOS declares " + count
                    + " components; T.81 allows 1 to 4");
        }
        if (end - position != 2 * count + 3) {
            throw new CodecException("JPEG SOS segment has " + (end - position)
                    + " bytes after the component count, expected " + (2 * count + 3) + " for "
                    + count + " components");
        }
        List<ScanHeader.Component> components = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = data[position] & 0xFF;
            int td = (data[position + 1] & 0xFF) >>> 4;
            int ta = data[position + 1] & 0x0F;
            position += 2;
            int index = frame.indexOf(id);
            if (index < 0) {
                throw new CodecException("JPEG SOS refers to component " + id
                        + ", which the frame header does not declare");
            }
            for (ScanHeader.Component other : components) {
                if (other.frameIndex() == index) {
                    throw new CodecException("JPEG SOS lists component " + id + " twice");
                }
            }
            if (td > 3 || ta > 3) {
                throw new CodecException("JPEG SOS component " + id + " selects Huffman tables DC"
                        + td + " and AC" + ta + "; T.81 allows 0 to 3");
            }
            components.add(new ScanHeader.Component(index, td, ta));
        }
        int ss = data[position] & 0xFF;
        int se = data[position + 1] & 0xFF;
        int ah = (data[position + 2] & 0xFF) >>> 4;
        int al = data[position + 2] & 0x0F;
        position = end;
        return new ScanHeader(components, ss, se, ah, al);
    }

    private void requireBytes(int end, int needed, String what) throws CodecException {
        if (end - position < needed) {
            throw new CodecException("JPEG " + what + " at offset " + position + " needs "
                    + needed + " bytes but its segment has only " + (end - position) + " left");
        }
    }

    private int u16(int offset) {
        return ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
    }

    private String hexStart() {
        if (data.length == 0) {
            return "no data";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(4, data.length); i++) {
            sb.append(String.format("%02X", data[i] & 0xFF));
        }
        return "0x" + sb;
    }
}
