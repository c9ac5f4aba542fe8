package org.dicomcnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default model shipped in the jar: it must unpack into a cache, pass the bundle's own
 * SHA-256 check, run on the CPU, be reused from the cache and be unpacked again when the cached
 * copy is damaged.
 */
class DefaultModelTest {

    /** The limit on the committed bundle. */
    private static final long MAX_BUNDLE_BYTES = 20L << 20;

    @Test
    void unpacksAChestModelThatRunsOnTheCpu(@TempDir Path cache) throws Exception {
        ModelBundle bundle = DefaultModel.bundle(cache);
        Manifest m = bundle.manifest();
        assertEquals("chest-ct-phantom", m.name());
        assertEquals(List.of("nodule", "effusion"), m.classes());
        assertEquals(Manifest.TASK_MULTI_LABEL, m.task());
        assertTrue(bundle.directory().startsWith(cache), bundle.directory().toString());
        assertEquals(m.weights().sha256(), ModelBundle.sha256(bundle.weightsFile()));
        assertTrue(Files.size(bundle.weightsFile()) <= MAX_BUNDLE_BYTES, "weights " + Files.size(bundle.weightsFile()));
        assertEquals(Manifest.Calibration.METHOD_TEMPERATURE, m.calibration().method(),
                "the default model carries a fitted temperature");
        for (String c : m.classes()) {
            double t = m.threshold(c.equals("nodule") ? 0 : 1);
            assertTrue(t > 0 && t < 1, c + " threshold " + t);
        }

        int size = m.input().size();
        int channels = m.input().channels();
        float[] batch = new float[2 * channels * size * size];
        for (int i = channels * size * size; i < batch.length; i++) {
            batch[i] = (i % size) / (float) size;
        }
        try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.CPU)) {
            float[][] logits = runtime.logits(batch, 2);
            assertEquals(2, logits.length);
            assertEquals(2, logits[0].length);
            assertNotEquals(logits[0][0], logits[1][0], "the network looks at its input");
            float[][] again = runtime.logits(batch, 2);
            assertArrayEquals(logits[0], again[0], 0f);
        }
    }

    @Test
    void reusesTheCacheAndRepairsADamagedOne(@TempDir Path cache) throws Exception {
        ModelBundle first = DefaultModel.bundle(cache);
        Path weights = first.weightsFile();
        FileTime unpacked = Files.getLastModifiedTime(weights);
        Files.setLastModifiedTime(weights, FileTime.fromMillis(unpacked.toMillis() - 60_000));
        FileTime marked = Files.getLastModifiedTime(weights);

        ModelBundle second = DefaultModel.bundle(cache);
        assertEquals(first.directory(), second.directory());
        assertEquals(marked, Files.getLastModifiedTime(second.weightsFile()), "reused, not unpacked again");

        Files.write(weights, new byte[] {1, 2, 3});
        ModelBundle repaired = DefaultModel.bundle(cache);
        assertEquals(first.manifest().weights().sha256(), ModelBundle.sha256(repaired.weightsFile()));
        try (InputStream in = DefaultModel.class.getResourceAsStream(DefaultModel.RESOURCE_FOLDER + "model.params")) {
            assertEquals(in.readAllBytes().length, Files.size(repaired.weightsFile()));
        }
        try (var entries = Files.list(cache)) {
            assertEquals(1, entries.count(), "no half-unpacked folders left behind");
        }
    }
}
