package org.dicomcnn.bench;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.samples.truth.TransformTruth;
import org.dicomcnn.temporal.BodyMask;
import org.dicomcnn.temporal.Registration;
import org.dicomcnn.temporal.RigidRegistration;
import org.dicomcnn.temporal.RigidTransform;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.IsotropicGrid;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * Rigid registration of each patient's first study (prior) to its second (current) in a phantom
 * cohort, by our {@link RigidRegistration} and by elastix (Debian {@code elastix}: Euler
 * transform, advanced normalised correlation, 3 resolutions, the same body mask), on the same
 * volumes in one run. Both are judged by the generator's declared repositioning: the error of
 * the mapped lung centre (mm) and of the rotation (degrees). Prints one line per patient and the
 * time ratio.
 *
 * <p>Usage: {@code RegistrationBenchmark COHORT WORK}
 */
public final class RegistrationBenchmark {

    private static final Pattern OUTPUT_POINT = Pattern.compile("OutputPoint = \\[ ([-0-9.e+]+) ([-0-9.e+]+) ([-0-9.e+]+) \\]");

    private RegistrationBenchmark() {}

    /**
     * @param args the cohort folder and a work folder for elastix's files
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        Path cohort = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Files.createDirectories(work);
        List<Path> patients;
        try (Stream<Path> s = Files.list(cohort)) {
            patients = s.filter(p -> Files.isDirectory(p.resolve("study-2"))).sorted().toList();
        }
        System.out.printf(Locale.ROOT, "%-10s %-16s %9s %9s %8s %9s %9s %9s %8s%n", "patient", "true shift/rot",
                "ours_mm", "ours_deg", "ours_s", "elx_mm", "elx_deg", "elx_s", "ratio");
        double oursTotal = 0;
        double elastixTotal = 0;
        double oursWorstMm = 0;
        double oursWorstDeg = 0;
        double elxWorstMm = 0;
        double elxWorstDeg = 0;
        for (Path patient : patients) {
            Volume prior = load(patient.resolve("study-1"));
            Volume current = load(patient.resolve("study-2"));
            RigidTransform truth = truth(patient.resolve("study-2"), patient.resolve("study-1"));
            Vec3[] points = probePoints(current);

            Registration ours = RigidRegistration.register(current, prior, RigidRegistration.Settings.DEFAULT,
                    ProgressListener.NONE);
            double oursMm = ours.currentToPrior().apply(points[0]).distance(truth.apply(points[0]));
            double oursDeg = ours.currentToPrior().then(truth.inverse()).angleDegrees();

            Path dir = work.resolve(patient.getFileName());
            Files.createDirectories(dir);
            writeMetaImage(dir.resolve("current.mhd"), current, "MET_USHORT", RegistrationBenchmark::writeHu);
            writeMetaImage(dir.resolve("prior.mhd"), prior, "MET_USHORT", RegistrationBenchmark::writeHu);
            IsotropicGrid maskGrid = IsotropicGrid.of(current, 4);
            boolean[] body = BodyMask.of(maskGrid);
            writeMetaImage(dir.resolve("mask.mhd"), current, "MET_UCHAR",
                    (out, row, i, j, k) -> out.writeByte(inMask(maskGrid, body, i, j, k) ? 1 : 0));
            Path params = dir.resolve("rigid.txt");
            Files.writeString(params, ELASTIX_RIGID);
            long t0 = System.nanoTime();
            run(dir, "elastix", "-f", "current.mhd", "-m", "prior.mhd", "-fMask", "mask.mhd", "-p", "rigid.txt",
                    "-out", ".", "-threads", "2");
            double elastixSeconds = (System.nanoTime() - t0) / 1e9;
            List<Vec3> mapped = transformix(dir, points);
            double elxMm = mapped.get(0).distance(truth.apply(points[0]));
            RigidTransform elx = fit(points, mapped);
            double elxDeg = elx.then(truth.inverse()).angleDegrees();

            oursTotal += ours.seconds();
            elastixTotal += elastixSeconds;
            oursWorstMm = Math.max(oursWorstMm, oursMm);
            oursWorstDeg = Math.max(oursWorstDeg, oursDeg);
            elxWorstMm = Math.max(elxWorstMm, elxMm);
            elxWorstDeg = Math.max(elxWorstDeg, elxDeg);
            System.out.printf(Locale.ROOT, "%-10s %7.1fmm/%4.1fdeg %9.2f %9.2f %8.1f %9.2f %9.2f %9.1f %8.2f%s%n",
                    patient.getFileName(), truth.apply(points[0]).minus(points[0]).norm(), truth.angleDegrees(), oursMm,
                    oursDeg, ours.seconds(), elxMm, elxDeg, elastixSeconds, elastixSeconds / ours.seconds(),
                    ours.failed() ? "  (ours flagged: " + ours.problem() + ")" : "");
        }
        System.out.printf(Locale.ROOT,
                "%d patients (study-1 registered to study-2): ours worst %.2f mm / %.2f deg, %.1f s per registration; elastix worst %.2f mm / "
                        + "%.2f deg, %.1f s; elastix/ours time ratio %.2f%n",
                patients.size(), oursWorstMm, oursWorstDeg, oursTotal / patients.size(),
                elxWorstMm, elxWorstDeg, elastixTotal / patients.size(), elastixTotal / oursTotal);
    }

    /** The rigid transform that maps the probe points onto elastix's output, read from the mapped axes. */
    private static RigidTransform fit(Vec3[] from, List<Vec3> to) {
        // the probe points are the centre and the centre plus 100 mm along x, y and z: the columns
        // of R are the normalised differences, orthonormalised; t follows from the centre
        Vec3 c = to.get(0);
        Vec3 ex = to.get(1).minus(c).unit();
        Vec3 ey = to.get(2).minus(c).unit();
        ey = ey.minus(ex.times(ex.dot(ey))).unit();
        Vec3 ez = ex.cross(ey);
        double[][] r = {{ex.x(), ey.x(), ez.x()}, {ex.y(), ey.y(), ez.y()}, {ex.z(), ey.z(), ez.z()}};
        RigidTransform rotation = new RigidTransform(r, Vec3.ZERO);
        return new RigidTransform(r, c.minus(rotation.apply(from[0])));
    }

    /** The centre of the current volume and points 100 mm from it along x, y and z (patient mm). */
    private static Vec3[] probePoints(Volume v) {
        Vec3 c = v.geometry().voxelToPatient((v.width() - 1) / 2.0, (v.height() - 1) / 2.0, (v.depth() - 1) / 2.0);
        return new Vec3[] {c, c.plus(new Vec3(100, 0, 0)), c.plus(new Vec3(0, 100, 0)), c.plus(new Vec3(0, 0, 100))};
    }

    private static List<Vec3> transformix(Path dir, Vec3[] points) throws IOException, InterruptedException {
        StringBuilder b = new StringBuilder("point\n").append(points.length).append('\n');
        for (Vec3 p : points) {
            b.append(String.format(Locale.ROOT, "%.4f %.4f %.4f%n", p.x(), p.y(), p.z()));
        }
        Files.writeString(dir.resolve("points.txt"), b.toString());
        run(dir, "transformix", "-def", "points.txt", "-tp", "TransformParameters.0.txt", "-out", ".");
        List<Vec3> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("outputpoints.txt"))) {
            Matcher m = OUTPUT_POINT.matcher(line);
            if (m.find()) {
                out.add(new Vec3(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3))));
            }
        }
        if (out.size() != points.length) {
            throw new IOException("transformix returned " + out.size() + " points, not " + points.length);
        }
        return out;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command[0] + ".out").toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(command[0] + " failed in " + dir + "; see " + command[0] + ".out");
        }
    }

    /** Writes voxel (i, j, k) of a MetaImage; {@code row} holds row j of slice k (first channel). */
    @FunctionalInterface
    private interface VoxelWriter {
        void write(DataOutputStream out, float[] row, int i, int j, int k) throws IOException;
    }

    /** HU + 1024 as unsigned 16-bit little endian, clamped. */
    private static void writeHu(DataOutputStream out, float[] row, int i, int j, int k) throws IOException {
        int value = Math.max(0, Math.min(65535, Math.round(row[i] + 1024)));
        out.writeByte(value & 0xff);
        out.writeByte(value >>> 8);
    }

    private static boolean inMask(IsotropicGrid g, boolean[] body, int i, int j, int k) {
        double[] abc = g.fromVoxel(i, j, k);
        int a = (int) Math.round(abc[0]);
        int b = (int) Math.round(abc[1]);
        int c = (int) Math.round(abc[2]);
        return a >= 0 && b >= 0 && c >= 0 && a < g.nx() && b < g.ny() && c < g.nz() && body[(c * g.ny() + b) * g.nx() + a];
    }

    /**
     * Writes an axial volume as a MetaImage (slices reordered so that z increases, identity
     * direction), each voxel by {@code voxel}.
     */
    private static void writeMetaImage(Path mhd, Volume v, String elementType, VoxelWriter voxel) throws IOException {
        Geometry g = v.geometry();
        if (Math.abs(g.rowDirection().x() - 1) > 1e-6 || Math.abs(g.columnDirection().y() - 1) > 1e-6) {
            throw new IllegalArgumentException("the benchmark writes axial head-first-supine volumes only");
        }
        int w = v.width();
        int h = v.height();
        int d = v.depth();
        boolean down = g.sliceStep().z() < 0;
        Vec3 first = g.voxelToPatient(0, 0, down ? d - 1 : 0);
        String raw = mhd.getFileName().toString().replace(".mhd", ".raw");
        Files.writeString(mhd, String.format(Locale.ROOT, "ObjectType = Image%nNDims = 3%nBinaryData = True%n"
                + "BinaryDataByteOrderMSB = False%nCompressedData = False%nTransformMatrix = 1 0 0 0 1 0 0 0 1%n"
                + "Offset = %.6f %.6f %.6f%nCenterOfRotation = 0 0 0%nElementSpacing = %.6f %.6f %.6f%n"
                + "DimSize = %d %d %d%nElementType = %s%nElementDataFile = %s%n", first.x(), first.y(), first.z(),
                g.columnSpacingMm(), g.rowSpacingMm(), Math.abs(g.sliceStep().z()), w, h, d, elementType, raw));
        try (OutputStream os = Files.newOutputStream(mhd.resolveSibling(raw));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 20))) {
            float[] row = new float[w];
            for (int s = 0; s < d; s++) {
                int k = down ? d - 1 - s : s;
                float[] slice = v.slice(k);
                for (int j = 0; j < h; j++) {
                    for (int i = 0; i < w; i++) {
                        row[i] = slice[(j * w + i) * v.channels()];
                    }
                    for (int i = 0; i < w; i++) {
                        voxel.write(out, row, i, j, k);
                    }
                }
            }
        }
    }

    private static RigidTransform truth(Path current, Path prior) throws IOException {
        return of(GroundTruthJson.readStudy(current.resolve(StudyTruth.FILE_NAME)).canonicalToPatient()).inverse()
                .then(of(GroundTruthJson.readStudy(prior.resolve(StudyTruth.FILE_NAME)).canonicalToPatient()));
    }

    private static RigidTransform of(TransformTruth t) {
        return new RigidTransform(t.rotation(), Vec3.of(t.translationMm()));
    }

    private static Volume load(Path study) throws IOException {
        DicomIndex index = DicomIndex.scan(study.resolve("series-1"), ProgressListener.NONE);
        return new SeriesLoader(2).load(index.allSeries().get(0), ProgressListener.NONE).volumes().get(0);
    }

    /** elastix's rigid registration: Euler transform, normalised correlation, 3 levels, centres of gravity aligned. */
    private static final String ELASTIX_RIGID = String.join("\n",
            "(FixedInternalImagePixelType \"float\")", "(MovingInternalImagePixelType \"float\")",
            "(UseDirectionCosines \"true\")", "(Registration \"MultiResolutionRegistration\")",
            "(Interpolator \"BSplineInterpolator\")", "(BSplineInterpolationOrder 1)",
            "(ResampleInterpolator \"FinalBSplineInterpolator\")", "(FinalBSplineInterpolationOrder 1)",
            "(Resampler \"DefaultResampler\")", "(FixedImagePyramid \"FixedSmoothingImagePyramid\")",
            "(MovingImagePyramid \"MovingSmoothingImagePyramid\")", "(NumberOfResolutions 3)",
            "(Optimizer \"AdaptiveStochasticGradientDescent\")", "(MaximumNumberOfIterations 300)",
            "(Transform \"EulerTransform\")", "(AutomaticScalesEstimation \"true\")",
            "(AutomaticTransformInitialization \"true\")", "(AutomaticTransformInitializationMethod \"CenterOfGravity\")",
            "(HowToCombineTransforms \"Compose\")", "(Metric \"AdvancedNormalizedCorrelation\")",
            "(ImageSampler \"RandomCoordinate\")", "(NumberOfSpatialSamples 4096)", "(NewSamplesEveryIteration \"true\")",
            "(ErodeMask \"false\")", "(WriteResultImage \"false\")", "(DefaultPixelValue 0)", "");
}
