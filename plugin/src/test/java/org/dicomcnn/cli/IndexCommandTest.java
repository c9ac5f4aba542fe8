package org.dicomcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dicomcnn.report.PatientKeys;
import org.dicomcnn.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code index} subcommand: summary, JSON, identifiers, exit codes. */
class IndexCommandTest {

    @TempDir
    static Path dir;

    private static Path series;

    @BeforeAll
    static void writeSeries() throws Exception {
        series = Files.createDirectories(dir.resolve("series"));
        for (int s = 0; s < 5; s++) {
            AttributeList l = TestImages.identity("cli", SOPClass.CTImageStorage, "CT", s + 1, new double[] {0, 0, 2.5 * s},
                    TestImages.AXIAL);
            TestImages.put(l, com.pixelmed.dicom.TagFromName.PatientID, "SECRET-ID-42");
            TestImages.put(l, com.pixelmed.dicom.TagFromName.PatientName, "DOE^JANE");
            TestImages.put(l, com.pixelmed.dicom.TagFromName.RescaleIntercept, "-1024");
            TestImages.pixels(l, 8, 8, 1, "MONOCHROME2", 16, 12, false, 0, 0, TestImages.ctPattern(8, 8, s, 1));
            TestImages.write(l, series.resolve("IM" + s));
        }
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DicomCnnCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void summarisesLoadedSeriesWithoutIdentifiers() throws Exception {
        Run r = run("index", "--load", series.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("1 patient(s), 1 study(ies), 1 series"), r.out());
        assertTrue(r.out().contains("volume 8 x 8 x 5, 0.80 x 0.70 x 2.50 mm, HU -1024..3071"), r.out());
        assertFalse(r.out().contains("SECRET-ID-42") || r.out().contains("DOE"), "identifiers hidden by default");
        assertTrue(r.out().contains("[key " + PatientKeys.ofInstallation().keyOf("SECRET-ID-42", "DOE^JANE") + "]"),
                r.out());
    }

    @Test
    void showsIdentifiersOnlyWhenAsked() {
        Run r = run("index", "--show-identifiers", series.toString());
        assertTrue(r.out().contains("ID SECRET-ID-42 name DOE^JANE"), r.out());
    }

    @Test
    void printsMachineReadableJson() throws Exception {
        Run r = run("index", "--load", "--json", series.toString());
        assertEquals(ExitCodes.OK, r.exitCode());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode s = doc.path("patients").get(0).path("studies").get(0).path("series").get(0);
        assertEquals("CT", s.path("modality").asText());
        assertEquals(5, s.path("imageCount").asInt());
        JsonNode v = s.path("volumes").get(0);
        assertEquals(5, v.path("slices").asInt());
        assertEquals(2.5, v.path("sliceSpacingMm").asDouble(), 1e-9);
        assertEquals("HU", v.path("unit").asText());
        assertTrue(doc.path("patients").get(0).path("patientId").isNull());
        assertFalse(r.out().contains("SECRET-ID-42"));
    }

    @Test
    void exitsWithOneWhenSomeFilesFailAndListsThem() throws Exception {
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        for (int s = 0; s < 5; s++) {
            Files.copy(series.resolve("IM" + s), mixed.resolve("IM" + s));
        }
        Files.write(mixed.resolve("IM9"), new byte[0]);
        Run r = run("index", "--load", mixed.toString());
        assertEquals(ExitCodes.SOME_INPUT_FAILED, r.exitCode());
        assertTrue(r.out().contains("IM9: empty file (0 bytes)"), r.out());
    }

    @Test
    void exitsWithThreeForAMissingFolderOrNoDicom() throws Exception {
        assertEquals(ExitCodes.NO_INPUT, run("index", dir.resolve("nowhere").toString()).exitCode());
        Path empty = Files.createDirectories(dir.resolve("text-only"));
        Files.writeString(empty.resolve("a.txt"), "hello");
        Run r = run("index", empty.toString());
        assertEquals(ExitCodes.NO_INPUT, r.exitCode());
        assertTrue(r.err().contains("no DICOM image found"), r.err());
    }

    @Test
    void reportsUsageErrors() {
        assertEquals(ExitCodes.USAGE, run("index").exitCode());
        assertEquals(ExitCodes.USAGE, run("index", "--threads", "zero", series.toString()).exitCode());
    }
}
