package org.dicomcnn.samples.cohort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Rotation;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.phantom.PhantomRandom;
import org.dicomcnn.samples.phantom.Shape;
import org.dicomcnn.samples.testing.DicomVolume;
import org.dicomcnn.samples.testing.LesionProbe;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.SeriesTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The repositioning between a patient's studies is what the ground truth declares: the same
 * body point, mapped into each study by its declared transform, has the same attenuation in both
 * sets of DICOM files, much more so than under a slightly wrong transform; lesion centres
 * measured in the voxels sit where the truth puts them.
 */
class RepositioningTest {

    private static final int POINTS = 4000;

    private static StudyTruth truth(String patient, int study) throws IOException {
        return GroundTruthJson.readStudy(studyDir(patient, study).resolve(StudyTruth.FILE_NAME));
    }

    private static Path studyDir(String patient, int study) {
        return TestData.committedSamples().resolve(patient).resolve("study-" + (study + 1));
    }

    /** Mean |HU difference| at random body points mapped into both studies. */
    private static double mismatch(DicomVolume a, RigidTransform ta, DicomVolume b, RigidTransform tb, Shape body,
            org.dicomcnn.samples.geometry.Box lungs) {
        PhantomRandom r = PhantomRandom.forKey("repositioning-test");
        double sum = 0;
        int n = 0;
        for (int i = 0; i < POINTS * 20 && n < POINTS; i++) {
            Vec3 c = new Vec3(r.uniform(-170, 170), r.uniform(-130, 130), r.uniform(lungs.minZ(), lungs.maxZ()));
            if (body.signedDistance(c.x(), c.y(), c.z()) > -10) {
                continue;
            }
            double va = a.sample(ta.apply(c));
            double vb = b.sample(tb.apply(c));
            if (Double.isNaN(va) || Double.isNaN(vb)) {
                continue;
            }
            sum += Math.abs(va - vb);
            n++;
        }
        assertTrue(n > POINTS / 2, "too few points inside both volumes: " + n);
        return sum / n;
    }

    @ParameterizedTest
    @ValueSource(strings = {CommittedSamples.GROWING, CommittedSamples.STABLE, CommittedSamples.EFFUSION})
    void declaredTransformsMapOneStudyOntoTheOther(String patient) throws IOException {
        PatientPhantom p = TestData.committedPhantom(patient);
        StudyTruth prior = truth(patient, 0);
        StudyTruth current = truth(patient, 1);
        DicomVolume a = DicomVolume.read(studyDir(patient, 0).resolve("series-1"));
        DicomVolume b = DicomVolume.read(studyDir(patient, 1).resolve("series-1"));
        RigidTransform ta = prior.canonicalToPatient().toTransform();
        RigidTransform tb = current.canonicalToPatient().toTransform();
        Shape body = p.anatomy().body();
        org.dicomcnn.samples.geometry.Box lungs = p.anatomy().lungsBounds();
        double declared = mismatch(a, ta, b, tb, body, lungs);
        double sameAsPrior = mismatch(a, ta, b, ta, body, lungs);
        RigidTransform shifted = new RigidTransform(tb.rotation(), tb.translationMm().plus(new Vec3(4, 0, 0)));
        double offBy4mm = mismatch(a, ta, b, shifted, body, lungs);
        RigidTransform turned = new RigidTransform(Rotation.fromEulerDegrees(0, 0, 2).times(tb.rotation()),
                tb.translationMm());
        double offBy2Degrees = mismatch(a, ta, b, turned, body, lungs);
        String report = String.format(java.util.Locale.ROOT,
                "%s: mean |dHU| declared %.1f, no repositioning %.1f, 4 mm off %.1f, 2 degrees off %.1f", patient,
                declared, sameAsPrior, offBy4mm, offBy2Degrees);
        assertTrue(declared < 0.35 * sameAsPrior, report);
        assertTrue(declared < 0.75 * offBy4mm, report);
        assertTrue(declared < 0.75 * offBy2Degrees, report);
    }

    @ParameterizedTest
    @ValueSource(strings = {CommittedSamples.GROWING, CommittedSamples.STABLE})
    void noduleCentresMoveWithTheDeclaredTransforms(String patient) throws IOException {
        PatientPhantom p = TestData.committedPhantom(patient);
        StudyTruth prior = truth(patient, 0);
        StudyTruth current = truth(patient, 1);
        RigidTransform priorToCurrent = current.canonicalToPatient().toTransform()
                .after(prior.canonicalToPatient().toTransform().inverse());
        for (var l : current.lesions()) {
            Vec3 before = Vec3.of(prior.lesion(l.id()).centreMm());
            Vec3 after = Vec3.of(l.centreMm());
            assertTrue(priorToCurrent.apply(before).minus(after).length() < 0.01, l.id() + " truth is inconsistent");
            Vec3 measuredBefore = LesionProbe.measure(p, 0, prior.lesion(l.id())).centroid();
            Vec3 measuredAfter = LesionProbe.measure(p, 1, l).centroid();
            assertTrue(priorToCurrent.apply(measuredBefore).minus(measuredAfter).length() < 1.5,
                    l.id() + ": measured " + measuredBefore + " -> " + measuredAfter);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {CommittedSamples.GROWING, CommittedSamples.STABLE, CommittedSamples.EFFUSION})
    void dicomGeometryIsTheDeclaredAcquisition(String patient) throws IOException {
        for (int study = 0; study < 2; study++) {
            SeriesTruth s = truth(patient, study).series().get(0);
            DicomVolume v = DicomVolume.read(studyDir(patient, study).resolve(s.folder()));
            assertEquals(s.numberOfSlices(), v.slices());
            assertEquals(s.pixelSpacingMm()[0], v.spacing(), 1e-9);
            assertEquals(s.sliceThicknessMm(), v.thickness(), 1e-9);
            assertArrayEquals(s.firstImagePositionMm(), v.centre(0, 0, 0).toArray(), 1e-6);
            assertArrayEquals(s.lastImagePositionMm(), v.centre(0, 0, v.slices() - 1).toArray(), 1e-6);
            assertEquals(s.sliceSpacingMm(), v.z(0) - v.z(1), 1e-6);
        }
    }
}
