package org.dicomcnn.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.cohort.CohortGenerator;
import org.dicomcnn.samples.cohort.GeneratorOptions;
import org.dicomcnn.samples.testing.DicomVolume;
import org.dicomcnn.samples.testing.ExternalTool;
import org.dicomcnn.samples.testing.OrthancServer;
import org.dicomcnn.samples.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Third-party tools accept what the generator writes: dciodvfy (no errors), dcmdump, pydicom
 * (same HU as Java reads) and Orthanc (stores every file) on the committed samples and on a
 * small generated cohort in every compressed transfer syntax.
 */
class ExternalValidationTest {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalValidationTest.class);

    @TempDir
    static Path temp;

    private static Path compressed;

    @BeforeAll
    static void generateCompressedStudies() throws IOException {
        compressed = temp.resolve("compressed");
        for (PixelTransferSyntax ts : List.of(PixelTransferSyntax.RLE_LOSSLESS, PixelTransferSyntax.JPEG_LOSSLESS_SV1,
                PixelTransferSyntax.JPEG_2000_LOSSLESS)) {
            CohortGenerator.generate(GeneratorOptions.builder(compressed.resolve(ts.cliName())).optSeed(21)
                    .optStudiesPerPatient(2).optMatrix(96).optSlices(6).optExtraSeries(1).optTreePoints(60)
                    .optTransferSyntax(ts).build());
        }
    }

    private static List<Path> dicomFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    /** First, middle and last file of every series. */
    private static List<Path> sampleOfEachSeries(Path root) throws IOException {
        Map<Path, List<Path>> bySeries = new TreeMap<>();
        for (Path f : dicomFiles(root)) {
            bySeries.computeIfAbsent(f.getParent(), k -> new ArrayList<>()).add(f);
        }
        List<Path> out = new ArrayList<>();
        for (List<Path> files : bySeries.values()) {
            out.add(files.get(0));
            out.add(files.get(files.size() / 2));
            out.add(files.get(files.size() - 1));
        }
        return out;
    }

    @Test
    void dciodvfyReportsNoErrors() throws IOException {
        List<Path> files = new ArrayList<>(sampleOfEachSeries(TestData.committedSamples()));
        files.addAll(sampleOfEachSeries(compressed));
        List<String> errors = new ArrayList<>();
        java.util.Set<String> warnings = new java.util.TreeSet<>();
        for (Path f : files) {
            ExternalTool.Result r = ExternalTool.runAllowingFailure(Duration.ofMinutes(1), List.of("dciodvfy",
                    f.toString()));
            for (String line : (r.stdout() + r.stderr()).lines().toList()) {
                if (line.startsWith("Error")) {
                    errors.add(f + ": " + line);
                } else if (line.startsWith("Warning")) {
                    warnings.add(line);
                }
            }
        }
        warnings.forEach(w -> LOG.info("dciodvfy: {}", w));
        assertTrue(errors.isEmpty(), String.join("\n", errors));
    }

    @Test
    void dcmdumpReadsEveryFile() throws IOException {
        List<Path> files = new ArrayList<>(dicomFiles(TestData.committedSamples()));
        files.addAll(dicomFiles(compressed));
        List<String> command = new ArrayList<>(List.of("dcmdump", "-q", "+P", "0020,000d"));
        files.forEach(f -> command.add(f.toString()));
        String out = ExternalTool.run(command);
        assertEquals(files.size(), out.lines().filter(l -> l.contains("StudyInstanceUID")).count());
    }

    @Test
    void pydicomReadsTheSameHuAsJava() throws Exception {
        Path script = Path.of(ExternalValidationTest.class.getResource("/python/series_statistics.py").toURI());
        String out = ExternalTool.run(ExternalTool.PYTHON, script.toString(), TestData.committedSamples().toString());
        List<String> lines = out.lines().toList();
        assertEquals(6, lines.size(), out);
        for (String line : lines) {
            String[] f = line.split(" ");
            DicomVolume v = DicomVolume.read(TestData.committedSamples().resolve(f[0]));
            double sum = 0;
            for (int k = 0; k < v.slices(); k++) {
                for (int j = 0; j < v.rows(); j++) {
                    for (int i = 0; i < v.columns(); i++) {
                        sum += v.hu(i, j, k);
                    }
                }
            }
            assertEquals(v.slices(), Integer.parseInt(f[1]), line);
            assertEquals(sum / ((double) v.slices() * v.rows() * v.columns()), Double.parseDouble(f[2]), 1e-3, line);
        }
        // Compressed files: pydicom (with GDCM) decodes each to its explicit-little-endian twin.
        Path script2 = Path.of(ExternalValidationTest.class.getResource("/python/series_statistics.py").toURI());
        String rle = ExternalTool.run(ExternalTool.PYTHON, script2.toString(), compressed.resolve("rle").toString());
        String jpeg = ExternalTool.run(ExternalTool.PYTHON, script2.toString(),
                compressed.resolve("jpeg-lossless").toString());
        String j2k = ExternalTool.run(ExternalTool.PYTHON, script2.toString(), compressed.resolve("jpeg2000").toString());
        assertEquals(rle, jpeg, "RLE and JPEG lossless decode to the same HU");
        assertEquals(rle, j2k, "RLE and JPEG 2000 decode to the same HU");
    }

    @Test
    void orthancStoresEveryFile() throws Exception {
        // Distinct seeds so that the three compressed data sets do not share UIDs.
        Map<PixelTransferSyntax, String> proposal = Map.of(PixelTransferSyntax.RLE_LOSSLESS, "-xr",
                PixelTransferSyntax.JPEG_LOSSLESS_SV1, "-xs", PixelTransferSyntax.JPEG_2000_LOSSLESS, "-xv");
        Path distinct = temp.resolve("distinct");
        int seed = 40;
        for (PixelTransferSyntax ts : proposal.keySet()) {
            CohortGenerator.generate(GeneratorOptions.builder(distinct.resolve(ts.cliName())).optSeed(seed++)
                    .optStudiesPerPatient(2).optMatrix(64).optSlices(4).optTreePoints(30).optTransferSyntax(ts).build());
        }
        int expected = dicomFiles(TestData.committedSamples()).size() + dicomFiles(distinct).size();
        try (OrthancServer orthanc = OrthancServer.start(Files.createDirectories(temp.resolve("orthanc")))) {
            storescu(orthanc, "-xe", TestData.committedSamples());
            for (Map.Entry<PixelTransferSyntax, String> e : proposal.entrySet()) {
                storescu(orthanc, e.getValue(), distinct.resolve(e.getKey().cliName()));
            }
            JsonNode stats = new ObjectMapper().readTree(orthanc.get("/statistics"));
            assertEquals(expected, stats.get("CountInstances").asInt(), stats.toString());
            assertEquals(3 + proposal.size(), stats.get("CountPatients").asInt(), stats.toString());
            // The DICOM port listens on every interface (Orthanc 1.10 cannot bind it to loopback),
            // so it must refuse any calling AE title but the registered test one.
            ExternalTool.Result refused = ExternalTool.runAllowingFailure(java.time.Duration.ofMinutes(1), java.util.List.of(
                    "storescu", "-aec", OrthancServer.AET, "-aet", "INTRUDER", "127.0.0.1",
                    Integer.toString(orthanc.dicomPort()), dicomFiles(TestData.committedSamples()).get(0).toString()));
            assertTrue(refused.exitCode() != 0, "a store from an unknown AE title must be refused");
        }
    }

    private static void storescu(OrthancServer orthanc, String proposal, Path root) {
        String out = ExternalTool.run("storescu", "-aec", OrthancServer.AET, "-aet", OrthancServer.TEST_CALLING_AET, proposal, "+sd", "+r", "+sp", "*.dcm",
                "127.0.0.1", Integer.toString(orthanc.dicomPort()), root.toString());
        assertTrue(!out.contains("E: "), out);
    }
}
