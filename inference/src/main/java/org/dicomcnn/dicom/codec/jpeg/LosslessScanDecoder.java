package org.dicomcnn.dicom.codec.jpeg;

import java.util.List;
import org.dicomcnn.dicom.codec.CodecException;

/**
 * Decodes the scans of a lossless frame (ITU-T T.81 Annex H, process 14, SOF3 with Huffman
 * coding) line by line into the output array.
 *
 * <p>Each sample is its prediction (Table H.1, selection value Ss of the scan) plus a decoded
 * difference (Table H.2), modulo 2^16; the reconstruction is shifted left by the point transform
 * Pt and stored as the raw P-bit pattern. The first line of the scan and of each restart
 * interval is predicted from the left neighbour, its first sample from 2^(P - Pt - 1); the
 * first sample of every other line from the sample above (H.1.2.1).
 *
 * <p>Components must not be subsampled (all Hi = Vi = 1), so an interleaved MCU holds one sample
 * of each scan component; this is what DICOM encoders produce. One instance serves one decoding
 * call.
 */
final class LosslessScanDecoder {

    private final FrameHeader frame;
    private final byte[] out;
    private final int bytesPerSample;
    private final int sampleMask;

    /**
     * @param frame a SOF3 frame header whose components all have sampling factors 1
     * @param out the output frame, sample-interleaved, {@code bytesPerSample} bytes per sample
     * @param bytesPerSample 1 or 2 (little-endian)
     */
    LosslessScanDecoder(FrameHeader frame, byte[] out, int bytesPerSample) {
        this.frame = frame;
        this.out = out;
        this.bytesPerSample = bytesPerSample;
        this.sampleMask = (1 << frame.precision()) - 1;
    }

    /**
     * Decodes one scan.
     *
     * @param scan the scan header; Ss is the predictor, Al the point transform
     * @param tables the Huffman table of each scan component, in scan order
     * @param restartInterval MCUs per restart interval, 0 for none
     * @param in the entropy-coded data
     * @throws CodecException if the scan parameters are invalid or the data is corrupt or short
     */
    void decodeScan(ScanHeader scan, HuffmanTable[] tables, int restartInterval, EntropyReader in)
            throws CodecException {
        int predictor = scan.spectralStart();
        int pointTransform = scan.approximationLow();
        int precision = frame.precision();
        if (predictor < 1 || predictor > 7) {
            throw new CodecException("lossless JPEG scan declares selection value (predictor) "
                    + predictor + "; T.81 Table H.1 defines 1 to 7");
        }
        if (pointTransform >= precision) {
            throw new CodecException("lossless JPEG scan declares point transform Pt="
                    + pointTransform + ", which must be less than the precision " + precision);
        }
        int width = frame.samplesPerLine();
        int height = frame.lines();
        if (restartInterval > 0 && restartInterval % width != 0) {
            throw new CodecException("lossless JPEG restart interval " + restartInterval
                    + " is not a multiple of the " + width + " MCUs per line (T.81 Annex H)");
        }
        List<ScanHeader.Component> comps = scan.components();
        int ns = comps.size();
        int nc = frame.components().size();
        int[][] previous = new int[ns][width];
        int[][] current = new int[ns][width];
        int[] offsets = new int[ns];
        for (int j = 0; j < ns; j++) {
            offsets[j] = comps.get(j).frameIndex();
        }
        int initial = 1 << (precision - pointTransform - 1);
        long totalMcus = (long) width * height;
        int restartRows = restartInterval / Math.max(1, width);
        int nextRestart = 0;
        boolean firstLine = true;
        for (int y = 0; y < height; y++) {
            for (int j = 0; j < ns; j++) {
                // The first sample of a line: from 2^(P-Pt-1) on a first line, else from above.
                int first = firstLine ? initial : previous[j][0];
                current[j][0] = (first + in.decodeDifference(tables[j])) & 0xFFFF;
                if (ns == 1) {
                    decodeLine(in, tables[j], current[j], previous[j], firstLine ? 1 : predictor);
                }
            }
            if (ns != 1) {
                // Interleaved: an MCU is one sample of every scan component (A.2.3).
                for (int x = 1; x < width; x++) {
                    for (int j = 0; j < ns; j++) {
                        int[] cur = current[j];
                        int[] prev = previous[j];
                        int pred = predict(firstLine ? 1 : predictor, cur[x - 1], prev[x],
                                prev[x - 1]);
                        cur[x] = (pred + in.decodeDifference(tables[j])) & 0xFFFF;
                    }
                }
            }
            if (in.overran()) {
                throw new CodecException("JPEG entropy-coded data ended after " + (long) y * width
                        + " of " + totalMcus + " MCUs");
            }
            for (int j = 0; j < ns; j++) {
                storeLine(current[j], y * width * nc + offsets[j], nc, pointTransform);
            }
            int[][] swap = previous;
            previous = current;
            current = swap;
            firstLine = false;
            if (restartRows > 0 && (y + 1) % restartRows == 0 && y + 1 < height) {
                in.restart(nextRestart, (long) (y + 1) * width);
                nextRestart = (nextRestart + 1) & 7;
                firstLine = true; // H.1.2.1: each restart interval starts like the first line
            }
        }
    }

    /**
     * Decodes samples 1 .. width - 1 of one line of a non-interleaved scan. One loop per
     * predictor keeps the hot loop free of the selection.
     */
    private static void decodeLine(EntropyReader in, HuffmanTable t, int[] cur, int[] prev,
            int predictor) throws CodecException {
        int n = cur.length;
        switch (predictor) {
            case 1 -> {
                for (int x = 1; x < n; x++) {
                    cur[x] = (cur[x - 1] + in.decodeDifference(t)) & 0xFFFF;
                }
            }
            case 2 -> {
                for (int x = 1; x < n; x++) {
                    cur[x] = (prev[x] + in.decodeDifference(t)) & 0xFFFF;
                }
            }
            case 3 -> {
                for (int x = 1; x < n; x++) {
                    cur[x] = (prev[x - 1] + in.decodeDifference(t)) & 0xFFFF;
                }
            }
            case 4 -> {
                for (int x = 1; x < n; x++) {
                    cur[x] = (cur[x - 1] + prev[x] - prev[x - 1] + in.decodeDifference(t))
                            & 0xFFFF;
                }
            }
            case 5 -> {
                for (int x = 1; x < n; x++) {
                    cur[x] = (cur[x - 1] + ((prev[x] - prev[x - 1]) >> 1)
                            + in.decodeDifference(t)) & 0xFFFF;
                }
            }
            case 6 -> {
                for (int x = 1; x < n; x++) {
                    cur[x] = (prev[x] + ((cur[x - 1] - prev[x - 1]) >> 1)
                            + in.decodeDifference(t)) & 0xFFFF;
                }
            }
            default -> {
                for (int x = 1; x < n; x++) {
                    cur[x] = (((cur[x - 1] + prev[x]) >> 1) + in.decodeDifference(t)) & 0xFFFF;
                }
            }
        }
    }

    /** The prediction Px of T.81 Table H.1 from the neighbours a (left), b (above), c. */
    private static int predict(int predictor, int ra, int rb, int rc) {
        return switch (predictor) {
            case 1 -> ra;
            case 2 -> rb;
            case 3 -> rc;
            case 4 -> ra + rb - rc;
            case 5 -> ra + ((rb - rc) >> 1);
            case 6 -> rb + ((ra - rc) >> 1);
            default -> (ra + rb) >> 1;
        };
    }

    /**
     * Stores one decoded line of a component: each reconstruction shifted left by Pt, as the
     * raw P-bit pattern, every {@code step}-th sample from sample index {@code start}.
     */
    private void storeLine(int[] line, int start, int step, int pointTransform) {
        int mask = sampleMask;
        byte[] o = out;
        if (bytesPerSample == 1) {
            for (int x = 0, i = start; x < line.length; x++, i += step) {
                o[i] = (byte) ((line[x] << pointTransform) & mask);
            }
        } else {
            for (int x = 0, i = 2 * start; x < line.length; x++, i += 2 * step) {
                int v = (line[x] << pointTransform) & mask;
                o[i] = (byte) v;
                o[i + 1] = (byte) (v >>> 8);
            }
        }
    }
}
