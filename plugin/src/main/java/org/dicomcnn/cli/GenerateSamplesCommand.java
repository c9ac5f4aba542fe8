package org.dicomcnn.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dicomcnn.samples.GenerateSamples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dicomcnn generate-samples}: the synthetic phantom generator of module
 * {@code sample-dicom} ({@link GenerateSamples}, also {@code bin/generate-samples}), reached from
 * the one entry point. Every argument is passed on unchanged; {@code --help} prints the
 * generator's own usage.
 *
 * <pre>
 * dicomcnn generate-samples --out /tmp/phantoms --patients 2 --seed 7
 * </pre>
 */
@Command(name = "generate-samples",
        description = {"Write synthetic longitudinal chest-CT phantoms with ground truth (not patient data). "
                + "Arguments are those of bin/generate-samples; --help lists them.", "Research use only."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:phantoms written", "1:writing failed", "2:usage error"})
final class GenerateSamplesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Everything after the subcommand's name, passed on to the generator. */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        // The generator prints to PrintStreams; capture them so that output reaches this command's writers.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = GenerateSamples.run(args.toArray(String[]::new), o, e);
        }
        spec.commandLine().getOut().print(out.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().print(err.toString(StandardCharsets.UTF_8));
        spec.commandLine().getErr().flush();
        return code;
    }
}
