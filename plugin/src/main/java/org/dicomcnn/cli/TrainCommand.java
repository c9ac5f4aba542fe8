package org.dicomcnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dicomcnn.training.cli.TrainMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code dicomcnn train}: the trainer of module {@code training} ({@link TrainMain},
 * {@code dicomcnn-train}), reached from the one entry point. Every argument is passed on
 * unchanged; {@code --help} prints the trainer's own usage (docs/training.md). The trainer
 * prints to the console itself.
 *
 * <pre>
 * dicomcnn train --help
 * </pre>
 */
@Command(name = "train",
        description = {"Train, calibrate and evaluate a classifier and write a model bundle. Arguments are those of "
                + "dicomcnn-train (docs/training.md); --help lists them.", "Research use only."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:a bundle was written", "2:usage error", "3:bad input"})
final class TrainCommand implements Callable<Integer> {

    /** Everything after the subcommand's name, passed on to the trainer. */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return TrainMain.run(args.toArray(String[]::new));
    }
}
