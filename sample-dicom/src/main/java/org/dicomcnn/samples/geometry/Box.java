package org.dicomcnn.samples.geometry;

/**
 * An axis-aligned box in millimetres, possibly unbounded (infinite limits) or empty (a minimum
 * above its maximum).
 *
 * @param minX lowest x
 * @param minY lowest y
 * @param minZ lowest z
 * @param maxX highest x
 * @param maxY highest y
 * @param maxZ highest z
 */
public record Box(double minX, double minY, double minZ, double maxX, double maxY, double maxZ) {

    /** All of space. */
    public static final Box EVERYWHERE = new Box(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    /** Rejects NaN limits. */
    public Box {
        if (Double.isNaN(minX) || Double.isNaN(minY) || Double.isNaN(minZ) || Double.isNaN(maxX) || Double.isNaN(maxY)
                || Double.isNaN(maxZ)) {
            throw new IllegalArgumentException("box limits must not be NaN");
        }
    }

    /**
     * @param centre the centre
     * @param half half the size along each axis
     * @return the box
     */
    public static Box around(Vec3 centre, Vec3 half) {
        return new Box(centre.x() - half.x(), centre.y() - half.y(), centre.z() - half.z(),
                centre.x() + half.x(), centre.y() + half.y(), centre.z() + half.z());
    }

    /** @return whether the box holds no point */
    public boolean isEmpty() {
        return minX > maxX || minY > maxY || minZ > maxZ;
    }

    /** @return whether every limit is finite */
    public boolean isFinite() {
        return Double.isFinite(minX) && Double.isFinite(minY) && Double.isFinite(minZ) && Double.isFinite(maxX)
                && Double.isFinite(maxY) && Double.isFinite(maxZ);
    }

    /** @return the box grown by {@code d} on every side */
    public Box grow(double d) {
        return new Box(minX - d, minY - d, minZ - d, maxX + d, maxY + d, maxZ + d);
    }

    /** @return the common part of both boxes (may be empty) */
    public Box intersect(Box o) {
        return new Box(Math.max(minX, o.minX), Math.max(minY, o.minY), Math.max(minZ, o.minZ),
                Math.min(maxX, o.maxX), Math.min(maxY, o.maxY), Math.min(maxZ, o.maxZ));
    }

    /** @return the smallest box holding both */
    public Box union(Box o) {
        return new Box(Math.min(minX, o.minX), Math.min(minY, o.minY), Math.min(minZ, o.minZ),
                Math.max(maxX, o.maxX), Math.max(maxY, o.maxY), Math.max(maxZ, o.maxZ));
    }

    /** @return whether the plane at height z crosses the box */
    public boolean spansZ(double z) {
        return z >= minZ && z <= maxZ;
    }

    /** @return whether p lies inside or on the box */
    public boolean contains(Vec3 p) {
        return p.x() >= minX && p.x() <= maxX && p.y() >= minY && p.y() <= maxY && p.z() >= minZ && p.z() <= maxZ;
    }

    /** @return the centre (finite boxes only) */
    public Vec3 centre() {
        return new Vec3((minX + maxX) / 2, (minY + maxY) / 2, (minZ + maxZ) / 2);
    }

    /**
     * The bounds of this box after a rigid transform (of its 8 corners). An unbounded box stays
     * unbounded.
     *
     * @param t the transform
     * @return the axis-aligned bounds of the moved box
     */
    public Box transformed(RigidTransform t) {
        if (!isFinite()) {
            return EVERYWHERE;
        }
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int c = 0; c < 8; c++) {
            Vec3 p = t.apply(new Vec3((c & 1) == 0 ? minX : maxX, (c & 2) == 0 ? minY : maxY,
                    (c & 4) == 0 ? minZ : maxZ));
            double[] a = p.toArray();
            for (int i = 0; i < 3; i++) {
                lo[i] = Math.min(lo[i], a[i]);
                hi[i] = Math.max(hi[i], a[i]);
            }
        }
        return new Box(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
    }
}
