package org.dicomcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dicomcnn.model.Manifest.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelBundleTest {

    /** Damages a good bundle folder and returns the path to load. */
    @FunctionalInterface
    interface Damage {
        Path apply(Path bundle) throws IOException;
    }

    private static Damage editManifest(String from, String to) {
        return dir -> {
            Path m = dir.resolve(Manifest.FILE_NAME);
            String json = Files.readString(m);
            assertTrue(json.contains(from), "fixture manifest lacks " + from + ":\n" + json);
            Files.writeString(m, json.replace(from, to));
            return dir;
        };
    }

    private static final String PLAIN_CNN = "\"family\": \"plain-cnn\",\n    \"depth\": 2,\n    \"width\": 4";
    private static final String WINDOWS = "\"windows\": [\n      {\n        \"centreHu\": -600.0,\n"
            + "        \"widthHu\": 1500.0\n      }\n    ]";

    static Stream<Arguments> badBundles() {
        return Stream.of(
                Arguments.of("missing manifest", (Damage) dir -> {
                    Files.delete(dir.resolve(Manifest.FILE_NAME));
                    return dir;
                }, ": manifest.json is missing; expected a folder with manifest.json and the weights, or a .zip of them"),
                Arguments.of("unparsable JSON", (Damage) dir -> {
                    Files.writeString(dir.resolve(Manifest.FILE_NAME), "{\"formatVersion\": 1, \"name\": ");
                    return dir;
                }, ": manifest.json is not valid JSON: Unexpected end-of-input"),
                Arguments.of("unknown format version", editManifest("\"formatVersion\": 1", "\"formatVersion\": 2"),
                        ": manifest.json: formatVersion 2 is not supported; this build reads formatVersion 1"),
                Arguments.of("unknown architecture", editManifest(PLAIN_CNN, "\"family\": \"alexnet\""),
                        ": manifest.json: architecture: family 'alexnet' is not one of plain-cnn, resnet, vgg,"
                                + " googlenet, torchscript"),
                Arguments.of("channels outside 1..3", editManifest(WINDOWS, WINDOWS.replace("]",
                                "  , {\"centreHu\": 40, \"widthHu\": 400}, {\"centreHu\": 300, \"widthHu\": 2000},"
                                        + " {\"centreHu\": 0, \"widthHu\": 80}]")),
                        ": manifest.json: input: channels = 4 windows x (2 x sliceContext 0 + 1) = 4; must be 1..3"),
                Arguments.of("empty classes",
                        editManifest("\"classes\": [\n    \"class0\",\n    \"class1\",\n    \"class2\"\n  ]",
                                "\"classes\": []"),
                        ": manifest.json: classes is empty; a model needs at least one class"),
                Arguments.of("hash mismatch", (Damage) dir -> {
                    Files.write(dir.resolve("model.params"), new byte[] {0}, StandardOpenOption.APPEND);
                    return dir;
                }, ": weights model.params has SHA-256 "),
                Arguments.of("missing weights file", (Damage) dir -> {
                    Files.delete(dir.resolve("model.params"));
                    return dir;
                }, ": weights file model.params named by the manifest is missing"),
                Arguments.of("missing hash", (Damage) dir -> {
                    Path m = dir.resolve(Manifest.FILE_NAME);
                    Files.writeString(m, Files.readString(m).replaceAll(",\n    \"sha256\": \"[0-9a-f]{64}\"", ""));
                    return dir;
                },
                        ": manifest.json: weights.sha256 is missing (model.params); every bundle names the SHA-256 of"
                                + " its weights (ModelBundle.write fills it in)"),
                Arguments.of("weights of the wrong architecture",
                        editManifest(PLAIN_CNN, "\"family\": \"resnet\",\n    \"depth\": 18"),
                        ": weights model.params do not fit resnet-18 with 1 channel(s) and 3 classes (they were saved"
                                + " from another architecture or another class count): "),
                Arguments.of("weights of a smaller network",
                        editManifest(PLAIN_CNN, "\"family\": \"plain-cnn\",\n    \"depth\": 3,\n    \"width\": 4"),
                        ": weights model.params do not fit plain-cnn-3x4 with 1 channel(s) and 3 classes"),
                Arguments.of("weights of a larger network",
                        editManifest(PLAIN_CNN, "\"family\": \"plain-cnn\",\n    \"depth\": 1,\n    \"width\": 4"),
                        ": weights model.params do not fit plain-cnn-1x4 with 1 channel(s) and 3 classes (they were"
                                + " saved from another architecture or another class count): "),
                Arguments.of("weights of another class count",
                        editManifest("\"class2\"\n  ]", "\"class2\",\n    \"class3\"\n  ]"),
                        ": the model gives logits of shape (1, 3) for one input; (1, 4) expected, one per class of"
                                + " [class0, class1, class2, class3]"),
                Arguments.of("zip without manifest", (Damage) dir -> {
                    Path zip = dir.resolveSibling("bad.zip");
                    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
                        z.putNextEntry(new ZipEntry("model.params"));
                        Files.copy(dir.resolve("model.params"), z);
                    }
                    return zip;
                }, ": manifest.json is missing; expected manifest.json and the weights at the zip's root or in one"
                        + " top-level folder"),
                Arguments.of("not a zip", (Damage) dir -> {
                    Path file = dir.resolveSibling("model.txt");
                    Files.writeString(file, "hello");
                    return file;
                }, " is neither a bundle folder nor a readable zip: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBundles")
    void refusesBadBundleWithClearMessage(String label, Damage damage, String message, @TempDir Path work)
            throws Exception {
        ModelBundle good = BundleFixtures.smallPlainCnnBundle(work, Manifest.TASK_MULTI_LABEL);
        Path path = damage.apply(good.directory());
        BundleException e = assertThrows(BundleException.class, () -> {
            ModelBundle bundle = ModelBundle.load(path);
            ModelRuntime.open(bundle, DeviceChoice.CPU).close();
        });
        assertTrue(e.getMessage().startsWith("model bundle " + path.toAbsolutePath()), e.getMessage());
        assertTrue(e.getMessage().contains(message), "expected \"" + message + "\" in: " + e.getMessage());
    }

    @Test
    void hashMismatchNamesBothHashes(@TempDir Path work) throws Exception {
        ModelBundle good = BundleFixtures.smallPlainCnnBundle(work, Manifest.TASK_MULTI_LABEL);
        Path weights = good.weightsFile();
        Files.write(weights, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(good.directory()));
        assertEquals("model bundle " + good.directory() + ": weights model.params has SHA-256 "
                + ModelBundle.sha256(weights) + ", manifest says " + good.manifest().weights().sha256()
                + "; the bundle is damaged or was edited", e.getMessage());
    }

    private static final Architecture STAGE_ARCHITECTURE = Architecture.plainCnn(2, 8);

    /** A candidate stage's model for class0: 3-channel 32-pixel triplanar patches, {@link #STAGE_ARCHITECTURE}. */
    private static Manifest stageModel(String weightsFile) {
        return Manifest.builder().setName("class0-candidates").setVersion("0.0.1").setTask(Manifest.TASK_MULTI_LABEL)
                .setClasses(List.of("class0")).setArchitecture(STAGE_ARCHITECTURE)
                .setInput(Manifest.InputSpec.triplanar("CT", new Manifest.Window(-600, 1500), 32, 1.25, 0.5, 0.25))
                .setWeights(Manifest.Weights.unhashed(weightsFile, Manifest.Weights.FORMAT_DJL_PARAMS)).build();
    }

    /**
     * A bundle with a candidate stage: the stage's weights are hashed into its manifest, checked on
     * load, carried through a zip, and opened with the main model.
     */
    @Test
    void candidateStageWeightsAreHashedCheckedZippedAndOpened(@TempDir Path work) throws Exception {
        ModelBundle main = BundleFixtures.smallPlainCnnBundle(work.resolve("main"), Manifest.TASK_MULTI_LABEL);
        Path stageWeights = BundleFixtures.saveNetwork(work.resolve("stage"), STAGE_ARCHITECTURE, 3, 32, 1,
                BundleFixtures.randomInput(3 * 32 * 32, 2), 1).paramsFile();
        Manifest stage = stageModel("class0-candidates.params");
        Manifest m = main.manifest().withCandidateStages(Map.of("class0", new Manifest.CandidateStage(stage, 50)));
        ModelBundle b = ModelBundle.write(work.resolve("bundle"), m, main.weightsFile(),
                Map.of("class0", List.of(stageWeights)));
        assertEquals(ModelBundle.sha256(stageWeights),
                b.manifest().candidateStages().get("class0").model().weights().sha256());
        Path zip = work.resolve("b.zip");
        b.writeZip(zip);
        ModelBundle unzipped = ModelBundle.load(zip);
        assertEquals(b.manifest(), unzipped.manifest());
        try (ModelRuntime runtime = ModelRuntime.open(unzipped, DeviceChoice.CPU)) {
            ModelRuntime s = runtime.candidateStage("class0");
            assertEquals(1, s.logits(new float[3 * 32 * 32], 1)[0].length);
            assertEquals(null, runtime.candidateStage("class1"));
        }
        Files.write(b.directory().resolve("class0-candidates.params"), new byte[] {1}, StandardOpenOption.APPEND);
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(b.directory()));
        assertTrue(e.getMessage().contains("weights class0-candidates.params has SHA-256"), e.getMessage());
    }

    /**
     * A candidate stage with ensemble members: every member's weights are hashed and checked, and
     * the stage's logits are the mean of its networks' own logits (each computed by DJL when it
     * was saved).
     */
    @Test
    void ensembleStageAveragesItsMembersLogits(@TempDir Path work) throws Exception {
        ModelBundle main = BundleFixtures.smallPlainCnnBundle(work.resolve("main"), Manifest.TASK_MULTI_LABEL);
        float[] x = BundleFixtures.randomInput(2 * 3 * 32 * 32, 5);
        List<BundleFixtures.SavedNetwork> nets = new java.util.ArrayList<>();
        for (int seed : new int[] {1, 2, 3}) {
            nets.add(BundleFixtures.saveNetwork(work.resolve("net" + seed), STAGE_ARCHITECTURE, 3, 32, 1, x, 2, seed));
        }
        assertNotEquals(nets.get(0).logits()[0], nets.get(1).logits()[0], "the seeds give different networks");
        Manifest stage = stageModel("c.params");
        Manifest m = main.manifest().withCandidateStages(Map.of("class0", new Manifest.CandidateStage(stage, 50, null,
                null, List.of(Manifest.Weights.unhashed("c-2.params", Manifest.Weights.FORMAT_DJL_PARAMS),
                        Manifest.Weights.unhashed("c-3.params", Manifest.Weights.FORMAT_DJL_PARAMS)))));
        ModelBundle b = ModelBundle.write(work.resolve("bundle"), m, main.weightsFile(),
                Map.of("class0", nets.stream().map(BundleFixtures.SavedNetwork::paramsFile).toList()));
        assertEquals(ModelBundle.sha256(nets.get(2).paramsFile()),
                b.manifest().candidateStages().get("class0").members().get(1).sha256());
        try (ModelRuntime runtime = ModelRuntime.open(ModelBundle.load(b.directory()), DeviceChoice.CPU)) {
            float[][] logits = runtime.candidateStage("class0").logits(x, 2);
            for (int i = 0; i < 2; i++) {
                double mean = 0;
                for (BundleFixtures.SavedNetwork net : nets) {
                    mean += net.logits()[i] / 3.0;
                }
                assertEquals(mean, logits[i][0], 1e-5, "sample " + i);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBundle.write(
                work.resolve("short"), m, main.weightsFile(), Map.of("class0", List.of(nets.get(0).paramsFile()))));
        assertEquals("1 weights files given for the class0 candidate stage, which has 3", e.getMessage());
        Files.write(b.directory().resolve("c-3.params"), new byte[] {1}, StandardOpenOption.APPEND);
        BundleException damaged = assertThrows(BundleException.class, () -> ModelBundle.load(b.directory()));
        assertTrue(damaged.getMessage().contains("weights c-3.params has SHA-256"), damaged.getMessage());
    }

    @Test
    void writeFillsInHashAndLoadsBack(@TempDir Path work) throws Exception {
        ModelBundle b = BundleFixtures.smallPlainCnnBundle(work, Manifest.TASK_MULTI_LABEL);
        assertEquals(ModelBundle.sha256(b.weightsFile()), b.manifest().weights().sha256());
        assertEquals(b.directory().resolve("model.params"), b.weightsFile());
        ModelBundle again = ModelBundle.load(b.directory().resolve(Manifest.FILE_NAME));
        assertEquals(b.manifest(), again.manifest());
        // writing the same bundle again over itself keeps the weights and the hash
        ModelBundle rewritten = ModelBundle.write(b.directory(), b.manifest(), b.weightsFile());
        assertEquals(b.manifest(), rewritten.manifest());
    }

    @Test
    void zipRoundTripGivesSameManifestAndLogits(@TempDir Path work) throws Exception {
        ModelBundle folder = BundleFixtures.smallPlainCnnBundle(work, Manifest.TASK_SOFTMAX);
        Path zip = work.resolve("bundle.zip");
        folder.writeZip(zip);
        byte[] first = Files.readAllBytes(zip);
        folder.writeZip(zip);
        assertArrayEquals(first, Files.readAllBytes(zip), "zip bytes are deterministic");

        ModelBundle zipped = ModelBundle.load(zip);
        assertEquals(folder.manifest(), zipped.manifest());
        assertEquals(zip, zipped.source());
        assertNotEquals(folder.directory(), zipped.directory());
        float[] x = BundleFixtures.randomInput(2 * 32 * 32, 7);
        try (ModelRuntime a = ModelRuntime.open(folder, DeviceChoice.CPU);
                ModelRuntime b = ModelRuntime.open(zipped, DeviceChoice.CPU)) {
            assertArrayEquals(TorchScriptParityTest.flatten(a.logits(x, 2)), TorchScriptParityTest.flatten(b.logits(x, 2)));
        }
    }

    @Test
    void loadsZipWithOneTopLevelFolder(@TempDir Path work) throws Exception {
        ModelBundle folder = BundleFixtures.smallPlainCnnBundle(work, Manifest.TASK_SOFTMAX);
        Path zip = work.resolve("nested.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : new String[] {Manifest.FILE_NAME, "model.params"}) {
                z.putNextEntry(new ZipEntry("chest-ct/" + name));
                Files.copy(folder.directory().resolve(name), z);
            }
        }
        assertEquals(folder.manifest(), ModelBundle.load(zip).manifest());
    }

    @Test
    void reportsMissingPath(@TempDir Path work) {
        Path nowhere = work.resolve("nowhere");
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(nowhere));
        assertEquals("model bundle " + nowhere + " does not exist; expected a folder with manifest.json and the"
                + " weights, or a .zip of them", e.getMessage());
    }
}
