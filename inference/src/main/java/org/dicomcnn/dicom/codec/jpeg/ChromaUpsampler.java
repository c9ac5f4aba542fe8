package org.dicomcnn.dicom.codec.jpeg;

/**
 * Brings a decoded DCT component to full resolution and stores it, sample-interleaved, into the
 * output frame.
 *
 * <p>Components subsampled by 2 horizontally (4:2:2, "h2v1") or by 2 in both directions (4:2:0,
 * "h2v2") are interpolated with the triangle filter of the IJG library's "fancy upsampling":
 * each output sample is 3/4 of the nearer and 1/4 of the farther input sample in each
 * subsampled direction, with the edge samples replicated. This is what DCMTK's dcmdjpeg and most
 * viewers do, so results agree with them. Any other integral ratio (e.g. vertical-only 2, or 4)
 * and components of at most two samples per line are replicated. No colour conversion happens.
 */
final class ChromaUpsampler {

    private ChromaUpsampler() {}

    /**
     * Upsamples one component and stores it.
     *
     * @param plane the component's samples
     * @param stride samples per line of {@code plane}
     * @param width the component's width in samples, ceil(X Hi / Hmax)
     * @param height the component's height in lines, ceil(Y Vi / Vmax)
     * @param horizontalRatio Hmax / Hi
     * @param verticalRatio Vmax / Vi
     * @param target where the full-resolution samples go
     */
    static void store(short[] plane, int stride, int width, int height, int horizontalRatio,
            int verticalRatio, SampleTarget target) {
        int[] line = new int[Math.max(target.columns(), width * horizontalRatio)];
        boolean fancy = width > 2 && horizontalRatio == 2
                && (verticalRatio == 1 || verticalRatio == 2);
        for (int y = 0; y < target.rows(); y++) {
            if (horizontalRatio == 1 && verticalRatio == 1) {
                int o = y * stride;
                for (int x = 0; x < target.columns(); x++) {
                    line[x] = plane[o + x];
                }
            } else if (fancy && verticalRatio == 1) {
                fancyH2V1(plane, y * stride, width, line);
            } else if (fancy) {
                int inRow = y >> 1;
                // The nearer input line is inRow; the farther one is above for even output
                // lines and below for odd ones, replicated at the top and bottom edges.
                int farRow = (y & 1) == 0 ? Math.max(inRow - 1, 0)
                        : Math.min(inRow + 1, height - 1);
                fancyH2V2(plane, inRow * stride, farRow * stride, width, line);
            } else {
                int o = (y / verticalRatio) * stride;
                for (int x = 0; x < target.columns(); x++) {
                    line[x] = plane[o + x / horizontalRatio];
                }
            }
            target.storeLine(y, line);
        }
    }

    /** One line at twice the width: 3/4 nearer + 1/4 farther neighbour (rounding as IJG). */
    private static void fancyH2V1(short[] plane, int o, int width, int[] line) {
        int v = plane[o];
        line[0] = v;
        line[1] = (v * 3 + plane[o + 1] + 2) >> 2;
        for (int x = 1; x < width - 1; x++) {
            int v3 = plane[o + x] * 3;
            line[2 * x] = (v3 + plane[o + x - 1] + 1) >> 2;
            line[2 * x + 1] = (v3 + plane[o + x + 1] + 2) >> 2;
        }
        int last = plane[o + width - 1];
        line[2 * width - 2] = (last * 3 + plane[o + width - 2] + 1) >> 2;
        line[2 * width - 1] = last;
    }

    /**
     * One output line from the nearer input line {@code near} and the farther {@code far}: the
     * vertical 3:1 column sums, then the horizontal 3:1 filter on the sums (total weight 16).
     */
    private static void fancyH2V2(short[] plane, int near, int far, int width, int[] line) {
        int thisSum = plane[near] * 3 + plane[far];
        int nextSum = plane[near + 1] * 3 + plane[far + 1];
        line[0] = (thisSum * 4 + 8) >> 4;
        line[1] = (thisSum * 3 + nextSum + 7) >> 4;
        int lastSum = thisSum;
        thisSum = nextSum;
        for (int x = 1; x < width - 1; x++) {
            nextSum = plane[near + x + 1] * 3 + plane[far + x + 1];
            line[2 * x] = (thisSum * 3 + lastSum + 8) >> 4;
            line[2 * x + 1] = (thisSum * 3 + nextSum + 7) >> 4;
            lastSum = thisSum;
            thisSum = nextSum;
        }
        line[2 * width - 2] = (thisSum * 3 + lastSum + 8) >> 4;
        line[2 * width - 1] = (thisSum * 4 + 7) >> 4;
    }

    /** Where full-resolution lines of one component go. */
    interface SampleTarget {
        /** Output samples per line (X). */
        int columns();

        /** Output lines (Y). */
        int rows();

        /** Stores the first {@link #columns()} samples of {@code line} as output line y. */
        void storeLine(int y, int[] line);
    }
}
