package org.dicomcnn.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.EngineSetup;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;

/**
 * Our side of the inference benchmark: the TorchScript model written by
 * {@code bench/python/make_resnet18.py}, in a model bundle, run by {@link ModelRuntime} on CPU on
 * the same input batch Python uses.
 *
 * <pre>java -cp ... org.dicomcnn.bench.InferenceBenchmark DIR SIZE BATCH REPETITIONS</pre>
 *
 * Prints "java_images_per_second=... threads=...".
 */
public final class InferenceBenchmark {

    private InferenceBenchmark() {}

    /**
     * @param args the folder with resnet18.pt and input.f32, input size, batch size, repetitions
     * @throws Exception if the model fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int repetitions = Integer.parseInt(args[3]);
        Manifest m = Manifest.builder().setName("resnet18-benchmark").setVersion("1").setTask("softmax")
                .setClasses(List.of("background", "lesion")).setArchitecture(Manifest.Architecture.torchscript())
                .setInput(new Manifest.InputSpec("CT", List.of(new Manifest.Window(-600, 1500)), size, 0, 1, 2.5, 0.5,
                        0.25))
                .setWeights(Manifest.Weights.unhashed("model.pt", Manifest.Weights.FORMAT_TORCHSCRIPT)).build();
        ModelBundle bundle = ModelBundle.write(dir.resolve("bundle"), m, dir.resolve("resnet18.pt"));
        float[] input = floats(dir.resolve("input.f32"), batch * 3 * size * size);
        try (ModelRuntime runtime = ModelRuntime.open(ModelBundle.load(bundle.directory()), DeviceChoice.CPU)) {
            for (int i = 0; i < 3; i++) {
                runtime.logits(input, batch);
            }
            double[] seconds = new double[repetitions];
            for (int i = 0; i < repetitions; i++) {
                long t0 = System.nanoTime();
                runtime.logits(input, batch);
                seconds[i] = (System.nanoTime() - t0) / 1e9;
            }
            Arrays.sort(seconds);
            System.out.printf(Locale.ROOT, "java_images_per_second=%.2f threads=%d device=%s%n",
                    batch / seconds[repetitions / 2], EngineSetup.intraOpThreads(), runtime.device());
        }
    }

    static float[] floats(Path file, int count) throws java.io.IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        b.asFloatBuffer().get(out);
        return out;
    }
}
