package org.dicomcnn.samples.geometry;

import java.util.Arrays;

/**
 * A 3-D rotation as an orthonormal matrix (row-major). Immutable.
 *
 * <pre>{@code
 * Rotation r = Rotation.fromEulerDegrees(1.5, -0.5, 3.0); // about x, then y, then z
 * Vec3 p = r.apply(new Vec3(10, 0, 0));
 * }</pre>
 */
public final class Rotation {

    /** The identity rotation. */
    public static final Rotation IDENTITY = new Rotation(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});

    /** How far from orthonormal a matrix may be (rounding in JSON keeps 9 decimals). */
    private static final double ORTHONORMAL_TOLERANCE = 1e-6;

    private final double[] m;

    private Rotation(double[] m) {
        this.m = m;
    }

    /**
     * @param rows a 3x3 matrix, row by row
     * @return the rotation
     * @throws IllegalArgumentException if the matrix is not a proper rotation
     */
    public static Rotation ofMatrix(double[][] rows) {
        if (rows.length != 3) {
            throw new IllegalArgumentException("a rotation matrix needs 3 rows, got " + rows.length);
        }
        double[] m = new double[9];
        for (int i = 0; i < 3; i++) {
            if (rows[i].length != 3) {
                throw new IllegalArgumentException("row " + i + " of a rotation matrix has " + rows[i].length
                        + " values, 3 expected");
            }
            System.arraycopy(rows[i], 0, m, 3 * i, 3);
        }
        Rotation r = new Rotation(m);
        Rotation p = r.times(r.transpose());
        for (int i = 0; i < 9; i++) {
            if (Math.abs(p.m[i] - IDENTITY.m[i]) > ORTHONORMAL_TOLERANCE) {
                throw new IllegalArgumentException("matrix is not orthonormal: " + Arrays.deepToString(rows));
            }
        }
        if (r.determinant() < 0) {
            throw new IllegalArgumentException("matrix is a reflection, not a rotation");
        }
        return r;
    }

    /**
     * A rotation about x by {@code rx}, then about y by {@code ry}, then about z by {@code rz}
     * (R = Rz Ry Rx), all in degrees, right-handed.
     *
     * @param rxDegrees about x (pitch of a supine patient)
     * @param ryDegrees about y
     * @param rzDegrees about z (roll of a supine patient)
     * @return the rotation
     */
    public static Rotation fromEulerDegrees(double rxDegrees, double ryDegrees, double rzDegrees) {
        return about(2, rzDegrees).times(about(1, ryDegrees)).times(about(0, rxDegrees));
    }

    /**
     * A rotation whose columns are three orthonormal axes.
     *
     * @param u first axis (unit)
     * @param v second axis (unit, orthogonal to u)
     * @return the rotation mapping the unit x, y, z to u, v and u x v
     */
    public static Rotation fromAxes(Vec3 u, Vec3 v) {
        Vec3 w = u.cross(v);
        return ofMatrix(new double[][] {{u.x(), v.x(), w.x()}, {u.y(), v.y(), w.y()}, {u.z(), v.z(), w.z()}});
    }

    private static Rotation about(int axis, double degrees) {
        double a = StrictMath.toRadians(degrees);
        double c = StrictMath.cos(a);
        double s = StrictMath.sin(a);
        return switch (axis) {
            case 0 -> new Rotation(new double[] {1, 0, 0, 0, c, -s, 0, s, c});
            case 1 -> new Rotation(new double[] {c, 0, s, 0, 1, 0, -s, 0, c});
            default -> new Rotation(new double[] {c, -s, 0, s, c, 0, 0, 0, 1});
        };
    }

    /** @return R v */
    public Vec3 apply(Vec3 v) {
        return new Vec3(m[0] * v.x() + m[1] * v.y() + m[2] * v.z(),
                m[3] * v.x() + m[4] * v.y() + m[5] * v.z(),
                m[6] * v.x() + m[7] * v.y() + m[8] * v.z());
    }

    /** @return R<sup>T</sup> v, the inverse rotation applied to v */
    public Vec3 applyInverse(Vec3 v) {
        return new Vec3(m[0] * v.x() + m[3] * v.y() + m[6] * v.z(),
                m[1] * v.x() + m[4] * v.y() + m[7] * v.z(),
                m[2] * v.x() + m[5] * v.y() + m[8] * v.z());
    }

    /** @return this * o (apply o first) */
    public Rotation times(Rotation o) {
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[3 * i + j] = m[3 * i] * o.m[j] + m[3 * i + 1] * o.m[3 + j] + m[3 * i + 2] * o.m[6 + j];
            }
        }
        return new Rotation(r);
    }

    /** @return the inverse rotation */
    public Rotation transpose() {
        return new Rotation(new double[] {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]});
    }

    /**
     * @param row 0..2
     * @param column 0..2
     * @return one matrix element
     */
    public double get(int row, int column) {
        return m[3 * row + column];
    }

    /** @return column {@code j}: where this rotation sends unit axis j */
    public Vec3 column(int j) {
        return new Vec3(m[j], m[3 + j], m[6 + j]);
    }

    /** @return the matrix, row by row, as a new array */
    public double[][] toMatrix() {
        return new double[][] {{m[0], m[1], m[2]}, {m[3], m[4], m[5]}, {m[6], m[7], m[8]}};
    }

    /** @return the rotation angle in degrees (0..180) */
    public double angleDegrees() {
        double c = Math.max(-1, Math.min(1, (m[0] + m[4] + m[8] - 1) / 2));
        return StrictMath.toDegrees(StrictMath.acos(c));
    }

    private double determinant() {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rotation r && Arrays.equals(m, r.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        return "Rotation" + Arrays.deepToString(toMatrix());
    }
}
