package org.dicomcnn.temporal;

import java.util.Arrays;

/**
 * Optimal assignment (the Hungarian method, Kuhn-Munkres with potentials, O(n^2 m)): pairs rows
 * with columns so that the total cost is least. Pairs whose cost is infinite are forbidden; a row
 * that can only be paired through a forbidden cell stays unpaired.
 *
 * <pre>{@code
 * int[] columnOfRow = Assignment.minimumCost(new double[][] {{4, 1}, {2, Double.POSITIVE_INFINITY}});
 * // {1, 0}
 * }</pre>
 */
public final class Assignment {

    private Assignment() {}

    /**
     * @param cost rows x columns, finite or {@code +Infinity} (forbidden); rows may outnumber
     *     columns or the other way round
     * @return for each row the column it is paired with, or -1
     */
    public static int[] minimumCost(double[][] cost) {
        int rows = cost.length;
        int columns = rows == 0 ? 0 : cost[0].length;
        if (rows == 0 || columns == 0) {
            int[] none = new int[rows];
            Arrays.fill(none, -1);
            return none;
        }
        // forbidden cells get a cost larger than any complete assignment of allowed ones, so the
        // method prefers every allowed pairing and the forbidden ones are dropped afterwards
        double big = 1;
        for (double[] r : cost) {
            if (r.length != columns) {
                throw new IllegalArgumentException("cost matrix rows differ in length");
            }
            for (double c : r) {
                if (Double.isNaN(c) || c == Double.NEGATIVE_INFINITY) {
                    throw new IllegalArgumentException("costs must be finite or +Infinity, not " + c);
                }
                if (c != Double.POSITIVE_INFINITY) {
                    big += Math.abs(c);
                }
            }
        }
        boolean transposed = rows > columns;
        int n = transposed ? columns : rows;
        int m = transposed ? rows : columns;
        double[][] a = new double[n + 1][m + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double c = transposed ? cost[j][i] : cost[i][j];
                a[i + 1][j + 1] = c == Double.POSITIVE_INFINITY ? big : c;
            }
        }
        int[] rowOfColumn = solve(a, n, m);
        int[] out = new int[rows];
        Arrays.fill(out, -1);
        for (int j = 1; j <= m; j++) {
            int i = rowOfColumn[j];
            if (i == 0) {
                continue;
            }
            int r = transposed ? j - 1 : i - 1;
            int c = transposed ? i - 1 : j - 1;
            if (cost[r][c] != Double.POSITIVE_INFINITY) {
                out[r] = c;
            }
        }
        return out;
    }

    /** The classic potentials formulation for n <= m (1-based): returns, per column, its row or 0. */
    private static int[] solve(double[][] a, int n, int m) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = a[i0][j] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        return p;
    }
}
