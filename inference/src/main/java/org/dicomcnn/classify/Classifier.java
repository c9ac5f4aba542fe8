package org.dicomcnn.classify;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a model over every slice of a volume in batches, then any candidate stage the bundle has
 * ({@link CandidateClassifier}), whose best candidate gives its class's series score. Preprocessing (the same
 * {@link Preprocessor} training uses) runs on its own threads and fills the next batches while
 * the model works on the current one; at most {@value #BATCHES_AHEAD} batches wait, so memory
 * stays bounded whatever the series length.
 *
 * <pre>{@code
 * try (ModelRuntime runtime = ModelRuntime.open(ModelBundle.load(dir), DeviceChoice.parse("auto"))) {
 *     SliceScores scores = new Classifier(runtime, 16, 1).classify(volume, ProgressListener.NONE);
 * }
 * }</pre>
 *
 * Results do not depend on the number of preprocessing threads: every slice lands in the same
 * batch position whatever thread prepared it.
 */
public final class Classifier {

    /** Batches prepared ahead of the model. */
    static final int BATCHES_AHEAD = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Classifier.class);

    private final ModelRuntime runtime;
    private final Preprocessor preprocessor;
    private final int batchSize;
    private final int preprocessThreads;

    /**
     * @param runtime the open model
     * @param batchSize slices per forward pass
     * @param preprocessThreads threads preparing batches (at least 1)
     */
    public Classifier(ModelRuntime runtime, int batchSize, int preprocessThreads) {
        if (batchSize < 1 || preprocessThreads < 1) {
            throw new IllegalArgumentException("batch size and preprocessing threads must be at least 1");
        }
        this.runtime = runtime;
        this.preprocessor = new Preprocessor(runtime.manifest().input());
        this.batchSize = batchSize;
        this.preprocessThreads = preprocessThreads;
    }

    /** The preprocessor, shared with heatmap computation. */
    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /** A batch of prepared slices. */
    private record Batch(int first, int count, float[] inputs) {}

    /**
     * Classifies every slice.
     *
     * @param volume a volume of the modality the model expects
     * @param progress receives "classifying" progress per slice
     * @return per-slice probabilities and series scores
     * @throws InferenceException if the model fails or the volume does not suit it
     * @throws CancellationException if {@code progress} asks to stop
     */
    public SliceScores classify(Volume volume, ProgressListener progress) throws InferenceException {
        Manifest m = runtime.manifest();
        if (!m.input().modality().isEmpty() && !m.input().modality().equalsIgnoreCase(volume.info().modality())) {
            throw new InferenceException("model " + m.name() + " expects " + m.input().modality() + " images, the series is "
                    + volume.info().modality());
        }
        long start = System.nanoTime();
        int slices = volume.depth();
        int length = preprocessor.inputLength();
        Preprocessor.Prepared prepared = preprocessor.prepare(volume);
        int batches = (slices + batchSize - 1) / batchSize;
        double[][] probabilities = new double[slices][];
        BlockingQueue<Future<Batch>> ready = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        ExecutorService workers = Executors.newFixedThreadPool(preprocessThreads, r -> {
            Thread t = new Thread(r, "preprocess");
            t.setDaemon(true);
            return t;
        });
        Thread producer = new Thread(() -> {
            try {
                for (int b = 0; b < batches; b++) {
                    int first = b * batchSize;
                    int count = Math.min(batchSize, slices - first);
                    ready.put(workers.submit(() -> {
                        float[] inputs = new float[count * length];
                        for (int s = 0; s < count; s++) {
                            prepared.fill(first + s, inputs, s * length);
                        }
                        return new Batch(first, count, inputs);
                    }));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "batch-producer");
        producer.setDaemon(true);
        producer.start();
        try {
            for (int b = 0; b < batches; b++) {
                if (progress.cancelled()) {
                    throw new CancellationException("classification cancelled");
                }
                Batch batch = ready.take().get();
                float[][] logits = runtime.logits(batch.inputs(), batch.count());
                for (int s = 0; s < batch.count(); s++) {
                    float[] p = ModelRuntime.probabilities(logits[s], m);
                    double[] row = new double[p.length];
                    for (int c = 0; c < p.length; c++) {
                        row[c] = p[c];
                    }
                    probabilities[batch.first() + s] = row;
                }
                progress.progress(batch.first() + batch.count(), slices, "classifying");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("classification interrupted");
        } catch (ExecutionException e) {
            throw new InferenceException("preprocessing failed: " + e.getCause(), e.getCause());
        } finally {
            producer.interrupt();
            workers.shutdownNow();
        }
        SliceScores scores = SliceScores.of(m.classes(), probabilities,
                !"none".equals(m.calibration().method()));
        LOG.info("classified {} slices with {} {} in {} ms", slices, m.name(), m.version(),
                (System.nanoTime() - start) / 1_000_000);
        for (Map.Entry<String, Manifest.CandidateStage> stage : m.candidateStages().entrySet()) {
            if (progress.cancelled()) {
                throw new CancellationException("classification cancelled");
            }
            long t = System.nanoTime();
            int c = m.classes().indexOf(stage.getKey());
            List<SliceScores.Candidate> scored = new CandidateClassifier(runtime.candidateStage(stage.getKey()), c,
                    stage.getValue()).score(volume, progress);
            scores = scores.withCandidates(c, scored);
            LOG.info("scored {} {} candidates in {} ms", scored.size(), stage.getKey(), (System.nanoTime() - t) / 1_000_000);
        }
        return scores;
    }
}
