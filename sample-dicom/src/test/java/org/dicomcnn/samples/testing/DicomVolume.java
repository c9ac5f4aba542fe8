package org.dicomcnn.samples.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dicomcnn.samples.geometry.Vec3;

/**
 * A test's view of an explicit-little-endian axial CT series read back with PixelMed: HU per
 * voxel and the geometry the files declare (Image Position, Pixel Spacing, Rescale), so that
 * tests check the ground truth against what a reader of the files sees.
 */
public final class DicomVolume {

    private final int columns;
    private final int rows;
    private final double spacing;
    private final double x0;
    private final double y0;
    private final double[] z;
    private final double thickness;
    private final float[][] hu;

    private DicomVolume(int columns, int rows, double spacing, double x0, double y0, double[] z, double thickness,
            float[][] hu) {
        this.columns = columns;
        this.rows = rows;
        this.spacing = spacing;
        this.x0 = x0;
        this.y0 = y0;
        this.z = z;
        this.thickness = thickness;
        this.hu = hu;
    }

    /**
     * @param seriesDir a folder of CT*.dcm files of one axial series
     * @return the volume, slices sorted by z (descending as written)
     */
    public static DicomVolume read(Path seriesDir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(seriesDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".dcm")).sorted().toList();
        }
        record Slice(double z, float[] hu) {}
        List<Slice> slices = new ArrayList<>();
        int columns = 0;
        int rows = 0;
        double spacing = 0;
        double x0 = 0;
        double y0 = 0;
        double thickness = 0;
        for (Path f : files) {
            try {
                AttributeList l = new AttributeList();
                l.read(f.toFile());
                columns = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Columns, 0);
                rows = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Rows, 0);
                double[] ps = Attribute.getDoubleValues(l, TagFromName.PixelSpacing);
                double[] ipp = Attribute.getDoubleValues(l, TagFromName.ImagePositionPatient);
                double[] iop = Attribute.getDoubleValues(l, TagFromName.ImageOrientationPatient);
                if (iop[0] != 1 || iop[4] != 1 || ps[0] != ps[1]) {
                    throw new IOException(f + " is not an axial slice with square pixels");
                }
                spacing = ps[0];
                x0 = ipp[0];
                y0 = ipp[1];
                thickness = Attribute.getSingleDoubleValueOrDefault(l, TagFromName.SliceThickness, 0);
                double intercept = Attribute.getSingleDoubleValueOrDefault(l, TagFromName.RescaleIntercept, 0);
                double slope = Attribute.getSingleDoubleValueOrDefault(l, TagFromName.RescaleSlope, 1);
                short[] stored = l.get(TagFromName.PixelData).getShortValues();
                float[] v = new float[stored.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((stored[i] & 0xffff) * slope + intercept);
                }
                slices.add(new Slice(ipp[2], v));
            } catch (DicomException e) {
                throw new IOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        slices.sort(Comparator.comparingDouble(Slice::z).reversed());
        return new DicomVolume(columns, rows, spacing, x0, y0, slices.stream().mapToDouble(Slice::z).toArray(),
                thickness, slices.stream().map(Slice::hu).toArray(float[][]::new));
    }

    /** @return Columns */
    public int columns() {
        return columns;
    }

    /** @return Rows */
    public int rows() {
        return rows;
    }

    /** @return number of slices */
    public int slices() {
        return z.length;
    }

    /** @return pixel spacing, mm */
    public double spacing() {
        return spacing;
    }

    /** @return Slice Thickness, mm */
    public double thickness() {
        return thickness;
    }

    /** @return z of slice k */
    public double z(int k) {
        return z[k];
    }

    /** @return HU of a voxel */
    public double hu(int i, int j, int k) {
        return hu[k][j * columns + i];
    }

    /** @return patient-frame centre of a voxel */
    public Vec3 centre(int i, int j, int k) {
        return new Vec3(x0 + i * spacing, y0 + j * spacing, z[k]);
    }

    /**
     * Trilinear interpolation (slices may be unevenly spaced but are sorted by descending z).
     *
     * @param p patient-frame point
     * @return HU there, or NaN outside the volume
     */
    public double sample(Vec3 p) {
        double fi = (p.x() - x0) / spacing;
        double fj = (p.y() - y0) / spacing;
        if (fi < 0 || fj < 0 || fi > columns - 1 || fj > rows - 1 || p.z() > z[0] || p.z() < z[z.length - 1]) {
            return Double.NaN;
        }
        int k = 0;
        while (k + 1 < z.length && z[k + 1] > p.z()) {
            k++;
        }
        int k1 = Math.min(k + 1, z.length - 1);
        double fk = k1 == k ? 0 : (z[k] - p.z()) / (z[k] - z[k1]);
        int i = Math.min((int) fi, columns - 2);
        int j = Math.min((int) fj, rows - 2);
        double a = fi - i;
        double b = fj - j;
        double v0 = bilinear(k, i, j, a, b);
        double v1 = bilinear(k1, i, j, a, b);
        return v0 + fk * (v1 - v0);
    }

    private double bilinear(int k, int i, int j, double a, double b) {
        float[] s = hu[k];
        double top = s[j * columns + i] * (1 - a) + s[j * columns + i + 1] * a;
        double bottom = s[(j + 1) * columns + i] * (1 - a) + s[(j + 1) * columns + i + 1] * a;
        return top * (1 - b) + bottom * b;
    }
}
