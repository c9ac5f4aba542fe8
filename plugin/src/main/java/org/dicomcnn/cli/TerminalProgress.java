package org.dicomcnn.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dicomcnn.pipeline.ProgressListener;

/**
 * Shows pipeline progress as a progress bar on standard error, one bar per phase ("indexing",
 * "decoding", ...). Silent when disabled, so that {@code --json} output stays clean.
 */
final class TerminalProgress implements ProgressListener, AutoCloseable {

    private final boolean enabled;
    private final PrintStream out;
    private ProgressBar bar;
    private String phase;

    TerminalProgress(boolean enabled, PrintStream out) {
        this.enabled = enabled;
        this.out = out;
    }

    @Override
    public synchronized void progress(long done, long total, String phase) {
        if (!enabled) {
            return;
        }
        if (bar == null || !phase.equals(this.phase)) {
            close();
            this.phase = phase;
            bar = new ProgressBarBuilder().setTaskName(phase).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out))
                    .setUpdateIntervalMillis(250).continuousUpdate().build();
        }
        bar.maxHint(total);
        bar.stepTo(done);
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
