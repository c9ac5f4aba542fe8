package org.dicomcnn.volume;

import java.util.Arrays;
import java.util.List;

/**
 * Where each voxel of a volume lies in patient coordinates (mm), PS3.3 C.7.6.2.1.1: voxel
 * (column i, row j, slice k) is at
 * {@code P_k + i * columnSpacing * rowDirection + j * rowSpacing * columnDirection}, where P_k is
 * the Image Position (Patient) of slice k. Keeping every slice's own position makes the mapping
 * exact for uneven spacing, gaps and gantry tilt (sheared stacks); {@link #isUniform()} says when
 * the volume is a regular grid and {@link #affine()} is exact.
 *
 * <pre>{@code
 * Vec3 p = volume.geometry().voxelToPatient(255.5, 255.5, 40);
 * double[] ijk = volume.geometry().patientToVoxel(p);
 * }</pre>
 */
public final class Geometry {

    /** Slice-to-slice steps within this fraction (or 0.02 mm) of the median count as uniform. */
    static final double UNIFORM_TOLERANCE = 0.01;

    private final int columns;
    private final int rows;
    private final double columnSpacingMm;
    private final double rowSpacingMm;
    private final Vec3 rowDirection;
    private final Vec3 columnDirection;
    private final Vec3 normal;
    private final Vec3[] slicePositions;
    private final double[] sliceKeys;
    private final boolean fromPatientPositions;

    private Geometry(int columns, int rows, double columnSpacingMm, double rowSpacingMm, Vec3 rowDirection,
            Vec3 columnDirection, List<Vec3> slicePositions, boolean fromPatientPositions) {
        if (columns <= 0 || rows <= 0 || slicePositions.isEmpty()) {
            throw new IllegalArgumentException("a geometry needs at least one slice of positive size");
        }
        if (!(columnSpacingMm > 0) || !(rowSpacingMm > 0)) {
            throw new IllegalArgumentException("pixel spacing must be positive: " + rowSpacingMm + " / " + columnSpacingMm);
        }
        this.columns = columns;
        this.rows = rows;
        this.columnSpacingMm = columnSpacingMm;
        this.rowSpacingMm = rowSpacingMm;
        this.rowDirection = rowDirection.unit();
        this.columnDirection = columnDirection.unit();
        if (Math.abs(this.rowDirection.dot(this.columnDirection)) > 1e-3) {
            throw new IllegalArgumentException("row and column directions are not orthogonal");
        }
        this.normal = this.rowDirection.cross(this.columnDirection).unit();
        this.slicePositions = slicePositions.toArray(new Vec3[0]);
        this.sliceKeys = new double[this.slicePositions.length];
        for (int k = 0; k < sliceKeys.length; k++) {
            sliceKeys[k] = this.slicePositions[k].dot(normal);
            if (k > 0 && !(sliceKeys[k] > sliceKeys[k - 1])) {
                throw new IllegalArgumentException("slice positions must increase strictly along the normal; slice "
                        + k + " is at " + sliceKeys[k] + " mm after " + sliceKeys[k - 1] + " mm");
            }
        }
        this.fromPatientPositions = fromPatientPositions;
    }

    /**
     * A geometry from each slice's Image Position (Patient), sorted along the normal.
     *
     * @param columns voxels per row
     * @param rows rows per slice
     * @param columnSpacingMm distance between columns (Pixel Spacing, second value)
     * @param rowSpacingMm distance between rows (Pixel Spacing, first value)
     * @param rowDirection direction of increasing column index (first Image Orientation triplet)
     * @param columnDirection direction of increasing row index (second triplet)
     * @param slicePositions position of the first voxel of each slice, strictly increasing along
     *     rowDirection x columnDirection
     * @return the geometry
     */
    public static Geometry ofSlices(int columns, int rows, double columnSpacingMm, double rowSpacingMm,
            Vec3 rowDirection, Vec3 columnDirection, List<Vec3> slicePositions) {
        return new Geometry(columns, rows, columnSpacingMm, rowSpacingMm, rowDirection, columnDirection,
                slicePositions, true);
    }

    /**
     * A regular grid: origin, in-plane directions and spacing, slices {@code sliceSpacingMm}
     * apart along the normal.
     *
     * @param columns voxels per row
     * @param rows rows per slice
     * @param slices number of slices
     * @param origin position of voxel (0, 0, 0)
     * @param rowDirection direction of increasing column index
     * @param columnDirection direction of increasing row index
     * @param columnSpacingMm distance between columns
     * @param rowSpacingMm distance between rows
     * @param sliceSpacingMm distance between slices
     * @return the geometry
     */
    public static Geometry regular(int columns, int rows, int slices, Vec3 origin, Vec3 rowDirection,
            Vec3 columnDirection, double columnSpacingMm, double rowSpacingMm, double sliceSpacingMm) {
        return regular(columns, rows, slices, origin, rowDirection, columnDirection, columnSpacingMm, rowSpacingMm,
                sliceSpacingMm, true);
    }

    /**
     * A regular grid standing in for a series whose slices have no patient positions: voxel
     * coordinates are exact, millimetre positions are nominal ({@link #isFromPatientPositions()}
     * is false).
     */
    static Geometry nominal(int columns, int rows, int slices, double columnSpacingMm, double rowSpacingMm,
            double sliceSpacingMm) {
        return regular(columns, rows, slices, Vec3.ZERO, new Vec3(1, 0, 0), new Vec3(0, 1, 0), columnSpacingMm,
                rowSpacingMm, sliceSpacingMm, false);
    }

    private static Geometry regular(int columns, int rows, int slices, Vec3 origin, Vec3 rowDirection,
            Vec3 columnDirection, double columnSpacingMm, double rowSpacingMm, double sliceSpacingMm,
            boolean fromPatient) {
        if (!(sliceSpacingMm > 0)) {
            throw new IllegalArgumentException("slice spacing must be positive: " + sliceSpacingMm);
        }
        Vec3 n = rowDirection.unit().cross(columnDirection.unit()).unit();
        Vec3[] positions = new Vec3[slices];
        for (int k = 0; k < slices; k++) {
            positions[k] = origin.plus(n.times(k * sliceSpacingMm));
        }
        return new Geometry(columns, rows, columnSpacingMm, rowSpacingMm, rowDirection, columnDirection,
                List.of(positions), fromPatient);
    }

    /** Voxels per row. */
    public int columns() {
        return columns;
    }

    /** Rows per slice. */
    public int rows() {
        return rows;
    }

    /** Number of slices. */
    public int slices() {
        return slicePositions.length;
    }

    /** Distance between adjacent columns, mm. */
    public double columnSpacingMm() {
        return columnSpacingMm;
    }

    /** Distance between adjacent rows, mm. */
    public double rowSpacingMm() {
        return rowSpacingMm;
    }

    /** Direction of increasing column index (unit). */
    public Vec3 rowDirection() {
        return rowDirection;
    }

    /** Direction of increasing row index (unit). */
    public Vec3 columnDirection() {
        return columnDirection;
    }

    /** rowDirection x columnDirection: the direction of increasing slice index (unit). */
    public Vec3 normal() {
        return normal;
    }

    /** Position of the first voxel of slice {@code k}. */
    public Vec3 slicePosition(int k) {
        return slicePositions[k];
    }

    /** Whether positions come from the files; false when they were missing and are nominal. */
    public boolean isFromPatientPositions() {
        return fromPatientPositions;
    }

    /**
     * The median distance between adjacent slices along the normal, mm; for a single slice, 0.
     */
    public double sliceSpacingMm() {
        if (sliceKeys.length < 2) {
            return 0;
        }
        double[] d = new double[sliceKeys.length - 1];
        for (int k = 0; k < d.length; k++) {
            d[k] = sliceKeys[k + 1] - sliceKeys[k];
        }
        Arrays.sort(d);
        return d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    }

    /**
     * Whether the slices form a regular grid: equal steps (within 1% or 0.02 mm) along one
     * straight line, so that {@link #affine()} is exact.
     */
    public boolean isUniform() {
        if (slicePositions.length < 3) {
            return true;
        }
        Vec3 step = sliceStep();
        double tolerance = Math.max(0.02, UNIFORM_TOLERANCE * step.norm());
        for (int k = 1; k < slicePositions.length; k++) {
            if (slicePositions[k].minus(slicePositions[k - 1]).minus(step).norm() > tolerance) {
                return false;
            }
        }
        return true;
    }

    /** The mean step from one slice's position to the next (the normal times spacing, or sheared). */
    public Vec3 sliceStep() {
        int n = slicePositions.length;
        if (n < 2) {
            return normal;
        }
        return slicePositions[n - 1].minus(slicePositions[0]).times(1.0 / (n - 1));
    }

    /**
     * Patient position of a voxel centre; fractional indices interpolate, and slice indices
     * outside the volume extrapolate with the nearest step.
     *
     * @param i column index
     * @param j row index
     * @param k slice index
     * @return position in mm
     */
    public Vec3 voxelToPatient(double i, double j, double k) {
        return slicePositionAt(k)
                .plus(rowDirection.times(i * columnSpacingMm))
                .plus(columnDirection.times(j * rowSpacingMm));
    }

    /**
     * Voxel coordinates (column, row, slice; fractional) of a patient position, the inverse of
     * {@link #voxelToPatient(double, double, double)}.
     *
     * @param p position in mm
     * @return {i, j, k}
     */
    public double[] patientToVoxel(Vec3 p) {
        double key = p.dot(normal);
        double k = sliceIndexAt(key);
        Vec3 d = p.minus(slicePositionAt(k));
        return new double[] {d.dot(rowDirection) / columnSpacingMm, d.dot(columnDirection) / rowSpacingMm, k};
    }

    /**
     * The 4 x 4 voxel-to-patient matrix of the regular grid through the first and last slice
     * (rows: x, y, z, 1; columns: i, j, k, translation). Exact when {@link #isUniform()}.
     */
    public double[][] affine() {
        Vec3 a = rowDirection.times(columnSpacingMm);
        Vec3 b = columnDirection.times(rowSpacingMm);
        Vec3 c = slicePositions.length > 1 ? sliceStep() : normal;
        Vec3 o = slicePositions[0];
        return new double[][] {
            {a.x(), b.x(), c.x(), o.x()},
            {a.y(), b.y(), c.y(), o.y()},
            {a.z(), b.z(), c.z(), o.z()},
            {0, 0, 0, 1}
        };
    }

    private Vec3 slicePositionAt(double k) {
        int n = slicePositions.length;
        if (n == 1) {
            return slicePositions[0].plus(normal.times(k));
        }
        int k0 = (int) Math.floor(k);
        k0 = Math.max(0, Math.min(n - 2, k0));
        double t = k - k0;
        Vec3 a = slicePositions[k0];
        Vec3 b = slicePositions[k0 + 1];
        return a.plus(b.minus(a).times(t));
    }

    private double sliceIndexAt(double key) {
        int n = sliceKeys.length;
        if (n == 1) {
            return key - sliceKeys[0];
        }
        int hi = Arrays.binarySearch(sliceKeys, key);
        int k0;
        if (hi >= 0) {
            return hi;
        }
        k0 = -hi - 2; // index of the last key below
        k0 = Math.max(0, Math.min(n - 2, k0));
        return k0 + (key - sliceKeys[k0]) / (sliceKeys[k0 + 1] - sliceKeys[k0]);
    }

    @Override
    public String toString() {
        return String.format("Geometry[%d x %d x %d, %.3f x %.3f x %.3f mm%s]", columns, rows, slices(),
                columnSpacingMm, rowSpacingMm, sliceSpacingMm(), isUniform() ? "" : ", non-uniform");
    }
}
