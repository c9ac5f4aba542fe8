package org.dicomcnn.samples.phantom;

import java.util.Objects;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;

/** Everything outside a shape; used inside an {@link Intersection} to cut one shape from another. */
public final class Complement implements Shape {

    private final Shape inner;

    /**
     * @param inner the shape to exclude
     */
    public Complement(Shape inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public double signedDistance(double x, double y, double z) {
        return -inner.signedDistance(x, y, z);
    }

    @Override
    public Box bounds() {
        return Box.EVERYWHERE;
    }

    @Override
    public Shape transformed(RigidTransform t) {
        return new Complement(inner.transformed(t));
    }
}
