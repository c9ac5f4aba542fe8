package org.dicomcnn.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An ImageJ folder for tests with the plugin installed as a user would install it: the compiled
 * classes (with plugins.config at the root) zipped into {@code plugins/DICOM_CNN.jar}, so that
 * ImageJ finds the menu commands through plugins.config and nothing else.
 */
final class PluginInstallation {

    /** The jar's name: ImageJ loads only jars whose name holds an underscore. */
    static final String JAR_NAME = "DICOM_CNN.jar";

    private PluginInstallation() {
    }

    /**
     * Creates {@code root/plugins/DICOM_CNN.jar} from {@code target/classes}.
     *
     * @param root the ImageJ folder to create it in
     * @return the jar
     * @throws IOException if it cannot be written
     */
    static Path install(Path root) throws IOException {
        Path classes = Path.of("target", "classes").toAbsolutePath();
        if (!Files.isRegularFile(classes.resolve("plugins.config"))) {
            throw new IOException(classes + " holds no plugins.config; compile the plugin module first");
        }
        Path jar = Files.createDirectories(root.resolve("plugins")).resolve(JAR_NAME);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            List<Path> regular = files.filter(Files::isRegularFile).sorted().toList();
            for (Path f : regular) {
                zip.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }
}
