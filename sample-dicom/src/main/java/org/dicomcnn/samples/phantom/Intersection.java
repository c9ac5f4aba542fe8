package org.dicomcnn.samples.phantom;

import java.util.List;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;

/**
 * Points inside every part (signed distance = the maximum). Parts are evaluated in order and
 * evaluation stops once a point is clearly outside ({@value #CLEARLY_OUTSIDE_MM} mm): the value
 * returned is then a lower bound of the true distance, still positive, so a voxel there is
 * correctly empty. Put the cheapest, most selective part first.
 */
public final class Intersection implements Shape {

    /** Beyond this distance outside, the exact value no longer matters to any caller. */
    public static final double CLEARLY_OUTSIDE_MM = 8.0;

    private final Shape[] parts;
    private final Box bounds;

    /**
     * @param parts at least one shape
     */
    public Intersection(List<? extends Shape> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("an intersection needs at least one part");
        }
        this.parts = parts.toArray(new Shape[0]);
        Box b = Box.EVERYWHERE;
        for (Shape s : parts) {
            b = b.intersect(s.bounds());
        }
        bounds = b;
    }

    /** Convenience constructor. */
    public static Intersection of(Shape... parts) {
        return new Intersection(List.of(parts));
    }

    /** @return the parts, in evaluation order */
    public List<Shape> parts() {
        return List.of(parts);
    }

    @Override
    public double signedDistance(double x, double y, double z) {
        double d = Double.NEGATIVE_INFINITY;
        for (Shape s : parts) {
            double v = s.signedDistance(x, y, z);
            if (v > d) {
                d = v;
                if (d > CLEARLY_OUTSIDE_MM) {
                    return d;
                }
            }
        }
        return d;
    }

    @Override
    public Box bounds() {
        return bounds;
    }

    @Override
    public Shape transformed(RigidTransform t) {
        return new Intersection(java.util.Arrays.stream(parts).map(s -> s.transformed(t)).toList());
    }
}
