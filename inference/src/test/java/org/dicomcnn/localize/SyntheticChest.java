package org.dicomcnn.localize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.SliceSource;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.dicomcnn.volume.VolumeInfo;

/**
 * Small synthetic CT volumes for localisation tests: a soft-tissue body with two aerated lungs,
 * optional spherical nodules, a vessel running through a lung, and dependent fluid; noise with a
 * fixed seed. Coordinates in mm with the volume's origin at (0, 0, 0).
 */
public final class SyntheticChest {

    public static final double PIXEL_MM = 1.0;
    public static final double SLICE_MM = 2.0;

    private final int size;
    private final int slices;
    private final List<double[]> nodules = new ArrayList<>(); // x, y, z, radius, HU
    private final List<double[]> vessels = new ArrayList<>(); // x, y, radius (along z)
    private double fluidLevelY = Double.POSITIVE_INFINITY; // y below which the right lung holds fluid
    private double noise = 10;

    public SyntheticChest(int size, int slices) {
        this.size = size;
        this.slices = slices;
    }

    public SyntheticChest nodule(double x, double y, double z, double radiusMm, double hu) {
        nodules.add(new double[] {x, y, z, radiusMm, hu});
        return this;
    }

    public SyntheticChest vessel(double x, double y, double radiusMm) {
        vessels.add(new double[] {x, y, radiusMm});
        return this;
    }

    public SyntheticChest fluidBelow(double y) {
        fluidLevelY = y;
        return this;
    }

    public SyntheticChest noise(double sigma) {
        noise = sigma;
        return this;
    }

    /** The right lung (patient's right = image left): centre x = size * 0.3. */
    public double rightLungX() {
        return size * 0.3;
    }

    public double leftLungX() {
        return size * 0.7;
    }

    public Volume build() {
        Random r = new Random(42);
        float[][] data = new float[slices][size * size];
        List<SliceSource> sources = new ArrayList<>();
        double c = size / 2.0;
        for (int k = 0; k < slices; k++) {
            double z = k * SLICE_MM;
            for (int j = 0; j < size; j++) {
                for (int i = 0; i < size; i++) {
                    double x = i * PIXEL_MM;
                    double y = j * PIXEL_MM;
                    double hu = -1000;
                    if (sq((x - c) / (size * 0.45)) + sq((y - c) / (size * 0.38)) < 1) {
                        hu = 40;
                        boolean right = sq((x - rightLungX()) / (size * 0.15)) + sq((y - c) / (size * 0.28)) < 1;
                        boolean left = sq((x - leftLungX()) / (size * 0.15)) + sq((y - c) / (size * 0.28)) < 1;
                        if (right || left) {
                            hu = -850;
                            if (right && y > fluidLevelY) {
                                hu = 10;
                            }
                        }
                        for (double[] v : vessels) {
                            if (sq(x - v[0]) + sq(y - v[1]) < sq(v[2])) {
                                hu = 40;
                            }
                        }
                        for (double[] n : nodules) {
                            if (sq(x - n[0]) + sq(y - n[1]) + sq(z - n[2]) < sq(n[3])) {
                                hu = n[4];
                            }
                        }
                    }
                    data[k][j * size + i] = (float) (hu + noise * r.nextGaussian());
                }
            }
            sources.add(new SliceSource(Path.of("IM" + k), "1.2.3.4." + k, 0));
        }
        Geometry g = Geometry.regular(size, size, slices, Vec3.ZERO, new Vec3(1, 0, 0), new Vec3(0, 1, 0), PIXEL_MM,
                PIXEL_MM, SLICE_MM);
        return new Volume(g, 1, data, sources, new VolumeInfo("1.2.3", "1.2.3.9", "CT", "HU", List.of(), "MONOCHROME2"));
    }

    private static double sq(double v) {
        return v * v;
    }
}
