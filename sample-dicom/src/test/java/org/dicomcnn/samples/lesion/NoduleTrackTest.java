package org.dicomcnn.samples.lesion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.dicomcnn.samples.geometry.Rotation;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.phantom.Side;
import org.junit.jupiter.api.Test;

class NoduleTrackTest {

    private static final LocalDate REF = LocalDate.of(2023, 1, 1);

    private static NoduleTrack nodule(LesionClass cls, double core, GrowthModel g, int first, int last) {
        return new NoduleTrack("N1", cls, Side.RIGHT, new Vec3(-60, 0, 20), Rotation.IDENTITY, new Vec3(5, 4, 3), REF, g,
                cls == LesionClass.SOLID_NODULE ? 40 : -600, core, 30, first, last);
    }

    @Test
    void volumeFollowsTheGrowthModelFromTheReferenceDate() {
        NoduleTrack n = nodule(LesionClass.SOLID_NODULE, 0, GrowthModel.doublingEvery(150), 0, Integer.MAX_VALUE);
        double v0 = 4.0 / 3 * Math.PI * 5 * 4 * 3 / 1000;
        assertEquals(v0, n.volumeMlOn(REF), 1e-12);
        assertEquals(2 * v0, n.volumeMlOn(REF.plusDays(150)), 1e-12);
        assertEquals(5 * Math.cbrt(2), n.radiiOn(REF.plusDays(150)).x(), 1e-12);
    }

    @Test
    void partSolidMeanHuWeighsTheCoreByVolume() {
        NoduleTrack n = nodule(LesionClass.SUBSOLID_NODULE, 0.5, GrowthModel.STABLE, 0, Integer.MAX_VALUE);
        assertEquals(0.125 * 30 + 0.875 * -600, n.meanHu(), 1e-12);
        assertEquals(2, n.layersOn(REF).size());
    }

    @Test
    void existsOnlyBetweenItsFirstAndLastStudy() {
        NoduleTrack n = nodule(LesionClass.SOLID_NODULE, 0, GrowthModel.STABLE, 1, 2);
        assertFalse(n.presentIn(0));
        assertTrue(n.presentIn(1));
        assertTrue(n.presentIn(2));
        assertFalse(n.presentIn(3));
    }

    @Test
    void rejectsACoreInASolidNoduleAndAnEffusionClass() {
        IllegalArgumentException core = assertThrows(IllegalArgumentException.class,
                () -> nodule(LesionClass.SOLID_NODULE, 0.4, GrowthModel.STABLE, 0, 1));
        assertTrue(core.getMessage().contains("only a subsolid nodule has a solid core"), core.getMessage());
        IllegalArgumentException cls = assertThrows(IllegalArgumentException.class,
                () -> nodule(LesionClass.PLEURAL_EFFUSION, 0, GrowthModel.STABLE, 0, 1));
        assertTrue(cls.getMessage().contains("PLEURAL_EFFUSION"), cls.getMessage());
    }

    @Test
    void lesionClassNamesRoundTrip() {
        for (LesionClass c : LesionClass.values()) {
            assertEquals(c, LesionClass.fromJsonName(c.jsonName()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LesionClass.fromJsonName("mass"));
        assertTrue(e.getMessage().contains("'mass'"), e.getMessage());
    }
}
