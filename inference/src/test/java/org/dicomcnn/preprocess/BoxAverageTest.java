package org.dicomcnn.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Preprocessor#boxAverage}, which resampling and the effusion segmentation share. */
class BoxAverageTest {

    @Test
    void averagesItsWindowAndClampsAtTheBorder() {
        float[] s = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] m = Preprocessor.boxAverage(s, 3, 3, 3);
        assertEquals(5, m[4], 1e-6); // the whole image
        assertEquals((1 + 2 + 4 + 5) / 4f, m[0], 1e-6); // a corner sees 2 x 2
        assertEquals((1 + 2 + 3 + 4 + 5 + 6) / 6f, m[1], 1e-6);
    }
}
