package org.dicomcnn.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.preprocess.PatchSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Candidate samples kept on disk between runs: what is read back is what was written. */
class CandidateSampleTest {

    static CandidateSample.Inputs inputs(int size) {
        return new CandidateSample.Inputs(new PatchSampler(Manifest.InputSpec.triplanar("CT",
                new Manifest.Window(-600, 1500), size, 1.25, 0.5, 0.25)), Augmentation.DEFAULT);
    }

    static short[] patch(Random r, int length) {
        short[] p = new short[length];
        for (int i = 0; i < length; i++) {
            p[i] = (short) (r.nextInt(4096) - 1024);
        }
        return p;
    }

    @Test
    void roundTripsLabelsPatchesAndInputs(@TempDir Path dir) throws Exception {
        CandidateSample.Inputs in = inputs(16);
        int length = in.sampler().inputLength();
        Random r = new Random(1);
        List<CandidateSample> written = List.of(
                new CandidateSample("1.2.3", new short[][] {patch(r, length), patch(r, length)}, true, true, in),
                new CandidateSample("1.2.3", new short[][] {patch(r, length)}, false, false, in));
        Path file = dir.resolve("s.bin");
        CandidateSample.write(file, written);
        List<CandidateSample> read = CandidateSample.read(file, "1.2.3", in);
        assertEquals(2, read.size());
        for (int i = 0; i < 2; i++) {
            CandidateSample a = written.get(i);
            CandidateSample b = read.get(i);
            assertEquals(a.positive(), b.positive());
            assertEquals(a.known(), b.known());
            assertEquals(a.group(), b.group());
            assertEquals(a.variants().length, b.variants().length);
            for (int v = 0; v < a.variants().length; v++) {
                assertArrayEquals(a.variants()[v], b.variants()[v]);
            }
            float[] x = new float[length];
            float[] y = new float[length];
            a.fill(null, x, 0);
            b.fill(null, y, 0);
            assertArrayEquals(x, y);
        }
        assertEquals(List.of(), readEmpty(dir, in));
    }

    private static List<CandidateSample> readEmpty(Path dir, CandidateSample.Inputs in) throws Exception {
        Path file = dir.resolve("empty.bin");
        CandidateSample.write(file, List.of());
        return CandidateSample.read(file, "x", in);
    }

    @Test
    void ignoresAMissingFileOrOneOfAnotherPatchSize(@TempDir Path dir) throws Exception {
        assertNull(CandidateSample.read(dir.resolve("absent.bin"), "x", inputs(16)));
        CandidateSample.Inputs small = inputs(16);
        Path file = dir.resolve("s.bin");
        CandidateSample.write(file, List.of(new CandidateSample("x",
                new short[][] {new short[small.sampler().inputLength()]}, false, true, small)));
        assertNull(CandidateSample.read(file, "x", inputs(24)), "patches of 16 px do not fit a 24 px model");
        Files.writeString(file, "not samples");
        assertNull(CandidateSample.read(file, "x", small));
    }
}
