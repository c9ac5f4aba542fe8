package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dicomcnn.samples.testing.ExternalTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks AUC, the ROC curve, ECE, the fitted temperature, the NLL and Platt's parameters against
 * an independent implementation: {@code eval/reference_metrics.py}, run with Debian's python3
 * (scikit-learn's {@code roc_auc_score} and {@code roc_curve}, NumPy, SciPy's optimisers), on
 * random data this class writes. A missing interpreter or library fails the test; it never skips.
 */
class PythonReferenceAgreementTest {

    private static final Logger LOG = LoggerFactory.getLogger(PythonReferenceAgreementTest.class);
    private static final double AUC_TOLERANCE = 1e-9;
    private static final double ECE_TOLERANCE = 1e-9;
    private static final double TEMPERATURE_TOLERANCE = 1e-3;
    private static final double NLL_TOLERANCE = 1e-12;
    private static final double PLATT_TOLERANCE = 1e-6;

    @TempDir
    static Path dir;

    private static final Map<String, Synthetic.Labelled> AUC_CASES = new HashMap<>();
    private static final Map<String, Synthetic.Labelled> ECE_CASES = new HashMap<>();
    private static final Map<String, Integer> ECE_BINS = new HashMap<>();
    private static final Map<String, Synthetic.Rows> TEMPERATURE_CASES = new HashMap<>();
    private static final Map<String, String> TEMPERATURE_TASKS = new HashMap<>();
    private static final Map<String, Synthetic.Labelled> PLATT_CASES = new HashMap<>();
    private static Map<String, double[]> reference;

    @BeforeAll
    static void runReference() throws Exception {
        AUC_CASES.put("continuous", Synthetic.gaussian(3000, 0.3, 1.0, 301));
        AUC_CASES.put("tenths", rounded(Synthetic.gaussian(2000, 0.4, 0.7, 302), 10));
        AUC_CASES.put("rare-integers", rounded(Synthetic.gaussian(5000, 0.02, 1.5, 303), 1));
        AUC_CASES.put("worse-than-chance", negated(Synthetic.gaussian(800, 0.5, 0.5, 304)));

        ECE_CASES.put("skewed10", skewedProbabilities(8000, 305));
        ECE_BINS.put("skewed10", 10);
        ECE_CASES.put("skewed15", skewedProbabilities(8000, 306));
        ECE_BINS.put("skewed15", 15);
        ECE_CASES.put("edges10", edgeProbabilities(10));
        ECE_BINS.put("edges10", 10);
        ECE_CASES.put("edges7", edgeProbabilities(7));
        ECE_BINS.put("edges7", 7);

        TEMPERATURE_CASES.put("multi", Synthetic.multiLabel(6000, 3, 2.5, 1.7, 307));
        TEMPERATURE_TASKS.put("multi", TemperatureScaling.TASK_MULTI_LABEL);
        TEMPERATURE_CASES.put("soft", Synthetic.softmax(6000, 4, 2.0, 0.6, 308));
        TEMPERATURE_TASKS.put("soft", TemperatureScaling.TASK_SOFTMAX);

        PLATT_CASES.put("shifted", plattData(5000, 309));

        List<String> cases = new ArrayList<>();
        for (var e : AUC_CASES.entrySet()) {
            cases.add("auc " + e.getKey() + " " + writePairs("auc-" + e.getKey(), e.getValue()));
        }
        for (var e : ECE_CASES.entrySet()) {
            cases.add("ece " + e.getKey() + " " + writePairs("ece-" + e.getKey(), e.getValue()) + " "
                    + ECE_BINS.get(e.getKey()));
        }
        for (var e : TEMPERATURE_CASES.entrySet()) {
            cases.add("temperature " + e.getKey() + " " + writeRows("t-" + e.getKey(), e.getValue()) + " "
                    + TEMPERATURE_TASKS.get(e.getKey()));
        }
        for (var e : PLATT_CASES.entrySet()) {
            cases.add("platt " + e.getKey() + " " + writePairs("platt-" + e.getKey(), e.getValue()));
        }
        Files.write(dir.resolve("cases.txt"), cases, StandardCharsets.UTF_8);

        Path script = Path.of(PythonReferenceAgreementTest.class.getResource("/eval/reference_metrics.py").toURI());
        String out = ExternalTool.run(ExternalTool.PYTHON, script.toString(), dir.toString());
        reference = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts[0].startsWith("implementation.")) {
                LOG.info("reference {} by {}", parts[0].substring("implementation.".length()), parts[1]);
                continue;
            }
            double[] v = new double[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                v[i - 1] = Double.parseDouble(parts[i]);
            }
            reference.put(parts[0], v);
        }
    }

    @Test
    void aucAgreesWithScikitLearn() {
        double worst = 0;
        for (var e : AUC_CASES.entrySet()) {
            double java = Roc.auc(e.getValue().scores(), e.getValue().positive());
            double python = ref("auc." + e.getKey())[0];
            double mannWhitney = ref("auc." + e.getKey() + ".mannwhitney")[0];
            assertEquals(python, java, AUC_TOLERANCE, e.getKey());
            assertEquals(mannWhitney, java, AUC_TOLERANCE, e.getKey() + " against NumPy mid-ranks");
            worst = Math.max(worst, Math.max(Math.abs(java - python), Math.abs(java - mannWhitney)));
            LOG.info("AUC {}: Java {}, reference {}, difference {}", e.getKey(), java, python, java - python);
        }
        LOG.info("AUC: largest difference from the reference {}", worst);
    }

    @Test
    void rocCurveAgreesWithScikitLearnPointForPoint() {
        for (var e : AUC_CASES.entrySet()) {
            double[][] c = Roc.curve(e.getValue().scores(), e.getValue().positive());
            assertArrayEquals(ref("curve." + e.getKey() + ".fpr"), c[0], 0, e.getKey() + " fpr");
            assertArrayEquals(ref("curve." + e.getKey() + ".tpr"), c[1], 0, e.getKey() + " tpr");
            double[] thresholds = Arrays.copyOfRange(c[2], 1, c[2].length);
            assertArrayEquals(ref("curve." + e.getKey() + ".thresholds"), thresholds, 0, e.getKey() + " thresholds");
        }
    }

    @Test
    void eceAgreesWithNumPyOnTheSameBinning() {
        double worst = 0;
        for (var e : ECE_CASES.entrySet()) {
            int bins = ECE_BINS.get(e.getKey());
            ReliabilityBins r = CalibrationMetrics.reliability(e.getValue().scores(), e.getValue().positive(), bins);
            double java = r.expectedCalibrationError();
            double python = ref("ece." + e.getKey())[0];
            assertEquals(python, java, ECE_TOLERANCE, e.getKey());
            double[] counts = r.bins().stream().mapToDouble(ReliabilityBins.Bin::count).toArray();
            assertArrayEquals(ref("ece." + e.getKey() + ".counts"), counts, 0, e.getKey() + " bin counts");
            worst = Math.max(worst, Math.abs(java - python));
            LOG.info("ECE {} ({} bins): Java {}, reference {}, difference {}", e.getKey(), bins, java, python,
                    java - python);
        }
        LOG.info("ECE: largest difference from the reference {}", worst);
    }

    @Test
    void temperatureAgreesWithScipy() {
        for (var e : TEMPERATURE_CASES.entrySet()) {
            Synthetic.Rows d = e.getValue();
            String task = TEMPERATURE_TASKS.get(e.getKey());
            double java = TemperatureScaling.fit(d.logits(), d.positive(), task);
            double python = ref("temperature." + e.getKey())[0];
            assertEquals(python, java, TEMPERATURE_TOLERANCE, e.getKey());
            LOG.info("temperature {} ({}): Java {}, reference {}, difference {}", e.getKey(), task, java, python,
                    java - python);
        }
    }

    @Test
    void negativeLogLikelihoodAgreesWithNumPy() {
        for (var e : TEMPERATURE_CASES.entrySet()) {
            Synthetic.Rows d = e.getValue();
            String task = TEMPERATURE_TASKS.get(e.getKey());
            for (int t = 1; t <= 2; t++) {
                double java = TemperatureScaling.negativeLogLikelihood(d.logits(), d.positive(), task, t);
                double python = ref("temperature." + e.getKey() + ".nll" + t)[0];
                assertEquals(python, java, NLL_TOLERANCE * python, e.getKey() + " at T = " + t);
                LOG.info("NLL {} at T = {}: Java {}, reference {}, difference {}", e.getKey(), t, java, python,
                        java - python);
            }
        }
    }

    @Test
    void plattScalingAgreesWithScipy() {
        for (var e : PLATT_CASES.entrySet()) {
            PlattScaling java = PlattScaling.fit(e.getValue().scores(), e.getValue().positive());
            double[] python = ref("platt." + e.getKey());
            assertEquals(python[0], java.slope(), PLATT_TOLERANCE, e.getKey() + " slope");
            assertEquals(python[1], java.intercept(), PLATT_TOLERANCE, e.getKey() + " intercept");
            LOG.info("Platt {}: Java ({}, {}), reference ({}, {})", e.getKey(), java.slope(), java.intercept(),
                    python[0], python[1]);
        }
    }

    private static double[] ref(String key) {
        double[] v = reference.get(key);
        assertNotNull(v, "the reference printed no " + key + "; it printed " + reference.keySet());
        return v;
    }

    private static Synthetic.Labelled rounded(Synthetic.Labelled d, double perUnit) {
        double[] s = d.scores().clone();
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.round(s[i] * perUnit) / perUnit;
        }
        return new Synthetic.Labelled(s, d.positive());
    }

    private static Synthetic.Labelled negated(Synthetic.Labelled d) {
        double[] s = d.scores().clone();
        for (int i = 0; i < s.length; i++) {
            s[i] = -s[i];
        }
        return new Synthetic.Labelled(s, d.positive());
    }

    /** Probabilities crowded towards 0 with labels from a different curve: uneven, miscalibrated bins. */
    private static Synthetic.Labelled skewedProbabilities(int n, long seed) {
        Random r = new Random(seed);
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            p[i] = u * u;
            y[i] = r.nextDouble() < Math.sqrt(p[i]);
        }
        return new Synthetic.Labelled(p, y);
    }

    /** Every bin edge m/M (as double arithmetic gives it) and its neighbours, which test the binning rule. */
    private static Synthetic.Labelled edgeProbabilities(int bins) {
        List<Double> p = new ArrayList<>();
        for (int m = 0; m <= bins; m++) {
            double edge = (double) m / bins;
            p.add(edge);
            if (m > 0) {
                p.add(Math.nextDown(edge));
            }
            if (m < bins) {
                p.add(Math.nextUp(edge));
            }
        }
        for (double v : new double[] {0.1, 0.2, 0.3, 0.7, 0.9, 0.30000000000000004}) {
            p.add(v);
        }
        double[] s = p.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] y = new boolean[s.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3 == 0;
        }
        return new Synthetic.Labelled(s, y);
    }

    private static Synthetic.Labelled plattData(int n, long seed) {
        Random r = new Random(seed);
        double[] z = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            z[i] = 2.5 * r.nextGaussian() + 0.5;
            y[i] = r.nextDouble() < Synthetic.sigmoid(0.7 * z[i] - 1.1);
        }
        return new Synthetic.Labelled(z, y);
    }

    private static String writePairs(String name, Synthetic.Labelled d) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < d.scores().length; i++) {
            b.append(d.scores()[i]).append(',').append(d.positive()[i] ? 1 : 0).append('\n');
        }
        String file = name + ".csv";
        Files.writeString(dir.resolve(file), b, StandardCharsets.UTF_8);
        return file;
    }

    private static String writeRows(String name, Synthetic.Rows d) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < d.logits().length; i++) {
            for (double z : d.logits()[i]) {
                b.append(z).append(',');
            }
            boolean[] y = d.positive()[i];
            for (int k = 0; k < y.length; k++) {
                b.append(y[k] ? 1 : 0).append(k + 1 < y.length ? ',' : '\n');
            }
        }
        String file = name + ".csv";
        Files.writeString(dir.resolve(file), b, StandardCharsets.UTF_8);
        return file;
    }
}
