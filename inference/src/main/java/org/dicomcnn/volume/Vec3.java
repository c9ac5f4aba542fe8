package org.dicomcnn.volume;

/**
 * A point or direction in patient coordinates (millimetres, DICOM LPS: x to the patient's left,
 * y posterior, z superior).
 *
 * @param x x
 * @param y y
 * @param z z
 */
public record Vec3(double x, double y, double z) {

    /** The origin. */
    public static final Vec3 ZERO = new Vec3(0, 0, 0);

    /** From a 3-element array. */
    public static Vec3 of(double[] v) {
        if (v.length != 3) {
            throw new IllegalArgumentException("a 3-vector needs 3 values, not " + v.length);
        }
        return new Vec3(v[0], v[1], v[2]);
    }

    /** this + o */
    public Vec3 plus(Vec3 o) {
        return new Vec3(x + o.x, y + o.y, z + o.z);
    }

    /** this - o */
    public Vec3 minus(Vec3 o) {
        return new Vec3(x - o.x, y - o.y, z - o.z);
    }

    /** this * s */
    public Vec3 times(double s) {
        return new Vec3(x * s, y * s, z * s);
    }

    /** Dot product. */
    public double dot(Vec3 o) {
        return x * o.x + y * o.y + z * o.z;
    }

    /** Cross product this x o. */
    public Vec3 cross(Vec3 o) {
        return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
    }

    /** Euclidean length. */
    public double norm() {
        return Math.sqrt(dot(this));
    }

    /** This direction with unit length. */
    public Vec3 unit() {
        double n = norm();
        if (n == 0) {
            throw new IllegalArgumentException("the zero vector has no direction");
        }
        return times(1 / n);
    }

    /** Distance to another point. */
    public double distance(Vec3 o) {
        return minus(o).norm();
    }

    /** As a new 3-element array. */
    public double[] toArray() {
        return new double[] {x, y, z};
    }
}
