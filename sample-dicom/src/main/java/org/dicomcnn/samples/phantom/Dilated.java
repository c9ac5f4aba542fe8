package org.dicomcnn.samples.phantom;

import java.util.Objects;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;

/** A shape grown outwards by a margin (signed distance minus the margin). */
public final class Dilated implements Shape {

    private final Shape inner;
    private final double marginMm;

    /**
     * @param inner the shape
     * @param marginMm how far to grow it, mm (positive)
     */
    public Dilated(Shape inner, double marginMm) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (!(marginMm > 0)) {
            throw new IllegalArgumentException("dilation margin must be positive, got " + marginMm);
        }
        this.marginMm = marginMm;
    }

    @Override
    public double signedDistance(double x, double y, double z) {
        return inner.signedDistance(x, y, z) - marginMm;
    }

    @Override
    public Box bounds() {
        return inner.bounds().grow(marginMm);
    }

    @Override
    public Shape transformed(RigidTransform t) {
        return new Dilated(inner.transformed(t), marginMm);
    }
}
