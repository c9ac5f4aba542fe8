package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dicomcnn.model.DefaultModel;
import org.dicomcnn.samples.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain ImageJ 1.54 installed as the bundle installs it: an ImageJ folder with {@code ij.jar},
 * {@code plugins/DICOM_CNN.jar} and the runtime dependencies in {@code jars/}, started as
 * {@code java -cp ij.jar ij.ImageJ -batch} on an Xvfb display, so that ImageJ alone finds the
 * plugin (plugins.config) and its dependencies (its plugin class loader reads {@code jars/}).
 * A macro opens, classifies and exports the growing-nodule current study. It runs in the first
 * ImageJ 1.54 release on Maven Central and in the latest (the one the plugin is compiled
 * against, and Fiji's), so a call into ImageJ that an earlier 1.54 lacks shows.
 */
class BundleInstallationTest {

    /** Dependencies the bundle keeps apart in headless/, not in jars/. */
    private static final List<String> HEADLESS_ONLY = List.of("ij1-patcher-", "javassist-", "classgraph-");

    @TempDir
    static Path temp;

    private static XvfbDisplay xvfb;

    @BeforeAll
    static void startDisplay() throws Exception {
        xvfb = XvfbDisplay.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (xvfb != null) {
            xvfb.close();
        }
    }

    /** The ImageJ releases the build copied (plugin/pom.xml), e.g. "1.54a", "1.54p". */
    static List<String> releases() {
        return List.of(System.getProperty("dicomcnn.imagej.releases").split(","));
    }

    @Test
    void theReleasesAreTheFirstAndTheLatestImageJ154WithTheLatestOnTheClassPath() {
        List<String> releases = releases();
        assertEquals(2, releases.size(), releases.toString());
        assertTrue(releases.stream().allMatch(r -> r.startsWith("1.54")), releases.toString());
        assertEquals(IJ.getVersion(), releases.get(releases.size() - 1), "the tests compile against the latest");
    }

    @ParameterizedTest(name = "ImageJ {0}")
    @MethodSource("releases")
    void plainImageJRunsThePluginFromItsFolderAlone(String release) throws Exception {
        Path dir = Files.createDirectories(temp.resolve(release));
        Path root = Files.createDirectories(dir.resolve("ImageJ"));
        Files.copy(Path.of("target", "imagej-releases", "ij-" + release + ".jar"), root.resolve("ij.jar"));
        PluginInstallation.install(root);
        Path jars = Files.createDirectories(root.resolve("jars"));
        String runtime = Files.readString(Path.of("target", "imagej-runtime-classpath.txt")).trim();
        for (String entry : runtime.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (HEADLESS_ONLY.stream().noneMatch(h -> jar.getFileName().toString().startsWith(h))) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        Path output = Files.createDirectories(dir.resolve("results"));
        Path study = TestData.committedSamples().resolve("growing-nodule").resolve("study-2");
        Path macro = dir.resolve("installed.ijm");
        Files.writeString(macro, String.join("\n",
                "print(\"ImageJ \" + getVersion());",
                "run(\"Model Bundle\", \"bundle=default device=cpu\");",
                "run(\"Open DICOM Series\", \"folder=[" + study + "]\");",
                "run(\"Classify DICOM Series\", \"batch=16\");",
                "run(\"Export Results\", \"output=[" + output + "]\");",
                "print(\"installed bundle: done\");", ""));

        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1500m", "-Dplugins.dir=" + root, "-D" + DefaultModel.CACHE_PROPERTY + "=" + temp.resolve("cache"),
                "-cp", root.resolve("ij.jar").toString(), "ij.ImageJ", "-batch", macro.toString())
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("DISPLAY", xvfb.display());
        Path out = dir.resolve("imagej.log");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ImageJ " + release + " did not finish in 120 s:\n" + Files.readString(out));
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("ImageJ " + release), "the release under test ran: " + log);
        assertTrue(log.contains("installed bundle: done"), log);
        try (var files = Files.walk(output)) {
            List<Path> csvs = files.filter(f -> f.getFileName().toString().equals("findings.csv")).toList();
            assertEquals(1, csvs.size(), log);
            List<String> lines = Files.readAllLines(csvs.get(0));
            assertTrue(lines.stream().skip(1).anyMatch(l -> l.contains(",nodule,")), lines.toString());
        }
        assertFalse(log.contains("Exception") || log.contains("Error"), log);
    }
}
