package org.dicomcnn.samples.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.testing.DicomVolume;
import org.dicomcnn.samples.testing.LesionProbe;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ground truth of the committed samples agrees with their voxels: the HU of each lesion as
 * the DICOM files show it (noise included), and its volume, centre and diameters measured on
 * the renderer's partial-volume fractions.
 */
class GroundTruthVoxelTest {

    /** Voxels the lesion fills less than this are left out of the HU estimate. */
    private static final double MIN_FRACTION = 0.3;
    private static final double NOISE_FREE_TOLERANCE = 0.5;
    private static final double PART_SOLID_TOLERANCE = 15;

    private static StudyTruth truth(String patient, int study) throws IOException {
        return GroundTruthJson.readStudy(TestData.committedSamples().resolve(patient).resolve("study-" + (study + 1))
                .resolve(StudyTruth.FILE_NAME));
    }

    private static DicomVolume volume(String patient, int study) throws IOException {
        return DicomVolume.read(TestData.committedSamples().resolve(patient).resolve("study-" + (study + 1))
                .resolve("series-1"));
    }

    /** The diameter along a direction of the ellipsoid the truth describes: 2 sqrt(sum (e.a_k)^2 r_k^2). */
    private static double truthDiameterAlong(LesionTruth l, Vec3 e) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
            double c = e.dot(Vec3.of(l.axes()[k]));
            s += c * c * l.diametersMm()[k] * l.diametersMm()[k] / 4;
        }
        return 2 * Math.sqrt(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {CommittedSamples.GROWING, CommittedSamples.STABLE, CommittedSamples.EFFUSION})
    void meanHuOfEachLesionInTheDicomFilesMatchesTheTruth(String patient) throws IOException {
        PatientPhantom p = TestData.committedPhantom(patient);
        for (int study = 0; study < 2; study++) {
            StudyTruth t = truth(patient, study);
            DicomVolume files = volume(patient, study);
            for (LesionTruth l : t.lesions()) {
                if (!l.present()) {
                    continue;
                }
                LesionProbe m = LesionProbe.measure(p, study, l);
                String what = patient + " " + t.studyKey() + " " + l.id() + " over " + m.voxelCount(MIN_FRACTION)
                        + " voxels";
                assertTrue(m.voxelCount(MIN_FRACTION) >= 3, what);
                // Without noise the voxels hold exactly the declared HU (a part-solid nodule's mix
                // of core and ground glass is weighted by voxel, not by volume: a little slack).
                double exact = l.solidCoreDiameterMm() == null ? NOISE_FREE_TOLERANCE : PART_SOLID_TOLERANCE;
                assertEquals(l.meanHu(), m.noiseFreeHu(MIN_FRACTION), exact, what + " (noise-free)");
                // In the files, within four standard errors of the noise at that place.
                double se = m.noiseStandardError(files, MIN_FRACTION);
                assertEquals(l.meanHu(), m.huFrom(files, MIN_FRACTION), exact + 4 * se,
                        what + " (DICOM files, noise standard error " + se + ")");
                assertTrue(se < 30, what + ": noise standard error " + se);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {CommittedSamples.GROWING, CommittedSamples.STABLE, CommittedSamples.EFFUSION})
    void volumeCentreAndDiametersInTheVoxelsMatchTheTruth(String patient) throws IOException {
        PatientPhantom p = TestData.committedPhantom(patient);
        for (int study = 0; study < 2; study++) {
            StudyTruth t = truth(patient, study);
            for (LesionTruth l : t.lesions()) {
                if (!l.present()) {
                    continue;
                }
                LesionProbe m = LesionProbe.measure(p, study, l);
                String what = patient + " " + t.studyKey() + " " + l.id();
                assertEquals(l.volumeMl(), m.volumeMl(), Math.max(0.06 * l.volumeMl(), 0.01), what + " volume");
                assertTrue(m.centroid().minus(Vec3.of(l.centreMm())).length() < 1.0,
                        what + " centre " + m.centroid() + " vs " + Vec3.of(l.centreMm()));
                if (l.lesionClass().equals("pleural_effusion")) {
                    continue;
                }
                // Along x and y the voxels sample the lesion finely; along z only every slice.
                double spacing = p.plan().studies().get(study).series().get(0).acquisition().sliceSpacingMm();
                Vec3[] directions = {new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1)};
                double[] slack = {1.0, 1.0, spacing};
                for (int k = 0; k < 3; k++) {
                    double d = truthDiameterAlong(l, directions[k]);
                    assertEquals(d, m.ellipsoidDiameterAlong(directions[k]), 0.08 * d + slack[k],
                            what + " diameter along " + "xyz".charAt(k));
                }
            }
        }
    }

    @Test
    void growingNoduleVolumeFollowsItsDoublingTimeInTheVoxels() throws IOException {
        PatientPhantom p = TestData.committedPhantom(CommittedSamples.GROWING);
        LesionTruth prior = truth(CommittedSamples.GROWING, 0).lesion("N1");
        LesionTruth current = truth(CommittedSamples.GROWING, 1).lesion("N1");
        double ratio = LesionProbe.measure(p, 1, current).volumeMl() / LesionProbe.measure(p, 0, prior).volumeMl();
        double days = current.daysSincePrevious();
        double vdt = current.growth().volumeDoublingTimeDays();
        assertEquals(CommittedSamples.GROWING_VDT_DAYS, vdt, 1e-9);
        assertEquals(Math.pow(2, days / vdt), ratio, 0.08 * ratio);
        double measuredVdt = days * Math.log(2) / Math.log(ratio);
        assertEquals(vdt, measuredVdt, 0.15 * vdt, "doubling time measured from the voxels");
    }

    @Test
    void committedSamplesFolderIsWhereTheTestsLook() {
        Path dir = TestData.committedSamples();
        assertTrue(dir.resolve("cohort.json").toFile().isFile(), "no committed samples at " + dir);
    }
}
