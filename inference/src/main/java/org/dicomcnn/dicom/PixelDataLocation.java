package org.dicomcnn.dicom;

import java.util.List;

/**
 * Where a file's Pixel Data (7FE0,0010) value lies, found while reading its header. Frames are
 * read from here on demand, so indexing never touches pixel bytes.
 */
public sealed interface PixelDataLocation {

    /**
     * Native (uncompressed) pixel data: a defined-length value in the file.
     *
     * @param valueOffset file offset of the first pixel byte
     * @param valueLength declared length in bytes (already checked to lie within the file)
     * @param swapWords whether each 16-bit word is big endian (an OW value in the retired explicit
     *     VR big endian syntax). OW is swapped on 16-bit boundaries whatever Bits Allocated is, so
     *     a 32-bit sample is two big-endian words, low word first, as dcmtk writes it.
     */
    record Native(long valueOffset, long valueLength, boolean swapWords) implements PixelDataLocation {}

    /**
     * Encapsulated (compressed) pixel data: fragments in items, PS3.5 A.4.
     *
     * @param basicOffsetTable offsets of each frame's first fragment relative to the first
     *     fragment item, empty when the table is empty
     * @param fragments the fragments in file order
     */
    record Encapsulated(List<Long> basicOffsetTable, List<Fragment> fragments) implements PixelDataLocation {
        /** Copies the lists. */
        public Encapsulated {
            basicOffsetTable = List.copyOf(basicOffsetTable);
            fragments = List.copyOf(fragments);
        }
    }

    /**
     * Pixel data already in memory as little-endian native samples; used for the deflated
     * transfer syntax, whose pixel bytes cannot be located in the compressed file.
     *
     * @param littleEndianBytes the whole value
     */
    record InMemory(byte[] littleEndianBytes) implements PixelDataLocation {}

    /**
     * One fragment of encapsulated pixel data.
     *
     * @param itemOffset file offset of the fragment's item tag, used to match the offset table
     * @param valueOffset file offset of its first byte
     * @param length its length in bytes
     */
    record Fragment(long itemOffset, long valueOffset, long length) {}
}
