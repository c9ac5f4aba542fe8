package org.dicomcnn.training.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam whose moment estimates are saved with each checkpoint and restored on resume, so that a
 * run killed between epochs and started again trains exactly as an uninterrupted one (DJL's
 * {@code Adam} keeps them private and a resumed run used to restart them at zero).
 *
 * <p>The update is DJL 0.33's {@code Adam.update} step for step: step count {@code t} (global,
 * from {@code optBeginNumUpdate}), bias correction {@code lr sqrt(1 - beta2^t) / (1 - beta1^t)},
 * and the engine's fused {@code adamUpdate} with the same arguments; beta1 0.9, beta2 0.999,
 * epsilon 1e-8 (DJL's defaults). A resumed run passes the steps already taken as
 * {@link Builder#optBeginNumUpdate}, so the step count, the bias correction and the learning-rate
 * schedule go on where they stopped.
 *
 * <pre>{@code
 * CheckpointedAdam adam = CheckpointedAdam.builder().optLearningRateTracker(tracker)
 *         .optWeightDecays(1e-4f).optBeginNumUpdate(stepsDone).build().naming(network);
 * adam.restore(dir.resolve("adam.ndlist"), model.getNDManager());   // when resuming
 * ...
 * adam.save(dir.resolve("adam.ndlist"));                            // after each epoch
 * }</pre>
 */
public final class CheckpointedAdam extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final String MEAN = "/mean";
    private static final String VARIANCE = "/variance";

    private final ParameterTracker learningRateTracker;
    private final Map<String, Map<Device, NDArray>> means = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> variances = new ConcurrentHashMap<>();
    /** Moments read from a checkpoint, by stable name, taken by each parameter's first update. */
    private final Map<String, NDArray> restored = new ConcurrentHashMap<>();
    /** DJL's parameter ids (random per process) to names stable across runs (the block's parameter paths). */
    private final Map<String, String> names = new ConcurrentHashMap<>();

    private CheckpointedAdam(Builder builder) {
        super(builder);
        this.learningRateTracker = builder.learningRateTracker;
    }

    /**
     * Names the parameters by paths that stay the same from one process to the next, which the
     * saved moments are keyed by: DJL's parameter ids are drawn at random for each network built.
     *
     * @param block the network being trained
     * @return this optimiser
     */
    public CheckpointedAdam naming(ai.djl.nn.Block block) {
        block.getParameters().forEach(p -> names.put(p.getValue().getId(), p.getKey()));
        return this;
    }

    private String name(String parameterId) {
        String name = names.get(parameterId);
        if (name == null) {
            throw new IllegalStateException("parameter " + parameterId + " is not named; call naming(block) first");
        }
        return name;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float lr = learningRateTracker.getNewValue(parameterId, t);
        float biasCorrected = (float) (lr * Math.sqrt(coef2) / coef1);
        float weightDecay = getWeightDecay();
        if (Float.isNaN(biasCorrected) || Float.isNaN(weightDecay) || Float.isInfinite(biasCorrected)
                || Float.isInfinite(weightDecay)) {
            throw new IllegalStateException("learning rate or weight decay is nan or infinite");
        }
        NDList inputs = new NDList(weight, grad,
                withDefaultState(means, parameterId, weight.getDevice(), k -> initial(name(k) + MEAN, weight)),
                withDefaultState(variances, parameterId, weight.getDevice(), k -> initial(name(k) + VARIANCE, weight)));
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), lr, biasCorrected, weightDecay,
                rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
    }

    /** A restored moment for the parameter, or zeros. */
    private NDArray initial(String key, NDArray weight) {
        NDArray saved = restored.remove(key);
        return saved == null ? weight.zerosLike() : saved.toDevice(weight.getDevice(), false);
    }

    /**
     * Writes every parameter's moments (atomically: a temporary file, then a move).
     *
     * @param file the file
     * @throws IOException if it cannot be written
     */
    public void save(Path file) throws IOException {
        NDList list = new NDList();
        Map<String, NDArray> byIdVariance = firstDevice(variances);
        for (Map.Entry<String, NDArray> e : firstDevice(means).entrySet()) {
            NDArray mean = e.getValue();
            mean.setName(name(e.getKey()) + MEAN);
            list.add(mean);
            NDArray variance = byIdVariance.get(e.getKey());
            variance.setName(name(e.getKey()) + VARIANCE);
            list.add(variance);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            list.encode(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads moments written by {@link #save}; each parameter takes its own at its first update.
     *
     * @param file the file
     * @param manager owns the arrays read (the model's manager)
     * @return the number of parameters restored
     * @throws IOException if it cannot be read
     */
    public int restore(Path file, NDManager manager) throws IOException {
        NDList list;
        try (InputStream in = Files.newInputStream(file)) {
            list = NDList.decode(manager, in);
        }
        for (NDArray a : list) {
            if (a.getName() == null) {
                throw new IOException(file + " holds an unnamed array: not written by CheckpointedAdam.save");
            }
            restored.put(a.getName(), a);
        }
        return list.size() / 2;
    }

    private static Map<String, NDArray> firstDevice(Map<String, Map<Device, NDArray>> state) {
        Map<String, NDArray> out = new TreeMap<>();
        state.forEach((id, byDevice) -> out.put(id, byDevice.values().iterator().next()));
        return out;
    }

    /** Builds a {@link CheckpointedAdam}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private ParameterTracker learningRateTracker;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * @param tracker the learning rate by global step (from 1)
         * @return this builder
         */
        public Builder optLearningRateTracker(ParameterTracker tracker) {
            this.learningRateTracker = tracker;
            return this;
        }

        /** @return the optimiser */
        public CheckpointedAdam build() {
            if (learningRateTracker == null) {
                throw new IllegalStateException("a learning-rate tracker is required");
            }
            return new CheckpointedAdam(this);
        }
    }
}
