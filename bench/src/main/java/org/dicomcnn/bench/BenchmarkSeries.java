package org.dicomcnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.dicomcnn.samples.CtSeries;
import org.dicomcnn.samples.CtSeriesWriter;
import org.dicomcnn.samples.SyntheticUids;

/**
 * Writes the benchmark's CT series: {@code slices} axial slices of {@code size} x {@code size},
 * 0.7 mm pixels, 1.25 mm apart, a body-like ellipse with lung-like regions and CT-like noise,
 * explicit VR little endian, files named in shuffled order so that sorting is exercised.
 *
 * <pre>java -cp ... org.dicomcnn.bench.BenchmarkSeries OUT_DIR [slices] [size]</pre>
 */
public final class BenchmarkSeries {

    private BenchmarkSeries() {}

    /**
     * @param args output folder, then optionally slice count (300) and matrix size (512)
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int slices = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        write(out, slices, size);
    }

    /** Writes the series into {@code out}. */
    public static void write(Path out, int slices, int size) throws IOException {
        Files.createDirectories(out);
        List<double[]> positions = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            positions.add(new double[] {-size * 0.35, -size * 0.35, -400 + 1.25 * k});
        }
        CtSeries series = new CtSeries(new CtSeries.Patient("BENCH", "BENCHMARK^SERIES", LocalDate.of(1970, 1, 1), "O"),
                new CtSeries.Study(SyntheticUids.of("bench/study"), "1", "BENCH1", LocalDate.of(2025, 1, 1),
                        LocalTime.of(9, 0), "benchmark"),
                SyntheticUids.of("bench/series/" + slices + "/" + size), 1, "benchmark " + slices + " slices",
                SyntheticUids.of("bench/for"), "STANDARD", size, size, 0.7, 0.7, 1.25,
                new double[] {1, 0, 0, 0, 1, 0}, positions, -1024, CtSeries.CHEST_WINDOWS);
        IntStream.range(0, slices).parallel().forEach(k -> {
            try {
                // File names do not follow slice order: slice k goes to a scrambled name.
                int name = (int) ((k * 7919L) % slices);
                CtSeriesWriter.writeSlice(out.resolve(String.format("IMG%05d", name)), series, k, slice(size, k));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static float[] slice(int size, int k) {
        Random r = new Random(k);
        float[] hu = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = (x - size / 2.0) / (size * 0.42);
                double dy = (y - size / 2.0) / (size * 0.32);
                double v = -1000;
                if (dx * dx + dy * dy < 1) {
                    v = 40;
                    double lx = Math.abs(dx) - 0.45;
                    if (lx * lx / 0.09 + dy * dy / 0.55 < 1) {
                        v = -850;
                    }
                }
                hu[y * size + x] = (float) (v + 20 * r.nextGaussian());
            }
        }
        return hu;
    }
}
