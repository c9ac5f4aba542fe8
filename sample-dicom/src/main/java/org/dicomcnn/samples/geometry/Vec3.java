package org.dicomcnn.samples.geometry;

/**
 * A point or direction in millimetres.
 *
 * @param x first coordinate (patient left in the DICOM patient frame)
 * @param y second coordinate (patient posterior)
 * @param z third coordinate (patient superior)
 */
public record Vec3(double x, double y, double z) {

    /** The origin. */
    public static final Vec3 ZERO = new Vec3(0, 0, 0);

    /** Rejects non-finite coordinates, which would poison every distance computed from them. */
    public Vec3 {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("non-finite vector (" + x + ", " + y + ", " + z + ")");
        }
    }

    /** @return this + o */
    public Vec3 plus(Vec3 o) {
        return new Vec3(x + o.x, y + o.y, z + o.z);
    }

    /** @return this - o */
    public Vec3 minus(Vec3 o) {
        return new Vec3(x - o.x, y - o.y, z - o.z);
    }

    /** @return this scaled by s */
    public Vec3 times(double s) {
        return new Vec3(x * s, y * s, z * s);
    }

    /** @return the dot product */
    public double dot(Vec3 o) {
        return x * o.x + y * o.y + z * o.z;
    }

    /** @return the cross product this x o */
    public Vec3 cross(Vec3 o) {
        return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
    }

    /** @return the Euclidean length */
    public double length() {
        return Math.sqrt(dot(this));
    }

    /**
     * @return this scaled to unit length
     * @throws IllegalArgumentException for the zero vector
     */
    public Vec3 unit() {
        double n = length();
        if (n == 0) {
            throw new IllegalArgumentException("the zero vector has no direction");
        }
        return times(1 / n);
    }

    /** @return the coordinates as a new array {x, y, z} */
    public double[] toArray() {
        return new double[] {x, y, z};
    }

    /**
     * @param a three coordinates
     * @return the vector
     */
    public static Vec3 of(double[] a) {
        if (a.length != 3) {
            throw new IllegalArgumentException("a vector needs 3 coordinates, got " + a.length);
        }
        return new Vec3(a[0], a[1], a[2]);
    }
}
