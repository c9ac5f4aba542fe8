package org.dicomcnn.training.train;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dicomcnn.model.Manifest;

/**
 * Everything that decides a training run. Two runs with the same configuration, data and thread
 * count give the same weights on CPU.
 *
 * @param name the model's name
 * @param version the model's version
 * @param architecture the network
 * @param input the input spec (the same preprocessing the runtime will use)
 * @param classes class names (multi-label: a sigmoid per class)
 * @param epochs at most this many epochs
 * @param samplesPerEpoch training inputs per epoch
 * @param batchSize inputs per step
 * @param optimizer "adam" or "sgd" (with momentum 0.9)
 * @param learningRate initial learning rate
 * @param schedule "constant", "cosine" (to 1% of the initial rate at the last epoch) or "step"
 *     (x0.1 at 60% and 85% of the epochs)
 * @param weightDecay L2 weight decay
 * @param seed the seed of everything random: initial weights, sampling, augmentation
 * @param patience stop after this many epochs without a better validation AUC (0: never)
 * @param validationSamples validation inputs scored each epoch (a fixed, class-balanced set)
 * @param augmentation what each training input may undergo
 * @param positiveFraction share of each batch drawn from each class's positive slices (the rest
 *     from slices negative for every class): class balance by sampling
 * @param cacheBytes memory for loaded training volumes
 */
public record TrainingConfig(
        String name,
        String version,
        Manifest.Architecture architecture,
        Manifest.InputSpec input,
        List<String> classes,
        int epochs,
        int samplesPerEpoch,
        int batchSize,
        String optimizer,
        double learningRate,
        String schedule,
        double weightDecay,
        long seed,
        int patience,
        int validationSamples,
        Augmentation augmentation,
        double positiveFraction,
        long cacheBytes) {

    /**
     * Plain-cnn widths must be multiples of this: with 4 or 12 filters, PyTorch 2.5.1's CPU
     * convolutions (oneDNN) now and then returned NaN and differed from run to run on this
     * project's 2-core machine; with 8 and 16 they were bitwise repeatable.
     */
    public static final int PLAIN_CNN_WIDTH_STEP = 8;

    /** Validates every field with a message naming it. */
    public TrainingConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(augmentation, "augmentation");
        classes = List.copyOf(classes);
        require(!classes.isEmpty(), "classes must not be empty");
        require(epochs >= 1, "epochs must be at least 1, not " + epochs);
        require(samplesPerEpoch >= batchSize, "samplesPerEpoch " + samplesPerEpoch + " is below batchSize " + batchSize);
        require(batchSize >= 1, "batchSize must be at least 1, not " + batchSize);
        require(List.of("adam", "sgd").contains(optimizer.toLowerCase(Locale.ROOT)),
                "optimizer must be adam or sgd, not " + optimizer);
        require(learningRate > 0, "learningRate must be positive, not " + learningRate);
        require(List.of("constant", "cosine", "step").contains(schedule.toLowerCase(Locale.ROOT)),
                "schedule must be constant, cosine or step, not " + schedule);
        require(weightDecay >= 0, "weightDecay must not be negative");
        require(patience >= 0, "patience must not be negative");
        require(validationSamples >= 2, "validationSamples must be at least 2");
        require(positiveFraction >= 0 && positiveFraction * classes.size() < 1,
                "positiveFraction x classes must be below 1, not " + positiveFraction * classes.size());
        require(cacheBytes > 0, "cacheBytes must be positive");
        require(!Manifest.Architecture.FAMILY_PLAIN_CNN.equals(architecture.family()) || architecture.width() % PLAIN_CNN_WIDTH_STEP == 0,
                "plain-cnn width must be a multiple of 8, not " + architecture.width() + ": PyTorch 2.5.1's CPU "
                        + "convolutions gave NaN and run-to-run different results for 4 and 12 filters "
                        + "(docs/training.md)");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The same configuration with other epochs and initial learning rate (a fine-tuning round). */
    public TrainingConfig withEpochsAndLearningRate(int newEpochs, double newLearningRate) {
        return new TrainingConfig(name, version, architecture, input, classes, newEpochs, samplesPerEpoch, batchSize,
                optimizer, newLearningRate, schedule, weightDecay, seed, patience, validationSamples, augmentation,
                positiveFraction, cacheBytes);
    }

    /** The same configuration from another seed (another member of an ensemble). */
    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(name, version, architecture, input, classes, epochs, samplesPerEpoch, batchSize,
                optimizer, learningRate, schedule, weightDecay, newSeed, patience, validationSamples, augmentation,
                positiveFraction, cacheBytes);
    }

    /** The learning rate for an epoch (from 0) under the schedule. */
    public double learningRateAt(int epoch) {
        return switch (schedule.toLowerCase(Locale.ROOT)) {
            case "cosine" -> {
                double t = epochs <= 1 ? 0 : epoch / (double) (epochs - 1);
                yield learningRate * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * t)));
            }
            case "step" -> learningRate * (epoch >= 0.85 * epochs ? 0.01 : epoch >= 0.6 * epochs ? 0.1 : 1);
            default -> learningRate;
        };
    }
}
