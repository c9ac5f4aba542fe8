package org.dicomcnn.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.training.data.CommittedStudies.Loaded;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the phantom labels against expectations computed here from the ground truth (lesion
 * centre and bounding-box extent) and the slices' positions. Whatever the exact rule, a positive
 * slice must lie on a target lesion (its slab overlapping the lesion's extent along the normal),
 * a slice touching no lesion must be a known negative, and every target must have a positive
 * slice. The exact rule is the one the class documents: a slice through a lesion spanning
 * [zc - h, zc + h] is positive when its centre lies at least min(margin, h/2) inside the edge
 * (margin 2 mm for nodules, 10 mm for effusions) or its slab contains zc; unknown when it touches
 * the lesion otherwise; nodules under 6 mm are never positive.
 */
class PhantomLabelsTest {

    private static final int NODULE = 0;
    private static final int EFFUSION = 1;
    private static final double NODULE_MARGIN_MM = 2;
    private static final double EFFUSION_MARGIN_MM = 10;
    /** Extents in the truth are rounded to 0.1 micrometre; the labeller uses the exact ellipsoid. */
    private static final double TOLERANCE_MM = 0.01;

    @TempDir
    Path dir;

    private final PhantomLabels phantom = new PhantomLabels();

    private static double equivalentDiameterMm(LesionTruth l) {
        double[] d = l.diametersMm();
        return Math.cbrt(d[0] * d[1] * d[2]);
    }

    private static int classOf(LesionTruth l) {
        return switch (l.lesionClass()) {
            case "solid_nodule", "subsolid_nodule" -> NODULE;
            case "pleural_effusion" -> EFFUSION;
            default -> -1;
        };
    }

    private static LabelSource.Labels labels(PhantomLabels source, String studyUid, SeriesRef series, Volume volume)
            throws IOException {
        return source.label(studyUid, series, volume)
                .orElseThrow(() -> new AssertionError("no phantom labels for " + series.seriesInstanceUid()));
    }

    /** Checks every slice of a series against the rule computed from the truth. */
    private static void assertSliceLabelsFollowTheTruth(StudyTruth truth, double thicknessMm, Volume volume,
            LabelSource.Labels labels) {
        Vec3 n = volume.geometry().normal();
        assertTrue(Math.abs(n.z()) > 0.9999, "the committed series are axial; normal " + n);
        for (int c : new int[] {NODULE, EFFUSION}) {
            int cls = c;
            List<LesionTruth> lesions = truth.lesions().stream().filter(l -> l.present() && classOf(l) == cls).toList();
            double margin = c == NODULE ? NODULE_MARGIN_MM : EFFUSION_MARGIN_MM;
            boolean[] targetSeen = new boolean[lesions.size()];
            for (int k = 0; k < volume.depth(); k++) {
                double z = volume.geometry().slicePosition(k).dot(n);
                boolean positive = labels.known()[k][c] && labels.sliceLabels()[k][c];
                boolean mustBePositive = false;
                boolean mayBePositive = false;
                boolean near = false;
                boolean touches = false;
                for (int i = 0; i < lesions.size(); i++) {
                    LesionTruth l = lesions.get(i);
                    double zc = Vec3.of(l.centreMm()).dot(n);
                    double half = l.extentMm()[2] / 2;
                    double overlap = Math.min(z + thicknessMm / 2, zc + half) - Math.max(z - thicknessMm / 2, zc - half);
                    double dz = Math.abs(z - zc);
                    boolean target = c == EFFUSION || equivalentDiameterMm(l) >= 6;
                    double core = half - Math.min(margin, half / 2);
                    near |= overlap > -TOLERANCE_MM;
                    touches |= overlap > TOLERANCE_MM;
                    boolean onLesion = overlap > 0 && (dz <= half + TOLERANCE_MM || dz <= thicknessMm / 2 + TOLERANCE_MM);
                    if (target && onLesion && (dz <= core + TOLERANCE_MM || dz <= thicknessMm / 2 + TOLERANCE_MM)) {
                        mayBePositive = true;
                        if (positive) {
                            targetSeen[i] = true;
                        }
                    }
                    mustBePositive |= target && overlap > TOLERANCE_MM
                            && (dz <= core - TOLERANCE_MM || dz <= thicknessMm / 2 - TOLERANCE_MM);
                }
                String where = truth.patientKey() + "/" + truth.studyKey() + " slice " + k + " (z " + z + ") class " + c;
                if (positive) {
                    assertTrue(mayBePositive, where + " is positive but lies outside every target's core and extent");
                }
                if (mustBePositive) {
                    assertTrue(positive, where + " lies in a target's core or its slab holds the centre, but is not positive");
                }
                if (!near) {
                    assertTrue(labels.known()[k][c] && !labels.sliceLabels()[k][c],
                            where + " touches no lesion and should be a known negative");
                }
                if (touches && !mayBePositive) {
                    assertFalse(labels.known()[k][c], where + " touches a lesion outside its core: unknown");
                }
            }
            for (int i = 0; i < lesions.size(); i++) {
                boolean target = c == EFFUSION || equivalentDiameterMm(lesions.get(i)) >= 6;
                if (target) {
                    assertTrue(targetSeen[i], "no slice positive for " + lesions.get(i).id() + " in "
                            + truth.patientKey() + "/" + truth.studyKey());
                }
            }
        }
    }

    /** The series-level rule computed from the truth: {label, known} per class. */
    private static boolean[][] expectedSeriesLabels(StudyTruth truth) {
        boolean effusion = truth.lesions().stream().anyMatch(l -> l.present() && classOf(l) == EFFUSION);
        double largest = truth.lesions().stream().filter(l -> l.present() && classOf(l) == NODULE)
                .mapToDouble(PhantomLabelsTest::equivalentDiameterMm).max().orElse(0);
        boolean nodule = largest >= 6;
        boolean noduleKnown = largest >= 6 || largest < 4;
        return new boolean[][] {{nodule, effusion}, {noduleKnown, true}};
    }

    @Test
    void findsTheTruthOfEveryCommittedSeries() throws IOException {
        for (Loaded s : CommittedStudies.series()) {
            Optional<StudyTruth> truth = PhantomLabels.truthOf(s.series());
            assertTrue(truth.isPresent(), "no truth for " + s.series().seriesInstanceUid());
            assertEquals(s.study().studyInstanceUid(), truth.get().studyInstanceUid());
            assertEquals(s.truth().studyInstanceUid(), truth.get().studyInstanceUid());
        }
    }

    @Test
    void sliceLabelsOfEveryCommittedSeriesFollowTheLesionsExtent() throws IOException {
        int positives = 0;
        for (Loaded s : CommittedStudies.series()) {
            LabelSource.Labels l = labels(phantom, s.study().studyInstanceUid(), s.series(), s.volume());
            assertEquals(s.volume().depth(), l.sliceLabels().length);
            assertSliceLabelsFollowTheTruth(s.truth(), s.seriesTruth().sliceThicknessMm(), s.volume(), l);
            for (boolean[] slice : l.sliceLabels()) {
                positives += slice[NODULE] ? 1 : 0;
            }
        }
        assertTrue(positives > 0, "the committed samples have nodules: some slices must be positive");
    }

    @Test
    void seriesLabelsFollowTheEffusionAndNoduleSizeRules() throws IOException {
        int effusionSeries = 0;
        for (Loaded s : CommittedStudies.series()) {
            LabelSource.Labels l = labels(phantom, s.study().studyInstanceUid(), s.series(), s.volume());
            boolean[][] expected = expectedSeriesLabels(s.truth());
            String where = s.truth().patientKey() + "/" + s.truth().studyKey();
            assertArrayEquals(expected[1], l.seriesKnown(), "series known flags of " + where);
            assertEquals(expected[0][EFFUSION], l.seriesLabels()[EFFUSION], "effusion of " + where);
            if (expected[1][NODULE]) {
                assertEquals(expected[0][NODULE], l.seriesLabels()[NODULE], "nodule of " + where);
            }
            effusionSeries += l.seriesLabels()[EFFUSION] ? 1 : 0;
        }
        assertEquals(1, effusionSeries, "only new-effusion/study-2 has an effusion");
    }

    /** growing-nodule/study-1 with lesions changed: N1 is 8.6 mm, N2 4.9 mm across. */
    private record Variant(StudyTruth truth, SeriesRef series, Volume volume, LabelSource.Labels labels) {}

    private Variant variant(String name, java.util.function.UnaryOperator<List<LesionTruth>> change) throws IOException {
        Loaded source = CommittedStudies.series("growing-nodule", "study-1");
        StudyTruth t = source.truth();
        StudyTruth changed = new StudyTruth(t.schema(), t.schemaVersion(), t.note(), t.generator(), t.patientKey(),
                t.patientId(), t.scenario(), t.studyIndex(), t.studyKey(), t.studyInstanceUid(), t.studyDate(),
                t.studyTime(), t.daysSinceBaseline(), t.frameOfReferenceUid(), t.canonicalToPatient(), t.series(),
                change.apply(t.lesions()));
        Path study = dir.resolve(name).resolve("study-1");
        CommittedStudies.copySeriesFiles(source.series(), study.resolve(source.seriesTruth().folder()));
        GroundTruthJson.write(study.resolve(StudyTruth.FILE_NAME), changed);
        DicomIndex index = DicomIndex.scan(dir.resolve(name), ProgressListener.NONE);
        SeriesRef series = index.series(source.series().seriesInstanceUid()).orElseThrow();
        Volume volume = new SeriesLoader().load(series, ProgressListener.NONE).volumes().get(0);
        return new Variant(changed, series, volume, labels(phantom, t.studyInstanceUid(), series, volume));
    }

    private static LesionTruth scaled(LesionTruth l, double factor, boolean present) {
        double[] d = l.diametersMm();
        double[] e = l.extentMm();
        for (int i = 0; i < 3; i++) {
            d[i] *= factor;
            e[i] *= factor;
        }
        return new LesionTruth(l.id(), l.lesionClass(), l.side(), present, l.status(), l.centreMm(), d, l.axes(), e,
                l.volumeMl() * factor * factor * factor, l.meanHu(), l.solidCoreDiameterMm(), l.solidCoreHu(),
                l.growth(), l.previousVolumeMl(), l.volumeChangePercent(), l.daysSincePrevious(),
                l.canonicalCentreMm());
    }

    private static boolean anyPositive(LabelSource.Labels l, int c) {
        for (int k = 0; k < l.sliceLabels().length; k++) {
            if (l.known()[k][c] && l.sliceLabels()[k][c]) {
                return true;
            }
        }
        return false;
    }

    @Test
    void seriesWhoseLargestNoduleIsFourToSixMillimetresIsUnknown() throws IOException {
        Variant v = variant("mid", lesions -> lesions.stream().filter(l -> !l.id().equals("N1")).toList());
        double largest = v.truth().lesions().stream().mapToDouble(PhantomLabelsTest::equivalentDiameterMm).max()
                .orElseThrow();
        assertTrue(largest >= 4 && largest < 6, "N2 should be 4-6 mm, is " + largest);
        assertFalse(v.labels().seriesKnown()[NODULE], "largest nodule 4-6 mm: series unknown");
        assertTrue(v.labels().seriesKnown()[EFFUSION]);
        assertFalse(v.labels().seriesLabels()[EFFUSION]);
        assertFalse(anyPositive(v.labels(), NODULE), "slices through a 4-6 mm nodule are unknown, not positive");
        assertSliceLabelsFollowTheTruth(v.truth(), v.series().sliceThicknessMm(), v.volume(), v.labels());
    }

    @Test
    void noduleUnderFourMillimetresIsNeitherPositiveNorNegative() throws IOException {
        Variant v = variant("small", lesions -> lesions.stream().filter(l -> !l.id().equals("N1"))
                .map(l -> scaled(l, 3.0 / equivalentDiameterMm(l), true)).toList());
        assertArrayEquals(new boolean[] {false, false}, v.labels().seriesLabels());
        assertArrayEquals(new boolean[] {true, true}, v.labels().seriesKnown(),
                "no nodule of 4 mm or more: a known negative series");
        assertFalse(anyPositive(v.labels(), NODULE));
        LesionTruth n2 = v.truth().lesion("N2");
        int unknown = 0;
        for (int k = 0; k < v.volume().depth(); k++) {
            unknown += v.labels().known()[k][NODULE] ? 0 : 1;
        }
        assertTrue(unknown >= 1, "slices through the 3 mm nodule " + n2.id() + " are unknown");
        assertSliceLabelsFollowTheTruth(v.truth(), v.series().sliceThicknessMm(), v.volume(), v.labels());
    }

    @Test
    void resolvedLesionsAreIgnored() throws IOException {
        Variant v = variant("resolved", lesions -> lesions.stream().map(l -> scaled(l, 1, false)).toList());
        assertArrayEquals(new boolean[] {false, false}, v.labels().seriesLabels());
        assertArrayEquals(new boolean[] {true, true}, v.labels().seriesKnown());
        for (int k = 0; k < v.volume().depth(); k++) {
            assertArrayEquals(new boolean[] {true, true}, v.labels().known()[k], "slice " + k);
            assertArrayEquals(new boolean[] {false, false}, v.labels().sliceLabels()[k], "slice " + k);
        }
    }

    @Test
    void truthOfIsEmptyForASeriesNotWrittenByTheGenerator() throws IOException {
        Loaded source = CommittedStudies.series("stable-nodule", "study-1");
        CommittedStudies.copySeriesFiles(source.series(), dir.resolve("elsewhere").resolve("series-1"));
        SeriesRef copy = DicomIndex.scan(dir.resolve("elsewhere"), ProgressListener.NONE)
                .series(source.series().seriesInstanceUid()).orElseThrow();
        assertTrue(PhantomLabels.truthOf(copy).isEmpty());
        assertTrue(phantom.label(source.study().studyInstanceUid(), copy, source.volume()).isEmpty());
    }

    @Test
    void truthOfIsEmptyWhenTheStudysTruthDoesNotListTheSeries() throws IOException {
        Loaded source = CommittedStudies.series("stable-nodule", "study-1");
        Loaded other = CommittedStudies.series("stable-nodule", "study-2");
        Path study = dir.resolve("mixed").resolve("study-1");
        CommittedStudies.copySeriesFiles(source.series(), study.resolve("series-1"));
        GroundTruthJson.write(study.resolve(StudyTruth.FILE_NAME), other.truth());
        SeriesRef copy = DicomIndex.scan(dir.resolve("mixed"), ProgressListener.NONE)
                .series(source.series().seriesInstanceUid()).orElseThrow();
        assertTrue(PhantomLabels.truthOf(copy).isEmpty());
    }
}
