package org.dicomcnn.training.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * The CSV log of a training run, one row per epoch, appended as each epoch ends so that a killed
 * run keeps every finished epoch: epoch, train_loss, learning_rate, val_auc_&lt;class&gt;...,
 * val_mean_auc, images_per_second, seconds, best.
 */
public final class EpochLog {

    /**
     * One epoch.
     *
     * @param epoch from 1
     * @param trainLoss mean training loss
     * @param learningRate the rate used
     * @param validationAuc per class
     * @param meanAuc the mean that chooses the best epoch (over every class, or the classes
     *     {@link ModelTrainer#choosingOn} names)
     * @param imagesPerSecond training throughput
     * @param seconds the epoch's duration, validation included
     * @param best whether it improved on every earlier epoch
     */
    public record Row(int epoch, double trainLoss, double learningRate, double[] validationAuc, double meanAuc,
            double imagesPerSecond, double seconds, boolean best) {}

    private final Path file;
    private final List<String> classes;

    /**
     * @param file the CSV (created with its header when missing)
     * @param classes class names for the AUC columns
     */
    public EpochLog(Path file, List<String> classes) {
        this.file = file;
        this.classes = List.copyOf(classes);
    }

    /** Appends a row, writing the header first if the file is new. */
    public void append(Row r) throws IOException {
        if (!Files.exists(file)) {
            StringBuilder h = new StringBuilder("epoch,train_loss,learning_rate");
            for (String c : classes) {
                h.append(",val_auc_").append(c);
            }
            h.append(",val_mean_auc,images_per_second,seconds,best\n");
            Files.writeString(file, h, StandardCharsets.UTF_8);
        }
        StringBuilder s = new StringBuilder();
        s.append(r.epoch()).append(',').append(fmt(r.trainLoss())).append(',').append(fmt(r.learningRate()));
        for (double a : r.validationAuc()) {
            s.append(',').append(fmt(a));
        }
        s.append(',').append(fmt(r.meanAuc())).append(',').append(String.format(Locale.ROOT, "%.1f", r.imagesPerSecond()))
                .append(',').append(String.format(Locale.ROOT, "%.1f", r.seconds())).append(',').append(r.best()).append('\n');
        Files.writeString(file, s, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
