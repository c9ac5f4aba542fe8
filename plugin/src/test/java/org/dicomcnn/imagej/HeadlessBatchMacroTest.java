package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.model.DefaultModel;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.report.ReportWriter;
import org.dicomcnn.samples.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped macro plugin/macros/batch-classify.ijm with no display at all: a separate JVM with
 * DISPLAY removed from its environment and {@code -Djava.awt.headless=true} runs it through
 * {@link HeadlessBatch} over the growing-nodule patient's two studies, with the plugin installed
 * as {@code plugins/DICOM_CNN.jar}. Checks one results folder per series, that the model was opened once for
 * both, and that a bad macro key stops the run with a message naming key, value and expectation.
 */
class HeadlessBatchMacroTest {

    @TempDir
    static Path temp;

    private static Path imagej;
    private static Path output;
    private static Run batch;

    /** A finished ImageJ process: exit code and everything it printed. */
    record Run(int exitCode, String output) {}

    @BeforeAll
    static void runTheBatchMacroHeadless() throws Exception {
        imagej = Files.createDirectories(temp.resolve("ImageJ"));
        PluginInstallation.install(imagej);
        output = temp.resolve("results");
        Path input = TestData.committedSamples().resolve("growing-nodule");
        Path macro = Path.of("macros", "batch-classify.ijm").toAbsolutePath();
        batch = runHeadless("-batch", macro.toString(),
                "input=[" + input + "] output=[" + output + "] device=[cpu]");
    }

    @Test
    void writesOneFindingsCsvPerSeriesWithNoDisplay() throws Exception {
        assertEquals(0, batch.exitCode(), batch.output());
        DicomIndex index = DicomIndex.scan(TestData.committedSamples().resolve("growing-nodule"), ProgressListener.NONE);
        assertEquals(2, index.allSeries().size());
        for (var series : index.allSeries()) {
            Path csv = output.resolve(series.seriesInstanceUid()).resolve(ReportWriter.FINDINGS_CSV);
            assertTrue(Files.isRegularFile(csv), csv + " written; output:\n" + batch.output());
            List<String> lines = Files.readAllLines(csv);
            assertTrue(lines.get(0).startsWith("model_name,model_version,model_sha256,finding_id,finding_class"),
                    lines.get(0));
            assertTrue(lines.size() > 1, "the growing nodule's studies have findings: " + lines);
            assertTrue(lines.stream().skip(1).anyMatch(l -> l.contains(",nodule,")), lines.toString());
            assertTrue(Files.isRegularFile(csv.resolveSibling(ReportWriter.FINDINGS_JSON)));
        }
        try (Stream<Path> files = Files.list(output)) {
            assertEquals(2, files.count(), "one folder per series");
        }
        try (Stream<Path> files = Files.walk(output)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files");
        }
        assertTrue(batch.output().contains("batch-classify: 2 series classified"), batch.output());
    }

    @Test
    void opensTheModelOncePerRun() {
        long opened = batch.output().lines().filter(l -> l.startsWith("DICOM CNN: model ") && l.contains(" opened on "))
                .count();
        assertEquals(1, opened, batch.output());
    }

    @Test
    void neverPrintsAStackTraceOrAPatientIdentifier() throws Exception {
        assertFalse(batch.output().contains("\tat "), batch.output());
        assertFalse(batch.output().contains("Exception"), batch.output());
        DicomIndex index = DicomIndex.scan(TestData.committedSamples().resolve("growing-nodule"), ProgressListener.NONE);
        String id = index.patients().get(0).patientId();
        String name = index.patients().get(0).patientName();
        assertFalse(id.isBlank() || name.isBlank());
        assertFalse(batch.output().contains(id), "patient ID in the output");
        assertFalse(batch.output().contains(name), "patient name in the output");
    }

    @Test
    void reportsAnUnknownKeyWithItsValueAndTheKeysExpected() throws Exception {
        Path macro = temp.resolve("bad-key.ijm");
        Files.writeString(macro, "run(\"Open DICOM Series\", \"folder=[" + TestData.committedSamples()
                + "] serie=2\");\nprint(\"not reached\");\n");
        Run run = runHeadless("-batch", macro.toString());
        assertTrue(run.output().contains("Open DICOM Series: unknown key 'serie' (value '2'); expected one of folder, "
                + "series, window"), run.output());
        assertFalse(run.output().contains("not reached"), "the macro stops at the bad key: " + run.output());
    }

    @Test
    void reportsABadValueWithTheKeyAndWhatWasExpected() throws Exception {
        Path macro = temp.resolve("bad-value.ijm");
        Files.writeString(macro, "run(\"Open DICOM Series\", \"folder=[" + TestData.committedSamples()
                + "] series=99\");\n");
        Run run = runHeadless("-batch", macro.toString());
        assertTrue(run.output().contains("bad value for key 'series': '99'; expected a Series Instance UID of the "
                + "folder or a series number from 1 to 6"), run.output());
    }

    @Test
    void aboutNamesTheVersionsAndTheModelAndAnEmptyFolderGivesAReadableError() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Path macro = temp.resolve("about.ijm");
        Files.writeString(macro, "run(\"About DICOM CNN\");\nrun(\"Open DICOM Series\", \"folder=[" + empty + "]\");\n");
        Run run = runHeadless("-batch", macro.toString());
        String out = run.output();
        assertTrue(out.contains("DICOM CNN plugin 0.1.0-SNAPSHOT - research use only"), out);
        assertTrue(out.contains("ImageJ " + ij.IJ.getVersion()), out); // the ImageJ on the class path
        assertTrue(out.contains("DJL 0.33.0"), out);
        assertTrue(out.matches("(?s).*Model chest-ct-phantom \\S+, classes nodule, effusion.*"), out);
        assertTrue(out.matches("(?s).*Weights sha256 [0-9a-f]{64}.*"), out);
        assertTrue(out.contains("docs/model-card.md"), out);
        assertTrue(out.contains("Open DICOM Series: no DICOM series under " + empty), out);
        assertFalse(out.contains("\tat "), out);
    }

    /** Runs ImageJ in a fresh JVM with no display, the plugin installed in {@link #imagej}. */
    static Run runHeadless(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1500m", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djava.awt.headless=true",
                "-Dplugins.dir=" + imagej, "-D" + DefaultModel.CACHE_PROPERTY + "=" + temp.resolve("model-cache"),
                "-cp", classPath(), HeadlessBatch.class.getName()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(imagej.toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Path log = Files.createTempFile(temp, "imagej-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(80, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ImageJ did not finish in 80 s:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * The test class path without this module's own classes: the plugin comes from
     * plugins/DICOM_CNN.jar, as in an installation.
     */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path classes = Path.of("target", "classes").toAbsolutePath();
        Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
        String rest = Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !Path.of(e).toAbsolutePath().equals(classes) && !Path.of(e).toAbsolutePath().equals(testClasses))
                .collect(Collectors.joining(File.pathSeparator));
        assertNotEquals(cp, rest, "the module's own classes were on the class path and are left out");
        return imagej.resolve("plugins").resolve(PluginInstallation.JAR_NAME) + File.pathSeparator + rest;
    }
}
