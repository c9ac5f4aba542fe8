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

    /**
     * The effusion study must score far above the five without one. (Whether it is called depends
     * on the shipped operating point, which sits at 1 - 1e-6 and misses it: docs/model-card.md.)
     */
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

    @Test
    void findsNothingInTheNormalStudy() {
        for (JsonNode s : run.path("series")) {
            StudyTruth truth = TRUTH.get(s.path("studyInstanceUid").asText());
            if (truth.lesions().isEmpty()) {
                assertFalse(findings(s).iterator().hasNext(), "findings in a normal study: " + s.path("findings"));
                return;
            }
        }
        throw new AssertionError("the committed samples have a normal study");
    }

    private static List<JsonNode> findings(JsonNode series) {
        return java.util.stream.StreamSupport.stream(series.path("findings").spliterator(), false).toList();
    }

}
