package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlattScalingTest {

    @Test
    void recoversAKnownSlopeAndIntercept() {
        Random r = new Random(201);
        int n = 20_000;
        double[] z = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            z[i] = 3 * r.nextGaussian();
            y[i] = r.nextDouble() < Synthetic.sigmoid(0.6 * z[i] - 0.4);
        }
        PlattScaling p = PlattScaling.fit(z, y);
        assertEquals(0.6, p.slope(), 0.03);
        assertEquals(-0.4, p.intercept(), 0.05);
        assertEquals(Synthetic.sigmoid(p.slope() * 2 + p.intercept()), p.probability(2), 1e-15);
    }

    @Test
    void staysFiniteOnPerfectlySeparatedLogits() {
        // plain maximum likelihood would send the slope to infinity; Platt's targets keep it finite
        PlattScaling p = PlattScaling.fit(new double[] {-2, -1, 1, 2}, new boolean[] {false, false, true, true});
        assertTrue(p.slope() > 0 && Double.isFinite(p.slope()), p.toString());
        assertTrue(p.probability(2) < 1 && p.probability(-2) > 0);
    }

    @Test
    void fitsEveryClassSeparately() {
        Synthetic.Rows d = Synthetic.multiLabel(4000, 2, 2, 2, 202);
        List<PlattScaling> fits = PlattScaling.fitPerClass(d.logits(), d.positive());
        assertEquals(2, fits.size());
        for (PlattScaling p : fits) {
            // labels were drawn at temperature 2: slope near 1/2
            assertEquals(0.5, p.slope(), 0.06);
        }
    }

    @Test
    void rejectsLogitsThatAreAllEqual() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlattScaling.fit(new double[] {1, 1, 1}, new boolean[] {true, false, true}));
        assertEquals("all 3 logits equal 1.0; Platt scaling needs at least two distinct logits", e.getMessage());
    }

    @Test
    void rejectsASingleClassNamingItsIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlattScaling.fitPerClass(new double[][] {{1, 2}, {3, 4}}, new boolean[][] {{true, true},
                        {false, true}}));
        assertEquals("class 1: no negative samples among 2 (2 positive, 0 negative); Platt scaling needs at least"
                + " one positive and one negative", e.getMessage());
    }

    @Test
    void rejectsInfiniteLogits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlattScaling.fit(new double[] {1, Double.POSITIVE_INFINITY}, new boolean[] {true, false}));
        assertEquals("logits[1] is Infinity; every logit must be finite", e.getMessage());
    }
}
