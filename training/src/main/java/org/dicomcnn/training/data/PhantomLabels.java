package org.dicomcnn.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.volume.Volume;

/**
 * Labels from the phantom generator's ground truth ({@code ground-truth.json} beside each study
 * folder, see docs/phantoms.md), for two classes: {@code nodule} (solid and subsolid nodules of
 * at least {@value #NODULE_MM} mm) and {@code effusion} (pleural effusions).
 *
 * <p>A slice through a lesion that spans [zc - h, zc + h] along the slice normal is positive when
 * its centre lies in the lesion's core, at least the class's margin inside the lesion's edge (2 mm
 * for nodules, whose caps show only a sliver; 10 mm for effusions, whose upper edge is a thin
 * meniscus; never more than h/2), or when the slice's slab contains the lesion's centre (thick
 * slices). A slice that touches the lesion otherwise is unknown, one that does not is negative.
 * Slices through smaller nodules are unknown, neither positive nor negative: too small to learn
 * from at the default model's 1.5 mm pixels, yet not normal lung either.
 *
 * <p>At series level, effusion is present when any effusion is; nodule is present when a nodule of
 * at least {@value #NODULE_MM} mm is (the size from which guidelines such as Fleischner's advise
 * follow-up, and the detection target size), absent when no nodule of
 * {@value #INDETERMINATE_NODULE_MM} mm or more is, and unknown in between.
 */
public final class PhantomLabels implements LabelSource {

    /** Nodules at least this large (equivalent diameter) are the nodule class. */
    public static final double NODULE_MM = 6;

    /** A series whose largest nodule is at least this large, but below {@link #NODULE_MM}, is unknown. */
    public static final double INDETERMINATE_NODULE_MM = 4;

    static final double NODULE_OVERLAP_MM = 2;
    static final double EFFUSION_OVERLAP_MM = 10;

    /** The classes, in label order. */
    public static final List<String> CLASSES = List.of("nodule", "effusion");

    private static final String FILE = "ground-truth.json";

    @Override
    public List<String> classes() {
        return CLASSES;
    }

    /**
     * The ground truth of the study a generated series belongs to: {@code ground-truth.json} in the
     * folder above the series' folder, when it lists the series.
     *
     * @param series a series written by the phantom generator
     * @return its study's truth, or empty for any other series
     * @throws IOException if the file exists but cannot be read
     */
    public static Optional<StudyTruth> truthOf(SeriesRef series) throws IOException {
        Path seriesFolder = series.instances().get(0).path().getParent();
        Path file = seriesFolder.getParent().resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        StudyTruth truth = GroundTruthJson.readStudy(file);
        if (truth.series().stream().noneMatch(s -> s.seriesInstanceUid().equals(series.seriesInstanceUid()))) {
            return Optional.empty();
        }
        return Optional.of(truth);
    }

    @Override
    public Optional<Labels> label(String studyInstanceUid, SeriesRef series, Volume volume) throws IOException {
        Optional<StudyTruth> found = truthOf(series);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StudyTruth truth = found.get();
        int slices = volume.depth();
        boolean[][] labels = new boolean[slices][2];
        boolean[][] known = new boolean[slices][2];
        boolean[] seriesLabels = new boolean[2];
        boolean[] seriesKnown = {true, true};
        double thickness = Double.isNaN(series.sliceThicknessMm()) || series.sliceThicknessMm() <= 0
                ? Math.max(1, volume.geometry().sliceSpacingMm()) : series.sliceThicknessMm();
        for (int k = 0; k < slices; k++) {
            known[k][0] = true;
            known[k][1] = true;
        }
        for (LesionTruth l : truth.lesions()) {
            if (!l.present()) {
                continue;
            }
            int c = classOf(l.lesionClass());
            if (c < 0) {
                continue;
            }
            boolean target = c != 0 || equivalentDiameter(l) >= NODULE_MM;
            if (target) {
                seriesLabels[c] = true;
            } else if (equivalentDiameter(l) >= INDETERMINATE_NODULE_MM) {
                seriesKnown[c] = false;
            }
            double margin = c == 0 ? NODULE_OVERLAP_MM : EFFUSION_OVERLAP_MM;
            double[] centre = l.centreMm();
            for (int k = 0; k < slices; k++) {
                var n = volume.geometry().normal();
                double z = volume.geometry().slicePosition(k).dot(n);
                double zc = centre[0] * n.x() + centre[1] * n.y() + centre[2] * n.z();
                double half = halfExtentAlong(l, n.x(), n.y(), n.z());
                double overlap = Math.min(z + thickness / 2, zc + half) - Math.max(z - thickness / 2, zc - half);
                if (overlap <= 0) {
                    continue;
                }
                double dz = Math.abs(z - zc);
                boolean core = dz <= half - Math.min(margin, half / 2) || dz <= thickness / 2;
                if (target && core) {
                    labels[k][c] = true;
                } else if (!labels[k][c]) {
                    known[k][c] = false;
                }
            }
        }
        for (int k = 0; k < slices; k++) {
            for (int c = 0; c < 2; c++) {
                if (labels[k][c]) {
                    known[k][c] = true;
                }
            }
        }
        for (int c = 0; c < 2; c++) {
            seriesKnown[c] |= seriesLabels[c];
        }
        return Optional.of(new Labels(labels, known, seriesLabels, seriesKnown));
    }

    /** Class index of a ground-truth lesion class, or -1 when it is neither. */
    static int classOf(String lesionClass) {
        return switch (lesionClass) {
            case "solid_nodule", "subsolid_nodule" -> 0;
            case "pleural_effusion" -> 1;
            default -> -1;
        };
    }

    /** The diameter of the sphere with the lesion's volume (from its three diameters). */
    public static double equivalentDiameter(LesionTruth l) {
        double[] d = l.diametersMm();
        return Math.cbrt(d[0] * d[1] * d[2]);
    }

    /** Half the extent of the lesion's ellipsoid along a direction (support function). */
    static double halfExtentAlong(LesionTruth l, double x, double y, double z) {
        if (l.axes() == null) {
            return l.extentMm()[2] / 2;
        }
        double sum = 0;
        for (int a = 0; a < 3; a++) {
            double r = l.diametersMm()[a] / 2;
            double dot = l.axes()[a][0] * x + l.axes()[a][1] * y + l.axes()[a][2] * z;
            sum += r * r * dot * dot;
        }
        return Math.sqrt(sum);
    }
}
