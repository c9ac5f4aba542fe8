package org.dicomcnn.samples.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Rotation;
import org.dicomcnn.samples.geometry.Vec3;
import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void sphereSignedDistanceIsExact() {
        Ellipsoid s = Ellipsoid.sphere(new Vec3(1, 2, 3), 5);
        assertEquals(-5, s.signedDistance(1, 2, 3), 1e-12);
        assertEquals(0, s.signedDistance(6, 2, 3), 1e-12);
        assertEquals(7, s.signedDistance(1, 2, 15), 1e-12);
    }

    @Test
    void rotatedEllipsoidHasZeroDistanceOnItsSurfaceAndTightBounds() {
        Rotation axes = Rotation.fromEulerDegrees(20, 35, -50);
        Vec3 c = new Vec3(-40, 10, 5);
        Ellipsoid e = new Ellipsoid(c, axes, new Vec3(8, 5, 3));
        for (int k = 0; k < 3; k++) {
            double r = e.radii().toArray()[k];
            Vec3 p = c.plus(axes.column(k).times(r));
            assertEquals(0, e.signedDistance(p.x(), p.y(), p.z()), 1e-9, "surface along axis " + k);
        }
        Box b = e.bounds();
        // The extreme along x is reached on the surface: sample it finely.
        double maxX = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 200_000; i++) {
            double u = StrictMath.acos(2 * ((i * 0.6180339887) % 1) - 1);
            double v = 2 * Math.PI * ((i * 0.7548776662) % 1);
            Vec3 local = new Vec3(8 * Math.sin(u) * Math.cos(v), 5 * Math.sin(u) * Math.sin(v), 3 * Math.cos(u));
            maxX = Math.max(maxX, c.plus(axes.apply(local)).x());
        }
        assertEquals(b.maxX(), maxX, 0.05);
    }

    @Test
    void thinTubeCoverageKeepsItsCrossSectionArea() {
        // A tube along z through the plane z = 0, thinner than the voxel: the coverage summed over
        // a fine grid in the plane must equal pi r^2 / w^2 per voxel area.
        double r = 0.35;
        double w = 1.2;
        Capsule tube = new Capsule(new Vec3(0, 0, -20), new Vec3(0, 0, 20), r);
        double step = 0.02;
        double sum = 0;
        for (double x = -3; x <= 3; x += step) {
            for (double y = -3; y <= 3; y += step) {
                sum += tube.coverage(x, y, 0, w) * step * step;
            }
        }
        assertEquals(Math.PI * r * r, sum, 0.02 * Math.PI * r * r);
        assertTrue(tube.coverage(0, 0, 0, w) < 0.35, "a sub-voxel vessel must not reach full contrast");
        Capsule thick = new Capsule(new Vec3(0, 0, -20), new Vec3(0, 0, 20), 5);
        assertEquals(1, thick.coverage(0, 0, 0, w), 1e-12);
    }

    @Test
    void capsuleBoundsNearAPlaneShrinkToWhereItCrosses() {
        Capsule c = new Capsule(new Vec3(0, 0, -50), new Vec3(100, 0, 50), 2);
        Box near = c.boundsNearZ(0);
        assertTrue(near.maxX() - near.minX() < 10, "only the crossing matters: " + near);
        assertTrue(c.boundsNearZ(60).isEmpty());
    }

    @Test
    void intersectionStopsEarlyButStaysOutside() {
        Shape far = Intersection.of(Ellipsoid.sphere(Vec3.ZERO, 1), Ellipsoid.sphere(new Vec3(100, 0, 0), 1));
        assertTrue(far.signedDistance(0, 0, 0) > Intersection.CLEARLY_OUTSIDE_MM);
        Shape lens = Intersection.of(Ellipsoid.sphere(Vec3.ZERO, 10), Ellipsoid.sphere(new Vec3(10, 0, 0), 10));
        assertEquals(-5, lens.signedDistance(5, 0, 0), 1e-12);
    }

    @Test
    void complementAndDilationShiftTheSurface() {
        Ellipsoid s = Ellipsoid.sphere(Vec3.ZERO, 10);
        assertEquals(2, new Complement(s).signedDistance(8, 0, 0), 1e-12);
        assertEquals(-1.5, new Dilated(s, 1.5).signedDistance(10, 0, 0), 1e-12);
    }

    @Test
    void placedShapeMovesWithItsTransform() {
        RigidTransform t = new RigidTransform(Rotation.fromEulerDegrees(0, 0, 90), new Vec3(50, 0, 0));
        Shape box = new Cuboid(new Vec3(10, 0, 0), new Vec3(1, 2, 3)).transformed(t);
        // The box centre (10, 0, 0) goes to (50, 10, 0); its long local y axis now runs along -x.
        assertEquals(-1, box.signedDistance(50, 10, 0), 1e-12);
        assertEquals(0, box.signedDistance(52, 10, 0), 1e-12);
        HalfSpace h = new HalfSpace(new Vec3(1, 0, 0), 5).transformed(t);
        assertEquals(0, h.signedDistance(50, 5, 0), 1e-12);
    }
}
