package org.dicomcnn.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.cohort.CohortGenerator;
import org.dicomcnn.samples.cohort.CohortPlanner;
import org.dicomcnn.samples.cohort.GeneratorOptions;
import org.dicomcnn.samples.cohort.PatientPhantom;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.testing.TestData;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Registration judged against the phantoms' declared repositioning: the true current-to-prior
 * transform is {@code P C^-1}, with C and P each study's canonical-to-patient transform. The
 * issue's bar: under 2 mm and 1 degree for shifts up to 5 cm and rotations up to 5 degrees.
 */
class RigidRegistrationTest {

    @TempDir
    static Path dir;

    @Test
    void registersTheCommittedGrowingNoduleStudies() throws IOException {
        Path patient = TestData.committedSamples().resolve("growing-nodule");
        Volume prior = StudyVolumes.load(patient.resolve("study-1"));
        Volume current = StudyVolumes.load(patient.resolve("study-2"));
        RigidTransform truth = truth(GroundTruthJson.readStudy(patient.resolve("study-2/ground-truth.json")),
                GroundTruthJson.readStudy(patient.resolve("study-1/ground-truth.json")));

        Registration r = RigidRegistration.register(current, prior, RigidRegistration.Settings.DEFAULT,
                ProgressListener.NONE);

        assertFalse(r.failed(), () -> "flagged: " + r.problem());
        assertWithinBar(r.currentToPrior(), truth, lungCorners(current));
        assertTrue(r.correlation() > 0.8, "correlation " + r.correlation());
    }

    @ParameterizedTest(name = "shift ({0}, {1}, {2}) mm, rotation ({3}, {4}, {5}) deg")
    @CsvSource({"30, -15, 37, 4, -3, 5", "-20, 10, -45, -5, 2, -4"})
    void registersRepositioningUpToFiveCentimetresAndFiveDegrees(double dx, double dy, double dz, double rx,
            double ry, double rz) throws IOException {
        GeneratorOptions o = GeneratorOptions.builder(dir).optSeed(61).optPatients(1).optStudiesPerPatient(2)
                .optMatrix(256).optSliceThicknessMm(2.5).build();
        PatientPhantom planned = CohortPlanner.planPatient(o, 0);
        var baseline = planned.plan().studies().get(0);
        org.dicomcnn.samples.geometry.Vec3 moved = baseline.translationMm()
                .plus(new org.dicomcnn.samples.geometry.Vec3(dx, dy, dz));
        double[] euler = baseline.eulerDegrees();
        PatientPhantom phantom = planned.withPlan(planned.plan().withRepositioning(1,
                new double[] {euler[0] + rx, euler[1] + ry, euler[2] + rz}, moved));
        Path out = dir.resolve("repositioned-" + dx + "-" + rx);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CohortGenerator.writeSeries(phantom, 0, 0, out.resolve("prior"), PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                    pool);
            CohortGenerator.writeSeries(phantom, 1, 0, out.resolve("current"),
                    PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, pool);
        } finally {
            pool.shutdown();
        }
        Volume prior = StudyVolumes.load(out.resolve("prior"));
        Volume current = StudyVolumes.load(out.resolve("current"));
        RigidTransform c = of(phantom.plan().studies().get(1).canonicalToPatient());
        RigidTransform p = of(phantom.plan().studies().get(0).canonicalToPatient());
        RigidTransform truth = c.inverse().then(p);
        assertTrue(truth.translation().norm() > 20 || truth.angleDegrees() > 4, "the test moves the patient");

        Registration r = RigidRegistration.register(current, prior, RigidRegistration.Settings.DEFAULT,
                ProgressListener.NONE);

        assertFalse(r.failed(), () -> "flagged: " + r.problem());
        Box lungs = phantom.anatomy().lungsBounds().transformed(phantom.plan().studies().get(1).canonicalToPatient());
        assertWithinBar(r.currentToPrior(), truth, corners(lungs));
    }

    @Test
    void flagsAPriorThatIsNotTheSamePatient() throws IOException {
        Volume current = StudyVolumes.load(TestData.committedSamples().resolve("growing-nodule/study-2"));
        SplittableRandom random = new SplittableRandom(5);
        float[][] noise = new float[current.depth()][current.width() * current.height()];
        for (float[] s : noise) {
            for (int p = 0; p < s.length; p++) {
                s[p] = (float) (-1000 + 1500 * random.nextDouble());
            }
        }
        Volume prior = new Volume(current.geometry(), 1, noise, current.sources(), current.info());

        Registration r = RigidRegistration.register(current, prior, RigidRegistration.Settings.DEFAULT,
                ProgressListener.NONE);

        assertTrue(r.failed(), "noise registered with correlation " + r.correlation());
        assertTrue(r.problem().contains("correlation"), r.problem());
    }

    @Test
    void composesAndInvertsTransforms() {
        RigidTransform a = RigidTransform.aboutCentre(new double[] {3, -2, 5}, new Vec3(10, 20, 30), new Vec3(1, 2, 3));
        Vec3 x = new Vec3(-40, 70, 120);
        assertEquals(0, a.inverse().apply(a.apply(x)).distance(x), 1e-9);
        assertEquals(0, a.then(a.inverse()).apply(x).distance(x), 1e-9);
        assertEquals(0, a.apply(new Vec3(10, 20, 30)).distance(new Vec3(11, 22, 33)), 1e-9, "the centre moves by the shift");
        double[] e = a.eulerDegrees();
        assertEquals(3, e[0], 1e-9);
        assertEquals(-2, e[1], 1e-9);
        assertEquals(5, e[2], 1e-9);
    }

    /** Translation error: the largest displacement error at the lungs' corners; rotation: the residual's angle. */
    private static void assertWithinBar(RigidTransform found, RigidTransform truth, Vec3[] points) {
        double worst = 0;
        for (Vec3 q : points) {
            worst = Math.max(worst, found.apply(q).distance(truth.apply(q)));
        }
        double angle = found.then(truth.inverse()).angleDegrees();
        Vec3 centre = points[0].plus(points[7]).times(0.5);
        double atCentre = found.apply(centre).distance(truth.apply(centre));
        assertTrue(atCentre < 2, "translation error at the lungs' centre " + atCentre + " mm; found " + found
                + ", truth " + truth);
        assertTrue(angle < 1, "rotation error " + angle + " deg; found " + found + ", truth " + truth);
        assertTrue(worst < 4, "error at a corner of the lungs " + worst + " mm");
    }

    private static Vec3[] lungCorners(Volume v) {
        // the committed studies: the lungs lie within the scanned slab, about 260 x 180 mm around the centre
        Vec3 a = v.geometry().voxelToPatient(v.width() * 0.15, v.height() * 0.25, 0);
        Vec3 b = v.geometry().voxelToPatient(v.width() * 0.85, v.height() * 0.75, v.depth() - 1);
        return corners(new Box(Math.min(a.x(), b.x()), Math.min(a.y(), b.y()), Math.min(a.z(), b.z()),
                Math.max(a.x(), b.x()), Math.max(a.y(), b.y()), Math.max(a.z(), b.z())));
    }

    private static Vec3[] corners(Box b) {
        Vec3[] out = new Vec3[8];
        for (int i = 0; i < 8; i++) {
            out[i] = new Vec3((i & 1) == 0 ? b.minX() : b.maxX(), (i & 2) == 0 ? b.minY() : b.maxY(),
                    (i & 4) == 0 ? b.minZ() : b.maxZ());
        }
        return out;
    }

    private static RigidTransform truth(StudyTruth current, StudyTruth prior) {
        RigidTransform c = new RigidTransform(current.canonicalToPatient().rotation(),
                Vec3.of(current.canonicalToPatient().translationMm()));
        RigidTransform p = new RigidTransform(prior.canonicalToPatient().rotation(),
                Vec3.of(prior.canonicalToPatient().translationMm()));
        return c.inverse().then(p);
    }

    private static RigidTransform of(org.dicomcnn.samples.geometry.RigidTransform t) {
        var v = t.translationMm();
        return new RigidTransform(t.rotation().toMatrix(), new Vec3(v.x(), v.y(), v.z()));
    }

}
