package org.dicomcnn.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.training.data.PhantomLabels;
import org.junit.jupiter.api.Test;

/** Configuration checks and learning-rate schedules. */
class TrainingConfigTest {

    private static TrainingConfig config(Manifest.Architecture a, String schedule, int epochs) {
        Manifest.InputSpec input = new Manifest.InputSpec("CT", List.of(new Manifest.Window(-600, 1500)), 64, 6, 1, 6,
                0.5, 0.25);
        return new TrainingConfig("t", "1", a, input, PhantomLabels.CLASSES, epochs, 64, 16, "adam", 0.01, schedule,
                0, 1, 0, 48, Augmentation.DEFAULT, 0.3, 1 << 20);
    }

    @Test
    void refusesPlainCnnWidthsThatAreNotMultiplesOfEight() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(Manifest.Architecture.plainCnn(4, 12), "constant", 3));
        assertTrue(e.getMessage().startsWith("plain-cnn width must be a multiple of 8, not 12"), e.getMessage());
        assertEquals(16, config(Manifest.Architecture.plainCnn(4, 16), "constant", 3).architecture().width());
        assertEquals(64, config(Manifest.Architecture.resnet(18), "constant", 3).input().size());
    }

    @Test
    void schedulesFollowTheirDefinitions() {
        TrainingConfig cosine = config(Manifest.Architecture.plainCnn(2, 8), "cosine", 11);
        assertEquals(0.01, cosine.learningRateAt(0), 1e-12);
        assertEquals(0.01 * (0.01 + 0.99 * 0.5), cosine.learningRateAt(5), 1e-12);
        assertEquals(0.01 * 0.01, cosine.learningRateAt(10), 1e-12);
        TrainingConfig step = config(Manifest.Architecture.plainCnn(2, 8), "step", 20);
        assertEquals(0.01, step.learningRateAt(11), 1e-12);
        assertEquals(0.001, step.learningRateAt(12), 1e-12);
        assertEquals(0.0001, step.learningRateAt(17), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> config(Manifest.Architecture.plainCnn(2, 8), "linear", 3));
    }
}
