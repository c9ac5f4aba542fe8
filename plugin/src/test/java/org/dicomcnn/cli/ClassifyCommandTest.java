package org.dicomcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.samples.testing.ExternalTool;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dicomcnn classify} on the committed phantom study with a growing nodule, with a
 * TorchScript blob detector made by Debian's torch as the model: a finding must land on the
 * nodule of the ground truth, results must name the model, and bad options must be refused.
 */
class ClassifyCommandTest {

    @TempDir
    static Path dir;

    private static Path bundle;
    private static Path study;

    @BeforeAll
    static void writeBundle() throws Exception {
        Path script = dir.resolve("make_blob_detector.py");
        try (InputStream in = ClassifyCommandTest.class.getResourceAsStream("/localize/make_blob_detector.py")) {
            Files.copy(in, script);
        }
        ExternalTool.run(ExternalTool.PYTHON, script.toString(), dir.toString());
        Manifest m = Manifest.builder().setName("blob-detector").setVersion("1.0").setTask("softmax")
                .setClasses(List.of("background", "nodule")).setArchitecture(Manifest.Architecture.torchscript())
                .setInput(new Manifest.InputSpec("CT", List.of(new Manifest.Window(-600, 1500)), 256, 0, 0, 0, 0.5, 0.25))
                .setWeights(Manifest.Weights.unhashed("model.pt", Manifest.Weights.FORMAT_TORCHSCRIPT))
                .optLocalisation(new Manifest.LocalisationSpec(1, Manifest.LocalisationSpec.METHOD_SCORE_CAM))
                .optOperatingPoints(Map.of("nodule", new Manifest.OperatingPoint(0.9, null, null))).build();
        bundle = ModelBundle.write(dir.resolve("bundle"), m, dir.resolve("blob_features.pt")).directory();
        study = TestData.committedSamples().resolve("growing-nodule/study-2");
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DicomCnnCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void findsTheGrowingNoduleAndNamesTheModel() throws Exception {
        Run r = run("classify", "--model", bundle.toString(), "--device", "cpu", "--json", study.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("blob-detector", doc.path("modelName").asText());
        assertEquals(ModelBundle.sha256(bundle.resolve("model.pt")), doc.path("modelSha256").asText());
        assertEquals("cpu()", doc.path("device").asText());
        JsonNode series = doc.path("series").get(0);
        assertTrue(series.path("seriesProbabilities").get(1).asDouble() >= 0.9);
        LesionTruth n1 = GroundTruthJson.readStudy(study.resolve("ground-truth.json")).lesions().stream()
                .filter(l -> l.id().equals("N1")).findFirst().orElseThrow();
        boolean onNodule = false;
        for (JsonNode f : series.path("findings")) {
            double dx = f.path("centreMm").get(0).asDouble() - n1.centreMm()[0];
            double dy = f.path("centreMm").get(1).asDouble() - n1.centreMm()[1];
            double dz = f.path("centreMm").get(2).asDouble() - n1.centreMm()[2];
            if (Math.sqrt(dx * dx + dy * dy + dz * dz) <= 3) {
                onNodule = true;
                assertEquals("score-cam", f.path("method").asText());
                assertTrue(f.path("sopInstanceUids").size() >= 1);
            }
        }
        assertTrue(onNodule, "no finding within 3 mm of N1: " + series.path("findings"));
    }

    @Test
    void printsAReadableSummary() {
        Run r = run("classify", "--model", bundle.toString(), "--device", "cpu", study.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("model blob-detector 1.0 (sha256 "), r.out());
        assertTrue(r.out().contains("series probability: background"), r.out());
        assertTrue(r.out().contains("[score-cam]"), r.out());
    }

    @Test
    void refusesBadOptionsAndBadBundles() throws Exception {
        assertEquals(ExitCodes.USAGE, run("classify", "--model", bundle.toString(), "--method", "magic", study.toString())
                .exitCode());
        assertEquals(ExitCodes.USAGE, run("classify", "--model", bundle.toString(), "--device", "tpu", study.toString())
                .exitCode());
        Run noGpu = run("classify", "--model", bundle.toString(), "--device", "gpu", study.toString());
        assertEquals(ExitCodes.SOME_INPUT_FAILED, noGpu.exitCode());
        assertTrue(noGpu.err().toLowerCase().contains("gpu"), noGpu.err());
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.copy(bundle.resolve("manifest.json"), broken.resolve("manifest.json"));
        Files.write(broken.resolve("model.pt"), new byte[] {1, 2, 3});
        Run bad = run("classify", "--model", broken.toString(), study.toString());
        assertEquals(ExitCodes.NO_INPUT, bad.exitCode());
        assertTrue(bad.err().contains("SHA-256"), bad.err());
    }

    @Test
    void refusesACandidateClassifier() throws Exception {
        Path candidates = Files.createDirectories(dir.resolve("candidates"));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) mapper.readTree(bundle.resolve("manifest.json").toFile());
        ObjectNode input = (ObjectNode) manifest.get("input");
        input.put("sampling", "triplanar-patch").put("sliceContext", 0).put("contextSpacingMm", 0).put("pixelSpacingMm", 1.0);
        input.set("windows", mapper.createArrayNode().add(input.get("windows").get(0)));
        mapper.writeValue(candidates.resolve("manifest.json").toFile(), manifest);
        for (Path f : Files.list(bundle).filter(f -> !f.getFileName().toString().equals("manifest.json")).toList()) {
            Files.copy(f, candidates.resolve(f.getFileName()));
        }
        Run r = run("classify", "--model", candidates.toString(), "--device", "cpu", study.toString());
        assertEquals(ExitCodes.NO_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("is a candidate classifier"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
