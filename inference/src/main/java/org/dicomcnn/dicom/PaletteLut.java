package org.dicomcnn.dicom;

/**
 * The red, green and blue lookup tables of a PALETTE COLOR image (PS3.3 C.7.6.3.1.5-6), already
 * expanded from the data elements.
 *
 * @param firstMapped the stored value mapped to the first entry of each table
 * @param red red entries
 * @param green green entries
 * @param blue blue entries
 * @param bits bits per entry (8 or 16)
 */
public record PaletteLut(int firstMapped, int[] red, int[] green, int[] blue, int bits) {

    /** Requires three tables of the same non-zero length. */
    public PaletteLut {
        if (red.length == 0 || red.length != green.length || red.length != blue.length) {
            throw new IllegalArgumentException("palette tables must be non-empty and of equal length: "
                    + red.length + "/" + green.length + "/" + blue.length);
        }
    }

    /** The table index for a stored value, clamped to the table as PS3.3 C.7.6.3.1.5 requires. */
    public int index(int storedValue) {
        int i = storedValue - firstMapped;
        return i < 0 ? 0 : Math.min(i, red.length - 1);
    }
}
