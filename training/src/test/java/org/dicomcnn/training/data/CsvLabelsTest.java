package org.dicomcnn.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.cohort.CohortGenerator;
import org.dicomcnn.samples.cohort.GeneratorOptions;
import org.dicomcnn.training.data.CommittedStudies.Loaded;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvLabelsTest {

    private static final int NODULE = 0;
    private static final int EFFUSION = 1;

    @TempDir
    Path dir;

    private static Loaded a;
    private static Loaded b;

    @BeforeAll
    static void loadCommittedSeries() throws IOException {
        a = CommittedStudies.series("stable-nodule", "study-1");
        b = CommittedStudies.series("growing-nodule", "study-1");
    }

    private Path csv(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, List.of(lines), StandardCharsets.UTF_8);
        return f;
    }

    private static String sop(Loaded s, int k) {
        return s.volume().sources().get(k).sopInstanceUid();
    }

    private static LabelSource.Labels label(CsvLabels labels, Loaded s) throws IOException {
        return labels.label(s.study().studyInstanceUid(), s.series(), s.volume())
                .orElseThrow(() -> new AssertionError("no labels for " + s.series().seriesInstanceUid()));
    }

    @Test
    void labelsExactlyTheNamedSlicesAtSliceLevel() throws IOException {
        // rows in an order unrelated to the volume's, and in lower-case header spelling
        Path f = csv("slices.csv", "sopinstanceuid,nodule,effusion",
                sop(a, 12) + ",,1",
                sop(a, 10) + ",1,0",
                sop(a, 11) + ",0,");
        CsvLabels labels = CsvLabels.read(f);
        assertEquals(CsvLabels.Level.SLICE, labels.level());
        assertEquals(List.of("nodule", "effusion"), labels.classes());

        LabelSource.Labels l = label(labels, a);
        boolean[][] known = l.known();
        boolean[][] values = l.sliceLabels();
        assertEquals(a.volume().depth(), known.length);
        for (int k = 0; k < known.length; k++) {
            boolean[] expectedKnown = switch (k) {
                case 10 -> new boolean[] {true, true};
                case 11 -> new boolean[] {true, false};
                case 12 -> new boolean[] {false, true};
                default -> new boolean[] {false, false};
            };
            assertArrayEquals(expectedKnown, known[k], "known flags of slice " + k);
        }
        assertTrue(values[10][NODULE]);
        assertFalse(values[10][EFFUSION]);
        assertFalse(values[11][NODULE]);
        assertTrue(values[12][EFFUSION]);
        // a positive slice makes the series a known positive
        assertArrayEquals(new boolean[] {true, true}, l.seriesLabels());
        assertArrayEquals(new boolean[] {true, true}, l.seriesKnown());

        assertTrue(labels.label(b.study().studyInstanceUid(), b.series(), b.volume()).isEmpty(),
                "a series none of whose slices is named has no labels");
    }

    @Test
    void seriesIsKnownNegativeAtSliceLevelOnlyWhenEverySliceIsAKnownNegative() throws IOException {
        int n = a.volume().depth();
        List<String> all = new ArrayList<>(List.of("SOPInstanceUID,nodule,effusion"));
        for (int k = 0; k < n; k++) {
            all.add(sop(a, k) + ",0,");
        }
        LabelSource.Labels every = label(CsvLabels.read(csv("all.csv", all.toArray(String[]::new))), a);
        assertFalse(every.seriesLabels()[NODULE]);
        assertTrue(every.seriesKnown()[NODULE], "every slice a known negative: the series is a known negative");
        assertFalse(every.seriesKnown()[EFFUSION], "no slice has an effusion label");
        for (int k = 0; k < n; k++) {
            assertTrue(every.known()[k][NODULE] && !every.sliceLabels()[k][NODULE]);
        }

        List<String> allButOne = new ArrayList<>(all);
        allButOne.remove(1 + n / 2);
        LabelSource.Labels some = label(CsvLabels.read(csv("some.csv", allButOne.toArray(String[]::new))), a);
        assertFalse(some.seriesLabels()[NODULE]);
        assertFalse(some.seriesKnown()[NODULE], "one slice unlabelled: the series may still show a nodule");
        assertFalse(some.known()[n / 2][NODULE]);
    }

    @Test
    void seriesLevelZeroMakesEverySliceAKnownNegativeAndOneLeavesSlicesUnknown() throws IOException {
        CsvLabels labels = CsvLabels.read(csv("series.csv", "SeriesInstanceUID,nodule,effusion",
                a.series().seriesInstanceUid() + ",0,1",
                b.series().seriesInstanceUid() + ",,0"));
        assertEquals(CsvLabels.Level.SERIES, labels.level());

        LabelSource.Labels la = label(labels, a);
        assertArrayEquals(new boolean[] {false, true}, la.seriesLabels());
        assertArrayEquals(new boolean[] {true, true}, la.seriesKnown());
        for (int k = 0; k < a.volume().depth(); k++) {
            assertTrue(la.known()[k][NODULE], "series-level 0: slice " + k + " is a known negative");
            assertFalse(la.sliceLabels()[k][NODULE]);
            assertFalse(la.known()[k][EFFUSION], "series-level 1 does not say which slices: slice " + k);
            assertFalse(la.sliceLabels()[k][EFFUSION]);
        }

        LabelSource.Labels lb = label(labels, b);
        assertArrayEquals(new boolean[] {false, false}, lb.seriesLabels());
        assertArrayEquals(new boolean[] {false, true}, lb.seriesKnown(), "an empty cell is unknown");
        for (int k = 0; k < b.volume().depth(); k++) {
            assertFalse(lb.known()[k][NODULE]);
            assertTrue(lb.known()[k][EFFUSION] && !lb.sliceLabels()[k][EFFUSION]);
        }

        Loaded other = CommittedStudies.series("new-effusion", "study-1");
        assertTrue(labels.label(other.study().studyInstanceUid(), other.series(), other.volume()).isEmpty());
    }

    @Test
    void missingTrailingCellsAreUnknown() throws IOException {
        CsvLabels labels = CsvLabels.read(csv("short.csv", "SeriesInstanceUID,nodule,effusion",
                a.series().seriesInstanceUid() + ",1"));
        LabelSource.Labels l = label(labels, a);
        assertArrayEquals(new boolean[] {true, false}, l.seriesKnown());
        assertArrayEquals(new boolean[] {true, false}, l.seriesLabels());
    }

    @Test
    void studyLevelRowsLabelEverySeriesOfTheStudy(@TempDir Path cohort) throws IOException {
        // a small generated patient with two reconstructions per study
        CohortGenerator.generate(GeneratorOptions.builder(cohort).optSeed(11).optPatients(1)
                .optStudiesPerPatient(2).optMatrix(48).optSlices(6).optExtraSeries(1).optTreePoints(20)
                .optThreads(2).build());
        DicomIndex index = DicomIndex.scan(cohort, ProgressListener.NONE);
        List<StudyRef> studies = index.patients().get(0).studies();
        assertEquals(2, studies.size());
        StudyRef labelled = studies.get(1);
        assertEquals(2, labelled.series().size(), "the generated study should have two series");

        CsvLabels labels = CsvLabels.read(csv("study.csv", "StudyInstanceUID,nodule,effusion",
                labelled.studyInstanceUid() + ",1,0"));
        assertEquals(CsvLabels.Level.STUDY, labels.level());
        List<LabelledSeries> data = DatasetBuilder.build(index, labels, "CT", new SeriesLoader(2),
                ProgressListener.NONE);

        Set<String> expected = labelled.series().stream().map(SeriesRef::seriesInstanceUid).collect(Collectors.toSet());
        assertEquals(expected, data.stream().map(s -> s.series().seriesInstanceUid()).collect(Collectors.toSet()),
                "exactly the series of the labelled study");
        for (LabelledSeries s : data) {
            assertEquals(labelled.studyInstanceUid(), s.studyInstanceUid());
            assertArrayEquals(new boolean[] {true, false}, s.seriesLabels());
            assertArrayEquals(new boolean[] {true, true}, s.seriesKnown());
            for (int k = 0; k < s.slices(); k++) {
                assertFalse(s.known()[k][NODULE], "study-level 1 leaves slices unknown");
                assertTrue(s.known()[k][EFFUSION] && !s.sliceLabels()[k][EFFUSION]);
            }
        }
    }

    @Test
    void studyLevelRowIsLookedUpByTheStudyNotTheSeries() throws IOException {
        CsvLabels labels = CsvLabels.read(csv("study.csv", "StudyInstanceUID,nodule",
                a.study().studyInstanceUid() + ",0"));
        Volume v = a.volume();
        Optional<LabelSource.Labels> own = labels.label(a.study().studyInstanceUid(), a.series(), v);
        assertTrue(own.isPresent());
        assertArrayEquals(new boolean[] {true}, own.get().seriesKnown());
        assertTrue(labels.label(b.study().studyInstanceUid(), a.series(), v).isEmpty());
    }

    /** Row-level errors: the message names the file and the line, and what was wrong. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "value 2           | SeriesInstanceUID,nodule;1.2.3,0;1.2.4,2          | 3 | '2'",
        "word as value     | SeriesInstanceUID,nodule;1.2.3,positive           | 2 | 'positive'",
        "too many columns  | SeriesInstanceUID,nodule;1.2.3,1;;1.2.4,1,0       | 4 | 3 columns",
        "duplicate key     | SeriesInstanceUID,nodule;1.2.3,1;1.2.4,0;1.2.3,0  | 4 | 1.2.3",
    })
    void rejectsMalformedRowsNamingFileAndLine(String label, String content, int line, String detail)
            throws IOException {
        Path f = csv("bad.csv", content.split(";", -1));
        IOException e = expectRejected(f);
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains("line " + line), "names line " + line + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(detail), "says what is wrong (" + detail + "): " + e.getMessage());
    }

    /**
     * Header errors: the message names the file and the header line (1), as
     * {@link CsvLabels#read}'s documentation promises ("the message names the line").
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no class columns     | SOPInstanceUID;1.2.3    | SOPInstanceUID",
        "unknown first header | PatientID,nodule;X,1    | PatientID",
        "empty file           | ''                      | empty",
    })
    void rejectsMalformedHeadersNamingFileAndLine(String label, String content, String detail) throws IOException {
        Path f = content.isEmpty() ? Files.writeString(dir.resolve("bad.csv"), "")
                : csv("bad.csv", content.split(";", -1));
        IOException e = expectRejected(f);
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(detail), "says what is wrong (" + detail + "): " + e.getMessage());
        assertTrue(e.getMessage().contains("line 1"), "names line 1: " + e.getMessage());
    }

    private static IOException expectRejected(Path f) {
        try {
            CsvLabels labels = CsvLabels.read(f);
            fail("accepted a malformed file as " + labels.level() + " labels of " + labels.classes());
            return null;
        } catch (IOException e) {
            return e;
        } catch (IllegalArgumentException e) {
            return new IOException(e.getMessage(), e);
        }
    }

    /** Spreadsheet programs save "CSV UTF-8" with a byte order mark before the first header. */
    @Test
    void acceptsAFileSavedWithAByteOrderMark() throws IOException {
        Path f = dir.resolve("bom.csv");
        Files.writeString(f, "\uFEFFSeriesInstanceUID,nodule\r\n" + a.series().seriesInstanceUid() + ",1\r\n",
                StandardCharsets.UTF_8);
        CsvLabels labels = CsvLabels.read(f);
        assertEquals(CsvLabels.Level.SERIES, labels.level());
        assertTrue(label(labels, a).seriesLabels()[0]);
    }

    @Test
    void blankLinesAndRowOrderDoNotMatter() throws IOException {
        int n = a.volume().depth();
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            rows.add(sop(a, k) + "," + (k % 3 == 0 ? "1" : "0"));
        }
        Collections.shuffle(rows, new Random(5));
        rows.add(n / 2, "");
        rows.add(0, "SOPInstanceUID,nodule");
        LabelSource.Labels l = label(CsvLabels.read(csv("shuffled.csv", rows.toArray(String[]::new))), a);
        for (int k = 0; k < n; k++) {
            assertTrue(l.known()[k][0]);
            assertEquals(k % 3 == 0, l.sliceLabels()[k][0], "slice " + k);
        }
        assertTrue(l.seriesLabels()[0]);
        assertTrue(l.seriesKnown()[0]);
    }
}
