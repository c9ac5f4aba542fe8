package org.dicomcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.model.DefaultModel;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.report.ComparisonDocument;
import org.dicomcnn.report.ReportWriter;
import org.dicomcnn.samples.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dicomcnn compare} with the default model on the committed growing-nodule patient (one
 * patient of the committed samples, to keep the test near half a minute; the main job runs all
 * three): its nodule N1, declared to double in volume every 150 days, must come out GROWN with a
 * doubling time, and the JSON must name the model. Patients without a prior and unreadable files
 * must be reported, never with the patient's name or ID.
 */
class CompareCommandTest {

    @TempDir
    static Path dir;

    private static Run growing;
    private static Manifest manifest;
    private static PatientRef patient;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void compareTheGrowingNodulePatient() throws Exception {
        System.setProperty(DefaultModel.CACHE_PROPERTY, dir.resolve("cache").toString());
        manifest = DefaultModel.bundle().manifest();
        Path folder = TestData.committedSamples().resolve("growing-nodule");
        patient = DicomIndex.scan(folder, ProgressListener.NONE).patients().get(0);
        growing = run("compare", "--device", "cpu", "--json", folder.toString());
    }

    @AfterAll
    static void forgetCache() {
        System.clearProperty(DefaultModel.CACHE_PROPERTY);
    }

    @Test
    void showsTheGrowingNoduleAsGrownWithADoublingTime() throws Exception {
        assertEquals(ExitCodes.OK, growing.exitCode(), growing.err());
        JsonNode doc = new ObjectMapper().readTree(growing.out());
        JsonNode p = doc.path("patients").get(0);
        assertTrue(p.path("compared").asBoolean(), p.toString());
        JsonNode comparison = p.path("comparison");
        assertEquals(2, comparison.path("studies").size());
        List<JsonNode> grown = new ArrayList<>();
        for (JsonNode lesion : comparison.path("lesions")) {
            for (JsonNode change : lesion.path("changes")) {
                if (change.path("status").asText().equals("GROWN") && change.path("finding_class").asText()
                        .equals("nodule")) {
                    grown.add(change);
                }
            }
        }
        assertEquals(1, grown.size(), "one grown nodule: " + comparison.path("lesions"));
        JsonNode n1 = grown.get(0);
        double vdt = n1.path("vdt_days").asDouble();
        assertTrue(vdt > 150 * 0.5 && vdt < 150 * 1.5, "VDT " + vdt + " days (declared 150)");
        assertTrue(n1.path("vdt_lower_days").asDouble() < vdt, n1.toString());
        assertTrue(n1.path("fast_growth").asBoolean(), n1.toString());
        assertEquals("lung-rads-2022", n1.path("criterion").asText());
        assertTrue(n1.path("current_diameter_mm").asDouble() > n1.path("prior_diameter_mm").asDouble(), n1.toString());
        assertEquals(182, n1.path("interval_days").asInt(), "2022-05-25 to 2022-11-23");
    }

    @Test
    void namesTheModelInTheRunAndInEveryComparison() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(growing.out());
        for (JsonNode node : List.of(doc, doc.path("patients").get(0).path("comparison"))) {
            assertEquals("chest-ct-phantom", node.path("model_name").asText());
            assertEquals(manifest.version(), node.path("model_version").asText());
            assertEquals(manifest.weights().sha256(), node.path("model_sha256").asText());
        }
        assertEquals(CompareCommand.SCHEMA, doc.path("schema").asText());
    }

    /** The JSON reads back into the document type, and the table printed for people shows the growth. */
    @Test
    void printsTheGrownNoduleInTheTable() throws Exception {
        JsonNode p = ReportWriter.mapper().readTree(growing.out()).path("patients").get(0);
        ComparisonDocument c = ReportWriter.mapper().treeToValue(p.path("comparison"), ComparisonDocument.class);
        StringWriter table = new StringWriter();
        ComparisonTable.print(new PrintWriter(table, true), c, "");
        String line = table.toString().lines().filter(l -> l.contains("GROWN")).findFirst().orElseThrow();
        assertTrue(line.contains("nodule") && line.contains("lung-rads-2022") && line.contains("YES"), line);
        assertTrue(line.matches(".*\\d+\\.\\d -> \\d+\\.\\d.*"), "diameters prior -> current: " + line);
    }

    @Test
    void reportsAPatientWithoutAPrior() throws Exception {
        Path only = TestData.committedSamples().resolve("growing-nodule/study-2");
        Run r = run("compare", "--device", "cpu", "--json", only.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        JsonNode p = new ObjectMapper().readTree(r.out()).path("patients").get(0);
        assertFalse(p.path("compared").asBoolean());
        assertTrue(p.path("reason").asText().contains("no prior"), p.toString());
        Run human = run("compare", "--device", "cpu", only.toString());
        assertTrue(human.out().contains("not compared: only one dated study"), human.out());
        assertNoIdentifiers(r);
        assertNoIdentifiers(human);
    }

    /** A damaged file is named with the reason, the exit code is 1, and the patient is still handled. */
    @Test
    void namesADamagedFileAndGoesOn() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("damaged"));
        Path study = TestData.committedSamples().resolve("growing-nodule/study-2/series-1");
        try (Stream<Path> files = Files.list(study)) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        byte[] whole = Files.readAllBytes(folder.resolve("CT000001.dcm"));
        Path broken = folder.resolve("broken.dcm");
        Files.write(broken, java.util.Arrays.copyOf(whole, 1000));
        Run r = run("compare", "--device", "cpu", folder.toString());
        assertEquals(ExitCodes.SOME_INPUT_FAILED, r.exitCode(), r.err());
        assertTrue(r.err().contains("broken.dcm"), r.err());
        assertTrue(r.out().contains("not compared"), "the patient is still reported: " + r.out());
        assertFalse(r.err().contains("Exception"), r.err());
        assertNoIdentifiers(r);
    }

    @Test
    void refusesAnUnknownCriterion() {
        Run r = run("compare", "--criterion", "eyeball", TestData.committedSamples().toString());
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.err().contains("lung-rads-2022"), "names the accepted criteria: " + r.err());
    }

    @Test
    void keepsPatientIdentifiersOutOfTheOutput() {
        assertNoIdentifiers(growing);
    }

    private static void assertNoIdentifiers(Run r) {
        for (String id : List.of(patient.patientId(), patient.patientName())) {
            assertFalse(id.isBlank(), "the sample has a patient ID and name");
            assertFalse(r.out().contains(id) || r.err().contains(id), "'" + id + "' appears in the output");
        }
        assertNotNull(r.out());
    }
}
