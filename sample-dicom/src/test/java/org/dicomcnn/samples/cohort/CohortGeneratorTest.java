package org.dicomcnn.samples.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.truth.CohortManifest;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.StudyTruth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CohortGeneratorTest {

    @TempDir
    Path out;

    private static String tag(Path file, com.pixelmed.dicom.AttributeTag tag) throws Exception {
        AttributeList l = new AttributeList();
        l.read(file.toFile());
        return l.get(tag).getSingleStringValueOrEmptyString();
    }

    @Test
    void writesStudiesWithExtraSeriesSharingTheirFrameOfReference() throws Exception {
        GeneratorOptions o = GeneratorOptions.builder(out).optSeed(3).optPatients(1).optStudiesPerPatient(2)
                .optMatrix(64).optSlices(12).optExtraSeries(2).optTreePoints(40)
                .optTransferSyntax(PixelTransferSyntax.RLE_LOSSLESS).build();
        CohortGenerator.Report r = CohortGenerator.generate(o);
        assertEquals(2, r.studies().size());
        CohortManifest m = GroundTruthJson.readCohort(out.resolve(CohortManifest.FILE_NAME));
        assertEquals(CohortGenerator.commandOf(o), m.command());
        assertEquals(2, m.patients().get(0).studies().size());
        String[] frames = new String[2];
        String[] studies = new String[2];
        for (int s = 0; s < 2; s++) {
            Path study = r.studies().get(s);
            StudyTruth t = GroundTruthJson.readStudy(study.resolve(StudyTruth.FILE_NAME));
            assertEquals(3, t.series().size());
            assertEquals(PixelTransferSyntax.RLE_LOSSLESS.uid(), t.series().get(0).transferSyntaxUid());
            assertEquals("LUNG", t.series().get(1).convolutionKernel());
            assertTrue(t.series().get(2).sliceThicknessMm() >= 5);
            for (var series : t.series()) {
                Path first = study.resolve(series.folder()).resolve("CT000001.dcm");
                assertEquals(t.frameOfReferenceUid(), tag(first, TagFromName.FrameOfReferenceUID));
                assertEquals(t.studyInstanceUid(), tag(first, TagFromName.StudyInstanceUID));
                assertEquals(series.seriesInstanceUid(), tag(first, TagFromName.SeriesInstanceUID));
                try (Stream<Path> files = Files.list(study.resolve(series.folder()))) {
                    assertEquals(series.numberOfSlices(), files.count());
                }
            }
            frames[s] = t.frameOfReferenceUid();
            studies[s] = t.studyInstanceUid();
        }
        assertNotEquals(frames[0], frames[1], "each study has its own frame of reference");
        assertNotEquals(studies[0], studies[1]);
        assertTrue(Files.readString(out.resolve(CohortGenerator.README)).contains(m.command()));
    }

    @Test
    void regeneratingReplacesAPatientsFolder() throws Exception {
        GeneratorOptions o = GeneratorOptions.builder(out).optSeed(4).optStudiesPerPatient(2).optMatrix(32)
                .optSlices(4).optTreePoints(20).build();
        CohortGenerator.generate(o);
        Path stale = out.resolve("p0001").resolve("stale.txt");
        Files.writeString(stale, "left over");
        Path other = out.resolve("notes.txt");
        Files.writeString(other, "mine");
        CohortGenerator.generate(o);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(other));
    }
}
