package org.dicomcnn.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads one file's header with PixelMed, stopping at Pixel Data, and locates the pixel data
 * without reading it.
 *
 * <pre>{@code
 * DicomFile f = DicomFileReader.read(Path.of("CT000001.dcm"));
 * String modality = Attribute.getSingleStringValueOrEmptyString(f.attributes(), TagFromName.Modality);
 * }</pre>
 *
 * <p>PixelMed's {@code AttributeList.read} may return a partial list on damaged input instead of
 * throwing, so every size is checked here against the bytes the file really holds: a Pixel Data
 * value that runs past the end of the file, fragments that do, or a data set with image
 * attributes but no Pixel Data are reported as {@link DicomLoadException}s.
 */
public final class DicomFileReader {

    /** The "DICM" prefix at offset 128 of a PS3.10 file. */
    private static final int PREAMBLE_LENGTH = 128;

    /** Item and delimitation tags of encapsulated pixel data (PS3.5 7.5 and A.4). */
    private static final int ITEM_TAG = 0xFFFEE000;
    private static final int SEQUENCE_DELIMITATION_TAG = 0xFFFEE0DD;
    private static final int UNDEFINED_LENGTH = 0xFFFFFFFF;

    /**
     * The most a deflated data set may inflate to. A deflated file is inflated into memory to
     * locate its pixel data; the cap keeps a "deflate bomb" from exhausting the heap.
     */
    static final int MAX_INFLATED_BYTES = 1 << 30;

    /**
     * PixelMed logs damaged input through java.util.logging with stack traces; this reader
     * reports the same problems per file as {@link DicomLoadException}s, so PixelMed's own log is
     * silenced. Held here because java.util.logging keeps loggers only weakly.
     */
    private static final java.util.logging.Logger PIXELMED_LOG = java.util.logging.Logger.getLogger("com.pixelmed");

    static {
        PIXELMED_LOG.setLevel(java.util.logging.Level.OFF);
    }

    private DicomFileReader() {}

    /**
     * Reads the header of {@code file} and locates its pixel data.
     *
     * @param file the file to read
     * @return the header and pixel data location
     * @throws NotDicomException if the file is not DICOM at all
     * @throws DicomLoadException if it is DICOM but damaged or unreadable
     */
    public static DicomFile read(Path file) throws DicomLoadException {
        long size;
        byte[] head = new byte[PREAMBLE_LENGTH + 12];
        int headLength;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            headLength = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new DicomLoadException(file, "cannot read file: " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new DicomLoadException(file, "empty file (0 bytes)");
        }
        boolean part10 = headLength >= PREAMBLE_LENGTH + 4
                && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        if (!part10 && looksLikeDamagedPrefix(head, headLength)) {
            throw new DicomLoadException(file, "File Meta Information follows the preamble but the DICM prefix at offset 128 "
                    + "is missing or damaged");
        }
        if (!part10 && !looksLikeBareDataSet(head, headLength)) {
            throw new NotDicomException(file, "no DICM prefix at offset 128 and no DICOM data set at offset 0");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            HeaderScanner.Scan scan = HeaderScanner.scan(file, channel, size, part10);
            if (TransferSyntax.DeflatedExplicitVRLittleEndian.equals(scan.transferSyntaxUid())) {
                return readDeflated(file, size, channel, scan.header().length);
            }
            AttributeList list = parse(scan.header(), null);
            if (scan.pixelTagOffset() < 0) {
                requireNoImageWithoutPixels(file, list);
                return new DicomFile(file, size, list, scan.transferSyntaxUid(), null);
            }
            PixelDataLocation loc = locatePixelData(file, new ChannelBytes(channel, size), scan.pixelTagOffset(),
                    new TransferSyntax(scan.transferSyntaxUid()));
            return new DicomFile(file, size, list, scan.transferSyntaxUid(), loc);
        } catch (DicomLoadException e) {
            throw e;
        } catch (EOFException e) {
            throw new DicomLoadException(file, "file ends inside the header (truncated?)", e);
        } catch (IOException | DicomException e) {
            throw new DicomLoadException(file, "cannot parse DICOM header: " + describe(e), e);
        } catch (RuntimeException e) {
            // PixelMed throws unchecked exceptions on some malformed input.
            throw new DicomLoadException(file, "malformed DICOM header: " + describe(e), e);
        }
    }

    /**
     * Parses header bytes that {@link HeaderScanner} has checked; they end just before Pixel Data.
     *
     * @param header the bytes
     * @param dataSetSyntax the transfer syntax for a bare data set, or null to let PixelMed read
     *     the preamble and meta information (or guess, for a file without them)
     */
    private static AttributeList parse(byte[] header, String dataSetSyntax) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        try (DicomInputStream in = dataSetSyntax == null
                ? new DicomInputStream(new ByteArrayInputStream(header))
                : new DicomInputStream(new ByteArrayInputStream(header), dataSetSyntax, false)) {
            list.read(in);
        }
        return list;
    }

    /** Inflates a deflated data set (PS3.5 A.5) with a size cap, then reads it from memory. */
    private static DicomFile readDeflated(Path file, long size, FileChannel channel, long dataSetStart)
            throws IOException, DicomException {
        byte[] inflated = inflate(file, channel, dataSetStart, size);
        HeaderScanner.Scan scan = HeaderScanner.scanInflated(file, inflated);
        AttributeList list = parse(scan.header(), TransferSyntax.ExplicitVRLittleEndian);
        if (scan.pixelTagOffset() < 0) {
            requireNoImageWithoutPixels(file, list);
            return new DicomFile(file, size, list, TransferSyntax.DeflatedExplicitVRLittleEndian, null);
        }
        PixelDataLocation loc = locatePixelData(file, new ArrayBytes(inflated), scan.pixelTagOffset(),
                new TransferSyntax(TransferSyntax.ExplicitVRLittleEndian));
        if (!(loc instanceof PixelDataLocation.Native n)) {
            throw new DicomLoadException(file, "deflated transfer syntax with encapsulated Pixel Data");
        }
        byte[] pixels = new byte[Math.toIntExact(n.valueLength())];
        System.arraycopy(inflated, Math.toIntExact(n.valueOffset()), pixels, 0, pixels.length);
        return new DicomFile(file, size, list, TransferSyntax.DeflatedExplicitVRLittleEndian,
                new PixelDataLocation.InMemory(pixels));
    }

    private static byte[] inflate(Path file, FileChannel channel, long start, long size) throws IOException {
        if (start > size) {
            throw new DicomLoadException(file, "file ends inside the File Meta Information (truncated?)");
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size - start));
        readFully(channel, b, start);
        byte[] compressed = b.array();
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[Math.max(1024, Math.min(MAX_INFLATED_BYTES, compressed.length * 4))];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (out.length >= MAX_INFLATED_BYTES) {
                        throw new DicomLoadException(file, "deflated data set inflates to more than "
                                + (MAX_INFLATED_BYTES >> 20) + " MiB; refused");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(MAX_INFLATED_BYTES, 2L * out.length));
                }
                int k = inflater.inflate(out, n, out.length - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break; // truncated stream: keep what inflated, the length checks catch a short value
                }
                n += k;
            }
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new DicomLoadException(file, "deflated data set is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /**
     * Parses the Pixel Data element header at {@code tagOffset} and, for encapsulated data, its
     * items; every length is checked against the bytes available.
     */
    private static PixelDataLocation locatePixelData(Path file, RandomBytes bytes, long tagOffset, TransferSyntax ts)
            throws IOException {
        ByteOrder order = ts.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer h = bytes.read(tagOffset, 12, order);
        if (h == null) {
            throw new DicomLoadException(file, "file ends inside the Pixel Data element header (truncated?)");
        }
        h.getShort(); // group 7FE0; PixelMed stopped at (7FE0,0008), (7FE0,0009) or (7FE0,0010)
        int element = h.getShort() & 0xFFFF;
        if (element != TagFromName.PixelData.getElement()) {
            throw new DicomLoadException(file, "Float or Double Float Pixel Data is not supported");
        }
        long length;
        long valueOffset;
        String vr = "OW"; // implicit VR: Pixel Data is OW unless Bits Allocated is 8, and then byte order is moot
        if (ts.isExplicitVR()) {
            vr = "" + (char) h.get() + (char) h.get();
            if (vr.equals("OB") || vr.equals("OW") || vr.equals("UN") || vr.equals("OF") || vr.equals("OD")) {
                h.getShort();
                length = Integer.toUnsignedLong(h.getInt());
                valueOffset = tagOffset + 12;
            } else {
                length = Short.toUnsignedInt(h.getShort());
                valueOffset = tagOffset + 8;
            }
        } else {
            length = Integer.toUnsignedLong(h.getInt());
            valueOffset = tagOffset + 8;
        }
        if (length == Integer.toUnsignedLong(UNDEFINED_LENGTH)) {
            return readFragments(file, bytes, valueOffset);
        }
        long remaining = bytes.size() - valueOffset;
        if (length > remaining) {
            throw new DicomLoadException(file, "Pixel Data declares " + length + " bytes but only "
                    + Math.max(0, remaining) + " remain in the file (truncated?)");
        }
        return new PixelDataLocation.Native(valueOffset, length, ts.isBigEndian() && vr.equals("OW"));
    }

    /** Walks the items of encapsulated pixel data (PS3.5 A.4): offset table, fragments, delimiter. */
    private static PixelDataLocation readFragments(Path file, RandomBytes bytes, long offset) throws IOException {
        List<Long> offsetTable = new ArrayList<>();
        List<PixelDataLocation.Fragment> fragments = new ArrayList<>();
        long pos = offset;
        boolean first = true;
        while (true) {
            ByteBuffer item = bytes.read(pos, 8, ByteOrder.LITTLE_ENDIAN);
            if (item == null) {
                throw new DicomLoadException(file, "encapsulated Pixel Data ends without a sequence delimiter after "
                        + fragments.size() + " fragments (truncated?)");
            }
            int tag = (item.getShort() & 0xFFFF) << 16 | (item.getShort() & 0xFFFF);
            long length = Integer.toUnsignedLong(item.getInt());
            if (tag == SEQUENCE_DELIMITATION_TAG) {
                break;
            }
            if (tag != ITEM_TAG) {
                throw new DicomLoadException(file, String.format(
                        "encapsulated Pixel Data holds tag (%04X,%04X) at byte %d where an item (FFFE,E000) was expected",
                        tag >>> 16, tag & 0xFFFF, pos));
            }
            long valueOffset = pos + 8;
            if (length == Integer.toUnsignedLong(UNDEFINED_LENGTH) || length > bytes.size() - valueOffset) {
                throw new DicomLoadException(file, "fragment " + fragments.size() + " of encapsulated Pixel Data declares "
                        + length + " bytes but only " + Math.max(0, bytes.size() - valueOffset)
                        + " remain in the file (truncated?)");
            }
            if (first) {
                if (length % 4 != 0) {
                    throw new DicomLoadException(file, "Basic Offset Table length " + length + " is not a multiple of 4");
                }
                ByteBuffer table = bytes.read(valueOffset, (int) length, ByteOrder.LITTLE_ENDIAN);
                while (table != null && table.remaining() >= 4) {
                    offsetTable.add(Integer.toUnsignedLong(table.getInt()));
                }
                first = false;
            } else {
                fragments.add(new PixelDataLocation.Fragment(pos, valueOffset, length));
            }
            pos = valueOffset + length;
        }
        if (fragments.isEmpty()) {
            throw new DicomLoadException(file, "encapsulated Pixel Data holds no fragments");
        }
        return new PixelDataLocation.Encapsulated(offsetTable, fragments);
    }

    /** A data set with Rows and Columns but no Pixel Data means PixelMed stopped early. */
    private static void requireNoImageWithoutPixels(Path file, AttributeList list) throws DicomLoadException {
        if (list.get(TagFromName.Rows) != null && list.get(TagFromName.Columns) != null) {
            throw new DicomLoadException(file, "image attributes present but no Pixel Data (7FE0,0010) found (truncated?)");
        }
    }

    private static boolean isPixelDataTag(AttributeTag tag) {
        return tag.equals(TagFromName.PixelData)
                || tag.equals(TagFromName.FloatPixelData)
                || tag.equals(TagFromName.DoubleFloatPixelData);
    }

    /** A File Meta Information element (group 0002, explicit VR) right after a 132-byte prefix. */
    private static boolean looksLikeDamagedPrefix(byte[] head, int length) {
        return length >= PREAMBLE_LENGTH + 8 && head[132] == 0x02 && head[133] == 0x00
                && isUpperAscii(head[136]) && isUpperAscii(head[137]);
    }

    /**
     * Recognises a data set without preamble (old ACR-NEMA style files): the first element is of
     * group 0002 or 0008 in either byte order, followed by a plausible VR or length.
     */
    static boolean looksLikeBareDataSet(byte[] head, int length) {
        if (length < 8) {
            return false;
        }
        int groupLe = (head[0] & 0xFF) | (head[1] & 0xFF) << 8;
        int groupBe = (head[0] & 0xFF) << 8 | (head[1] & 0xFF);
        boolean knownGroup = groupLe == 0x0008 || groupLe == 0x0002 || groupBe == 0x0008 || groupBe == 0x0002;
        if (!knownGroup) {
            return false;
        }
        boolean explicitVr = isUpperAscii(head[4]) && isUpperAscii(head[5]);
        long implicitLength = (head[4] & 0xFFL) | (head[5] & 0xFFL) << 8 | (head[6] & 0xFFL) << 16 | (head[7] & 0xFFL) << 24;
        return explicitVr || implicitLength < 1 << 16;
    }

    private static boolean isUpperAscii(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new EOFException("end of file at byte " + p);
            }
            p += n;
        }
    }

    /** Random access to the bytes of a file or of an inflated data set. */
    private interface RandomBytes {
        long size();

        /** The {@code length} bytes at {@code position}, or null when they run past the end. */
        ByteBuffer read(long position, int length, ByteOrder order) throws IOException;
    }

    private record ChannelBytes(FileChannel channel, long size) implements RandomBytes {
        @Override
        public ByteBuffer read(long position, int length, ByteOrder order) throws IOException {
            if (position < 0 || length > size - position) {
                return null;
            }
            ByteBuffer b = ByteBuffer.allocate(length).order(order);
            readFully(channel, b, position);
            return b.flip();
        }
    }

    private record ArrayBytes(byte[] array) implements RandomBytes {
        @Override
        public long size() {
            return array.length;
        }

        @Override
        public ByteBuffer read(long position, int length, ByteOrder order) {
            if (position < 0 || length > array.length - position) {
                return null;
            }
            return ByteBuffer.wrap(array, (int) position, length).slice().order(order);
        }
    }
}
