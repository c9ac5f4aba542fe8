package org.dicomcnn.dicom.codec.jpeg;

import java.util.List;

/**
 * The frame header of ITU-T T.81 B.2.2: what a SOFn segment declares. {@link SegmentReader}
 * checks the ranges before it builds one.
 *
 * @param sofCode the SOFn marker code, e.g. 0xC1 for extended sequential DCT
 * @param precision P, bits per sample (8 or 12 for DCT, 2 to 16 for lossless)
 * @param lines Y, the number of lines (rows)
 * @param samplesPerLine X, the number of samples per line (columns)
 * @param components the frame's components in the order the header lists them
 */
record FrameHeader(int sofCode, int precision, int lines, int samplesPerLine,
        List<Component> components) {

    /**
     * One component specification of the frame header.
     *
     * @param id C, the component identifier scans refer to
     * @param horizontalSampling H, 1 to 4
     * @param verticalSampling V, 1 to 4
     * @param quantizationTable Tq, 0 to 3 (unused by lossless frames)
     */
    record Component(int id, int horizontalSampling, int verticalSampling, int quantizationTable) {}

    /** Copies the component list. */
    FrameHeader {
        components = List.copyOf(components);
    }

    /** True for the lossless process (SOF3). */
    boolean isLossless() {
        return sofCode == JpegMarker.SOF3;
    }

    /** Hmax, the largest horizontal sampling factor (A.1.1). */
    int maxHorizontalSampling() {
        int max = 1;
        for (Component c : components) {
            max = Math.max(max, c.horizontalSampling());
        }
        return max;
    }

    /** Vmax, the largest vertical sampling factor (A.1.1). */
    int maxVerticalSampling() {
        int max = 1;
        for (Component c : components) {
            max = Math.max(max, c.verticalSampling());
        }
        return max;
    }

    /** The position of the component with identifier {@code id} in the frame, or -1. */
    int indexOf(int id) {
        for (int i = 0; i < components.size(); i++) {
            if (components.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }

    /** xi, the number of samples per line of a component: ceil(X * Hi / Hmax) (A.1.1). */
    int componentWidth(int index) {
        return ceilDiv(samplesPerLine * components.get(index).horizontalSampling(),
                maxHorizontalSampling());
    }

    /** yi, the number of lines of a component: ceil(Y * Vi / Vmax) (A.1.1). */
    int componentHeight(int index) {
        return ceilDiv(lines * components.get(index).verticalSampling(), maxVerticalSampling());
    }

    /** Ceiling of a / b for non-negative a and positive b. */
    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
