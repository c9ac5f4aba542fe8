package org.dicomcnn.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Walks a file's element headers up to Pixel Data before PixelMed parses anything, checking
 * every declared length against the bytes that really follow it. PixelMed allocates a value's
 * array from its declared length; a 2 KB file declaring a 2 GB element would otherwise make it
 * allocate 2 GB. Walking costs one read of the header bytes, which PixelMed then parses from
 * memory, so a file's header is read from disk once.
 *
 * <p>Structure per PS3.5 7.1-7.5: explicit or implicit VR, either byte order, sequences and
 * items of defined or undefined length, and encapsulated pixel data (whose items are fragments,
 * not data sets).
 */
final class HeaderScanner {

    /**
     * What the walk found.
     *
     * @param header the bytes from the start of the file up to (not including) the top-level
     *     Pixel Data element, or the whole file when it has none
     * @param transferSyntaxUid the data set's transfer syntax
     * @param pixelTagOffset file offset of the top-level Pixel Data tag, or -1
     */
    record Scan(byte[] header, String transferSyntaxUid, long pixelTagOffset) {}

    private static final int PART10_PREFIX = 132;
    private static final int CHUNK = 64 * 1024;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int PIXEL_GROUP = 0x7FE0;

    private enum Kind { SEQUENCE, ITEM, FRAGMENTS }

    private record Container(Kind kind, long end) {}

    private final Path file;
    private final Source source;

    private HeaderScanner(Path file, Source source) {
        this.file = file;
        this.source = source;
    }

    /**
     * Walks a file.
     *
     * @param file the file, for messages
     * @param channel an open channel on it
     * @param size its size
     * @param part10 whether it starts with the 128-byte preamble and "DICM"
     * @return the header bytes, transfer syntax and Pixel Data position
     * @throws DicomLoadException if an element or item declares more bytes than remain
     */
    static Scan scan(Path file, FileChannel channel, long size, boolean part10) throws IOException {
        return new HeaderScanner(file, new FileSource(channel, size)).walk(part10);
    }

    /** Walks a data set already in memory (an inflated deflated data set): explicit VR little endian. */
    static Scan scanInflated(Path file, byte[] dataSet) throws IOException {
        HeaderScanner s = new HeaderScanner(file, new ArraySource(dataSet));
        long pixel = s.walkDataSet(0, true, false);
        return new Scan(s.source.prefix(pixel < 0 ? dataSet.length : pixel),
                TransferSyntax.ExplicitVRLittleEndian, pixel);
    }

    private Scan walk(boolean part10) throws IOException {
        String ts;
        long start;
        if (part10) {
            long[] end = new long[1];
            ts = walkMetaInformation(end);
            start = end[0];
        } else {
            start = 0;
            ts = guessTransferSyntax();
        }
        if (TransferSyntax.DeflatedExplicitVRLittleEndian.equals(ts)) {
            return new Scan(source.prefix(start), ts, -1); // the caller inflates and walks the rest
        }
        TransferSyntax syntax = new TransferSyntax(ts);
        if (!syntax.isRecognized()) {
            throw new DicomLoadException(file, "unsupported transfer syntax " + ts + " (unknown)");
        }
        long pixel = walkDataSet(start, syntax.isExplicitVR(), syntax.isBigEndian());
        return new Scan(source.prefix(pixel < 0 ? source.size() : pixel), ts, pixel);
    }

    /** Group 0002 is always explicit VR little endian (PS3.10 7.1); returns the transfer syntax. */
    private String walkMetaInformation(long[] endOut) throws IOException {
        long pos = PART10_PREFIX;
        String ts = null;
        while (source.has(pos, 8) && u16(pos, false) == 0x0002) {
            int element = u16(pos + 2, false);
            if (!isVrChar(source.get(pos + 4)) || !isVrChar(source.get(pos + 5))) {
                throw new DicomLoadException(file, "File Meta Information is not explicit VR little endian");
            }
            String vr = vr(pos + 4);
            int header = longVr(vr) ? 12 : 8;
            if (!source.has(pos, header)) {
                break;
            }
            long length = longVr(vr) ? u32(pos + 8, false) : u16(pos + 6, false);
            checkLength(0x0002, element, length, pos + header, source.size());
            if (element == 0x0010) {
                byte[] v = source.bytes(pos + header, (int) length);
                ts = new String(v, StandardCharsets.US_ASCII).replace("\0", "").trim();
            }
            pos += header + length;
        }
        if (ts == null || ts.isEmpty()) {
            throw new DicomLoadException(file, "File Meta Information lacks Transfer Syntax UID (0002,0010)");
        }
        endOut[0] = pos;
        return ts;
    }

    /** A data set without meta information: infer VR and byte order from the first element. */
    private String guessTransferSyntax() throws IOException {
        boolean bigEndian = source.get(0) == 0 && source.get(1) != 0;
        boolean explicit = isVrChar(source.get(4)) && isVrChar(source.get(5));
        if (!explicit) {
            return TransferSyntax.ImplicitVRLittleEndian;
        }
        return bigEndian ? TransferSyntax.ExplicitVRBigEndian : TransferSyntax.ExplicitVRLittleEndian;
    }

    /**
     * Walks data set elements from {@code pos}; returns the offset of the top-level Pixel Data
     * tag, or -1 when the data set ends without one.
     */
    private long walkDataSet(long pos, boolean explicit, boolean bigEndian) throws IOException {
        Deque<Container> open = new ArrayDeque<>();
        while (true) {
            while (!open.isEmpty() && open.peek().end() <= pos) {
                open.pop();
            }
            long limit = open.isEmpty() ? source.size() : Math.min(source.size(), open.peek().end());
            if (!source.has(pos, 8)) {
                if (open.isEmpty() && pos >= source.size() - 1) {
                    return -1; // end of data set (a single padding byte is tolerated)
                }
                if (open.isEmpty()) {
                    throw new DicomLoadException(file, "file ends inside an element header at byte " + pos + " (truncated?)");
                }
                throw new DicomLoadException(file, "file ends inside a sequence at byte " + pos + " (truncated?)");
            }
            int group = u16(pos, bigEndian);
            int element = u16(pos + 2, bigEndian);
            if (group == 0xFFFE) {
                long length = u32(pos + 4, bigEndian);
                pos = delimiterOrItem(open, element, length, pos, limit);
                continue;
            }
            if (open.isEmpty() && group == PIXEL_GROUP && (element == 0x0010 || element == 0x0008 || element == 0x0009)) {
                return pos;
            }
            String vr;
            int header;
            long length;
            if (explicit) {
                if (!isVrChar(source.get(pos + 4)) || !isVrChar(source.get(pos + 5))) {
                    throw new DicomLoadException(file, String.format(
                            "element (%04X,%04X) at byte %d has no valid VR; the data set is corrupt", group, element, pos));
                }
                vr = vr(pos + 4);
                header = longVr(vr) ? 12 : 8;
                if (!source.has(pos, header)) {
                    throw new DicomLoadException(file, "file ends inside an element header at byte " + pos + " (truncated?)");
                }
                length = longVr(vr) ? u32(pos + 8, bigEndian) : u16(pos + 6, bigEndian);
            } else {
                byte[] dictionaryVr = AttributeList.getDictionary().getValueRepresentationFromTag(new AttributeTag(group, element));
                vr = dictionaryVr == null ? "UN" : new String(dictionaryVr, StandardCharsets.US_ASCII);
                header = 8;
                length = u32(pos + 4, bigEndian);
            }
            long valueStart = pos + header;
            if (vr.equals("SQ") || length == UNDEFINED) {
                boolean fragments = group == PIXEL_GROUP && element == 0x0010;
                Kind kind = fragments ? Kind.FRAGMENTS : Kind.SEQUENCE;
                if (length == UNDEFINED) {
                    open.push(new Container(kind, Long.MAX_VALUE));
                } else {
                    checkLength(group, element, length, valueStart, limit);
                    open.push(new Container(kind, valueStart + length));
                }
                pos = valueStart;
                continue;
            }
            checkLength(group, element, length, valueStart, limit);
            pos = valueStart + length;
        }
    }

    /** Handles an item or delimiter tag (FFFE,xxxx); returns the position after it. */
    private long delimiterOrItem(Deque<Container> open, int element, long length, long pos, long limit)
            throws DicomLoadException {
        long valueStart = pos + 8;
        switch (element) {
            case 0xE000 -> { // item
                if (open.isEmpty()) {
                    throw new DicomLoadException(file, "item tag (FFFE,E000) outside any sequence at byte " + pos);
                }
                if (open.peek().kind() == Kind.FRAGMENTS) {
                    if (length == UNDEFINED) {
                        throw new DicomLoadException(file, "pixel data fragment of undefined length at byte " + pos);
                    }
                    checkItem(length, valueStart, limit);
                    return valueStart + length;
                }
                if (length == UNDEFINED) {
                    open.push(new Container(Kind.ITEM, Long.MAX_VALUE));
                } else {
                    checkItem(length, valueStart, limit);
                    open.push(new Container(Kind.ITEM, valueStart + length));
                }
                return valueStart;
            }
            case 0xE00D -> { // item delimitation
                if (!open.isEmpty() && open.peek().kind() == Kind.ITEM) {
                    open.pop();
                }
                return valueStart;
            }
            case 0xE0DD -> { // sequence delimitation
                while (!open.isEmpty()) {
                    Kind k = open.pop().kind();
                    if (k != Kind.ITEM) {
                        break;
                    }
                }
                return valueStart;
            }
            default -> throw new DicomLoadException(file, String.format(
                    "unexpected tag (FFFE,%04X) at byte %d; the data set is corrupt", element, pos));
        }
    }

    private void checkItem(long length, long valueStart, long limit) throws DicomLoadException {
        if (length > limit - valueStart) {
            throw new DicomLoadException(file, "item at byte " + (valueStart - 8) + " declares " + length
                    + " bytes but only " + Math.max(0, limit - valueStart) + " remain (truncated or corrupt)");
        }
    }

    private void checkLength(int group, int element, long length, long valueStart, long limit) throws DicomLoadException {
        if (length > limit - valueStart) {
            throw new DicomLoadException(file, String.format("element (%04X,%04X) declares %d bytes but only %d remain "
                    + "(truncated or corrupt)", group, element, length, Math.max(0, limit - valueStart)));
        }
    }

    private static boolean longVr(String vr) {
        return switch (vr) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
            default -> false;
        };
    }

    private static boolean isVrChar(int b) {
        return b >= 'A' && b <= 'Z';
    }

    private String vr(long pos) throws IOException {
        return "" + (char) source.get(pos) + (char) source.get(pos + 1);
    }

    private int u16(long pos, boolean bigEndian) throws IOException {
        int a = source.get(pos);
        int b = source.get(pos + 1);
        return bigEndian ? a << 8 | b : b << 8 | a;
    }

    private long u32(long pos, boolean bigEndian) throws IOException {
        long lo = u16(pos, bigEndian);
        long hi = u16(pos + 2, bigEndian);
        return bigEndian ? lo << 16 | hi : hi << 16 | lo;
    }

    /** Bytes of the file or data set, loaded as the walk reaches them. */
    private interface Source {
        long size();

        /** Whether {@code n} bytes exist at {@code pos}. */
        boolean has(long pos, int n) throws IOException;

        /** The unsigned byte at {@code pos}, which must exist. */
        int get(long pos) throws IOException;

        byte[] bytes(long pos, int n) throws IOException;

        /** The first {@code n} bytes, which must have been reached by the walk. */
        byte[] prefix(long n) throws IOException;
    }

    /** Reads the file in 64 KiB chunks into a growing array, only as far as the walk goes. */
    private static final class FileSource implements Source {
        private final FileChannel channel;
        private final long size;
        private byte[] data = new byte[0];
        private int loaded;

        FileSource(FileChannel channel, long size) {
            this.channel = channel;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public boolean has(long pos, int n) throws IOException {
            if (pos < 0 || pos + n > size) {
                return false;
            }
            ensure(pos + n);
            return true;
        }

        @Override
        public int get(long pos) throws IOException {
            ensure(pos + 1);
            return data[(int) pos] & 0xFF;
        }

        @Override
        public byte[] bytes(long pos, int n) throws IOException {
            ensure(pos + n);
            return Arrays.copyOfRange(data, (int) pos, (int) pos + n);
        }

        @Override
        public byte[] prefix(long n) throws IOException {
            ensure(n);
            return Arrays.copyOf(data, (int) n);
        }

        private void ensure(long end) throws IOException {
            if (end <= loaded) {
                return;
            }
            if (end > size || end > Integer.MAX_VALUE - 8) {
                throw new IOException("header region beyond " + Math.min(size, Integer.MAX_VALUE - 8) + " bytes");
            }
            long target = Math.min(size, Math.max(end, (long) loaded + CHUNK));
            if (target > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(size, Math.max(target, 2L * data.length)));
            }
            ByteBuffer b = ByteBuffer.wrap(data, loaded, (int) (target - loaded));
            while (b.hasRemaining()) {
                int n = channel.read(b, b.position());
                if (n < 0) {
                    throw new IOException("file shorter than its size " + size);
                }
            }
            loaded = (int) target;
        }
    }

    private record ArraySource(byte[] data) implements Source {
        @Override
        public long size() {
            return data.length;
        }

        @Override
        public boolean has(long pos, int n) {
            return pos >= 0 && pos + n <= data.length;
        }

        @Override
        public int get(long pos) {
            return data[(int) pos] & 0xFF;
        }

        @Override
        public byte[] bytes(long pos, int n) {
            return Arrays.copyOfRange(data, (int) pos, (int) pos + n);
        }

        @Override
        public byte[] prefix(long n) {
            return Arrays.copyOf(data, (int) n);
        }
    }
}
