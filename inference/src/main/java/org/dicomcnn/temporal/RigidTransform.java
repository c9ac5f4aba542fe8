package org.dicomcnn.temporal;

import java.util.Objects;
import org.dicomcnn.volume.Vec3;

/**
 * A rigid motion of patient space, {@code y = R x + t}, with R a proper rotation. Registration
 * returns one that maps a point of the current study's patient frame (mm) to the same anatomy in
 * a prior's frame, which is what resampling the prior onto the current grid needs.
 *
 * <pre>{@code
 * RigidTransform t = RigidTransform.aboutCentre(new double[] {0, 0, 3}, centre, new Vec3(0, 0, 40));
 * Vec3 inPrior = t.apply(inCurrent);
 * }</pre>
 *
 * @param rotation R, 3 x 3, row by row
 * @param translation t, mm
 */
public record RigidTransform(double[][] rotation, Vec3 translation) {

    /** No motion. */
    public static final RigidTransform IDENTITY =
            new RigidTransform(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, Vec3.ZERO);

    /** Validates and copies: R must be orthonormal with determinant +1 (within 1e-6). */
    public RigidTransform {
        Objects.requireNonNull(translation, "translation");
        if (rotation == null || rotation.length != 3) {
            throw new IllegalArgumentException("rotation must be 3 x 3");
        }
        double[][] r = new double[3][];
        for (int i = 0; i < 3; i++) {
            if (rotation[i] == null || rotation[i].length != 3) {
                throw new IllegalArgumentException("rotation must be 3 x 3");
            }
            r[i] = rotation[i].clone();
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double dot = r[0][i] * r[0][j] + r[1][i] * r[1][j] + r[2][i] * r[2][j];
                if (Math.abs(dot - (i == j ? 1 : 0)) > 1e-6) {
                    throw new IllegalArgumentException("rotation is not orthonormal");
                }
            }
        }
        if (determinant(r) < 0) {
            throw new IllegalArgumentException("rotation is a reflection (determinant -1)");
        }
        rotation = r;
    }

    /**
     * R = Rz Ry Rx from angles about the patient axes, the convention of the phantoms' ground truth.
     *
     * @param eulerDegrees rotation about x, y and z, degrees
     * @return R, row by row
     */
    public static double[][] rotationOf(double[] eulerDegrees) {
        double a = Math.toRadians(eulerDegrees[0]);
        double b = Math.toRadians(eulerDegrees[1]);
        double c = Math.toRadians(eulerDegrees[2]);
        double ca = Math.cos(a);
        double sa = Math.sin(a);
        double cb = Math.cos(b);
        double sb = Math.sin(b);
        double cc = Math.cos(c);
        double sc = Math.sin(c);
        return new double[][] {
            {cc * cb, cc * sb * sa - sc * ca, cc * sb * ca + sc * sa},
            {sc * cb, sc * sb * sa + cc * ca, sc * sb * ca - cc * sa},
            {-sb, cb * sa, cb * ca},
        };
    }

    /**
     * The motion that rotates about a centre and then shifts: {@code y = R (x - c) + c + shift}.
     *
     * @param eulerDegrees rotation about x, y and z (R = Rz Ry Rx), degrees
     * @param centre c, mm
     * @param shift where the centre goes, relative to where it was, mm
     * @return the transform
     */
    public static RigidTransform aboutCentre(double[] eulerDegrees, Vec3 centre, Vec3 shift) {
        double[][] r = rotationOf(eulerDegrees);
        return new RigidTransform(r, centre.plus(shift).minus(times(r, centre)));
    }

    /** @return R x + t */
    public Vec3 apply(Vec3 x) {
        return times(rotation, x).plus(translation);
    }

    /** @return the motion that undoes this one */
    public RigidTransform inverse() {
        double[][] rt = transposed(rotation);
        return new RigidTransform(rt, times(rt, translation).times(-1));
    }

    /**
     * @param next a motion applied afterwards
     * @return {@code next} after this: x -> next(this(x))
     */
    public RigidTransform then(RigidTransform next) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[i][j] = next.rotation[i][0] * rotation[0][j] + next.rotation[i][1] * rotation[1][j]
                        + next.rotation[i][2] * rotation[2][j];
            }
        }
        return new RigidTransform(orthonormalised(r), next.apply(translation));
    }

    /** @return the angle of the rotation, degrees (0..180), whatever its axis */
    public double angleDegrees() {
        double cos = (rotation[0][0] + rotation[1][1] + rotation[2][2] - 1) / 2;
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    }

    /** @return angles about x, y and z with R = Rz Ry Rx, degrees (y within -90..90) */
    public double[] eulerDegrees() {
        double ry = -Math.asin(Math.max(-1, Math.min(1, rotation[2][0])));
        double rx = Math.atan2(rotation[2][1], rotation[2][2]);
        double rz = Math.atan2(rotation[1][0], rotation[0][0]);
        return new double[] {Math.toDegrees(rx), Math.toDegrees(ry), Math.toDegrees(rz)};
    }

    @Override
    public double[][] rotation() {
        return new double[][] {rotation[0].clone(), rotation[1].clone(), rotation[2].clone()};
    }

    /** @return the 3 x 4 matrix [R | t], row by row */
    public double[][] matrix() {
        return new double[][] {
            {rotation[0][0], rotation[0][1], rotation[0][2], translation.x()},
            {rotation[1][0], rotation[1][1], rotation[1][2], translation.y()},
            {rotation[2][0], rotation[2][1], rotation[2][2], translation.z()},
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RigidTransform t && translation.equals(t.translation)
                && java.util.Arrays.deepEquals(rotation, t.rotation);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.deepHashCode(rotation) + translation.hashCode();
    }

    @Override
    public String toString() {
        double[] e = eulerDegrees();
        return String.format(java.util.Locale.ROOT, "rotation (%.2f, %.2f, %.2f) deg, translation (%.2f, %.2f, %.2f) mm",
                e[0], e[1], e[2], translation.x(), translation.y(), translation.z());
    }

    private static Vec3 times(double[][] r, Vec3 x) {
        return new Vec3(r[0][0] * x.x() + r[0][1] * x.y() + r[0][2] * x.z(),
                r[1][0] * x.x() + r[1][1] * x.y() + r[1][2] * x.z(),
                r[2][0] * x.x() + r[2][1] * x.y() + r[2][2] * x.z());
    }

    private static double[][] transposed(double[][] r) {
        return new double[][] {{r[0][0], r[1][0], r[2][0]}, {r[0][1], r[1][1], r[2][1]}, {r[0][2], r[1][2], r[2][2]}};
    }

    private static double determinant(double[][] r) {
        return r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
    }

    /** Gram-Schmidt on the rows, so that long chains of products stay rotations. */
    private static double[][] orthonormalised(double[][] r) {
        Vec3 a = new Vec3(r[0][0], r[0][1], r[0][2]).unit();
        Vec3 b = new Vec3(r[1][0], r[1][1], r[1][2]);
        b = b.minus(a.times(a.dot(b))).unit();
        Vec3 c = a.cross(b);
        return new double[][] {a.toArray(), b.toArray(), c.toArray()};
    }
}
