package org.dicomcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dicomcnn.model.DefaultModel;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.StudyTruth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dicomcnn classify} with no {@code --model}, as the main job runs it: the built-in model
 * on the six committed sample studies, judged by their ground truth (which the product never
 * reads). Nodule detection is not asserted: the default model does not yet reach the issue's
 * nodule targets (docs/model-card.md).
 */
class DefaultModelClassifyTest {

    @TempDir
    static Path cache;

    private static JsonNode run;
    private static Manifest manifest;
    private static final Map<String, StudyTruth> TRUTH = new HashMap<>();

    @BeforeAll
    static void classifyTheSamples() throws Exception {
        System.setProperty(DefaultModel.CACHE_PROPERTY, cache.toString());
        manifest = DefaultModel.bundle().manifest();
        Path samples = TestData.committedSamples();
        try (Stream<Path> files = Files.walk(samples)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("ground-truth.json")).toList()) {
                StudyTruth t = GroundTruthJson.readStudy(f);
                TRUTH.put(t.studyInstanceUid(), t);
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DicomCnnCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("classify", "--device", "cpu", "--json", samples.toString());
        assertEquals(ExitCodes.OK, code, err.toString());
        run = new ObjectMapper().readTree(out.toString());
    }

    @AfterAll
    static void forgetCache() {
        System.clearProperty(DefaultModel.CACHE_PROPERTY);
    }

    @Test
    void namesTheBuiltInModelAndItsHash() {
        assertEquals("chest-ct-phantom", run.path("modelName").asText());
        assertEquals(manifest.version(), run.path("modelVersion").asText());
        assertEquals(manifest.weights().sha256(), run.path("modelSha256").asText());
        assertEquals(6, run.path("series").size(), "one series per committed study");
    }

    /** The effusion study must score far above the five without one. */
    @Test
    void ranksTheEffusionStudyFarAboveTheOthers() {
        int effusionClass = manifest.classes().indexOf("effusion");
        double withEffusion = Double.NaN;
        double highestWithout = 0;
        for (JsonNode s : run.path("series")) {
            StudyTruth truth = TRUTH.get(s.path("studyInstanceUid").asText());
            boolean present = truth.lesions().stream()
                    .anyMatch(l -> l.present() && l.lesionClass().equals("pleural_effusion"));
            double p = s.path("seriesProbabilities").get(effusionClass).asDouble();
            if (present) {
                withEffusion = p;
            } else {
                highestWithout = Math.max(highestWithout, p);
            }
        }
        assertTrue(withEffusion > 0.99, "effusion study: " + withEffusion);
        assertTrue(highestWithout < 0.5, "highest effusion probability without one: " + highestWithout);
    }

    /**
     * The effusion is one finding, placed by fluid segmentation within the detection rule's reach
     * (half the effusion's smallest extent, docs/model-card.md), and no other study gets one.
     */
    @Test
    void findsTheEffusionOnceAndNowhereElse() {
        int found = 0;
        for (JsonNode s : run.path("series")) {
            StudyTruth truth = TRUTH.get(s.path("studyInstanceUid").asText());
            List<JsonNode> effusions = findings(s).stream()
                    .filter(f -> f.path("findingClass").asText().equals("effusion")).toList();
            var fluid = truth.lesions().stream()
                    .filter(l -> l.present() && l.lesionClass().equals("pleural_effusion")).toList();
            assertEquals(fluid.size(), effusions.size(), "effusion findings: " + effusions);
            for (JsonNode f : effusions) {
                found++;
                var l = fluid.get(0);
                double reach = java.util.Arrays.stream(l.extentMm()).min().orElseThrow() / 2;
                double d = distance(f.path("centreMm"), l.centreMm());
                assertTrue(d <= reach, "effusion finding " + d + " mm from the centre, reach " + reach);
                assertEquals("fluid-segmentation", f.path("method").asText());
            }
        }
        assertEquals(1, found, "the committed samples hold one effusion");
    }

    /**
     * The default model's nodule candidate stage finds the growing 9-12 mm solid nodule of the
     * committed samples in both of its studies, centred within 5 mm (the detection rule of
     * docs/model-card.md).
     */
    @Test
    void findsTheGrowingNoduleInBothStudies() {
        int studies = 0;
        for (JsonNode s : run.path("series")) {
            StudyTruth truth = TRUTH.get(s.path("studyInstanceUid").asText());
            for (var l : truth.lesions()) {
                if (l.present() && l.lesionClass().equals("solid_nodule") && l.growth() != null
                        && "exponential_growth".equals(l.growth().model())) {
                    studies++;
                    double nearest = findings(s).stream().filter(f -> f.path("findingClass").asText().equals("nodule"))
                            .mapToDouble(f -> distance(f.path("centreMm"), l.centreMm())).min()
                            .orElse(Double.POSITIVE_INFINITY);
                    assertTrue(nearest <= 5, "growing nodule: nearest nodule finding " + nearest + " mm away");
                }
            }
        }
        assertEquals(2, studies, "the committed samples have a growing nodule in two studies");
    }

    /**
     * The normal study gets few findings: the shipped operating point allows about 0.85 false
     * positives per study on the test phantoms (docs/model-card.md), and these samples' 5-6 mm
     * slices are among the harder ones.
     */
    @Test
    void findsAtMostTwoThingsInTheNormalStudy() {
        for (JsonNode s : run.path("series")) {
            StudyTruth truth = TRUTH.get(s.path("studyInstanceUid").asText());
            if (truth.lesions().isEmpty()) {
                assertTrue(findings(s).size() <= 2, "findings in a normal study: " + s.path("findings"));
                return;
            }
        }
        throw new AssertionError("the committed samples have a normal study");
    }

    private static double distance(JsonNode a, double[] b) {
        double dx = a.get(0).asDouble() - b[0];
        double dy = a.get(1).asDouble() - b[1];
        double dz = a.get(2).asDouble() - b[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static List<JsonNode> findings(JsonNode series) {
        return java.util.stream.StreamSupport.stream(series.path("findings").spliterator(), false).toList();
    }

}
