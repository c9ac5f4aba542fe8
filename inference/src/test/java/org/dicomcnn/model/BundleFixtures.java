package org.dicomcnn.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dicomcnn.model.Manifest.Architecture;

/**
 * Test fixtures: manifests, DJL networks initialised and saved the way the training module saves
 * them, and bundles written from them.
 */
final class BundleFixtures {

    private BundleFixtures() {}

    /** A valid manifest for a DJL architecture with the given channels (1..3 by slice context/windows). */
    static Manifest manifest(Architecture architecture, int channels, int size, int classes, String task) {
        return Manifest.builder()
                .setName("test-" + architecture.family())
                .setVersion("0.0.1")
                .setTask(task)
                .setClasses(classNames(classes))
                .setArchitecture(architecture)
                .setInput(input(channels, size))
                .setWeights(Manifest.Weights.unhashed(
                        Architecture.FAMILY_TORCHSCRIPT.equals(architecture.family()) ? "model.pt" : "model.params",
                        Architecture.FAMILY_TORCHSCRIPT.equals(architecture.family())
                                ? Manifest.Weights.FORMAT_TORCHSCRIPT
                                : Manifest.Weights.FORMAT_DJL_PARAMS))
                .build();
    }

    /** An input spec with 1, 2 or 3 channels: 1 window with slice context 0 or 1, or 2 windows. */
    static Manifest.InputSpec input(int channels, int size) {
        Manifest.Window lung = new Manifest.Window(-600, 1500);
        Manifest.Window soft = new Manifest.Window(40, 400);
        return switch (channels) {
            case 1 -> new Manifest.InputSpec("CT", List.of(lung), size, 0.0, 0, 0.0, 0.5, 0.25);
            case 2 -> new Manifest.InputSpec("CT", List.of(lung, soft), size, 1.0, 0, 0.0, 0.5, 0.25);
            case 3 -> new Manifest.InputSpec("CT", List.of(lung), size, 1.5, 1, 2.5, 0.5, 0.25);
            default -> throw new IllegalArgumentException("channels " + channels);
        };
    }

    static List<String> classNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add("class" + i);
        }
        return names;
    }

    /** A network initialised with a fixed seed and saved with Model.save, with its logits for {@code input}. */
    record SavedNetwork(Path paramsFile, float[] logits, Shape trunkOutput) {}

    static SavedNetwork saveNetwork(Path dir, Architecture architecture, int channels, int size, int classes,
            float[] input, int n) throws Exception {
        return saveNetwork(dir, architecture, channels, size, classes, input, n, 42);
    }

    /** As above, initialised from another seed (another network of the same architecture). */
    static SavedNetwork saveNetwork(Path dir, Architecture architecture, int channels, int size, int classes,
            float[] input, int n, int seed) throws Exception {
        Engine engine = EngineSetup.engine();
        engine.setRandomSeed(seed);
        NetworkBlocks blocks = Architectures.build(architecture, channels, size, classes);
        SequentialBlock net = blocks.network();
        try (Model model = Model.newInstance("net", Device.cpu(), EngineSetup.ENGINE_NAME)) {
            model.setBlock(net);
            Shape inputShape = new Shape(n, channels, size, size);
            net.initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
            Shape trunkOut = blocks.trunk().getOutputShapes(new Shape[] {inputShape})[0];
            float[] logits;
            try (NDManager sub = model.getNDManager().newSubManager()) {
                NDArray x = sub.create(input, inputShape);
                NDList out = net.forward(new ParameterStore(sub, false), new NDList(x), false);
                logits = out.singletonOrThrow().toFloatArray();
            }
            Files.createDirectories(dir);
            model.save(dir, "net");
            return new SavedNetwork(dir.resolve("net-0000.params"), logits, trunkOut);
        }
    }

    /** Deterministic pseudo-random input values, roughly standard normal. */
    static float[] randomInput(int count, long seed) {
        Random r = new Random(seed);
        float[] v = new float[count];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** A written bundle of a small plain CNN (1 channel, 32 px, 3 classes). */
    static ModelBundle smallPlainCnnBundle(Path work, String task) throws Exception {
        Architecture arch = Architecture.plainCnn(2, 4);
        float[] x = randomInput(32 * 32, 1);
        SavedNetwork saved = saveNetwork(work.resolve("train"), arch, 1, 32, 3, x, 1);
        return ModelBundle.write(work.resolve("bundle"), manifest(arch, 1, 32, 3, task), saved.paramsFile());
    }

    static void writeString(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
