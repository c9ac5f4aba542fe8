package org.dicomcnn.imagej;

import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;

/**
 * Plugins &gt; DICOM CNN &gt; Model Bundle: chooses the model the next classification uses, the
 * built-in one or a bundle folder or .zip (checked by {@link ModelBundle#load}: manifest and
 * weights hash), and the device. A bundle that cannot be used is reported with the reason and
 * the previous choice stays.
 *
 * <pre>{@code
 * run("Model Bundle", "bundle=default device=cpu");
 * run("Model Bundle", "bundle=[/models/my-bundle.zip] device=auto");
 * }</pre>
 *
 * Keys: {@link MacroKeys#BUNDLE}, {@link MacroKeys#DEVICE}.
 */
public final class ChooseModelBundle implements PlugIn {

    /** The menu command's name. */
    public static final String COMMAND = "Model Bundle";
    /** The value of {@link MacroKeys#BUNDLE} that picks the built-in model. */
    static final String DEFAULT_BUNDLE = "default";

    @Override
    public void run(String arg) {
        CommandFailure.run(COMMAND, () -> {
            String bundle;
            String device;
            String options = Macro.getOptions();
            if (options != null) {
                MacroOptions macro = MacroOptions.parse(options, MacroKeys.BUNDLE_KEYS);
                bundle = macro.get(MacroKeys.BUNDLE, DEFAULT_BUNDLE);
                device = macro.get(MacroKeys.DEVICE, "auto");
            } else {
                GenericDialog gd = new GenericDialog(COMMAND);
                gd.addMessage("Leave the path empty for the built-in model (docs/model-card.md).");
                gd.addFileField("Bundle folder or zip", "");
                gd.addStringField("Device (auto, cpu, gpu, gpu:N)", "auto");
                gd.showDialog();
                if (gd.wasCanceled()) {
                    return;
                }
                String path = gd.getNextString().trim();
                bundle = path.isEmpty() ? DEFAULT_BUNDLE : path;
                device = gd.getNextString().trim();
                if (Recorder.record) {
                    Recorder.resetCommandOptions();
                    Recorder.recordOption(MacroKeys.BUNDLE, bundle);
                    Recorder.recordOption(MacroKeys.DEVICE, device);
                }
            }
            DeviceChoice choice;
            try {
                choice = DeviceChoice.parse(device);
            } catch (IllegalArgumentException e) {
                throw MacroOptions.badValue(MacroKeys.DEVICE, device, "auto, cpu, gpu or gpu:N");
            }
            Path path = null;
            if (!DEFAULT_BUNDLE.equals(bundle.toLowerCase(Locale.ROOT))) {
                path = Path.of(bundle);
                if (!Files.exists(path)) {
                    throw MacroOptions.badValue(MacroKeys.BUNDLE, bundle,
                            DEFAULT_BUNDLE + " or an existing bundle folder, manifest.json or .zip");
                }
            }
            ModelBundle b = Session.get().chooseModel(path, choice);
            Manifest m = b.manifest();
            IJ.log(COMMAND + ": " + m.name() + " " + m.version() + " (sha256 " + m.weights().sha256().substring(0, 12)
                    + ", classes " + String.join(", ", m.classes()) + ") on " + choice + "; research use only");
            IJ.showStatus(COMMAND + ": " + m.name() + " " + m.version());
        });
    }
}
