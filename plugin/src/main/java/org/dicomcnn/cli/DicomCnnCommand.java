package org.dicomcnn.cli;

import picocli.CommandLine.Command;

/** The top-level command; the work is in its subcommands. */
@Command(name = "dicomcnn",
        mixinStandardHelpOptions = true,
        version = "dicomcnn 0.1.0 (research use only, not for clinical use)",
        description = "DICOM CNN: load DICOM studies, find and follow lesions, report. Research use only.",
        subcommands = {IndexCommand.class, ClassifyCommand.class, CompareCommand.class, ExportCommand.class,
            TrainCommand.class, GenerateSamplesCommand.class})
final class DicomCnnCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
