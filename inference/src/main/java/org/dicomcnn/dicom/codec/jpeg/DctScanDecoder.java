package org.dicomcnn.dicom.codec.jpeg;

import java.util.Arrays;
import java.util.List;
import org.dicomcnn.dicom.codec.CodecException;

/**
 * Decodes the scans of a sequential DCT frame with Huffman coding (ITU-T T.81 Annex F; DICOM's
 * processes 1, 2 and 4: baseline SOF0 and extended SOF1, 8 or 12 bits) into one sample plane per
 * component.
 *
 * <p>Each component is coded completely by one scan, so a block is dequantized and inverse
 * transformed as soon as its coefficients are decoded and only samples are kept. A plane is
 * {@code ceil(X / (8 Hmax)) * Hi * 8} samples wide and {@code ceil(Y / (8 Vmax)) * Vi * 8} lines
 * high: large enough for the padding blocks an interleaved MCU carries beyond the image edge
 * (A.2.4). Only its top-left {@code ceil(X Hi / Hmax)} x {@code ceil(Y Vi / Vmax)} samples are
 * image data.
 *
 * <p>One instance serves one decoding call.
 */
final class DctScanDecoder {

    /**
     * ZIGZAG[k] is the natural (row-major) position of the k-th coefficient in zig-zag order
     * (T.81 Figure A.6). Never modified.
     */
    static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
    };

    private final FrameHeader frame;
    private final short[][] planes;
    private final int[] strides;
    private final int mcusPerLine;
    private final int mcuLines;
    private final InverseDct idct;
    private final int[] block = new int[64];
    /** Largest DC magnitude category: 11 for 8-bit, 15 for 12-bit samples (F.1.2.1, F.1.5). */
    private final int maxDcCategory;

    /**
     * Allocates the sample planes. The caller has checked the frame against the DICOM header,
     * which bounds the sizes.
     *
     * @param frame a SOF0 or SOF1 frame header with precision 8 or 12
     * @throws CodecException if a component's padded plane would not fit one Java array
     */
    DctScanDecoder(FrameHeader frame) throws CodecException {
        this.frame = frame;
        int hMax = frame.maxHorizontalSampling();
        int vMax = frame.maxVerticalSampling();
        this.mcusPerLine = FrameHeader.ceilDiv(frame.samplesPerLine(), 8 * hMax);
        this.mcuLines = FrameHeader.ceilDiv(frame.lines(), 8 * vMax);
        int n = frame.components().size();
        this.planes = new short[n][];
        this.strides = new int[n];
        for (int i = 0; i < n; i++) {
            FrameHeader.Component c = frame.components().get(i);
            strides[i] = mcusPerLine * c.horizontalSampling() * 8;
            long size = (long) strides[i] * mcuLines * c.verticalSampling() * 8;
            if (size > Integer.MAX_VALUE - 16) {
                throw new CodecException("JPEG component " + c.id() + " of a "
                        + frame.samplesPerLine() + " x " + frame.lines() + " frame needs "
                        + size + " samples including MCU padding, more than one array holds");
            }
            planes[i] = new short[(int) size];
        }
        this.idct = new InverseDct(frame.precision());
        this.maxDcCategory = frame.precision() <= 8 ? 11 : 15;
    }

    /** Sample blocks a frame of this size needs, for the allocation guard in the caller. */
    static long blockCount(FrameHeader frame) {
        long blocks = 0;
        for (int i = 0; i < frame.components().size(); i++) {
            blocks += (long) FrameHeader.ceilDiv(frame.componentWidth(i), 8)
                    * FrameHeader.ceilDiv(frame.componentHeight(i), 8);
        }
        return blocks;
    }

    /** The decoded samples of component {@code index}. */
    short[] plane(int index) {
        return planes[index];
    }

    /** Samples per line of the plane of component {@code index}. */
    int stride(int index) {
        return strides[index];
    }

    /**
     * Decodes one scan (F.2.2: the MCUs of A.2.2 / A.2.3 in raster order).
     *
     * @param scan the scan header
     * @param dcTables the DC table of each scan component, in scan order
     * @param acTables the AC table of each scan component, in scan order
     * @param quantTables the quantization table of each scan component (natural order)
     * @param restartInterval MCUs per restart interval, 0 for none
     * @param in the entropy-coded data
     * @throws CodecException if the data is corrupt or ends early
     */
    void decodeScan(ScanHeader scan, HuffmanTable[] dcTables, HuffmanTable[] acTables,
            int[][] quantTables, int restartInterval, EntropyReader in) throws CodecException {
        List<ScanHeader.Component> comps = scan.components();
        int ns = comps.size();
        // One entry per block of the MCU: scan component, block column and row offsets.
        int[] slotComp;
        int[] slotDx;
        int[] slotDy;
        int mcusX;
        int mcusY;
        if (ns == 1) {
            // A non-interleaved scan: an MCU is one block (A.2.2).
            int fi = comps.get(0).frameIndex();
            mcusX = FrameHeader.ceilDiv(frame.componentWidth(fi), 8);
            mcusY = FrameHeader.ceilDiv(frame.componentHeight(fi), 8);
            slotComp = new int[] {0};
            slotDx = new int[] {0};
            slotDy = new int[] {0};
        } else {
            mcusX = mcusPerLine;
            mcusY = mcuLines;
            int count = 0;
            for (ScanHeader.Component sc : comps) {
                FrameHeader.Component fc = frame.components().get(sc.frameIndex());
                count += fc.horizontalSampling() * fc.verticalSampling();
            }
            slotComp = new int[count];
            slotDx = new int[count];
            slotDy = new int[count];
            int s = 0;
            for (int j = 0; j < ns; j++) {
                FrameHeader.Component fc = frame.components().get(comps.get(j).frameIndex());
                // A.2.3: within an MCU each component's Hi x Vi blocks in raster order.
                for (int v = 0; v < fc.verticalSampling(); v++) {
                    for (int h = 0; h < fc.horizontalSampling(); h++) {
                        slotComp[s] = j;
                        slotDx[s] = h;
                        slotDy[s] = v;
                        s++;
                    }
                }
            }
        }
        int[] hBlocks = new int[ns];
        int[] vBlocks = new int[ns];
        short[][] scanPlanes = new short[ns][];
        int[] scanStrides = new int[ns];
        for (int j = 0; j < ns; j++) {
            int fi = comps.get(j).frameIndex();
            FrameHeader.Component fc = frame.components().get(fi);
            hBlocks[j] = ns == 1 ? 1 : fc.horizontalSampling();
            vBlocks[j] = ns == 1 ? 1 : fc.verticalSampling();
            scanPlanes[j] = planes[fi];
            scanStrides[j] = strides[fi];
        }
        long totalMcus = (long) mcusX * mcusY;
        int[] predictors = new int[ns];
        int nextRestart = 0;
        long mcu = 0;
        for (int my = 0; my < mcusY; my++) {
            for (int mx = 0; mx < mcusX; mx++) {
                for (int s = 0; s < slotComp.length; s++) {
                    int j = slotComp[s];
                    int bx = mx * hBlocks[j] + slotDx[s];
                    int by = my * vBlocks[j] + slotDy[s];
                    predictors[j] = decodeBlock(in, dcTables[j], acTables[j], predictors[j]);
                    int stride = scanStrides[j];
                    idct.transform(block, quantTables[j], scanPlanes[j], by * 8 * stride + bx * 8,
                            stride);
                }
                mcu++;
                if (in.overran()) {
                    throw truncated(mcu - 1, totalMcus);
                }
                if (restartInterval > 0 && mcu % restartInterval == 0 && mcu < totalMcus) {
                    in.restart(nextRestart, mcu);
                    nextRestart = (nextRestart + 1) & 7;
                    Arrays.fill(predictors, 0); // E.2.4: DC predictions restart at 0
                }
            }
        }
    }

    /**
     * Decodes the coefficients of one block into {@link #block} (F.2.2.1 DC, F.2.2.2 AC).
     *
     * @return the block's DC value, the next prediction for its component
     */
    private int decodeBlock(EntropyReader in, HuffmanTable dc, HuffmanTable ac, int prediction)
            throws CodecException {
        final int[] coef = block;
        Arrays.fill(coef, 0);
        int t = in.decode(dc);
        if (t > maxDcCategory) {
            throw new CodecException("DC difference category " + t + " from Huffman table "
                    + dc.name + " exceeds " + maxDcCategory + " for " + frame.precision()
                    + "-bit DCT data");
        }
        int dcValue = prediction + in.receiveExtend(t);
        coef[0] = dcValue;
        int k = 1;
        while (k < 64) {
            int rs = in.decode(ac);
            int size = rs & 15;
            int run = rs >>> 4;
            if (size == 0) {
                if (run != 15) {
                    break; // EOB
                }
                k += 16; // ZRL: sixteen zero coefficients
                continue;
            }
            k += run;
            if (k > 63) {
                throw new CodecException("AC coefficient run from Huffman table " + ac.name
                        + " reaches position " + k + ", past the last coefficient 63");
            }
            coef[ZIGZAG[k]] = in.receiveExtend(size);
            k++;
        }
        return dcValue;
    }

    private static CodecException truncated(long done, long total) {
        return new CodecException("JPEG entropy-coded data ended after " + done + " of " + total
                + " MCUs");
    }
}
