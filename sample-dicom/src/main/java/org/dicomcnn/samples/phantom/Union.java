package org.dicomcnn.samples.phantom;

import java.util.Arrays;
import java.util.List;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;

/** Points inside any part (signed distance = the minimum). */
public final class Union implements Shape {

    private final Shape[] parts;
    private final Box bounds;

    /**
     * @param parts at least one shape
     */
    public Union(List<? extends Shape> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a union needs at least one part");
        }
        this.parts = parts.toArray(new Shape[0]);
        Box b = this.parts[0].bounds();
        for (Shape s : this.parts) {
            b = b.union(s.bounds());
        }
        bounds = b;
    }

    @Override
    public double signedDistance(double x, double y, double z) {
        double d = Double.POSITIVE_INFINITY;
        for (Shape s : parts) {
            d = Math.min(d, s.signedDistance(x, y, z));
        }
        return d;
    }

    @Override
    public Box bounds() {
        return bounds;
    }

    @Override
    public Shape transformed(RigidTransform t) {
        return new Union(Arrays.stream(parts).map(s -> s.transformed(t)).toList());
    }
}
