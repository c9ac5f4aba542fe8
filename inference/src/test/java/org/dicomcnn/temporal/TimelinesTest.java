package org.dicomcnn.temporal;

import static org.dicomcnn.temporal.SeriesFixtures.ct;
import static org.dicomcnn.temporal.SeriesFixtures.patient;
import static org.dicomcnn.temporal.SeriesFixtures.study;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.cohort.CohortGenerator;
import org.dicomcnn.samples.cohort.GeneratorOptions;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.CohortManifest;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.StudyTruth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelinesTest {

    private static final LocalDate DAY = LocalDate.of(2023, 6, 12);

    @TempDir
    Path dir;

    private static void assertNoIdentifiers(Timeline t) {
        String text = t.toString() + t.current() + t.priors();
        assertFalse(text.contains(t.patient().patientId()), text);
        assertFalse(text.contains(t.patient().patientName()), text);
        for (StudyRef s : t.patient().studies()) {
            assertFalse(!s.accessionNumber().isEmpty() && text.contains(s.accessionNumber()), text);
        }
    }

    @Test
    void committedSamplesCompareTheLaterStudyWithTheEarlierOne() throws IOException {
        Path root = TestData.committedSamples();
        CohortManifest cohort = GroundTruthJson.readCohort(root.resolve(CohortManifest.FILE_NAME));

        List<Timeline> timelines = Timelines.of(DicomIndex.scan(root, 2, ProgressListener.NONE));

        assertEquals(3, timelines.size());
        for (CohortManifest.Patient p : cohort.patients()) {
            Timeline t = timelines.stream().filter(x -> x.patient().patientId().equals(p.patientId())).findFirst()
                    .orElseThrow(() -> new AssertionError("no timeline for " + p.key()));
            StudyTruth prior = GroundTruthJson.readStudy(root.resolve(p.studies().get(0).groundTruth()));
            StudyTruth current = GroundTruthJson.readStudy(root.resolve(p.studies().get(1).groundTruth()));
            assertTrue(LocalDate.parse(current.studyDate()).isAfter(LocalDate.parse(prior.studyDate())), p.key());

            assertEquals(current.studyInstanceUid(), t.current().study().studyInstanceUid(), p.key());
            assertEquals(current.series().get(0).seriesInstanceUid(), t.current().series().seriesInstanceUid(), p.key());
            assertEquals(1, t.priors().size(), p.key());
            TimePoint before = t.priors().get(0);
            assertEquals(prior.studyInstanceUid(), before.study().studyInstanceUid(), p.key());
            assertEquals(prior.series().get(0).seriesInstanceUid(), before.series().seriesInstanceUid(), p.key());
            assertEquals(current.daysSinceBaseline() - prior.daysSinceBaseline(), t.intervalDays(before), p.key());
            assertEquals(List.of(), t.problems(), p.key());
            assertNotEquals(t.current().series().frameOfReferenceUid(), before.series().frameOfReferenceUid(),
                    "each study has its own frame of reference");
            assertNoIdentifiers(t);
        }
        Timeline growing = timelines.stream().filter(x -> x.patient().patientId().equals("PHANTOM-0001"))
                .findFirst().orElseThrow();
        assertEquals("2.25.339385743752924775789200457654790909890", growing.current().study().studyInstanceUid());
        assertEquals("2.25.54979878877603355691434591254176635001", growing.current().series().seriesInstanceUid());
        assertEquals("2.25.168997496851408230859560729278639530171",
                growing.priors().get(0).series().seriesInstanceUid());
        assertEquals(182, growing.intervalDays(growing.priors().get(0)));
        assertEquals("series 1 (CT, CHEST, 5 mm, STANDARD, 46 images), the only usable CT series",
                growing.current().reason());
        assertEquals("series 1 (CT, CHEST, 6 mm, STANDARD, 38 images), the only usable CT series of a matching body"
                + " part", growing.priors().get(0).reason());
    }

    @Test
    void studiesWithSharpAndThickReconstructionsCompareTheStandardThinSeries() throws IOException {
        // Each study: series 1 standard kernel, series 2 the same slices in the sharp lung kernel,
        // series 3 thick (5 mm) slabs; three studies, each with its own frame of reference.
        GeneratorOptions o = GeneratorOptions.builder(dir).optSeed(17).optPatients(1).optStudiesPerPatient(3)
                .optMatrix(128).optSlices(40).optSliceThicknessMm(2.5).optExtraSeries(2).optTreePoints(40)
                .optThreads(2).build();
        CohortGenerator.Report report = CohortGenerator.generate(o);
        List<StudyTruth> truths = report.studies().stream().map(s -> {
            try {
                return GroundTruthJson.readStudy(s.resolve(StudyTruth.FILE_NAME));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertEquals(3, truths.size());
        assertEquals(List.of("STANDARD", "LUNG", "STANDARD"), truths.get(2).series().stream()
                .map(s -> s.convolutionKernel()).toList());
        assertEquals(5, truths.get(2).series().get(2).sliceThicknessMm(), 1e-9);
        assertTrue(truths.get(2).series().get(2).numberOfSlices() >= ComparableSeries.MIN_IMAGES,
                "the slabs are usable, and left out only for their thickness");

        List<Timeline> timelines = Timelines.of(DicomIndex.scan(dir, 2, ProgressListener.NONE));

        assertEquals(1, timelines.size());
        Timeline t = timelines.get(0);
        assertEquals(List.of(), t.problems());
        assertEquals(truths.get(2).studyInstanceUid(), t.current().study().studyInstanceUid());
        assertEquals(truths.get(2).series().get(0).seriesInstanceUid(), t.current().series().seriesInstanceUid());
        assertTrue(t.current().reason().endsWith("first of 3 usable CT series by soft kernel before sharp"),
                t.current().reason());
        assertEquals(List.of(truths.get(1).studyInstanceUid(), truths.get(0).studyInstanceUid()),
                t.priors().stream().map(p -> p.study().studyInstanceUid()).toList(), "newest first");
        for (int i = 0; i < 2; i++) {
            TimePoint prior = t.priors().get(i);
            assertEquals(truths.get(1 - i).series().get(0).seriesInstanceUid(), prior.series().seriesInstanceUid());
            assertTrue(prior.reason().endsWith("by kernel like the current STANDARD"), prior.reason());
        }
        Set<String> frames = t.priors().stream().map(p -> p.series().frameOfReferenceUid()).collect(Collectors.toSet());
        frames.add(t.current().series().frameOfReferenceUid());
        assertEquals(3, frames.size(), "three frames of reference");
        assertNoIdentifiers(t);
    }

    @Test
    void aPriorWithOnlyALocalizerIsReportedByItsStudyUid() {
        StudyRef prior = study("1.2.10", DAY.minusYears(1), LocalTime.of(9, 0),
                ct("1.2.10.1", 1, "CHEST", "STANDARD", 2, 2));
        StudyRef current = study("1.2.20", DAY, LocalTime.of(9, 0), ct("1.2.20.1", 1, "CHEST", "STANDARD", 1.25, 240));

        Timeline t = Timelines.of(patient(prior, current)).orElseThrow();

        assertEquals("1.2.20", t.current().study().studyInstanceUid());
        assertEquals(1, t.priors().size());
        assertNull(t.priors().get(0).series());
        assertEquals(List.of(), t.comparablePriors());
        assertEquals(List.of("prior study 1.2.10 has no CT series comparable to the current one (current: CT, CHEST,"
                + " 1.25 mm, STANDARD, 240 images; here only: series 1 (CT, CHEST, 2 mm, STANDARD, 2 images): only 2"
                + " images, fewer than 20 (a localizer or key images))"), t.problems());
        assertTrue(t.priors().get(0).reason().startsWith("no CT series comparable"), t.priors().get(0).reason());
    }

    @Test
    void aStudyWithoutDateIsReportedAndLeftOut() {
        StudyRef undated = study("1.2.30", null, null, ct("1.2.30.1", 1, "CHEST", "STANDARD", 1, 300));
        StudyRef dated = study("1.2.31", DAY, null, ct("1.2.31.1", 1, "CHEST", "STANDARD", 1.25, 240));

        Timeline t = Timelines.of(patient(undated, dated)).orElseThrow();

        assertEquals("1.2.31", t.current().study().studyInstanceUid());
        assertEquals(DAY.atStartOfDay(), t.current().dateTime());
        assertEquals(List.of(), t.priors());
        assertEquals(List.of("study 1.2.30 has no Study Date (0008,0020); left out of the timeline"), t.problems());
        assertTrue(Timelines.of(patient(undated)).isEmpty(), "no dated study: no timeline");
    }

    @Test
    void studiesOnOneDateAreOrderedByTime() {
        StudyRef afternoon = study("1.2.41", DAY, LocalTime.of(15, 30), ct("1.2.41.1", 1, "CHEST", "STANDARD", 1, 300));
        StudyRef morning = study("1.2.49", DAY, LocalTime.of(8, 5), ct("1.2.49.1", 1, "CHEST", "STANDARD", 1, 300));

        Timeline t = Timelines.of(patient(afternoon, morning)).orElseThrow();

        assertEquals("1.2.41", t.current().study().studyInstanceUid());
        assertEquals("1.2.49", t.priors().get(0).study().studyInstanceUid());
        assertEquals(0, t.intervalDays(t.priors().get(0)));
        assertEquals(List.of(), t.problems());
    }

    @Test
    void studiesThatStudyTimeCannotOrderAreReported() {
        StudyRef a = study("1.2.51", DAY, null, ct("1.2.51.1", 1, "CHEST", "STANDARD", 1, 300));
        StudyRef b = study("1.2.52", DAY, null, ct("1.2.52.1", 1, "CHEST", "STANDARD", 1, 300));
        Timeline t = Timelines.of(patient(b, a)).orElseThrow();
        assertEquals("1.2.52", t.current().study().studyInstanceUid());
        assertEquals(List.of("studies 1.2.51 and 1.2.52 share Study Date 2023-06-12 and have no Study Time (0008,0030);"
                + " ordered by Study Instance UID, 1.2.52 taken as the later"), t.problems());

        StudyRef timed = study("1.2.50", DAY, LocalTime.of(7, 0), ct("1.2.50.1", 1, "CHEST", "STANDARD", 1, 300));
        Timeline mixed = Timelines.of(patient(a, timed)).orElseThrow();
        assertEquals("1.2.50", mixed.current().study().studyInstanceUid());
        assertEquals(List.of("studies 1.2.51 and 1.2.50 share Study Date 2023-06-12 and study 1.2.51 has no Study Time"
                + " (0008,0030); ordered as if it were 00:00, 1.2.50 taken as the later"), mixed.problems());
    }

    @Test
    void aPatientWithOneStudyHasATimelineWithoutPriors() {
        Timeline t = Timelines.of(patient(study("1.2.60", DAY, LocalTime.NOON,
                ct("1.2.60.1", 1, "CHEST", "STANDARD", 1.25, 240)))).orElseThrow();
        assertEquals("1.2.60.1", t.current().series().seriesInstanceUid());
        assertEquals(List.of(), t.priors());
        assertEquals(List.of(), t.problems());
        assertEquals("Timeline[current 1.2.60 (2023-06-12T12:00), 0 priors, 0 problems]", t.toString());
    }

    @Test
    void priorsComeNewestFirst() {
        StudyRef y2021 = study("1.2.71", DAY.minusYears(2), LocalTime.NOON, ct("1.2.71.1", 1, "CHEST", "STANDARD", 1, 300));
        StudyRef y2023 = study("1.2.73", DAY, LocalTime.NOON, ct("1.2.73.1", 1, "CHEST", "STANDARD", 1, 300));
        StudyRef y2022 = study("1.2.72", DAY.minusYears(1), LocalTime.NOON, ct("1.2.72.1", 1, "CHEST", "STANDARD", 1, 300));
        Timeline t = Timelines.of(patient(y2023, y2021, y2022)).orElseThrow();
        assertEquals("1.2.73", t.current().study().studyInstanceUid());
        assertEquals(List.of("1.2.72", "1.2.71"), t.priors().stream().map(p -> p.study().studyInstanceUid()).toList());
        assertEquals(List.of(365L, 730L), t.priors().stream().map(t::intervalDays).toList());
    }

    @Test
    void aLaterStudyWithoutUsableCtIsReportedAndTheLatestUsableStudyIsCurrent() {
        StudyRef prior = study("1.2.81", DAY.minusMonths(6), LocalTime.NOON, ct("1.2.81.1", 1, "CHEST", "STANDARD", 1, 300));
        StudyRef usable = study("1.2.82", DAY, LocalTime.NOON, ct("1.2.82.1", 1, "CHEST", "STANDARD", 1, 300));
        StudyRef scoutOnly = study("1.2.83", DAY.plusDays(3), LocalTime.NOON, ct("1.2.83.1", 1, "CHEST", "", 1, 1));

        Timeline t = Timelines.of(patient(prior, usable, scoutOnly)).orElseThrow();

        assertEquals("1.2.82", t.current().study().studyInstanceUid());
        assertEquals(List.of("1.2.81"), t.priors().stream().map(p -> p.study().studyInstanceUid()).toList());
        assertEquals(List.of("study 1.2.83 (2023-06-15T12:00) is later than the current study but has no usable CT"
                + " series (series 1 (CT, CHEST, 1 mm, no kernel, 1 image): only 1 image, fewer than 20 (a localizer or"
                + " key images)); left out of the timeline"), t.problems());
    }

    @Test
    void withoutAnyUsableCtTheLatestStudyIsCurrentWithoutASeries() {
        StudyRef older = study("1.2.91", DAY.minusYears(1), LocalTime.NOON, ct("1.2.91.1", 1, "CHEST", "", 1, 2));
        StudyRef newer = study("1.2.92", DAY, LocalTime.NOON, ct("1.2.92.1", 1, "CHEST", "", 1, 3));

        Timeline t = Timelines.of(patient(older, newer)).orElseThrow();

        assertEquals("1.2.92", t.current().study().studyInstanceUid());
        assertFalse(t.current().hasSeries());
        assertEquals(1, t.priors().size());
        assertFalse(t.priors().get(0).hasSeries());
        assertTrue(t.priors().get(0).reason().startsWith("no usable CT series"), t.priors().get(0).reason());
        assertEquals(1, t.problems().size());
        assertTrue(t.problems().get(0).startsWith("current study 1.2.92 has no usable CT series (series 1 "),
                t.problems().get(0));
        assertTrue(t.problems().get(0).endsWith("; no study of this patient has one, so no prior can be compared"));
    }

    @Test
    void theIndexOrderIsKeptAndUndatedPatientsGetNoTimeline() {
        PatientRef undated = new PatientRef("PID-1", "A^B", List.of(study("1.3.1", null, null)));
        PatientRef dated = patient(study("1.3.2", DAY, null, ct("1.3.2.1", 1, "CHEST", "STANDARD", 1, 30)));
        DicomIndex index = new DicomIndex(Path.of("/fixtures"), List.of(undated, dated), List.of(), 0, 0, 0);
        List<Timeline> timelines = Timelines.of(index);
        assertEquals(1, timelines.size());
        assertEquals("1.3.2", timelines.get(0).current().study().studyInstanceUid());
    }

    @Test
    void toStringsNameNoPatientAndNoAccession() {
        StudyRef prior = study("1.2.100", DAY.minusYears(1), LocalTime.NOON, ct("1.2.100.1", 1, "CHEST", "STANDARD", 1, 300));
        StudyRef current = study("1.2.101", DAY, LocalTime.NOON, ct("1.2.101.1", 1, "CHEST", "STANDARD", 1, 300));
        Timeline t = Timelines.of(patient(prior, current)).orElseThrow();
        assertEquals("DOE^JANE", t.patient().patientName(), "kept in memory");
        assertEquals("Timeline[current 1.2.101 (2023-06-12T12:00), 1 prior, 0 problems]", t.toString());
        String all = t + " " + t.current() + " " + t.priors() + " " + t.problems();
        for (String identifier : List.of("DOE", "JANE", "PID-4711", "ACC-99887", "FOLLOW-UP")) {
            assertFalse(all.contains(identifier), identifier + " in " + all);
        }
        assertNoIdentifiers(t);
    }

    @Test
    void recordsRejectInconsistentValues() {
        SeriesRef elsewhere = ct("1.2.110.9", 9, "CHEST", "STANDARD", 1, 300);
        StudyRef a = study("1.2.110", DAY, LocalTime.NOON, ct("1.2.110.1", 1, "CHEST", "STANDARD", 1, 300));
        StudyRef b = study("1.2.111", DAY.minusDays(1), LocalTime.NOON, ct("1.2.111.1", 1, "CHEST", "STANDARD", 1, 300));
        assertThrows(IllegalArgumentException.class, () -> new TimePoint(a, a.dateTime().orElseThrow(), elsewhere, "x"));
        assertThrows(IllegalArgumentException.class, () -> new TimePoint(a, DAY.atStartOfDay(), null, "x"));
        assertThrows(IllegalArgumentException.class,
                () -> TimePoint.of(study("1.2.112", null, null), new ComparableSeries.Choice(null, "x")));
        TimePoint now = TimePoint.of(a, ComparableSeries.reference(a));
        TimePoint before = TimePoint.of(b, ComparableSeries.reference(b));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Timeline(patient(a, b), before, List.of(now), List.of()));
        assertTrue(e.getMessage().contains("priors must be newest first"), e.getMessage());
    }
}
