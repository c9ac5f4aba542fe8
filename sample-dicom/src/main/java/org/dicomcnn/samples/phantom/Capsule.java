package org.dicomcnn.samples.phantom;

import java.util.Objects;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Vec3;

/**
 * A tube from {@code a} to {@code b} with round ends whose radius changes linearly from
 * {@code radiusA} to {@code radiusB}: a vessel, airway, rib or process segment.
 *
 * <p>Its coverage is the overlap of its cross-section with a disc as large as the voxel, so a
 * vessel thinner than a voxel fades (its mass stays right) instead of staying at full contrast.
 */
public final class Capsule implements Shape {

    private final Vec3 a;
    private final Vec3 b;
    private final double radiusA;
    private final double radiusB;
    private final double bax;
    private final double bay;
    private final double baz;
    private final double invLength2;
    private final double maxRadius;

    private static final double SQRT_PI = Math.sqrt(Math.PI);

    /**
     * @param a first end, mm
     * @param b second end, mm
     * @param radiusA radius at a, mm (positive)
     * @param radiusB radius at b, mm (positive)
     */
    public Capsule(Vec3 a, Vec3 b, double radiusA, double radiusB) {
        this.a = Objects.requireNonNull(a, "a");
        this.b = Objects.requireNonNull(b, "b");
        if (!(radiusA > 0 && radiusB > 0)) {
            throw new IllegalArgumentException("capsule radii must be positive, got " + radiusA + ", " + radiusB);
        }
        this.radiusA = radiusA;
        this.radiusB = radiusB;
        bax = b.x() - a.x();
        bay = b.y() - a.y();
        baz = b.z() - a.z();
        double l2 = bax * bax + bay * bay + baz * baz;
        invLength2 = l2 == 0 ? 0 : 1 / l2;
        maxRadius = Math.max(radiusA, radiusB);
    }

    /** A tube of constant radius. */
    public Capsule(Vec3 a, Vec3 b, double radius) {
        this(a, b, radius, radius);
    }

    /** @return the first end */
    public Vec3 a() {
        return a;
    }

    /** @return the second end */
    public Vec3 b() {
        return b;
    }

    /** @return the radius at a */
    public double radiusA() {
        return radiusA;
    }

    /** @return the radius at b */
    public double radiusB() {
        return radiusB;
    }

    @Override
    public double signedDistance(double x, double y, double z) {
        double px = x - a.x();
        double py = y - a.y();
        double pz = z - a.z();
        double h = (px * bax + py * bay + pz * baz) * invLength2;
        h = h < 0 ? 0 : h > 1 ? 1 : h;
        double dx = px - bax * h;
        double dy = py - bay * h;
        double dz = pz - baz * h;
        return Math.sqrt(dx * dx + dy * dy + dz * dz) - (radiusA + (radiusB - radiusA) * h);
    }

    @Override
    public double coverage(double x, double y, double z, double widthMm) {
        double px = x - a.x();
        double py = y - a.y();
        double pz = z - a.z();
        double h = (px * bax + py * bay + pz * baz) * invLength2;
        h = h < 0 ? 0 : h > 1 ? 1 : h;
        double dx = px - bax * h;
        double dy = py - bay * h;
        double dz = pz - baz * h;
        double dist = Math.sqrt(dx * dx + dy * dy + dz * dz);
        double r = radiusA + (radiusB - radiusA) * h;
        // The voxel's footprint as a disc of the same area; coverage is the overlap of that disc
        // with the tube's cross-section, so a tube thinner than a voxel keeps its true mass.
        double footprint = widthMm / SQRT_PI;
        if (dist >= r + footprint) {
            return 0;
        }
        return Math.min(1, discOverlap(r, footprint, dist) / (widthMm * widthMm));
    }

    /** Area common to two discs of radii r1, r2 whose centres are d apart. */
    static double discOverlap(double r1, double r2, double d) {
        if (d >= r1 + r2) {
            return 0;
        }
        double small = Math.min(r1, r2);
        if (d <= Math.abs(r1 - r2)) {
            return Math.PI * small * small;
        }
        double c1 = Math.max(-1, Math.min(1, (d * d + r1 * r1 - r2 * r2) / (2 * d * r1)));
        double c2 = Math.max(-1, Math.min(1, (d * d + r2 * r2 - r1 * r1) / (2 * d * r2)));
        double k = (-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2);
        return r1 * r1 * StrictMath.acos(c1) + r2 * r2 * StrictMath.acos(c2) - 0.5 * Math.sqrt(Math.max(0, k));
    }

    @Override
    public Box bounds() {
        return new Box(Math.min(a.x(), b.x()), Math.min(a.y(), b.y()), Math.min(a.z(), b.z()),
                Math.max(a.x(), b.x()), Math.max(a.y(), b.y()), Math.max(a.z(), b.z())).grow(maxRadius);
    }

    @Override
    public Box boundsNearZ(double z) {
        double lo = z - maxRadius;
        double hi = z + maxRadius;
        if (baz == 0) {
            return a.z() >= lo && a.z() <= hi ? bounds() : new Box(0, 0, 0, -1, -1, -1);
        }
        double t0 = (lo - a.z()) / baz;
        double t1 = (hi - a.z()) / baz;
        double s0 = Math.max(0, Math.min(t0, t1));
        double s1 = Math.min(1, Math.max(t0, t1));
        if (s0 > s1) {
            return new Box(0, 0, 0, -1, -1, -1);
        }
        double x0 = a.x() + bax * s0;
        double x1 = a.x() + bax * s1;
        double y0 = a.y() + bay * s0;
        double y1 = a.y() + bay * s1;
        return new Box(Math.min(x0, x1) - maxRadius, Math.min(y0, y1) - maxRadius, lo,
                Math.max(x0, x1) + maxRadius, Math.max(y0, y1) + maxRadius, hi);
    }

    @Override
    public Capsule transformed(RigidTransform t) {
        return new Capsule(t.apply(a), t.apply(b), radiusA, radiusB);
    }
}
