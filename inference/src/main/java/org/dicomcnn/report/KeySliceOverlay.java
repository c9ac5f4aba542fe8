package org.dicomcnn.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.Footprint;
import org.dicomcnn.volume.Volume;

/**
 * Draws a finding's key slice: the axial slice through its centre in a lung window, the finding
 * outlined in its class colour and labelled with its id, class, probability and diameter. The
 * outline is the ring of voxels just outside its segmentation on that slice (its footprint), so
 * the lesion's own edge stays visible; a finding that carries no footprint is circled. Small
 * slices are enlarged by a whole factor to at least {@value #MIN_WIDTH_PX} pixels across, so
 * that the label stays readable; pixels are repeated, not interpolated.
 *
 * <p>Draws on a {@link BufferedImage}; no window is opened, so it runs headless
 * ({@code java.awt.headless=true}).
 */
public final class KeySliceOverlay {

    /** Lung window centre, HU. */
    public static final double LUNG_WINDOW_CENTRE_HU = -600;

    /** Lung window width, HU. */
    public static final double LUNG_WINDOW_WIDTH_HU = 1500;

    /** Overlays narrower than this are enlarged by a whole factor. */
    public static final int MIN_WIDTH_PX = 512;

    /** Outline colour of nodules: pure yellow, which a grey slice never holds. */
    public static final Color NODULE_COLOUR = new Color(255, 255, 0);

    /** Outline colour of effusions: pure cyan. */
    public static final Color EFFUSION_COLOUR = new Color(0, 255, 255);

    /** Outline colour of any other class: pure magenta. */
    public static final Color OTHER_COLOUR = new Color(255, 0, 255);

    private KeySliceOverlay() {}

    /**
     * @param findingClass a class name
     * @return its outline colour
     */
    public static Color colourOf(String findingClass) {
        String c = findingClass.toLowerCase(Locale.ROOT);
        return c.contains("nodule") ? NODULE_COLOUR : c.contains("effusion") ? EFFUSION_COLOUR : OTHER_COLOUR;
    }

    /**
     * @param volumeWidth columns of the volume
     * @return the whole factor an overlay of it is enlarged by
     */
    public static int scaleFor(int volumeWidth) {
        return Math.max(1, MIN_WIDTH_PX / Math.max(1, volumeWidth));
    }

    /**
     * The outline's radius in overlay pixels: the finding's radius plus a margin, so the outline
     * lies just outside the lesion, at least 6 pixels.
     *
     * @param v the volume
     * @param f the finding
     * @return the radius, pixels of the overlay
     */
    public static int outlineRadiusPx(Volume v, Finding f) {
        double radiusPx = f.diameterMm() / 2 / v.geometry().columnSpacingMm() * scaleFor(v.width());
        return (int) Math.max(6, Math.round(radiusPx * 1.2 + 3));
    }

    /**
     * The voxels just outside a finding's footprint on one slice: not in it, but next to one of
     * its voxels (4-neighbourhood).
     *
     * @param f the finding
     * @param k the slice
     * @param w the volume's columns
     * @param h the volume's rows
     * @return per voxel of the slice, whether it is on the ring
     */
    static boolean[] outerRing(Finding f, int k, int w, int h) {
        boolean[] inside = new boolean[w * h];
        for (Footprint.Run run : f.footprint().runsOn(k)) {
            for (int i = run.firstColumn(); i <= run.lastColumn(); i++) {
                inside[run.row() * w + i] = true;
            }
        }
        boolean[] ring = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                ring[p] = !inside[p] && ((x > 0 && inside[p - 1]) || (x < w - 1 && inside[p + 1])
                        || (y > 0 && inside[p - w]) || (y < h - 1 && inside[p + w]));
            }
        }
        return ring;
    }

    /**
     * Renders the key slice of a finding.
     *
     * @param v the volume the finding was made in (HU, one channel used)
     * @param f the finding
     * @param findingId its id in the report, e.g. F1
     * @return an RGB image of the slice, {@link #scaleFor} times the volume's columns and rows
     */
    public static BufferedImage render(Volume v, Finding f, String findingId) {
        int w = v.width();
        int h = v.height();
        int scale = scaleFor(w);
        double[] c = f.centreVoxel();
        int k = (int) Math.max(0, Math.min(v.depth() - 1, Math.round(c[2])));
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        double low = LUNG_WINDOW_CENTRE_HU - LUNG_WINDOW_WIDTH_HU / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = (v.value(x, y, k) - low) / LUNG_WINDOW_WIDTH_HU;
                int g = Double.isNaN(t) ? 0 : (int) Math.round(255 * Math.max(0, Math.min(1, t)));
                int rgb = (g << 16) | (g << 8) | g;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x * scale + dx, y * scale + dy, rgb);
                    }
                }
            }
        }
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // Outline without anti-aliasing, so that its pixels hold exactly the class colour.
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            Color colour = colourOf(f.findingClass());
            int cx = (int) Math.round((c[0] + 0.5) * scale);
            int cy = (int) Math.round((c[1] + 0.5) * scale);
            g.setColor(colour);
            int r; // the label goes above or below this far from the centre
            if (f.footprint().runsOn(k).isEmpty()) {
                r = outlineRadiusPx(v, f);
                g.setStroke(new BasicStroke(2f));
                g.drawOval(cx - r, cy - r, 2 * r, 2 * r);
            } else {
                boolean[] ring = outerRing(f, k, w, h);
                for (int p = 0; p < ring.length; p++) {
                    if (ring[p]) {
                        g.fillRect((p % w) * scale, (p / w) * scale, scale, scale);
                    }
                }
                int[] box = f.boundingBox();
                r = Math.max((box[3] - box[0] + 3) * scale, (box[4] - box[1] + 3) * scale) / 2;
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            String label = String.format(Locale.ROOT, "%s %s p=%.2f %.1f mm", findingId, f.findingClass(),
                    f.probability(), f.diameterMm());
            int textWidth = g.getFontMetrics().stringWidth(label);
            int tx = Math.max(2, Math.min(img.getWidth() - textWidth - 2, cx - textWidth / 2));
            int ty = cy - r - 6 < 30 ? cy + r + 16 : cy - r - 6;
            g.setColor(Color.BLACK); // a shadow keeps the label readable on bright tissue
            g.drawString(label, tx + 1, ty + 1);
            g.setColor(colour);
            g.drawString(label, tx, ty);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(String.format(Locale.ROOT, "slice %d of %d, lung window %.0f/%.0f HU; research use only",
                    k + 1, v.depth(), LUNG_WINDOW_CENTRE_HU, LUNG_WINDOW_WIDTH_HU), 4, 14);
        } finally {
            g.dispose();
        }
        return img;
    }
}
