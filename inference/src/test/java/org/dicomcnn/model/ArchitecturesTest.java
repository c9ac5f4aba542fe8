package org.dicomcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dicomcnn.model.Manifest.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArchitecturesTest {

    private static final int BATCH = 2;

    /**
     * Every family with each channel count (1, 3), size (64, 128) and class count (2, 4) appearing
     * in combination with each value of the other two (a pairwise covering of the 8 combinations).
     */
    static Stream<Arguments> families() {
        List<Object[]> families = List.of(
                new Object[] {Architecture.plainCnn(4, 32), 256, 8},
                new Object[] {Architecture.plainCnn(4, 32).withPooling(Architecture.POOLING_MAX), 256, 8},
                new Object[] {Architecture.resnet(18), 512, 32},
                new Object[] {Architecture.vgg(11), 512, 16},
                new Object[] {Architecture.googlenet(), 1024, 32});
        int[][] combos = {{1, 64, 2}, {1, 128, 4}, {3, 64, 4}, {3, 128, 2}};
        List<Arguments> args = new ArrayList<>();
        for (Object[] f : families) {
            for (int[] c : combos) {
                args.add(Arguments.of(f[0], c[0], c[1], c[2], f[1], f[2]));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} channels={1} size={2} classes={3}")
    @MethodSource("families")
    void buildsTrainsShapeSavesAndReloadsWithIdenticalLogits(Architecture arch, int channels, int size, int classes,
            int featureChannels, int downsampling, @TempDir Path work) throws Exception {
        float[] input = BundleFixtures.randomInput(BATCH * channels * size * size, size + channels);
        BundleFixtures.SavedNetwork saved =
                BundleFixtures.saveNetwork(work.resolve("train"), arch, channels, size, classes, input, BATCH);
        int side = size / downsampling;
        assertEquals(new Shape(BATCH, featureChannels, side, side), saved.trunkOutput());
        assertEquals(BATCH * classes, saved.logits().length);
        assertEquals(downsampling, Architectures.downsampling(arch));

        ModelBundle bundle = ModelBundle.write(work.resolve("bundle"),
                BundleFixtures.manifest(arch, channels, size, classes, Manifest.TASK_SOFTMAX), saved.paramsFile());
        try (ModelRuntime runtime = ModelRuntime.open(ModelBundle.load(bundle.directory()), DeviceChoice.CPU)) {
            assertTrue(runtime.hasTrunkHeadSplit());
            assertEquals("cpu()", runtime.device());
            assertArrayEquals(new int[] {featureChannels, side, side}, runtime.featureShape());
            float[][] logits = runtime.logits(input, BATCH);
            assertArrayEquals(saved.logits(), TorchScriptParityTest.flatten(logits), 0.0f,
                    "logits after save and reload through the bundle");
        }
    }

    static Stream<Arguments> deeperVariants() {
        return Stream.of(
                Arguments.of(Architecture.resnet(34), 512, 32),
                Arguments.of(Architecture.resnet(50), 2048, 32),
                Arguments.of(Architecture.vgg(13), 512, 16),
                Arguments.of(Architecture.vgg(16), 512, 16),
                Arguments.of(Architecture.plainCnn(1, 4), 4, 1),
                Arguments.of(Architecture.plainCnn(6, 128), 512, 32));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deeperVariants")
    void deeperVariantsGiveExpectedShapes(Architecture arch, int featureChannels, int downsampling) {
        NetworkBlocks blocks = Architectures.build(arch, 2, 128, 3);
        Shape in = new Shape(1, 2, 128, 128);
        Shape trunkOut = blocks.trunk().getOutputShapes(new Shape[] {in})[0];
        int side = 128 / downsampling;
        assertEquals(new Shape(1, featureChannels, side, side), trunkOut);
        Block net = blocks.network();
        assertEquals(new Shape(1, 3), net.getOutputShapes(new Shape[] {in})[0]);
    }

    @Test
    void resnet18UsesBasicUnitsAsPublished() {
        // 4 stem blocks, then 2+2+2+2 residual units; a basic unit's main path has two 3x3 convolutions
        Block trunk = Architectures.build(Architecture.resnet(18), 1, 64, 2).trunk();
        assertEquals(4 + 8, trunk.getChildren().size());
        String unit = trunk.getChildren().valueAt(4).toString();
        assertEquals(2, unit.split("Conv2d", -1).length - 1, unit);
    }

    @Test
    void rejectsSizeBelowDownsampling() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.build(Architecture.googlenet(), 1, 16, 2));
        assertEquals("googlenet reduces its input 32-fold; size 16 must be 32..1024 pixels", e.getMessage());
    }

    @Test
    void rejectsChannelsOutsideOneToSix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.build(Architecture.vgg(11), 7, 64, 2));
        assertEquals("channels 7 must be 1..6", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Architectures.build(Architecture.vgg(11), 0, 64, 2));
    }

    @Test
    void hasNoBlocksForTorchScript() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.build(Architecture.torchscript(), 1, 64, 2));
        assertEquals("architecture torchscript has no DJL blocks; a TorchScript bundle carries its own network",
                e.getMessage());
    }
}
