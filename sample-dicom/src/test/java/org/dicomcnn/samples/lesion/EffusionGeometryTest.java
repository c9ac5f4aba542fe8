package org.dicomcnn.samples.lesion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.phantom.BodyHabitus;
import org.dicomcnn.samples.phantom.ChestAnatomy;
import org.dicomcnn.samples.phantom.PhantomRandom;
import org.dicomcnn.samples.phantom.Side;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EffusionGeometryTest {

    private static ChestAnatomy anatomy;
    private static EffusionGeometry geometry;

    @BeforeAll
    static void build() {
        anatomy = ChestAnatomy.build(BodyHabitus.AVERAGE, PhantomRandom.forKey("test/effusion"), 20);
        geometry = new EffusionGeometry(anatomy.lung(Side.LEFT), anatomy.lungBounds(Side.LEFT));
    }

    @Test
    void fluidHasTheRequestedVolume() {
        for (double ml : new double[] {80, 350, 900}) {
            assertEquals(ml, geometry.fluidOf(new Vec3(0, 1, 0), ml).volumeMl(), 0.01 * ml);
        }
        assertEquals(anatomy.lungVolumeMl(Side.LEFT), geometry.lungVolumeMl(), 0.03 * geometry.lungVolumeMl());
    }

    @Test
    void fluidLiesAtTheBackAndTheBaseOfTheLung() {
        Box lung = anatomy.lungBounds(Side.LEFT);
        EffusionGeometry.Fluid f = geometry.fluidOf(new Vec3(0, 1, -0.36), 300);
        EffusionGeometry.Measurement m = geometry.measure(f, RigidTransform.IDENTITY);
        assertTrue(m.centroidMm().y() > lung.centre().y() + 20, "posterior: " + m.centroidMm());
        assertTrue(m.centroidMm().z() < lung.centre().z(), "basal: " + m.centroidMm());
        assertTrue(m.centroidMm().x() > 0, "in the left pleural space: " + m.centroidMm());
    }

    @Test
    void aTiltedPatientTiltsTheLevelInTheBodyFrame() {
        EffusionGeometry.Fluid straight = geometry.fluidOf(new Vec3(0, 1, 0), 300);
        EffusionGeometry.Fluid rolled = geometry.fluidOf(new Vec3(0.1, 1, 0), 300);
        assertTrue(rolled.level().normal().x() > 0.09);
        assertEquals(straight.volumeMl(), rolled.volumeMl(), 3);
    }

    @Test
    void rejectsMoreFluidThanTheLungHolds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> geometry.fluidOf(new Vec3(0, 1, 0), 5000));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }
}
