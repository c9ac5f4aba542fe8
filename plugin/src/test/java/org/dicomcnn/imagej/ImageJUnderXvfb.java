package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.IJ;
import ij.ImageJ;
import ij.Menus;
import ij.WindowManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dicomcnn.model.DefaultModel;

/**
 * ImageJ 1.x with its window on a fresh Xvfb display, with the plugin installed from
 * {@code target/classes} as {@code plugins/DICOM_CNN.jar}: what the GUI tests start in their
 * set-up (each test class runs in a JVM of its own, see the plugin pom).
 */
final class ImageJUnderXvfb implements AutoCloseable {

    private final XvfbDisplay xvfb;

    private ImageJUnderXvfb(XvfbDisplay xvfb) {
        this.xvfb = xvfb;
    }

    /**
     * Starts Xvfb, installs the plugin under {@code temp/ImageJ} and starts ImageJ.
     *
     * @param temp a temporary folder; the default model is unpacked there too
     * @return the running ImageJ
     * @throws Exception if Xvfb is missing or does not start
     */
    static ImageJUnderXvfb start(Path temp) throws Exception {
        System.setProperty(DefaultModel.CACHE_PROPERTY, temp.resolve("model-cache").toString());
        XvfbDisplay xvfb = XvfbDisplay.start();
        xvfb.exportToThisJvm();
        Path imagej = Files.createDirectories(temp.resolve("ImageJ"));
        PluginInstallation.install(imagej);
        System.setProperty("plugins.dir", imagej.toString());
        new ImageJ(ImageJ.EMBEDDED);
        assertEquals(OpenDicomSeries.class.getName(), Menus.getCommands().get(OpenDicomSeries.COMMAND),
                "plugins.config in " + PluginInstallation.JAR_NAME + " registers the commands");
        return new ImageJUnderXvfb(xvfb);
    }

    @Override
    public void close() throws Exception {
        if (IJ.getInstance() != null) {
            WindowManager.closeAllWindows();
            IJ.getInstance().dispose();
        }
        xvfb.close();
    }
}
