package org.dicomcnn.cli;

import java.nio.file.Path;
import org.dicomcnn.model.BundleException;
import org.dicomcnn.model.DefaultModel;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The model options that {@code compare} and {@code export} share with {@code classify}
 * ({@code --model}, {@code --device}), as a picocli mixin, and loading the bundle they name.
 */
final class ModelSetup {

    @Option(names = "--model", paramLabel = "BUNDLE",
            description = "Model bundle: a folder with manifest.json, or a .zip of one. Default: the built-in model "
                    + "trained on phantoms (docs/model-card.md).")
    Path model;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "auto (GPU when DJL sees one, else CPU), cpu, gpu or gpu:N. Default: ${DEFAULT-VALUE}.")
    String device;

    /**
     * @param cli the command, for usage errors
     * @return the device asked for
     * @throws CommandLine.ParameterException if it is not one
     */
    DeviceChoice device(CommandLine cli) {
        try {
            return DeviceChoice.parse(device);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--device: " + e.getMessage());
        }
    }

    /**
     * Loads the bundle and checks that it classifies slices (a candidate classifier alone cannot
     * analyse a series).
     *
     * @return the bundle
     * @throws BundleException if it cannot be used, saying why
     */
    ModelBundle bundle() throws BundleException {
        ModelBundle bundle = model == null ? DefaultModel.bundle() : ModelBundle.load(model);
        if (bundle.manifest().input().triplanar()) {
            throw new BundleException(model + " is a candidate classifier (input sampling "
                    + Manifest.InputSpec.SAMPLING_TRIPLANAR + "); a slice classifier is needed");
        }
        return bundle;
    }
}
