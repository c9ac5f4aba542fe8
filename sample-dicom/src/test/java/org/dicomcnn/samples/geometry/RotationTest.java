package org.dicomcnn.samples.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RotationTest {

    private static void assertVec(Vec3 expected, Vec3 actual, double tol) {
        assertEquals(expected.x(), actual.x(), tol, "x");
        assertEquals(expected.y(), actual.y(), tol, "y");
        assertEquals(expected.z(), actual.z(), tol, "z");
    }

    @Test
    void eulerRotationIsOrthonormalAndItsTransposeUndoesIt() {
        Rotation r = Rotation.fromEulerDegrees(2.5, -1.5, 4);
        Rotation back = Rotation.ofMatrix(r.toMatrix());
        Vec3 p = new Vec3(10, -20, 30);
        assertVec(p, r.applyInverse(r.apply(p)), 1e-12);
        assertVec(p, back.transpose().apply(r.apply(p)), 1e-12);
        assertEquals(p.length(), r.apply(p).length(), 1e-12);
    }

    @Test
    void rotationAboutZByNinetyDegreesSendsXToY() {
        assertVec(new Vec3(0, 1, 0), Rotation.fromEulerDegrees(0, 0, 90).apply(new Vec3(1, 0, 0)), 1e-15);
        assertEquals(90, Rotation.fromEulerDegrees(0, 0, 90).angleDegrees(), 1e-9);
    }

    @Test
    void rejectsMatricesThatAreNotRotations() {
        IllegalArgumentException scaled = assertThrows(IllegalArgumentException.class,
                () -> Rotation.ofMatrix(new double[][] {{2, 0, 0}, {0, 1, 0}, {0, 0, 1}}));
        assertTrue(scaled.getMessage().contains("not orthonormal"), scaled.getMessage());
        IllegalArgumentException mirror = assertThrows(IllegalArgumentException.class,
                () -> Rotation.ofMatrix(new double[][] {{-1, 0, 0}, {0, 1, 0}, {0, 0, 1}}));
        assertTrue(mirror.getMessage().contains("reflection"), mirror.getMessage());
    }

    @Test
    void rigidTransformInverseUndoesItAndAfterAppliesInOrder() {
        RigidTransform a = new RigidTransform(Rotation.fromEulerDegrees(1, 2, 3), new Vec3(10, -5, 40));
        RigidTransform b = new RigidTransform(Rotation.fromEulerDegrees(-3, 0, 1), new Vec3(-7, 2, 1));
        Vec3 p = new Vec3(33, 44, -55);
        assertVec(p, a.inverse().apply(a.apply(p)), 1e-12);
        assertVec(b.apply(a.apply(p)), b.after(a).apply(p), 1e-12);
    }

    @Test
    void transformedBoxHoldsEveryMovedCorner() {
        Box box = new Box(-10, -20, -30, 10, 20, 30);
        RigidTransform t = new RigidTransform(Rotation.fromEulerDegrees(10, 20, 30), new Vec3(1, 2, 3));
        Box moved = box.transformed(t);
        for (int c = 0; c < 8; c++) {
            Vec3 corner = new Vec3((c & 1) == 0 ? -10 : 10, (c & 2) == 0 ? -20 : 20, (c & 4) == 0 ? -30 : 30);
            assertTrue(moved.grow(1e-9).contains(t.apply(corner)), "corner " + c);
        }
        assertTrue(Box.EVERYWHERE.transformed(t).contains(new Vec3(1e9, 0, 0)));
    }
}
