package org.dicomcnn.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.dicomcnn.model.Architectures;
import org.dicomcnn.model.EngineSetup;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.training.train.MaskedSigmoidLoss;
import org.dicomcnn.training.train.ModelTrainer;

/**
 * Our side of the training benchmark: {@link ModelTrainer#step} (forward, masked sigmoid
 * cross-entropy, backward, Adam) on the default model's network, on the batch that
 * {@code bench/python/torch_train.py} trains on too.
 *
 * <pre>java -cp ... org.dicomcnn.bench.TrainingBenchmark DIR DEPTH WIDTH SIZE BATCH STEPS</pre>
 *
 * Reads DIR/train-input.f32 and DIR/train-labels.f32; prints "java_images_per_second=...".
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {}

    /**
     * @param args data folder, plain-cnn depth and width, input size, batch size, timed steps
     * @throws Exception if the engine fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int depth = Integer.parseInt(args[1]);
        int width = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        int steps = Integer.parseInt(args[5]);
        int classes = 2;
        float[] x = InferenceBenchmark.floats(dir.resolve("train-input.f32"), batch * 3 * size * size);
        float[] y = InferenceBenchmark.floats(dir.resolve("train-labels.f32"), batch * classes);
        float[] mask = new float[batch * classes];
        Arrays.fill(mask, 1);
        EngineSetup.engine().setRandomSeed(1);
        Shape shape = new Shape(batch, 3, size, size);
        try (Model model = Model.newInstance("bench", Device.cpu(), EngineSetup.ENGINE_NAME)) {
            Manifest.Architecture net = Manifest.Architecture.plainCnn(depth, width)
                    .withPooling(Manifest.Architecture.POOLING_MAX);
            model.setBlock(Architectures.build(net, 3, size, classes).network());
            DefaultTrainingConfig config = new DefaultTrainingConfig(new MaskedSigmoidLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(shape);
                for (int i = 0; i < 3; i++) {
                    ModelTrainer.step(trainer, model, x, y, mask, shape);
                }
                double[] seconds = new double[steps];
                for (int i = 0; i < steps; i++) {
                    long t0 = System.nanoTime();
                    ModelTrainer.step(trainer, model, x, y, mask, shape);
                    seconds[i] = (System.nanoTime() - t0) / 1e9;
                }
                Arrays.sort(seconds);
                System.out.printf(Locale.ROOT, "java_images_per_second=%.2f threads=%d%n", batch / seconds[steps / 2],
                        EngineSetup.intraOpThreads());
            }
        }
    }
}
