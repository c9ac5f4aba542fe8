package org.dicomcnn.imagej;

/**
 * Runs ImageJ 1.x macros with no display at all, for plain ImageJ: patches ImageJ with Fiji's
 * {@code ij1-patcher} (as Fiji's {@code --headless} does) before any ImageJ class loads, then
 * hands the arguments to {@code ij.ImageJ.main}. Without the patch ImageJ 1.54 builds its menu bar
 * on the first {@code run(...)} and fails with a {@code HeadlessException}.
 *
 * <pre>
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -Djava.awt.headless=true \
 *      -Dplugins.dir=/opt/ImageJ -cp "/opt/ImageJ/ij.jar:/opt/ImageJ/plugins/DICOM_CNN.jar:/opt/ImageJ/jars/*:/opt/ImageJ/headless/*" \
 *      org.dicomcnn.imagej.HeadlessBatch -batch plugin/macros/batch-classify.ijm "input=[/data/studies] output=[/data/results]"
 * </pre>
 *
 * This class names no {@code ij.*} class: loading one before the patcher runs would make the
 * patch impossible.
 */
public final class HeadlessBatch {

    static {
        // before anything touches AWT or ImageJ
        System.setProperty("java.awt.headless", "true");
        net.imagej.patcher.LegacyInjector.preinit();
    }

    private HeadlessBatch() {
    }

    /**
     * @param args ImageJ's arguments, e.g. {@code -batch macro.ijm "argument"}
     * @throws ReflectiveOperationException if ImageJ is not on the class path
     */
    public static void main(String[] args) throws ReflectiveOperationException {
        Class.forName("ij.ImageJ").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
