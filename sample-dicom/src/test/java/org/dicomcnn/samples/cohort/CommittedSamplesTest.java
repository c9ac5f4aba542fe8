package org.dicomcnn.samples.cohort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The committed samples are exactly what the documented command makes, small, and as described. */
class CommittedSamplesTest {

    private static final Logger LOG = LoggerFactory.getLogger(CommittedSamplesTest.class);

    /** The budget for all committed samples together. */
    private static final long MAX_TOTAL_BYTES = 40L * 1000 * 1000;

    @TempDir
    Path temp;

    private static Map<String, Path> files(Path root) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(f -> out.put(root.relativize(f).toString(), f));
        }
        return out;
    }

    private static StudyTruth truth(String patient, int study) throws IOException {
        return GroundTruthJson.readStudy(TestData.committedSamples().resolve(patient).resolve("study-" + (study + 1))
                .resolve(StudyTruth.FILE_NAME));
    }

    @Test
    void committedFilesAreByteForByteWhatTheGeneratorMakes() throws Exception {
        // The command documented in docs/phantoms.md, as the command line parses it.
        GeneratorOptions o = org.dicomcnn.samples.GenerateSamples.parse(new String[] {"--preset", "committed-samples",
            "--out", temp.toString()});
        CohortGenerator.generate(o);
        Map<String, Path> made = files(temp);
        Map<String, Path> committed = files(TestData.committedSamples());
        assertEquals(made.keySet(), committed.keySet(), "the committed file set differs from a fresh generation");
        for (Map.Entry<String, Path> e : made.entrySet()) {
            assertArrayEquals(Files.readAllBytes(e.getValue()), Files.readAllBytes(committed.get(e.getKey())),
                    e.getKey() + " differs; regenerate with bin/generate-samples --preset committed-samples"
                            + " --out sample-dicom/studies");
        }
    }

    @Test
    void committedSamplesStayUnderFortyMegabytes() throws IOException {
        long total = 0;
        for (String patient : List.of(CommittedSamples.GROWING, CommittedSamples.STABLE, CommittedSamples.EFFUSION)) {
            long bytes = 0;
            for (Path f : files(TestData.committedSamples().resolve(patient)).values()) {
                bytes += Files.size(f);
            }
            LOG.info("committed patient {}: {} MB", patient, String.format(java.util.Locale.ROOT, "%.2f", bytes / 1e6));
            total += bytes;
        }
        LOG.info("committed samples: {} MB", String.format(java.util.Locale.ROOT, "%.2f", total / 1e6));
        assertTrue(total < MAX_TOTAL_BYTES, "committed samples take " + total + " bytes");
    }

    @Test
    void growingNoduleDoublesEveryHundredFiftyDays() throws IOException {
        LesionTruth prior = truth(CommittedSamples.GROWING, 0).lesion("N1");
        LesionTruth current = truth(CommittedSamples.GROWING, 1).lesion("N1");
        assertEquals("baseline", prior.status());
        assertEquals("growing", current.status());
        assertEquals("solid_nodule", current.lesionClass());
        assertEquals(150, current.growth().volumeDoublingTimeDays(), 1e-9);
        assertEquals(Math.pow(2, current.daysSincePrevious() / 150.0), current.volumeMl() / prior.volumeMl(), 1e-4);
        assertEquals(256, truth(CommittedSamples.GROWING, 0).series().get(0).columns());
    }

    @Test
    void stableNoduleIsUnchangedOverTwoYears() throws IOException {
        StudyTruth current = truth(CommittedSamples.STABLE, 1);
        assertEquals(730, current.daysSinceBaseline());
        LesionTruth n1 = current.lesion("N1");
        assertEquals("stable", n1.status());
        assertEquals(0, n1.volumeChangePercent(), 1e-9);
        assertEquals("stable", n1.growth().model());
        assertNull(n1.growth().volumeDoublingTimeDays());
        assertEquals("subsolid_nodule", current.lesion("N2").lesionClass());
    }

    @Test
    void normalPatientDevelopsAnEffusion() throws IOException {
        assertTrue(truth(CommittedSamples.EFFUSION, 0).lesions().isEmpty(), "the prior study is normal");
        LesionTruth e = truth(CommittedSamples.EFFUSION, 1).lesion("E1");
        assertEquals("pleural_effusion", e.lesionClass());
        assertEquals("new", e.status());
        assertEquals(350, e.volumeMl(), 1);
        assertEquals("right", e.side());
        assertTrue(e.centreMm()[0] < 0, "right side is negative x");
    }

    @Test
    void priorAndCurrentDifferInPositionAndAcquisition() throws IOException {
        for (String patient : List.of(CommittedSamples.GROWING, CommittedSamples.STABLE, CommittedSamples.EFFUSION)) {
            StudyTruth a = truth(patient, 0);
            StudyTruth b = truth(patient, 1);
            double shift = org.dicomcnn.samples.geometry.Vec3.of(a.canonicalToPatient().translationMm())
                    .minus(org.dicomcnn.samples.geometry.Vec3.of(b.canonicalToPatient().translationMm())).length();
            double turn = a.canonicalToPatient().toTransform().rotation().transpose()
                    .times(b.canonicalToPatient().toTransform().rotation()).angleDegrees();
            assertTrue(shift > 10, patient + " moved only " + shift + " mm");
            assertTrue(turn > 1 && turn < 6, patient + " turned " + turn + " degrees");
            assertTrue(a.series().get(0).fieldOfViewMm() != b.series().get(0).fieldOfViewMm(), patient + " FOV");
            assertTrue(!a.frameOfReferenceUid().equals(b.frameOfReferenceUid()), patient + " frame of reference");
        }
    }
}
