package org.dicomcnn.samples.cohort;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.truth.GeneratorInfo;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;

/**
 * A PNG per patient for documentation: one panel per study, side by side, each the slice of
 * the primary series through the patient's main finding (the largest nodule, else the
 * effusion, else mid-lung), lung window for nodules and mediastinal window for effusions, with
 * a ring around each lesion the slice crosses. No text, so it needs no fonts.
 */
public final class SlicePreview {

    /** Width and height of one panel, pixels. */
    public static final int PANEL = 256;

    private static final double[] LUNG_WINDOW = {-600, 1500};
    private static final double[] MEDIASTINAL_WINDOW = {40, 400};
    private static final int GAP = 4;
    private static final double RING_MARGIN_MM = 5;

    private SlicePreview() {}

    /**
     * @param phantom the patient
     * @param png file to write
     * @throws IOException if it cannot be written
     */
    public static void write(PatientPhantom phantom, Path png) throws IOException {
        PatientPlan plan = phantom.plan();
        int n = plan.studies().size();
        BufferedImage out = new BufferedImage(n * PANEL + (n - 1) * GAP, PANEL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        GeneratorInfo info = new GeneratorInfo(GeneratorInfo.NAME, GeneratorInfo.MODEL_VERSION, 0, "preview");
        List<StudyTruth> truths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            truths.add(phantom.truth(i, info, PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        }
        Focus focus = focus(truths);
        for (int i = 0; i < n; i++) {
            StudyPlan st = plan.studies().get(i);
            Acquisition a = st.series().get(0).acquisition();
            Vec3 canonicalPoint = focus.canonical;
            double z = st.canonicalToPatient().apply(canonicalPoint).z();
            int k = (int) Math.round((a.firstSliceZMm() - z) / a.sliceSpacingMm());
            k = Math.max(0, Math.min(a.numberOfSlices() - 1, k));
            float[] hu = phantom.renderSlice(i, 0, k, true);
            BufferedImage panel = panel(hu, a.matrix(), focus.window);
            Graphics2D pg = panel.createGraphics();
            pg.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            pg.setColor(new Color(255, 200, 0));
            pg.setStroke(new BasicStroke(1.5f));
            double scale = (double) PANEL / a.matrix();
            double zk = a.sliceZ(k);
            for (LesionTruth l : truths.get(i).lesions()) {
                if (!l.present()) {
                    continue;
                }
                double[] c = l.centreMm();
                double[] e = l.extentMm();
                if (Math.abs(c[2] - zk) > e[2] / 2 + a.sliceThicknessMm() / 2) {
                    continue;
                }
                double[] p0 = a.imagePosition(k);
                double px = (c[0] - p0[0]) / a.pixelSpacingMm() * scale;
                double py = (c[1] - p0[1]) / a.pixelSpacingMm() * scale;
                double rx = (e[0] / 2 + RING_MARGIN_MM) / a.pixelSpacingMm() * scale;
                double ry = (e[1] / 2 + RING_MARGIN_MM) / a.pixelSpacingMm() * scale;
                pg.drawOval((int) Math.round(px - rx), (int) Math.round(py - ry), (int) Math.round(2 * rx),
                        (int) Math.round(2 * ry));
            }
            pg.dispose();
            g.drawImage(panel, i * (PANEL + GAP), 0, null);
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(out, "png", png.toFile());
    }

    private record Focus(Vec3 canonical, double[] window) {}

    private static Focus focus(List<StudyTruth> truths) {
        LesionTruth best = null;
        for (StudyTruth t : truths) {
            for (LesionTruth l : t.lesions()) {
                if (l.present() && !l.lesionClass().equals("pleural_effusion")
                        && (best == null || l.volumeMl() > best.volumeMl())) {
                    best = l;
                }
            }
        }
        if (best != null) {
            return new Focus(Vec3.of(best.canonicalCentreMm()), LUNG_WINDOW);
        }
        for (StudyTruth t : truths) {
            LesionTruth e = t.lesions().stream().filter(LesionTruth::present)
                    .max(Comparator.comparingDouble(LesionTruth::volumeMl)).orElse(null);
            if (e != null) {
                double[] c = e.canonicalCentreMm();
                return new Focus(new Vec3(c[0], c[1], c[2] - e.extentMm()[2] / 4), MEDIASTINAL_WINDOW);
            }
        }
        return new Focus(new Vec3(0, 0, 0), LUNG_WINDOW);
    }

    private static BufferedImage panel(float[] hu, int matrix, double[] window) {
        BufferedImage full = new BufferedImage(matrix, matrix, BufferedImage.TYPE_INT_RGB);
        double lo = window[0] - window[1] / 2;
        for (int j = 0; j < matrix; j++) {
            for (int i = 0; i < matrix; i++) {
                int v = (int) Math.round(Math.max(0, Math.min(255, (hu[j * matrix + i] - lo) / window[1] * 255)));
                full.setRGB(i, j, (v << 16) | (v << 8) | v);
            }
        }
        if (matrix == PANEL) {
            return full;
        }
        BufferedImage scaled = new BufferedImage(PANEL, PANEL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(full, 0, 0, PANEL, PANEL, null);
        g.dispose();
        return scaled;
    }
}
