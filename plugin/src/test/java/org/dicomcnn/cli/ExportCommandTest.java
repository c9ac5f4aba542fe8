package org.dicomcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.model.DefaultModel;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.report.PatientKeys;
import org.dicomcnn.report.ReportWriter;
import org.dicomcnn.samples.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dicomcnn export} with the default model on the committed growing-nodule patient: one
 * folder per study named by its Study Instance UID with findings, overlays and, in the current
 * study's, the comparison; nothing written holds the patient's name or ID from the DICOM headers.
 */
class ExportCommandTest {

    @TempDir
    static Path dir;

    private static Path out;
    private static int exitCode;
    private static String summary;
    private static String errors;
    private static PatientRef patient;
    private static Manifest manifest;

    @BeforeAll
    static void export() throws Exception {
        System.setProperty(DefaultModel.CACHE_PROPERTY, dir.resolve("cache").toString());
        manifest = DefaultModel.bundle().manifest();
        Path folder = TestData.committedSamples().resolve("growing-nodule");
        patient = DicomIndex.scan(folder, ProgressListener.NONE).patients().get(0);
        out = dir.resolve("results");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        exitCode = Main.run(new PrintWriter(o, true), new PrintWriter(e, true), "export", "--device", "cpu", "--out",
                out.toString(), folder.toString());
        summary = o.toString();
        errors = e.toString();
    }

    @AfterAll
    static void forgetCache() {
        System.clearProperty(DefaultModel.CACHE_PROPERTY);
    }

    @Test
    void writesOneFolderPerStudyNamedByItsUid() throws Exception {
        assertEquals(ExitCodes.OK, exitCode, errors);
        Set<String> folders;
        try (Stream<Path> s = Files.list(out)) {
            folders = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertEquals(patient.studies().stream().map(StudyRef::studyInstanceUid).collect(Collectors.toSet()), folders);
        assertTrue(Files.isRegularFile(out.resolve(ExportCommand.RUN_JSON)));
        assertTrue(Files.isRegularFile(out.resolve(ExportCommand.COMPARISONS_CSV)));
        JsonNode run = new ObjectMapper().readTree(out.resolve(ExportCommand.RUN_JSON).toFile());
        String current = run.path("patients").get(0).path("current_study_instance_uid").asText();
        for (String uid : folders) {
            Path study = out.resolve(uid);
            assertTrue(Files.isRegularFile(study.resolve(ReportWriter.FINDINGS_JSON)), uid);
            assertTrue(Files.isRegularFile(study.resolve(ReportWriter.FINDINGS_CSV)), uid);
            assertEquals(uid.equals(current), Files.isRegularFile(study.resolve(ReportWriter.COMPARISON_JSON)),
                    "the comparison lies in the current study's folder only");
            JsonNode findings = ReportWriter.mapper().readTree(study.resolve(ReportWriter.FINDINGS_JSON).toFile());
            assertEquals(uid, findings.path("study_instance_uid").asText());
            assertTrue(findings.path("findings").size() > 0, "the model finds the nodules: " + uid);
            for (JsonNode f : findings.path("findings")) {
                BufferedImage png = ImageIO.read(study.resolve(f.path("overlay_png").asText()).toFile());
                assertNotNull(png, f.path("overlay_png").asText());
                assertTrue(png.getWidth() >= 256, "width " + png.getWidth());
            }
            List<String> csv = Files.readAllLines(study.resolve(ReportWriter.FINDINGS_CSV));
            assertEquals(findings.path("findings").size() + 1, csv.size(), "a header and one row per finding");
        }
    }

    @Test
    void namesTheModelInEveryDocumentAndRow() throws Exception {
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json")) {
                    JsonNode doc = new ObjectMapper().readTree(f.toFile());
                    assertEquals(manifest.weights().sha256(), doc.path("model_sha256").asText(), f.toString());
                    assertEquals(manifest.version(), doc.path("model_version").asText(), f.toString());
                } else if (name.endsWith(".csv")) {
                    List<String> lines = Files.readAllLines(f);
                    assertTrue(lines.get(0).startsWith("model_name,model_version,model_sha256,"), f.toString());
                    for (String row : lines.subList(1, lines.size())) {
                        assertTrue(row.startsWith(manifest.name() + "," + manifest.version() + ","
                                + manifest.weights().sha256() + ","), f + ": " + row);
                    }
                }
            }
        }
    }

    @Test
    void theComparisonShowsTheGrownNoduleInTheRunTable() throws Exception {
        List<String> rows = Files.readAllLines(out.resolve(ExportCommand.COMPARISONS_CSV));
        List<String> header = List.of(rows.get(0).split(","));
        long grown = rows.stream().skip(1).filter(r -> r.contains(",GROWN,")).count();
        assertEquals(1, grown, String.join("\n", rows));
        assertTrue(header.containsAll(List.of("track_id", "status", "prior_diameter_mm", "current_diameter_mm",
                "prior_volume_ml", "current_volume_ml", "vdt_days", "vdt_lower_days", "vdt_upper_days", "fast_growth")),
                header.toString());
        assertTrue(summary.contains("GROWN") && summary.contains("FAST GROWTH"), summary);
        assertTrue(summary.contains("2 study folder(s) written"), summary);
    }

    @Test
    void writesNoPatientNameOrIdInAnyFileNameOrContent() throws Exception {
        List<String> identifiers = List.of(patient.patientId(), patient.patientName());
        for (String id : identifiers) {
            assertFalse(id.isBlank(), "the sample has a patient ID and name");
        }
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.toList()) {
                String content = Files.isRegularFile(f)
                        ? new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1) : "";
                for (String id : identifiers) {
                    assertFalse(out.relativize(f).toString().contains(id), "file name " + f);
                    assertFalse(content.contains(id), "'" + id + "' in " + f);
                }
            }
        }
        for (String id : identifiers) {
            assertFalse(summary.contains(id) || errors.contains(id), "'" + id + "' in the printed output");
        }
        // the patient appears as this installation's key (HMAC under its secret), nothing else
        JsonNode run = new ObjectMapper().readTree(out.resolve(ExportCommand.RUN_JSON).toFile());
        assertEquals(PatientKeys.ofInstallation().keyOf(patient), run.path("patients").get(0).path("patient_key").asText());
    }

    /**
     * A patient whose prior is too short to compare (10 of its slices): the current study is
     * analysed and exported, the prior is named with the reason it was not used, the exit code
     * is 1, and the patient is reported as not compared.
     */
    @Test
    void exportsTheCurrentStudyAndNamesAPriorThatCannotBeUsed() throws Exception {
        Path patientDir = Files.createDirectories(dir.resolve("short-prior"));
        Path samples = TestData.committedSamples().resolve("growing-nodule");
        copy(samples.resolve("study-2/series-1"), Files.createDirectories(patientDir.resolve("current")), 1000);
        copy(samples.resolve("study-1/series-1"), Files.createDirectories(patientDir.resolve("prior")), 10);
        PatientRef p = DicomIndex.scan(patientDir, ProgressListener.NONE).patients().get(0);
        StudyRef prior = p.studies().stream().min(java.util.Comparator.comparing(StudyRef::studyDate)).orElseThrow();
        StudyRef current = p.studies().stream().max(java.util.Comparator.comparing(StudyRef::studyDate)).orElseThrow();
        Path single = dir.resolve("single");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o, true), new PrintWriter(e, true), "export", "--device", "cpu",
                "--no-overlays", "--json", "--out", single.toString(), patientDir.toString());
        assertEquals(ExitCodes.SOME_INPUT_FAILED, code, e.toString());
        assertTrue(e.toString().contains("study " + prior.studyInstanceUid() + " not analysed"), e.toString());
        JsonNode run = new ObjectMapper().readTree(o.toString()).path("patients").get(0);
        assertFalse(run.path("compared").asBoolean());
        assertTrue(run.path("reason").asText().contains("no prior has a series comparable"), run.toString());
        assertEquals(1, run.path("studies").size(), run.toString());
        Path folder = single.resolve(current.studyInstanceUid());
        assertTrue(Files.isRegularFile(folder.resolve(ReportWriter.FINDINGS_JSON)));
        assertFalse(Files.exists(folder.resolve(ReportWriter.OVERLAY_FOLDER)), "--no-overlays");
        assertFalse(Files.exists(folder.resolve(ReportWriter.COMPARISON_JSON)));
        assertFalse(Files.exists(single.resolve(prior.studyInstanceUid())));
    }

    /** Copies the first {@code n} files of a series folder, in name order. */
    private static void copy(Path from, Path to, int n) throws Exception {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.sorted().limit(n).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
