package org.dicomcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dicomcnn.model.Manifest.Architecture;
import org.dicomcnn.model.Manifest.Calibration;
import org.dicomcnn.model.Manifest.InputSpec;
import org.dicomcnn.model.Manifest.LocalisationSpec;
import org.dicomcnn.model.Manifest.OperatingPoint;
import org.dicomcnn.model.Manifest.Provenance;
import org.dicomcnn.model.Manifest.Weights;
import org.dicomcnn.model.Manifest.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestTest {

    private static final String SHA = "9a".repeat(32);

    static Manifest full() {
        Map<String, OperatingPoint> points = new LinkedHashMap<>();
        points.put("consolidation", new OperatingPoint(0.4, null, null));
        points.put("nodule", new OperatingPoint(0.35, 0.9, 0.82));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("val.auc.nodule", 0.931);
        metrics.put("val.slices", 4210);
        metrics.put("split", "patient-level 80/20");
        return Manifest.builder()
                .setName("chest-ct-nodule")
                .setVersion("1.0.0")
                .optDescription("Nodule and consolidation on chest CT slices (phantom-trained)")
                .setTask(Manifest.TASK_MULTI_LABEL)
                .setClasses(List.of("nodule", "consolidation"))
                .setArchitecture(Architecture.resnet(18))
                .setInput(new InputSpec("CT", List.of(new Window(-600, 1500)), 128, 1.5, 1, 2.5, 0.5, 0.25))
                .optOperatingPoints(points)
                .optCalibration(Calibration.temperature(1.3))
                .optLocalisation(new LocalisationSpec(null, LocalisationSpec.METHOD_GRAD_CAM))
                .optMetrics(metrics)
                .optProvenance(new Provenance("2026-11-26T10:15:30Z", "dicomcnn-training 0.1.0",
                        "DJL 0.33.0 / PyTorch 2.5.1", "phantom series v3", "5d3ac13", 42L, 30, null))
                .setWeights(new Weights("model.params", Weights.FORMAT_DJL_PARAMS, SHA))
                .build();
    }

    @Test
    void writesAndReadsBackEqual(@TempDir Path dir) throws Exception {
        Manifest m = full();
        Path file = dir.resolve("manifest.json");
        m.write(file);
        assertEquals(m, Manifest.read(file));
    }

    /** A nodule candidate model's manifest: triplanar patches, one class. */
    static Manifest candidateModel(String weightsFile) {
        return Manifest.builder().setName("nodule-candidates").setVersion("1.0.0").setTask(Manifest.TASK_MULTI_LABEL)
                .setClasses(List.of("nodule")).setArchitecture(Architecture.plainCnn(2, 8))
                .setInput(InputSpec.triplanar("CT", new Window(-600, 1500), 32, 1.25, 0.5, 0.25))
                .optOperatingPoints(Map.of("nodule", new OperatingPoint(0.7, null, null)))
                .optCalibration(Calibration.temperature(1.2))
                .setWeights(new Weights(weightsFile, Weights.FORMAT_DJL_PARAMS, SHA)).build();
    }

    @Test
    void candidateStageRoundTripsAndNamesEveryWeightsFile(@TempDir Path dir) throws Exception {
        Manifest m = full().withCandidateStages(Map.of("nodule",
                new Manifest.CandidateStage(candidateModel("nodule-candidates.params"), null)));
        Path file = dir.resolve("manifest.json");
        m.write(file);
        Manifest back = Manifest.read(file);
        assertEquals(m, back);
        assertEquals(Manifest.CandidateStage.DEFAULT_MAX_CANDIDATES, back.candidateStages().get("nodule").candidateLimit());
        assertEquals(List.of("model.params", "nodule-candidates.params"),
                back.allWeights().stream().map(Weights::file).toList());
        assertFalse(Files.readString(file).contains("maxCandidates"), "an absent limit is not written");
        assertEquals(1, back.candidateStages().get("nodule").mirroringCount(), "no mirrorings named: the patch alone");
        assertFalse(Files.readString(file).contains("mirrorings"));
        assertFalse(Files.readString(file).contains("members"), "a stage of one model names no members");

        Manifest ensemble = full().withCandidateStages(Map.of("nodule", new Manifest.CandidateStage(
                candidateModel("nodule-candidates.params"), 600, 8, null,
                List.of(new Weights("nodule-candidates-2.params", Weights.FORMAT_DJL_PARAMS, SHA)))));
        ensemble.write(file);
        assertEquals(ensemble, Manifest.read(file));
        assertEquals(List.of("model.params", "nodule-candidates.params", "nodule-candidates-2.params"),
                Manifest.read(file).allWeights().stream().map(Weights::file).toList());

        Manifest mirrored = full().withCandidateStages(Map.of("nodule",
                new Manifest.CandidateStage(candidateModel("nodule-candidates.params"), 600, 4)));
        mirrored.write(file);
        assertTrue(Files.readString(file).contains("\"mirrorings\": 4"), Files.readString(file));
        assertEquals(4, Manifest.read(file).candidateStages().get("nodule").mirroringCount());
    }

    @Test
    void writesDeterministicJsonInComponentOrder() {
        String json = full().toJson();
        assertEquals(json, full().toJson());
        assertTrue(json.startsWith("{\n  \"formatVersion\": 1,\n  \"name\": \"chest-ct-nodule\",\n"), json);
        assertTrue(json.endsWith("}\n"));
        assertFalse(json.contains("\r"));
        assertFalse(json.contains("channels"), "derived values are not written: " + json);
        assertFalse(json.contains("\"label\""), json);
        // operating points in class order, metrics by key
        assertTrue(json.indexOf("\"nodule\" : {") < 0 && json.indexOf("\"nodule\": {") < json.indexOf("\"consolidation\": {"));
        assertTrue(json.indexOf("\"split\"") < json.indexOf("\"val.auc.nodule\""));
        int order = -1;
        for (String field : List.of("formatVersion", "name", "version", "description", "task", "classes",
                "architecture", "input", "operatingPoints", "calibration", "localisation", "metrics",
                "provenance", "weights")) {
            int at = json.indexOf("\n  \"" + field + "\"");
            assertTrue(at > order, field + " out of order in " + json);
            order = at;
        }
    }

    @Test
    void fillsDefaultsForOptionalParts() {
        Manifest m = BundleFixtures.manifest(Architecture.plainCnn(2, 4), 1, 32, 2, Manifest.TASK_SOFTMAX);
        assertEquals(Calibration.NONE, m.calibration());
        assertEquals(LocalisationSpec.METHOD_GRAD_CAM, m.localisation().method());
        assertEquals(Map.of(), m.metrics());
        assertEquals(OperatingPoint.DEFAULT_THRESHOLD, m.threshold(1));
        assertEquals("", m.description());
        Manifest ts = BundleFixtures.manifest(Architecture.torchscript(), 1, 32, 2, Manifest.TASK_SOFTMAX);
        assertEquals(LocalisationSpec.METHOD_OCCLUSION, ts.localisation().method());
    }

    @Test
    void fillsPlainCnnDefaults() {
        Architecture a = new Architecture(Architecture.FAMILY_PLAIN_CNN, null, null);
        assertEquals(4, a.depth());
        assertEquals(32, a.width());
        assertEquals("plain-cnn-4x32", a.label());
        assertEquals("resnet-50", Architecture.resnet(50).label());
    }

    @Test
    void keepsMaxPoolingAndTreatsAverageAsTheDefault(@TempDir Path dir) throws Exception {
        Architecture max = Architecture.plainCnn(5, 16).withPooling(Architecture.POOLING_MAX);
        assertTrue(max.maxPooling());
        assertEquals("plain-cnn-5x16-maxpool", max.label());
        Architecture avg = max.withPooling(Architecture.POOLING_AVERAGE);
        assertEquals(Architecture.plainCnn(5, 16), avg);
        assertFalse(avg.maxPooling());
        Manifest m = BundleFixtures.manifest(max, 3, 64, 2, Manifest.TASK_MULTI_LABEL);
        m.write(dir.resolve(Manifest.FILE_NAME));
        assertEquals(max, Manifest.read(dir.resolve(Manifest.FILE_NAME)).architecture());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architecture.torchscript().withPooling(Architecture.POOLING_MAX));
        assertEquals("pooling does not apply to torchscript; leave it out", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> max.withPooling("mean"));

        Architecture plain = max.withoutBatchNorm();
        assertFalse(plain.batchNormalised());
        assertTrue(max.batchNormalised());
        assertEquals("plain-cnn-5x16-maxpool-nobn", plain.label());
        Manifest p = BundleFixtures.manifest(plain, 3, 64, 2, Manifest.TASK_MULTI_LABEL);
        p.write(dir.resolve("plain.json"));
        assertEquals(plain, Manifest.read(dir.resolve("plain.json")).architecture());
        assertFalse(Files.readString(dir.resolve(Manifest.FILE_NAME)).contains("batchNorm"), "the default is not written");
        assertThrows(IllegalArgumentException.class, () -> Architecture.resnet(18).withoutBatchNorm());
    }

    @Test
    void computesChannelsFromWindowsAndContext() {
        assertEquals(1, BundleFixtures.input(1, 64).channels());
        assertEquals(2, BundleFixtures.input(2, 64).channels());
        assertEquals(3, BundleFixtures.input(3, 64).channels());
    }

    @Test
    void builderNamesMissingRequiredField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Manifest.builder().setName("x").setVersion("1").build());
        assertEquals("Manifest.Builder: task is required (setTask)", e.getMessage());
    }

    @Test
    void readsCalibrationWithoutTemperature(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("manifest.json");
        Files.writeString(file, full().toJson().replace(
                "\"method\": \"temperature\",\n    \"temperature\": 1.3", "\"method\": \"none\""));
        assertEquals(Calibration.NONE, Manifest.read(file).calibration());
    }

    static Stream<Arguments> invalidValues() {
        Window w = new Window(40, 400);
        return Stream.of(
                Arguments.of("window width", (Supplier<Object>) () -> new Window(40, 0), "widthHu 0.0 must be above 0"),
                Arguments.of("four channels", (Supplier<Object>) () ->
                        new InputSpec("CT", List.of(w, w), 64, 0, 1, 2, 0, 1),
                        "channels = 2 windows x (2 x sliceContext 1 + 1) = 6; must be 1..3"),
                Arguments.of("lower-case modality", (Supplier<Object>) () ->
                        new InputSpec("ct", List.of(w), 64, 0, 0, 0, 0, 1),
                        "modality 'ct' must be a DICOM modality code in capitals, such as CT or MR"),
                Arguments.of("context without spacing", (Supplier<Object>) () ->
                        new InputSpec("CT", List.of(w), 64, 0, 1, 0, 0, 1),
                        "contextSpacingMm 0.0 must be above 0 mm when sliceContext is 1"),
                Arguments.of("zero std", (Supplier<Object>) () -> new InputSpec("CT", List.of(w), 64, 0, 0, 0, 0, 0),
                        "std 0.0 must be above 0"),
                Arguments.of("tiny size", (Supplier<Object>) () -> new InputSpec("CT", List.of(w), 8, 0, 0, 0, 0, 1),
                        "size 8 must be 16..1024 pixels"),
                Arguments.of("resnet depth", (Supplier<Object>) () -> Architecture.resnet(20),
                        "depth 20 of resnet must be one of 18, 34, 50"),
                Arguments.of("googlenet depth", (Supplier<Object>) () -> new Architecture("googlenet", 22, null),
                        "depth 22 does not apply to googlenet; leave it out"),
                Arguments.of("sha256", (Supplier<Object>) () -> new Weights("m.params", "djl-params", "abc"),
                        "sha256 'abc' must be 64 hex digits"),
                Arguments.of("weights path", (Supplier<Object>) () -> new Weights("../m.params", "djl-params", null),
                        "file '../m.params' must be a plain file name inside the bundle, not a path, and not manifest.json"),
                Arguments.of("threshold", (Supplier<Object>) () -> new OperatingPoint(1.5, null, null),
                        "threshold 1.5 must lie in [0, 1]"),
                Arguments.of("temperature", (Supplier<Object>) () -> Calibration.temperature(0),
                        "temperature 0.0 must be above 0"),
                Arguments.of("createdAt", (Supplier<Object>) () ->
                        new Provenance("yesterday", null, null, null, null, null, null, null),
                        "createdAt 'yesterday' is not an ISO-8601 instant such as 2026-11-26T10:15:30Z"),
                Arguments.of("softmax with one class", (Supplier<Object>) () ->
                        BundleFixtures.manifest(Architecture.googlenet(), 1, 64, 1, Manifest.TASK_SOFTMAX),
                        "task softmax needs at least 2 classes, got 1 [class0]; use multi-label for a single class"),
                Arguments.of("format of family", (Supplier<Object>) () -> full().withWeights(
                        new Weights("model.pt", Weights.FORMAT_TORCHSCRIPT, SHA)),
                        "weights.format 'torchscript' does not fit architecture resnet-18, which needs 'djl-params'"),
                Arguments.of("feature output on a DJL network", (Supplier<Object>) () -> Manifest.builder()
                        .setName("x").setVersion("1").setTask("softmax").setClasses(List.of("a", "b"))
                        .setArchitecture(Architecture.vgg(11)).setInput(BundleFixtures.input(1, 64))
                        .optLocalisation(new LocalisationSpec(1, "grad-cam"))
                        .setWeights(Weights.unhashed("m.params", "djl-params")).build(),
                        "localisation.featureOutputIndex 1 applies to TorchScript models only; vgg-11 exposes its"
                                + " trunk's feature maps itself"),
                Arguments.of("operating point of unknown class", (Supplier<Object>) () -> Manifest.builder()
                        .setName("x").setVersion("1").setTask("softmax").setClasses(List.of("a", "b"))
                        .setArchitecture(Architecture.vgg(11)).setInput(BundleFixtures.input(1, 64))
                        .optOperatingPoints(Map.of("c", new OperatingPoint(0.5, null, null)))
                        .setWeights(Weights.unhashed("m.params", "djl-params")).build(),
                        "operatingPoints names class 'c', which is not in classes [a, b]"),
                Arguments.of("metric of the wrong type", (Supplier<Object>) () -> Manifest.builder()
                        .setName("x").setVersion("1").setTask("softmax").setClasses(List.of("a", "b"))
                        .setArchitecture(Architecture.vgg(11)).setInput(BundleFixtures.input(1, 64))
                        .optMetrics(Map.of("auc", List.of(1)))
                        .setWeights(Weights.unhashed("m.params", "djl-params")).build(),
                        "metrics.auc must be a number or a string, got a list"),
                Arguments.of("candidate stage of slices", (Supplier<Object>) () -> new Manifest.CandidateStage(full(),
                        null), "a candidate stage's model needs input.sampling triplanar-patch, not slices"),
                Arguments.of("candidate stage of an unknown class", (Supplier<Object>) () -> full().withCandidateStages(
                        Map.of("mass", new Manifest.CandidateStage(candidateModel("c.params"), 100))),
                        "candidateStages names class 'mass', which is not in classes [nodule, consolidation]"),
                Arguments.of("candidate stage sharing the weights", (Supplier<Object>) () -> full().withCandidateStages(
                        Map.of("nodule", new Manifest.CandidateStage(candidateModel("model.params"), 100))),
                        "candidateStages.nodule: weights file 'model.params' is used twice in the bundle; each"
                                + " model needs its own weights file"),
                Arguments.of("ensemble member sharing the main weights", (Supplier<Object>) () -> full()
                        .withCandidateStages(Map.of("nodule", new Manifest.CandidateStage(candidateModel("c.params"),
                                100, null, null, List.of(Weights.unhashed("model.params", "djl-params"))))),
                        "candidateStages.nodule: weights file 'model.params' is used twice in the bundle; each"
                                + " model needs its own weights file"),
                Arguments.of("ensemble member sharing the stage's weights", (Supplier<Object>) () ->
                        new Manifest.CandidateStage(candidateModel("c.params"), 100, null, null,
                                List.of(Weights.unhashed("c.params", "djl-params"))),
                        "members: weights file 'c.params' is used twice; each ensemble member needs its own weights file"),
                Arguments.of("ensemble member of another format", (Supplier<Object>) () ->
                        new Manifest.CandidateStage(candidateModel("c.params"), 100, null, null,
                                List.of(Weights.unhashed("c2.pt", "torchscript"))),
                        "members: weights file 'c2.pt' is torchscript, the model's are djl-params; members share the"
                                + " model's format"),
                Arguments.of("candidate limit", (Supplier<Object>) () -> new Manifest.CandidateStage(
                        candidateModel("c.params"), 0), "maxCandidates 0 must be 1 to 5000"),
                Arguments.of("mirrorings", (Supplier<Object>) () -> new Manifest.CandidateStage(
                        candidateModel("c.params"), 100, 3), "mirrorings 3 must be 1, 2, 4 or 8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void rejectsInvalidValueNamingFieldAndValue(String label, Supplier<Object> make, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertEquals(message, e.getMessage());
    }

    static Stream<Arguments> invalidJson() {
        return Stream.of(
                Arguments.of("not JSON", "{\"formatVersion\": 1,", "is not valid JSON"),
                Arguments.of("empty", "", "is empty; expected a JSON object"),
                Arguments.of("unknown field", full().toJson().replace("\"task\"", "\"colour\": \"red\",\n  \"task\""),
                        ": unknown field 'colour'; known fields here: architecture, calibration, candidateStages, classes"),
                Arguments.of("missing field", "{\"formatVersion\": 1}", ": field 'name' is missing"),
                Arguments.of("missing nested field", full().toJson().replace("\"size\": 128,", ""),
                        ": field 'input.size' is missing"),
                Arguments.of("wrong type", full().toJson().replace("\"size\": 128", "\"size\": \"large\""),
                        ": field 'input.size': Cannot deserialize value of type `int` from String \"large\""),
                Arguments.of("nested rule", full().toJson().replace("\"widthHu\": 1500.0", "\"widthHu\": -1"),
                        ": input.windows[0]: widthHu -1.0 must be above 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidJson")
    void reportsJsonProblemWithFileAndPath(String label, String json, String fragment, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("manifest.json");
        Files.writeString(file, json);
        BundleException e = assertThrows(BundleException.class, () -> Manifest.read(file));
        assertTrue(e.getMessage().startsWith("manifest " + file), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void reportsMissingFile(@TempDir Path dir) {
        BundleException e = assertThrows(BundleException.class, () -> Manifest.read(dir.resolve("nope.json")));
        assertEquals("manifest " + dir.resolve("nope.json") + " does not exist", e.getMessage());
    }
}
