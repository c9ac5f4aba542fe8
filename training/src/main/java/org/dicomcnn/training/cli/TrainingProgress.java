package org.dicomcnn.training.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dicomcnn.pipeline.ProgressListener;

/**
 * A terminal progress bar for training runs: one bar per phase ("indexing", "labelling",
 * "epoch 3/30", "predicting"), with ETA. The trainer reports "epoch 3/30 loss 0.1234 85.2 img/s":
 * the part before " loss" names the bar, the rest is shown beside it, so an epoch keeps one bar
 * while its loss and throughput change. Without a terminal (a log file, CI) it prints one line
 * per finished phase instead.
 */
final class TrainingProgress implements ProgressListener, AutoCloseable {

    private final boolean enabled;
    private final PrintStream out;
    private ProgressBar bar;
    private String phase;
    private String lastLine;

    TrainingProgress(boolean enabled, PrintStream out) {
        this.enabled = enabled;
        this.out = out;
    }

    @Override
    public synchronized void progress(long done, long total, String message) {
        if (!enabled) {
            if (total > 0 && done >= total && !message.equals(lastLine)) {
                lastLine = message;
                out.println(message + " (" + done + "/" + total + ")");
            }
            return;
        }
        int cut = message.indexOf(" loss ");
        String name = cut < 0 ? message : message.substring(0, cut);
        if (bar == null || !name.equals(phase)) {
            close();
            phase = name;
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(500)
                    .continuousUpdate().showSpeed().build();
        }
        bar.maxHint(total);
        bar.stepTo(done);
        if (cut >= 0) {
            bar.setExtraMessage(message.substring(cut + 1));
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
