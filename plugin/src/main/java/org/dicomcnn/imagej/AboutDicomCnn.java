package org.dicomcnn.imagej;

import ij.IJ;
import ij.Macro;
import ij.plugin.PlugIn;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.dicomcnn.model.BundleException;
import org.dicomcnn.model.Manifest;

/**
 * Plugins &gt; DICOM CNN &gt; About DICOM CNN: the versions of the plugin, ImageJ, Java, DJL and
 * PyTorch (once a model is open), and the chosen model's name, version and weights hash, with a
 * pointer to its model card. Takes no keys.
 *
 * <pre>{@code
 * run("About DICOM CNN");
 * }</pre>
 */
public final class AboutDicomCnn implements PlugIn {

    /** The menu command's name. */
    public static final String COMMAND = "About DICOM CNN";

    @Override
    public void run(String arg) {
        try {
            MacroOptions.parse(Macro.getOptions(), List.of());
            String text = text();
            if (Macro.getOptions() != null || IJ.isMacro() || IJ.getInstance() == null) {
                IJ.log(text);
            } else {
                IJ.showMessage(COMMAND, text);
            }
        } catch (IllegalArgumentException e) {
            CommandFailure.report(COMMAND, e.getMessage());
        }
    }

    /**
     * @return the about text
     */
    static String text() {
        StringBuilder b = new StringBuilder();
        b.append("DICOM CNN plugin ").append(pluginVersion()).append(" - research use only, not for clinical use\n");
        b.append("ImageJ ").append(IJ.getFullVersion()).append(", Java ").append(System.getProperty("java.version"))
                .append('\n');
        b.append("DJL ").append(ai.djl.engine.Engine.getDjlVersion());
        if (Session.get().openRuntime().isPresent()) {
            b.append(", PyTorch ").append(ai.djl.engine.Engine.getEngine("PyTorch").getVersion())
                    .append(" on ").append(Session.get().openRuntime().get().device());
        } else {
            b.append(" (PyTorch loads with the first classification)");
        }
        b.append('\n');
        try {
            Manifest m = Session.get().bundle().manifest();
            b.append("Model ").append(m.name()).append(' ').append(m.version()).append(", classes ")
                    .append(String.join(", ", m.classes())).append('\n');
            b.append("Weights sha256 ").append(m.weights().sha256()).append('\n');
        } catch (BundleException e) {
            b.append("Model: the chosen bundle cannot be read: ").append(e.getMessage()).append('\n');
        }
        b.append("Model card: docs/model-card.md (built-in model); a bundle's card travels with the bundle");
        return b.toString();
    }

    /** @return the plugin's version, from the properties file Maven writes into the jar */
    static String pluginVersion() {
        try (InputStream in = AboutDicomCnn.class.getResourceAsStream("/dicomcnn-plugin.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
