package org.dicomcnn.dicom.codec.jpeg;

import org.dicomcnn.dicom.codec.CodecException;
import org.dicomcnn.dicom.codec.DecodedFrame;
import org.dicomcnn.dicom.codec.FrameFormat;

/**
 * The state of decoding one frame: walks the marker segments of the stream in order (ITU-T T.81
 * B.2.1, "high-level syntax"), keeps the tables each segment defines, checks the frame header
 * against the DICOM header before allocating anything, hands each scan to the decoder of the
 * frame's process and finally assembles the output frame.
 *
 * <p>Created per call by {@link JpegDecoder}, so concurrent calls share nothing mutable.
 */
final class DecodeSession {

    private final byte[] data;
    private final FrameFormat format;
    private final SegmentReader segments;
    private final HuffmanTable[] dcTables = new HuffmanTable[4];
    private final HuffmanTable[] acTables = new HuffmanTable[4];
    private final int[][] quantTables = new int[4][];
    private int restartInterval;
    private FrameHeader frame;
    private boolean[] componentDone;
    private int scanCount;
    private byte[] out;
    private DctScanDecoder dct;
    private LosslessScanDecoder lossless;

    /**
     * @param data the frame's JPEG stream
     * @param format what the DICOM header declares; Bits Allocated is 8 or 16
     */
    DecodeSession(byte[] data, FrameFormat format) {
        this.data = data;
        this.format = format;
        this.segments = new SegmentReader(data);
    }

    /** Decodes the stream from SOI to EOI. */
    DecodedFrame run() throws CodecException {
        segments.readStartOfImage();
        while (true) {
            int offset = segments.position();
            int code = segments.readMarker();
            if (code == JpegMarker.EOI) {
                break;
            }
            if (JpegMarker.isStartOfFrame(code)) {
                startFrame(code, offset);
                continue;
            }
            switch (code) {
                case JpegMarker.DHT -> segments.readHuffmanTables(dcTables, acTables);
                case JpegMarker.DQT -> segments.readQuantizationTables(quantTables);
                case JpegMarker.DRI -> restartInterval = segments.readRestartInterval();
                case JpegMarker.SOS -> decodeScan(offset);
                case JpegMarker.SOI -> throw new CodecException(
                        "JPEG data has a second SOI marker at offset " + offset);
                case JpegMarker.DNL -> throw new CodecException("JPEG DNL marker at offset "
                        + offset + " (number of lines defined after the scan) is not supported");
                case JpegMarker.DHP, JpegMarker.EXP -> throw new CodecException(
                        "JPEG hierarchical process (" + JpegMarker.name(code)
                        + " marker at offset " + offset + ") is not supported");
                default -> skipOrReject(code, offset);
            }
        }
        return finish(segments.position() - 2);
    }

    /** Skips segments that carry nothing for decoding; rejects reserved markers. */
    private void skipOrReject(int code, int offset) throws CodecException {
        if ((code >= JpegMarker.RST0 && code <= JpegMarker.RST7) || code == JpegMarker.TEM) {
            // Markers without a segment; a stray RSTn after the last MCU of a scan is
            // harmless and the IJG library ignores it too.
            return;
        }
        if ((code >= JpegMarker.APP0 && code <= JpegMarker.APP15) || code == JpegMarker.COM
                || (code >= JpegMarker.JPG0 && code <= JpegMarker.JPG13)
                || code == JpegMarker.DAC || code == JpegMarker.JPG) {
            segments.skipSegment(code);
            return;
        }
        throw new CodecException("unknown JPEG marker " + JpegMarker.name(code) + " at offset "
                + offset);
    }

    private void startFrame(int code, int offset) throws CodecException {
        if (frame != null) {
            throw new CodecException("JPEG data has a second frame header "
                    + JpegMarker.name(code) + " at offset " + offset
                    + "; one JPEG frame per DICOM frame is expected");
        }
        if (code != JpegMarker.SOF0 && code != JpegMarker.SOF1 && code != JpegMarker.SOF3) {
            throw new CodecException("JPEG process " + JpegMarker.processName(code)
                    + " is not supported");
        }
        FrameHeader f = segments.readFrameHeader(code);
        checkAgainstHeader(f);
        checkSampling(f);
        checkDataCanHoldFrame(f);
        try {
            out = new byte[Math.toIntExact(format.frameBytes())];
            if (f.isLossless()) {
                lossless = new LosslessScanDecoder(f, out, format.bitsAllocated() / 8);
            } else {
                dct = new DctScanDecoder(f);
            }
        } catch (OutOfMemoryError e) {
            throw new CodecException("not enough memory to decode a " + f.samplesPerLine()
                    + " x " + f.lines() + " JPEG frame of " + f.components().size()
                    + " components", e);
        }
        frame = f;
        componentDone = new boolean[f.components().size()];
    }

    /** Rejects a frame whose geometry or precision the DICOM header does not allow. */
    private void checkAgainstHeader(FrameHeader f) throws CodecException {
        String sof = JpegMarker.processName(f.sofCode());
        if (f.samplesPerLine() != format.columns() || f.lines() != format.rows()) {
            throw new CodecException("JPEG SOF declares " + f.samplesPerLine() + " x " + f.lines()
                    + ", the DICOM header " + format.columns() + " x " + format.rows()
                    + " (columns x rows)"
                    + (f.lines() == 0 ? "; a height deferred to a DNL marker is not supported"
                            : ""));
        }
        int n = f.components().size();
        if (n != format.samplesPerPixel()) {
            throw new CodecException("JPEG SOF declares " + n
                    + (n == 1 ? " component" : " components")
                    + ", the DICOM header Samples per Pixel " + format.samplesPerPixel());
        }
        int p = f.precision();
        switch (f.sofCode()) {
            case JpegMarker.SOF0 -> {
                if (p != 8) {
                    throw new CodecException("JPEG " + sof + " declares " + p
                            + "-bit samples; the baseline process allows only 8");
                }
            }
            case JpegMarker.SOF1 -> {
                if (p != 8 && p != 12) {
                    throw new CodecException("JPEG " + sof + " declares " + p
                            + "-bit samples; the extended DCT process allows 8 or 12");
                }
            }
            default -> {
                if (p < 2 || p > 16) {
                    throw new CodecException("JPEG " + sof + " declares " + p
                            + "-bit samples; the lossless process allows 2 to 16");
                }
            }
        }
        // The decoded P-bit pattern must fit the DICOM sample container. P may exceed Bits
        // Stored (12-bit DCT carries 10-bit data; some encoders write 16-bit lossless for
        // 12-bit data), but never Bits Allocated.
        if (p > format.bitsAllocated()) {
            throw new CodecException("JPEG SOF declares " + p + "-bit samples, more than Bits "
                    + "Allocated " + format.bitsAllocated() + " (Bits Stored "
                    + format.bitsStored() + ") can hold");
        }
    }

    private static void checkSampling(FrameHeader f) throws CodecException {
        if (f.components().size() == 1) {
            return; // a single component is never subsampled, whatever H and V say (A.2.2)
        }
        int hMax = f.maxHorizontalSampling();
        int vMax = f.maxVerticalSampling();
        for (FrameHeader.Component c : f.components()) {
            int h = c.horizontalSampling();
            int v = c.verticalSampling();
            if (f.isLossless() && (h != 1 || v != 1)) {
                throw new CodecException("JPEG lossless frame with subsampled components "
                        + "(component " + c.id() + " has sampling factors " + h + "x" + v
                        + ") is not supported");
            }
            if (hMax % h != 0 || vMax % v != 0) {
                throw new CodecException("JPEG component " + c.id() + " has sampling factors "
                        + h + "x" + v + ", not an integral fraction of the maximum " + hMax
                        + "x" + vMax + "; such sampling is not supported");
            }
        }
    }

    /**
     * Guards the allocations against streams that claim a huge frame: every lossless sample
     * needs at least one bit of entropy-coded data, every DCT block at least two (a 1-bit DC
     * code and a 1-bit end-of-block code), so a shorter stream cannot be a valid one.
     */
    private void checkDataCanHoldFrame(FrameHeader f) throws CodecException {
        long minimumBits = f.isLossless()
                ? (long) f.samplesPerLine() * f.lines() * f.components().size()
                : 2 * DctScanDecoder.blockCount(f);
        long minimumBytes = (minimumBits + 7) / 8;
        if (data.length < minimumBytes) {
            throw new CodecException("JPEG data of " + data.length + " bytes is too short for a "
                    + f.samplesPerLine() + " x " + f.lines() + " frame of "
                    + f.components().size() + " components (at least " + minimumBytes
                    + " bytes of entropy-coded data)");
        }
    }

    private void decodeScan(int offset) throws CodecException {
        if (frame == null) {
            throw new CodecException("JPEG SOS at offset " + offset + " comes before any frame "
                    + "header (SOF)");
        }
        ScanHeader scan = segments.readScanHeader(frame);
        scanCount++;
        int ns = scan.components().size();
        HuffmanTable[] dc = new HuffmanTable[ns];
        HuffmanTable[] ac = new HuffmanTable[ns];
        int[][] quant = new int[ns][];
        int blocksPerMcu = 0;
        for (int j = 0; j < ns; j++) {
            ScanHeader.Component sc = scan.components().get(j);
            FrameHeader.Component fc = frame.components().get(sc.frameIndex());
            if (componentDone[sc.frameIndex()]) {
                throw new CodecException(frame.isLossless()
                        ? "JPEG lossless with more than one scan per component (component "
                                + fc.id() + " again in scan " + scanCount + ") is not supported"
                        : "JPEG component " + fc.id() + " is coded again in scan " + scanCount
                                + "; the sequential DCT process codes each component once");
            }
            dc[j] = requireTable(dcTables, sc.dcTable(), "DC");
            blocksPerMcu += fc.horizontalSampling() * fc.verticalSampling();
            if (!frame.isLossless()) {
                ac[j] = requireTable(acTables, sc.acTable(), "AC");
                quant[j] = quantTables[fc.quantizationTable()];
                if (quant[j] == null) {
                    throw new CodecException("quantization table " + fc.quantizationTable()
                            + " referenced by component " + fc.id() + " but never defined");
                }
            }
        }
        if (ns > 1 && blocksPerMcu > 10) {
            throw new CodecException("JPEG scan " + scanCount + " interleaves " + blocksPerMcu
                    + " data units per MCU; T.81 B.2.3 allows at most 10");
        }
        EntropyReader in = new EntropyReader(data, segments.position());
        if (lossless != null) {
            lossless.decodeScan(scan, dc, restartInterval, in);
        } else {
            dct.decodeScan(scan, dc, ac, quant, restartInterval, in);
        }
        for (ScanHeader.Component sc : scan.components()) {
            componentDone[sc.frameIndex()] = true;
        }
        int next = in.nextMarkerOffset();
        if (next < 0) {
            throw new CodecException("JPEG data ends after the entropy-coded data of scan "
                    + scanCount + " without an EOI marker");
        }
        segments.seek(next);
    }

    private static HuffmanTable requireTable(HuffmanTable[] tables, int index, String kind)
            throws CodecException {
        HuffmanTable t = tables[index];
        if (t == null) {
            throw new CodecException("Huffman table " + kind + index
                    + " referenced by scan but never defined");
        }
        return t;
    }

    /** Checks that every component was decoded and assembles the output. */
    private DecodedFrame finish(int eoiOffset) throws CodecException {
        if (frame == null) {
            throw new CodecException("JPEG data reaches EOI at offset " + eoiOffset
                    + " without a frame header (SOF)");
        }
        for (int i = 0; i < componentDone.length; i++) {
            if (!componentDone[i]) {
                throw new CodecException("JPEG data reaches EOI at offset " + eoiOffset
                        + " before component " + frame.components().get(i).id()
                        + " was decoded (" + scanCount + " scans read)");
            }
        }
        if (dct != null) {
            int hMax = frame.maxHorizontalSampling();
            int vMax = frame.maxVerticalSampling();
            int n = frame.components().size();
            for (int i = 0; i < n; i++) {
                FrameHeader.Component c = frame.components().get(i);
                int hRatio = n == 1 ? 1 : hMax / c.horizontalSampling();
                int vRatio = n == 1 ? 1 : vMax / c.verticalSampling();
                ChromaUpsampler.store(dct.plane(i), dct.stride(i), frame.componentWidth(i),
                        frame.componentHeight(i), hRatio, vRatio,
                        new InterleavedTarget(out, frame.samplesPerLine(), frame.lines(), n, i,
                                format.bitsAllocated() / 8));
            }
        }
        String photometric = format.photometric();
        if (photometric != null && photometric.startsWith("YBR_FULL")) {
            // Chroma is at full resolution now (PS3.3 C.7.6.3.1.2), still YCbCr.
            photometric = "YBR_FULL";
        }
        return new DecodedFrame(out, photometric);
    }

    /** Stores one component's lines into the sample-interleaved little-endian frame. */
    private record InterleavedTarget(byte[] out, int columns, int rows, int components,
            int component, int bytesPerSample) implements ChromaUpsampler.SampleTarget {

        @Override
        public void storeLine(int y, int[] line) {
            int index = y * columns * components + component;
            if (bytesPerSample == 1) {
                for (int x = 0; x < columns; x++, index += components) {
                    out[index] = (byte) line[x];
                }
            } else {
                for (int x = 0; x < columns; x++, index += components) {
                    out[2 * index] = (byte) line[x];
                    out[2 * index + 1] = (byte) (line[x] >>> 8);
                }
            }
        }
    }
}
