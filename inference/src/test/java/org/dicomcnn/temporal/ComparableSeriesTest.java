package org.dicomcnn.temporal;

import static org.dicomcnn.temporal.SeriesFixtures.ct;
import static org.dicomcnn.temporal.SeriesFixtures.instances;
import static org.dicomcnn.temporal.SeriesFixtures.series;
import static org.dicomcnn.temporal.SeriesFixtures.study;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.SOPClass;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.dicom.InstanceRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.Vec3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparableSeriesTest {

    private static final LocalDate DAY = LocalDate.of(2024, 3, 1);
    private static final SeriesRef REFERENCE = ct("9.1", 2, "CHEST", "STANDARD", 1.25, 240);

    private static StudyRef studyOf(SeriesRef... series) {
        return study("1.2.3", DAY, LocalTime.NOON, series);
    }

    @Test
    void referenceIsTheThinnestUsableSeries() {
        SeriesRef thick = ct("1.1", 1, "CHEST", "STANDARD", 5, 60);
        SeriesRef thin = ct("1.2", 2, "CHEST", "STANDARD", 1.25, 240);
        ComparableSeries.Choice c = ComparableSeries.reference(studyOf(thick, thin));
        assertEquals("1.2", c.series().seriesInstanceUid());
        assertTrue(c.reason().contains("first of 2 usable CT series by thinnest slices"), c.reason());
        assertTrue(c.reason().startsWith("series 2 (CT, CHEST, 1.25 mm, STANDARD, 240 images)"), c.reason());
    }

    @Test
    void referencePrefersASoftKernelToASharpOneOfTheSameThickness() {
        SeriesRef lung = ct("1.1", 1, "CHEST", "LUNG", 1.25, 300);
        SeriesRef standard = ct("1.2", 2, "CHEST", "STANDARD", 1.25, 240);
        ComparableSeries.Choice c = ComparableSeries.reference(studyOf(lung, standard));
        assertEquals("1.2", c.series().seriesInstanceUid());
        assertTrue(c.reason().endsWith("by soft kernel before sharp"), c.reason());
    }

    @Test
    void referenceThenPrefersMostImagesThenTheLowestSeriesNumber() {
        SeriesRef fewer = ct("1.1", 1, "CHEST", "STANDARD", 1.25, 200);
        SeriesRef more = ct("1.2", 5, "CHEST", "STANDARD", 1.25, 260);
        assertEquals("1.2", ComparableSeries.reference(studyOf(fewer, more)).series().seriesInstanceUid());
        SeriesRef twin = ct("1.3", 3, "CHEST", "STANDARD", 1.25, 260);
        ComparableSeries.Choice c = ComparableSeries.reference(studyOf(more, twin));
        assertEquals("1.3", c.series().seriesInstanceUid());
        assertTrue(c.reason().endsWith("by lowest series number"), c.reason());
    }

    @Test
    void aSeriesWithoutSliceThicknessRanksLast() {
        SeriesRef unknown = ct("1.1", 1, "CHEST", "STANDARD", Double.NaN, 500);
        SeriesRef thick = ct("1.2", 2, "CHEST", "STANDARD", 5, 60);
        assertEquals("1.2", ComparableSeries.reference(studyOf(unknown, thick)).series().seriesInstanceUid());
        assertEquals("1.2", ComparableSeries.comparableTo(REFERENCE, studyOf(unknown, thick)).series()
                .seriesInstanceUid());
        assertEquals("CT, CHEST, no slice thickness, STANDARD, 500 images", ComparableSeries.describe(unknown));
    }

    @Test
    void localizersThumbnailsSecondaryCapturesAndOtherModalitiesAreNotUsable() {
        SeriesRef localizer = ct("1.1", 1, "CHEST", "STANDARD", 2, 2);
        SeriesRef thumbnails = series("1.2", 2, "CT", "CHEST", "STANDARD", 1.25, SOPClass.CTImageStorage, 64, 64, 100);
        SeriesRef doseScreen = series("1.3", 3, "CT", "", "", Double.NaN, SOPClass.SecondaryCaptureImageStorage, 512,
                512, 40);
        SeriesRef mr = series("1.4", 4, "MR", "CHEST", "", 3, SOPClass.MRImageStorage, 256, 256, 40);
        assertEquals("only 2 images, fewer than 20 (a localizer or key images)",
                ComparableSeries.unusableBecause(localizer).orElseThrow());
        assertEquals("images smaller than 128 x 128", ComparableSeries.unusableBecause(thumbnails).orElseThrow());
        assertEquals("images not stored as CT images (SOP class " + SOPClass.SecondaryCaptureImageStorage + ")",
                ComparableSeries.unusableBecause(doseScreen).orElseThrow());
        assertEquals("modality MR, not CT", ComparableSeries.unusableBecause(mr).orElseThrow());
        assertTrue(ComparableSeries.unusableBecause(REFERENCE).isEmpty());

        ComparableSeries.Choice c = ComparableSeries.reference(studyOf(localizer, thumbnails, doseScreen, mr));
        assertFalse(c.found());
        assertNull(c.series());
        assertTrue(c.reason().startsWith("no usable CT series (series 1 (CT, CHEST, 2 mm, STANDARD, 2 images): only 2"),
                c.reason());
        assertTrue(c.reason().contains("series 4 (MR, CHEST, 3 mm, no kernel, 40 images): modality MR, not CT"),
                c.reason());
    }

    @Test
    void onlyLargeEnoughCtFramesCountTowardsTheMinimum() {
        List<InstanceRef> mixed = new ArrayList<>(instances("1.5", SOPClass.CTImageStorage, 512, 512, 19, 0));
        mixed.addAll(instances("1.5", SOPClass.CTImageStorage, 96, 96, 5, 19));
        SeriesRef s = new SeriesRef("1.5", 5, "CT", "", "CHEST", null, "", "STANDARD", 1, mixed);
        assertEquals(19, ComparableSeries.usableImages(s));
        assertEquals(24, s.imageCount());
        assertTrue(ComparableSeries.unusableBecause(s).orElseThrow().startsWith("only 19 images"));
    }

    @Test
    void priorPicksTheClosestSliceThickness() {
        SeriesRef oneMm = ct("2.1", 1, "CHEST", "LUNG", 1, 300);
        SeriesRef fiveMm = ct("2.2", 2, "CHEST", "STANDARD", 5, 60);
        ComparableSeries.Choice c = ComparableSeries.comparableTo(REFERENCE, studyOf(fiveMm, oneMm));
        assertEquals("2.1", c.series().seriesInstanceUid());
        assertTrue(c.reason().endsWith("by slice thickness closest to the current 1.25 mm"), c.reason());
    }

    @Test
    void priorBreaksAThicknessTieByKernel() {
        // 1.0 and 1.5 mm are equally far from 1.25 mm: the kernel decides, whatever the image counts.
        SeriesRef sharp = ct("2.1", 1, "CHEST", "LUNG", 1.0, 400);
        SeriesRef standard = ct("2.2", 2, "CHEST", "STANDARD", 1.5, 200);
        ComparableSeries.Choice c = ComparableSeries.comparableTo(REFERENCE, studyOf(sharp, standard));
        assertEquals("2.2", c.series().seriesInstanceUid());
        assertTrue(c.reason().endsWith("by kernel like the current STANDARD"), c.reason());
    }

    @Test
    void priorPrefersTheSameKernelNameThenTheSameKernelClass() {
        SeriesRef soft = ct("2.1", 1, "CHEST", "SOFT", 1.25, 300);
        SeriesRef standard = ct("2.2", 2, "CHEST", "STANDARD", 1.25, 200);
        SeriesRef bone = ct("2.3", 3, "CHEST", "BONE", 1.25, 400);
        assertEquals("2.2", ComparableSeries.comparableTo(REFERENCE, studyOf(soft, standard, bone)).series()
                .seriesInstanceUid());
        assertEquals("2.1", ComparableSeries.comparableTo(REFERENCE, studyOf(soft, bone)).series()
                .seriesInstanceUid());
        SeriesRef siemensReference = ct("9.2", 1, "CHEST", "Br40d\\3", 1, 300);
        SeriesRef br36 = ct("2.4", 4, "CHEST", "Br36d\\3", 1, 250);
        SeriesRef bl64 = ct("2.5", 5, "CHEST", "Bl64d\\3", 1, 300);
        assertEquals("2.4", ComparableSeries.comparableTo(siemensReference, studyOf(bl64, br36)).series()
                .seriesInstanceUid());
    }

    @Test
    void aMissingBodyPartMatchesAnythingAndAnotherRegionDoesNot() {
        SeriesRef abdomen = ct("2.1", 1, "ABDOMEN", "STANDARD", 1.25, 300);
        SeriesRef unnamed = ct("2.2", 2, "", "STANDARD", 5, 60);
        ComparableSeries.Choice c = ComparableSeries.comparableTo(REFERENCE, studyOf(abdomen, unnamed));
        assertEquals("2.2", c.series().seriesInstanceUid());
        assertTrue(c.reason().endsWith("the only usable CT series of a matching body part"), c.reason());

        ComparableSeries.Choice none = ComparableSeries.comparableTo(REFERENCE, studyOf(abdomen));
        assertFalse(none.found());
        assertEquals("no CT series comparable to the current one (current: CT, CHEST, 1.25 mm, STANDARD, 240 images;"
                + " here only: series 1 (CT, ABDOMEN, 1.25 mm, STANDARD, 300 images): body part ABDOMEN, not CHEST)",
                none.reason());

        SeriesRef unnamedReference = ct("9.3", 1, "", "STANDARD", 1.25, 240);
        assertEquals("2.1", ComparableSeries.comparableTo(unnamedReference, studyOf(abdomen)).series()
                .seriesInstanceUid());
    }

    @ParameterizedTest(name = "{0} and {1}: {2}")
    @CsvSource({"CHEST, chest, true", "CHEST, THORAX, true", "LUNG, CHEST, true", "CHEST, ABDOMEN, false",
            "'', HEAD, true", "CHEST, '', true"})
    void comparesBodyPartsIgnoringCaseWithChestAliases(String a, String b, boolean same) {
        assertEquals(same, ComparableSeries.sameBodyPart(a, b));
    }

    @ParameterizedTest(name = "{0}: sharp {1}")
    @CsvSource({"LUNG, true", "BONEPLUS, true", "EDGE, true", "B70f, true", "Br64d\\3, true", "I70f\\2, true",
            "Bl57d, true", "STANDARD, false", "SOFT, false", "B30f, false", "Br40d\\3, false", "I26f, false",
            "'', false", "YA, false"})
    void classifiesKernelsAsSharpOrSoft(String kernel, boolean sharp) {
        assertEquals(sharp, ComparableSeries.isSharpKernel(kernel));
    }

    @Test
    void emptyStudiesSayTheyHaveNoSeries() {
        assertEquals("no usable CT series (no series)", ComparableSeries.reference(studyOf()).reason());
    }

    @ParameterizedTest(name = "tilt {0} degrees: axial {1}")
    @CsvSource({"0, true", "5, true", "9.9, true", "10.5, false", "30, false", "90, false", "180, true"})
    void axialMeansASliceNormalWithinTenDegreesOfZ(double tiltDegrees, boolean axial) {
        double a = Math.toRadians(tiltDegrees);
        Geometry g = Geometry.regular(64, 64, 10, Vec3.ZERO, new Vec3(1, 0, 0), new Vec3(0, Math.cos(a), Math.sin(a)),
                0.7, 0.7, 2);
        assertEquals(axial, ComparableSeries.isAxialEnough(g));
    }

    @Test
    void aChoiceNeedsAReason() {
        assertThrows(IllegalArgumentException.class, () -> new ComparableSeries.Choice(REFERENCE, " "));
        assertThrows(NullPointerException.class, () -> new ComparableSeries.Choice(null, null));
    }
}
