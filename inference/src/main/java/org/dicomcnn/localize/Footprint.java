package org.dicomcnn.localize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The voxels a finding was measured on, slice by slice, as runs along image rows: what its
 * outline on each slice is drawn from. Runs keep it small (a 600 ml effusion of a million voxels
 * is a few thousand runs), so every finding can carry its own.
 *
 * <p>A finding that was not segmented (read back from a report, or made by hand) has
 * {@link #NONE}.
 */
public final class Footprint {

    /** No voxels: the finding carries no segmentation. */
    public static final Footprint NONE = new Footprint(new int[0]);

    /** Four ints per run: slice, row, first column, last column (inclusive); ascending. */
    private final int[] runs;

    private Footprint(int[] runs) {
        this.runs = runs;
    }

    /**
     * One run of voxels along a row of one slice.
     *
     * @param row the row (j)
     * @param firstColumn the first column (i), inclusive
     * @param lastColumn the last column, inclusive
     */
    public record Run(int row, int firstColumn, int lastColumn) {}

    /**
     * The footprint of voxels given by their indices {@code (k * height + j) * width + i}.
     *
     * @param sortedIndices voxel indices, ascending, no duplicates
     * @param width the volume's columns
     * @param height the volume's rows
     * @return the footprint
     */
    static Footprint ofIndices(int[] sortedIndices, int width, int height) {
        int[] out = new int[16];
        int n = 0;
        int p = 0;
        while (p < sortedIndices.length) {
            int start = sortedIndices[p];
            int q = p;
            // a run goes on while the next index is the next column of the same row
            while (q + 1 < sortedIndices.length && sortedIndices[q + 1] == sortedIndices[q] + 1
                    && sortedIndices[q + 1] % width != 0) {
                q++;
            }
            if (n + 4 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = start / (width * height);
            out[n++] = (start / width) % height;
            out[n++] = start % width;
            out[n++] = sortedIndices[q] % width;
            p = q + 1;
        }
        return n == 0 ? NONE : new Footprint(Arrays.copyOf(out, n));
    }

    /** Whether it holds no voxel. */
    public boolean isEmpty() {
        return runs.length == 0;
    }

    /** The number of voxels. */
    public int voxelCount() {
        int count = 0;
        for (int r = 0; r < runs.length; r += 4) {
            count += runs[r + 3] - runs[r + 2] + 1;
        }
        return count;
    }

    /** The slices it lies on, ascending. */
    public int[] slices() {
        int[] out = new int[runs.length / 4];
        int n = 0;
        for (int r = 0; r < runs.length; r += 4) {
            if (n == 0 || out[n - 1] != runs[r]) {
                out[n++] = runs[r];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The runs on one slice, by row then column.
     *
     * @param slice the slice index
     * @return its runs, empty when the footprint does not reach that slice
     */
    public List<Run> runsOn(int slice) {
        List<Run> out = new ArrayList<>();
        for (int r = 0; r < runs.length; r += 4) {
            if (runs[r] == slice) {
                out.add(new Run(runs[r + 1], runs[r + 2], runs[r + 3]));
            } else if (runs[r] > slice) {
                break;
            }
        }
        return out;
    }

    /** Whether voxel (i, j, k) belongs to it. */
    public boolean contains(int i, int j, int k) {
        for (Run run : runsOn(k)) {
            if (run.row() == j && i >= run.firstColumn() && i <= run.lastColumn()) {
                return true;
            }
        }
        return false;
    }
}
