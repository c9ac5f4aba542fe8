package org.dicomcnn.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.testing.ExternalTool;
import org.dicomcnn.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Indexing a folder tree: any file names, nested folders, a DICOMDIR, non-DICOM files, non-image
 * DICOM, duplicates; grouping Patient &gt; Study &gt; Series with the attributes a user chooses by.
 */
class DicomIndexTest {

    @TempDir
    static Path root;

    private static DicomIndex index;
    private static long lastProgress;

    /** Writes {@code n} slices of a series; returns nothing, names files {@code prefix1..n}. */
    private static void series(Path folder, String patient, String study, String studyDate, String series, int number,
            String description, String modality, int n, String prefix) throws Exception {
        Files.createDirectories(folder);
        for (int i = 1; i <= n; i++) {
            AttributeList l = TestImages.identity(series, modality.equals("CT") ? SOPClass.CTImageStorage
                    : TestImages.SECONDARY_CAPTURE, modality, i, new double[] {0, 0, 2.0 * i}, TestImages.AXIAL);
            TestImages.put(l, TagFromName.StudyInstanceUID, "1.2.826.0.1.3680043.9.7." + Math.abs(study.hashCode()));
            TestImages.put(l, TagFromName.PatientID, patient);
            TestImages.put(l, TagFromName.PatientName, patient + "^NAME");
            TestImages.put(l, TagFromName.StudyDate, studyDate);
            TestImages.put(l, TagFromName.StudyDescription, study);
            TestImages.put(l, TagFromName.SeriesNumber, Integer.toString(number));
            TestImages.put(l, TagFromName.SeriesDescription, description);
            TestImages.put(l, TagFromName.BodyPartExamined, "CHEST");
            TestImages.put(l, TagFromName.AccessionNumber, "ACC" + Math.abs(study.hashCode()));
            TestImages.pixels(l, 4, 4, 1, "MONOCHROME2", 16, 12, false, 0, 0, new int[16]);
            TestImages.write(l, folder.resolve(prefix + i));
        }
    }

    @BeforeAll
    static void buildTree() throws Exception {
        // Patient B's only study is older than patient A's first: B is listed first.
        series(root.resolve("A/S1"), "PAT-A", "A first", "20230110", "a-1", 2, "lung", "CT", 3, "IM");
        series(root.resolve("A/S2"), "PAT-A", "A follow-up", "20240305", "a-2", 2, "lung", "CT", 4, "CT");
        series(root.resolve("A/S2/RECON"), "PAT-A", "A follow-up", "20240305", "a-2-soft", 3, "soft tissue", "CT", 2, "X");
        series(root.resolve("B"), "PAT-B", "B only", "20220701", "b-1", 1, "scout", "OT", 1, "img.dcm.");
        // A non-image instance in patient B's study: a Basic Text SR header without pixel data.
        AttributeList sr = TestImages.identity("b-sr", SOPClass.BasicTextSRStorage, "SR", 1, null, null);
        TestImages.put(sr, TagFromName.StudyInstanceUID, "1.2.826.0.1.3680043.9.7." + Math.abs("B only".hashCode()));
        TestImages.put(sr, TagFromName.PatientID, "PAT-B");
        TestImages.put(sr, TagFromName.StudyDate, "20220701");
        TestImages.write(sr, root.resolve("B/SR1"));
        // A copy of a file under another name, non-DICOM files, a DICOMDIR for part of the tree.
        Files.copy(root.resolve("A/S1/IM1"), root.resolve("A/S1/COPY"));
        Files.writeString(root.resolve("README.txt"), "study export");
        Files.write(root.resolve("A/thumbs.db"), new byte[300]);
        ExternalTool.run("dcmmkdir", "+I", "+r", "+id", root.resolve("A").toString(), "+D",
                root.resolve("A/DICOMDIR").toString());
        AtomicLong progress = new AtomicLong();
        index = DicomIndex.scan(root, 2, (done, total, phase) -> progress.accumulateAndGet(done, Math::max));
        lastProgress = progress.get();
    }

    @Test
    void groupsPatientsStudiesAndSeries() {
        assertEquals(2, index.patients().size());
        PatientRef b = index.patients().get(0);
        PatientRef a = index.patients().get(1);
        assertEquals("PAT-B", b.patientId());
        assertEquals("PAT-A", a.patientId());
        assertEquals(List.of(LocalDate.of(2023, 1, 10), LocalDate.of(2024, 3, 5)),
                a.studies().stream().map(StudyRef::studyDate).toList());
        StudyRef followUp = a.studies().get(1);
        assertEquals("A follow-up", followUp.description());
        assertEquals(List.of(2, 3), followUp.series().stream().map(SeriesRef::seriesNumber).toList());
        SeriesRef lung = followUp.series().get(0);
        assertEquals("CT", lung.modality());
        assertEquals("lung", lung.description());
        assertEquals("CHEST", lung.bodyPart());
        assertEquals(4, lung.imageCount());
        assertEquals(2, followUp.series().get(1).imageCount());
    }

    @Test
    void listsNonImageSeriesWithoutFrames() {
        StudyRef onlyB = index.patients().get(0).studies().get(0);
        assertEquals(2, onlyB.series().size());
        SeriesRef srSeries = onlyB.series().stream().filter(s -> s.modality().equals("SR")).findFirst().orElseThrow();
        assertFalse(srSeries.isImageSeries());
        assertEquals(0, srSeries.imageCount());
    }

    @Test
    void countsNonDicomAndDirectoryFilesAndReportsDuplicates() {
        assertEquals(2, index.nonDicomFiles());
        assertEquals(1, index.directoryFiles());
        assertEquals(1, index.problems().size(), index.problems().toString());
        FileProblem p = index.problems().get(0);
        assertEquals(root.resolve("A/S1/IM1").getFileName(), Path.of("IM1"));
        assertTrue(p.reason().startsWith("duplicate SOP Instance UID"), p.reason());
        assertEquals(3 + 1 + 4 + 2 + 1 + 1 + 2 + 1, index.filesScanned());
        assertEquals(index.filesScanned(), lastProgress, "progress reaches every file");
    }

    @Test
    void keepsIdentifiersOutOfToString() {
        for (PatientRef p : index.patients()) {
            assertFalse(p.toString().contains("PAT-"), p.toString());
            for (StudyRef s : p.studies()) {
                assertFalse(s.toString().contains("ACC"), s.toString());
            }
        }
    }

    @Test
    void findsASeriesByUid() {
        SeriesRef any = index.allSeries().get(2);
        assertEquals(any, index.series(any.seriesInstanceUid()).orElseThrow());
        assertTrue(index.series("1.2.3.4.5.6.7").isEmpty());
    }

    @Test
    void indexesASingleFile() throws Exception {
        DicomIndex one = DicomIndex.scan(root.resolve("A/S1/IM2"), ProgressListener.NONE);
        assertEquals(1, one.allSeries().size());
        assertEquals(1, one.allSeries().get(0).instances().size());
    }
}
