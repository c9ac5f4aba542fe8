package org.dicomcnn.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;

class DifferenceImageTest {

    @Test
    void theRegisteredPriorCancelsAndTheNewEffusionStandsOut() throws IOException {
        Path patient = TestData.committedSamples().resolve("new-effusion");
        Volume prior = StudyVolumes.load(patient.resolve("study-1"));
        Volume current = StudyVolumes.load(patient.resolve("study-2"));
        Registration r = RigidRegistration.register(current, prior, RigidRegistration.Settings.DEFAULT,
                ProgressListener.NONE);

        DifferenceImage registered = DifferenceImage.of(current, prior, r.currentToPrior());
        DifferenceImage unregistered = DifferenceImage.of(current, prior, RigidTransform.IDENTITY);

        assertEquals(current.depth(), registered.subtraction().depth());
        double aligned = meanAbsolute(registered.subtraction());
        double misaligned = meanAbsolute(unregistered.subtraction());
        assertTrue(aligned < 0.5 * misaligned, "mean |current - prior| " + aligned + " HU registered, " + misaligned
                + " HU not");

        LesionTruth effusion = GroundTruthJson.readStudy(patient.resolve("study-2").resolve(StudyTruth.FILE_NAME))
                .lesions().stream().filter(l -> l.id().equals("E1")).findFirst().orElseThrow();
        double gain = meanNear(registered.subtraction(), Vec3.of(effusion.centreMm()), 10);
        assertTrue(gain > 500, "fluid where there was lung: subtraction " + gain + " HU near the effusion's centroid");
        double[] v = current.geometry().patientToVoxel(Vec3.of(effusion.centreMm()));
        float priorThere = registered.resampledPrior().value((int) v[0], (int) v[1], (int) v[2]);
        assertTrue(priorThere < -500, "the prior shows lung there: " + priorThere + " HU");
    }

    @Test
    void voxelsThePriorDoesNotCoverAreNaN() throws IOException {
        Volume current = StudyVolumes.load(TestData.committedSamples().resolve("new-effusion/study-2"));
        RigidTransform far = new RigidTransform(RigidTransform.IDENTITY.rotation(), new Vec3(0, 0, 5000));
        DifferenceImage d = DifferenceImage.of(current, current, far);
        assertTrue(Float.isNaN(d.resampledPrior().value(10, 10, 0)));
        assertTrue(Float.isNaN(d.subtraction().value(100, 100, 5)));
        DifferenceImage same = DifferenceImage.of(current, current, RigidTransform.IDENTITY);
        assertEquals(0, meanAbsolute(same.subtraction()), 1e-3, "a volume minus itself");
    }

    /** Mean |value| over the voxels that are not NaN. */
    private static double meanAbsolute(Volume v) {
        double sum = 0;
        long n = 0;
        for (int k = 0; k < v.depth(); k++) {
            for (float x : v.slice(k)) {
                if (!Float.isNaN(x)) {
                    sum += Math.abs(x);
                    n++;
                }
            }
        }
        return sum / n;
    }

    private static double meanNear(Volume v, Vec3 centre, double radiusMm) {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < v.depth(); k++) {
            for (int j = 0; j < v.height(); j++) {
                for (int i = 0; i < v.width(); i++) {
                    if (v.geometry().voxelToPatient(i, j, k).distance(centre) <= radiusMm) {
                        float x = v.value(i, j, k);
                        if (!Float.isNaN(x)) {
                            sum += x;
                            n++;
                        }
                    }
                }
            }
        }
        return sum / n;
    }

}
