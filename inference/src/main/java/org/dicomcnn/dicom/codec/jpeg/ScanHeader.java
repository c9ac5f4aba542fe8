package org.dicomcnn.dicom.codec.jpeg;

import java.util.List;

/**
 * The scan header of ITU-T T.81 B.2.3: what a SOS segment declares.
 *
 * @param components the scan's components in coding order
 * @param spectralStart Ss; for DCT the first coefficient (0 in sequential mode), for lossless
 *     the predictor selection value 1 to 7 (Table H.1)
 * @param spectralEnd Se; 63 for sequential DCT, 0 for lossless
 * @param approximationHigh Ah; 0 outside progressive mode
 * @param approximationLow Al; 0 for sequential DCT, the point transform Pt for lossless
 */
record ScanHeader(List<Component> components, int spectralStart, int spectralEnd,
        int approximationHigh, int approximationLow) {

    /**
     * One component of a scan.
     *
     * @param frameIndex the component's position in the frame header
     * @param dcTable Td, the DC (or lossless) Huffman table, 0 to 3
     * @param acTable Ta, the AC Huffman table, 0 to 3 (unused by lossless scans)
     */
    record Component(int frameIndex, int dcTable, int acTable) {}

    /** Copies the component list. */
    ScanHeader {
        components = List.copyOf(components);
    }
}
