package org.dicomcnn.samples.lesion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GrowthModelTest {

    @Test
    void volumeDoublesAfterOneDoublingTime() {
        GrowthModel g = GrowthModel.doublingEvery(150);
        assertEquals(2, g.volumeFactor(150), 1e-12);
        assertEquals(Math.pow(2, 182 / 150.0), g.volumeFactor(182), 1e-12);
        assertEquals("exponential_growth", g.jsonName());
    }

    @Test
    void diametersScaleWithTheCubeRootOfTheVolume() {
        GrowthModel g = GrowthModel.doublingEvery(100);
        assertEquals(Math.cbrt(8), g.diameterFactor(300), 1e-12);
    }

    @Test
    void negativeDoublingTimeHalvesAndStableNeverChanges() {
        assertEquals(0.5, GrowthModel.doublingEvery(-90).volumeFactor(90), 1e-12);
        assertEquals("exponential_shrinkage", GrowthModel.doublingEvery(-90).jsonName());
        assertEquals(1, GrowthModel.STABLE.volumeFactor(10_000), 0);
        assertTrue(GrowthModel.STABLE.isStable());
    }

    @Test
    void rejectsAZeroDoublingTime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GrowthModel.doublingEvery(0));
        assertTrue(e.getMessage().contains("non-zero"), e.getMessage());
    }
}
