package org.dicomcnn.dicom.codec.jpeg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.dicomcnn.dicom.codec.CodecException;

/**
 * Reads the bits of one scan's entropy-coded segments (ITU-T T.81 B.1.1.5, F.2.2.5) from a byte
 * array: removes the 0x00 stuffed after every 0xFF data byte, stops in front of the first marker,
 * and steps over restart markers between restart intervals.
 *
 * <p>Bits are kept right-aligned in a 64-bit buffer that is refilled only when fewer than 16 bits
 * (the longest Huffman code) remain, so decoding a symbol costs one table access and a shift.
 * Refilling takes eight bytes at once when none of them is 0xFF. Once a marker or the end of
 * the data is reached the buffer is padded with zero bytes, as the IJG library does;
 * {@link #overran()} tells whether decoding has consumed any of that padding, which means the
 * entropy-coded data was shorter than the frame needs.
 *
 * <p>One instance serves one scan of one decoding call; it is not thread-safe.
 */
final class EntropyReader {

    /** Reads eight bytes as one big-endian long; immutable, shared by all instances. */
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Bits that {@link #decode} makes sure are buffered: the longest code (measured best). */
    private static final int REFILL_BELOW = HuffmanTable.MAX_CODE_LENGTH;

    private final byte[] data;
    private final int limit;
    /** Next byte to read into the bit buffer. */
    private int position;
    /** Unconsumed bits, right-aligned. */
    private long bits;
    /** How many low bits of {@link #bits} are unconsumed. */
    private int bitCount;
    /** Offset of the 0xFF that starts the marker ending this segment, or -1 before it is met. */
    private int markerOffset = -1;
    /** Zero bytes appended after the marker (or the end of the data) was met. */
    private int paddingBytes;

    /**
     * @param data the whole JPEG stream
     * @param start offset of the first entropy-coded byte, just after the SOS segment
     */
    EntropyReader(byte[] data, int start) {
        this.data = data;
        this.limit = data.length;
        this.position = start;
    }

    /**
     * Tops the bit buffer up to at least 57 bits (F.2.2.5 NEXTBIT, done a byte or eight bytes
     * at a time).
     */
    private void fill() {
        while (bitCount <= 56) {
            if (markerOffset < 0 && position + 8 <= limit) {
                long word = (long) BIG_ENDIAN_LONG.get(data, position);
                long inverted = ~word;
                // No byte is 0xFF (no inverted byte is zero): no stuffing, no marker.
                if (((inverted - 0x0101010101010101L) & ~inverted & 0x8080808080808080L) == 0) {
                    int bytes = (64 - bitCount) >>> 3;
                    bits = bytes == 8 ? word : (bits << (bytes * 8)) | (word >>> (64 - bytes * 8));
                    bitCount += bytes * 8;
                    position += bytes;
                    continue;
                }
            }
            int b;
            if (markerOffset >= 0) {
                b = 0;
                paddingBytes++;
            } else if (position >= limit) {
                markerOffset = limit;
                continue;
            } else {
                b = data[position] & 0xFF;
                if (b == 0xFF) {
                    int next = position + 1 < limit ? data[position + 1] & 0xFF : -1;
                    if (next != 0) {
                        // A marker (or fill bytes before one, B.1.1.2) ends the segment.
                        markerOffset = position;
                        continue;
                    }
                    position += 2; // 0xFF 0x00: a stuffed data byte 0xFF (F.1.2.3)
                } else {
                    position++;
                }
            }
            bits = (bits << 8) | b;
            bitCount += 8;
        }
    }

    /**
     * Decodes one Huffman-coded symbol (F.2.2.3 DECODE).
     *
     * @throws CodecException if the next bits are no code of the table
     */
    int decode(HuffmanTable table) throws CodecException {
        if (bitCount < REFILL_BELOW) {
            fill();
        }
        int entry = table.lookahead[
                (int) (bits >>> (bitCount - HuffmanTable.LOOKAHEAD_BITS))
                        & ((1 << HuffmanTable.LOOKAHEAD_BITS) - 1)];
        if (entry == 0) {
            entry = table.decodeLong((int) (bits >>> (bitCount - HuffmanTable.MAX_CODE_LENGTH))
                    & 0xFFFF);
            if (entry == 0) {
                throw new CodecException("invalid Huffman code for table " + table.name
                        + " in the entropy-coded data near byte offset " + approximateOffset());
            }
        }
        bitCount -= entry >>> 8;
        return entry & 0xFF;
    }

    /**
     * Decodes one lossless difference (T.81 H.1.2.2, Table H.2): a Huffman-coded magnitude
     * category followed by that many extra bits; category 16 means 32768 without extra bits.
     *
     * @throws CodecException if the code is invalid or its category exceeds 16
     */
    int decodeDifference(HuffmanTable table) throws CodecException {
        int size = decode(table);
        if (size == 0) {
            return 0;
        }
        if (size >= 16) {
            if (size == 16) {
                return 32768;
            }
            throw new CodecException("lossless difference category " + size
                    + " from Huffman table " + table.name + " exceeds 16 (T.81 Table H.2)");
        }
        if (bitCount < size) {
            fill();
        }
        bitCount -= size;
        int value = (int) (bits >>> bitCount) & ((1 << size) - 1);
        return value < (1 << (size - 1)) ? value - (1 << size) + 1 : value;
    }

    /**
     * Reads {@code size} more bits and sign-extends them as a difference or coefficient of that
     * magnitude category (F.2.2.1 RECEIVE and EXTEND, Figure F.12).
     *
     * @param size the magnitude category, 0 to 15
     */
    int receiveExtend(int size) {
        if (size == 0) {
            return 0;
        }
        if (bitCount < size) {
            fill();
        }
        bitCount -= size;
        int value = (int) (bits >>> bitCount) & ((1 << size) - 1);
        return value < (1 << (size - 1)) ? value - (1 << size) + 1 : value;
    }

    /**
     * True once decoding has consumed bits beyond the last entropy-coded byte: the zero padding
     * after a marker or after the end of the data.
     */
    boolean overran() {
        return paddingBytes * 8 > bitCount;
    }

    /**
     * Ends a restart interval (E.2.4, B.2.1): discards the remaining bits of the last byte,
     * expects restart marker RSTn and positions the reader after it.
     *
     * @param expected n of the RSTn marker that must come next (0 to 7)
     * @param mcusDone MCUs decoded so far, for the message
     * @throws CodecException if the data overran, or the next marker is not the expected one
     */
    void restart(int expected, long mcusDone) throws CodecException {
        int marker = nextMarkerOffset();
        int code = marker < 0 ? -1 : data[marker + 1] & 0xFF;
        if (code != JpegMarker.RST0 + expected) {
            throw new CodecException("expected restart marker RST" + expected + " after MCU "
                    + mcusDone + ", found " + (code < 0 ? "the end of the data"
                    : JpegMarker.name(code) + " at offset " + marker));
        }
        position = marker + 2;
        bits = 0;
        bitCount = 0;
        markerOffset = -1;
        paddingBytes = 0;
    }

    /**
     * Offset of the 0xFF of the first marker after the bits consumed so far, skipping any
     * bytes the decoder did not need and any fill bytes 0xFF; -1 if the data ends first.
     */
    int nextMarkerOffset() {
        int p = markerOffset >= 0 ? markerOffset : position;
        while (p < limit) {
            if ((data[p] & 0xFF) != 0xFF) {
                p++;
                continue;
            }
            int q = p + 1;
            while (q < limit && (data[q] & 0xFF) == 0xFF) {
                q++;
            }
            if (q >= limit) {
                return -1;
            }
            if (data[q] != 0) {
                return q - 1;
            }
            p = q + 1;
        }
        return -1;
    }

    /** Roughly where decoding is, for messages: the byte the next unconsumed bit came from. */
    private int approximateOffset() {
        int end = markerOffset >= 0 ? markerOffset : position;
        return Math.max(0, end - (bitCount + 7) / 8 + paddingBytes);
    }
}
