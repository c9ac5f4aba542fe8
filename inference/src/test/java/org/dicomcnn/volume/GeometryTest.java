package org.dicomcnn.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeometryTest {

    /** Row and column cosines of an orientation rotated by {@code degrees} about x then about z. */
    static Vec3[] oblique(double degreesX, double degreesZ) {
        double a = Math.toRadians(degreesX);
        double b = Math.toRadians(degreesZ);
        Vec3 row = new Vec3(Math.cos(b), Math.sin(b), 0);
        Vec3 col = new Vec3(-Math.sin(b) * Math.cos(a), Math.cos(b) * Math.cos(a), Math.sin(a));
        return new Vec3[] {row, col};
    }

    @Test
    void mapsVoxelsOfAnAxialStackToPatientMillimetres() {
        Geometry g = Geometry.regular(512, 512, 100, new Vec3(-250, -260, -400), new Vec3(1, 0, 0), new Vec3(0, 1, 0),
                0.9765625, 0.9765625, 2.5);
        Vec3 p = g.voxelToPatient(256, 100, 10);
        assertEquals(-250 + 256 * 0.9765625, p.x(), 1e-9);
        assertEquals(-260 + 100 * 0.9765625, p.y(), 1e-9);
        assertEquals(-400 + 25, p.z(), 1e-9);
        assertEquals(2.5, g.sliceSpacingMm(), 1e-12);
        assertTrue(g.isUniform());
    }

    @Test
    void distinguishesRowAndColumnSpacing() {
        // Pixel Spacing is (row spacing, column spacing): moving one column steps the column spacing.
        Geometry g = Geometry.regular(10, 10, 2, Vec3.ZERO, new Vec3(1, 0, 0), new Vec3(0, 1, 0), 0.5, 2.0, 1);
        assertEquals(0.5, g.voxelToPatient(1, 0, 0).x(), 1e-12);
        assertEquals(2.0, g.voxelToPatient(0, 1, 0).y(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 7.5, 23, 41, 89})
    void roundTripsPatientAndVoxelCoordinatesForObliqueOrientations(double degrees) {
        Vec3[] o = oblique(degrees, degrees / 3);
        Geometry g = Geometry.regular(64, 48, 30, new Vec3(12, -30, 95), o[0], o[1], 0.8, 0.7, 1.25);
        for (double[] ijk : new double[][] {{0, 0, 0}, {63, 47, 29}, {10.5, 3.25, 7.75}, {-3, 70, 40}}) {
            Vec3 p = g.voxelToPatient(ijk[0], ijk[1], ijk[2]);
            assertArrayEquals(ijk, g.patientToVoxel(p), 1e-9);
        }
        // The slice direction is the normal of the oblique plane.
        Vec3 step = g.voxelToPatient(0, 0, 1).minus(g.voxelToPatient(0, 0, 0));
        assertEquals(1.25, step.norm(), 1e-9);
        assertEquals(0, step.dot(o[0]), 1e-9);
        assertEquals(0, step.dot(o[1]), 1e-9);
    }

    @Test
    void matchesAHandComputedObliquePosition() {
        // 30 degrees about x: rows along x, columns tilted into z.
        Vec3 row = new Vec3(1, 0, 0);
        Vec3 col = new Vec3(0, Math.cos(Math.PI / 6), Math.sin(Math.PI / 6));
        Geometry g = Geometry.regular(10, 10, 5, new Vec3(1, 2, 3), row, col, 2, 3, 4);
        Vec3 p = g.voxelToPatient(1, 1, 1);
        // origin + 1*2*row + 1*3*col + 1*4*normal, normal = row x col = (0, -sin30, cos30)
        assertEquals(1 + 2, p.x(), 1e-12);
        assertEquals(2 + 3 * Math.cos(Math.PI / 6) - 4 * 0.5, p.y(), 1e-12);
        assertEquals(3 + 3 * 0.5 + 4 * Math.cos(Math.PI / 6), p.z(), 1e-12);
    }

    @Test
    void keepsEachSlicePositionForUnevenSpacingAndGantryTilt() {
        List<Vec3> positions = new ArrayList<>();
        double[] z = {0, 1, 2, 4.5, 5.5};
        for (double zi : z) {
            positions.add(new Vec3(0, 0.3 * zi, zi)); // tilted: y shifts with z
        }
        Geometry g = Geometry.ofSlices(8, 8, 1, 1, new Vec3(1, 0, 0), new Vec3(0, 1, 0), positions);
        assertFalse(g.isUniform());
        for (int k = 0; k < z.length; k++) {
            Vec3 p = g.voxelToPatient(2, 3, k);
            assertEquals(z[k], p.z(), 1e-12);
            assertEquals(3 + 0.3 * z[k], p.y(), 1e-12);
            assertArrayEquals(new double[] {2, 3, k}, g.patientToVoxel(p), 1e-9);
        }
        // Between slices 2 and 3 (z 2 and 4.5) a point at z = 3.25 is slice 2.5.
        assertEquals(2.5, g.patientToVoxel(new Vec3(0, 0.3 * 3.25, 3.25))[2], 1e-9);
    }

    @Test
    void isUniformForAShearedButEvenStack() {
        List<Vec3> positions = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            positions.add(new Vec3(0, 0.5 * k, 2.0 * k));
        }
        Geometry g = Geometry.ofSlices(4, 4, 1, 1, new Vec3(1, 0, 0), new Vec3(0, 1, 0), positions);
        assertTrue(g.isUniform());
        double[][] a = g.affine();
        Vec3 p = g.voxelToPatient(1, 2, 3);
        assertEquals(a[0][0] * 1 + a[0][1] * 2 + a[0][2] * 3 + a[0][3], p.x(), 1e-12);
        assertEquals(a[1][0] * 1 + a[1][1] * 2 + a[1][2] * 3 + a[1][3], p.y(), 1e-12);
        assertEquals(a[2][0] * 1 + a[2][1] * 2 + a[2][2] * 3 + a[2][3], p.z(), 1e-12);
    }

    @Test
    void rejectsSlicesOutOfOrder() {
        List<Vec3> positions = List.of(new Vec3(0, 0, 0), new Vec3(0, 0, 2), new Vec3(0, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Geometry.ofSlices(4, 4, 1, 1, new Vec3(1, 0, 0), new Vec3(0, 1, 0), positions));
        assertTrue(e.getMessage().contains("increase strictly"), e.getMessage());
    }
}
