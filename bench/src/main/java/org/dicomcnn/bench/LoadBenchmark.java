package org.dicomcnn.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Volume;

/**
 * Times loading one series (index + decode + sort + rescale to float) with our loader and reports
 * the peak Java heap used during a load relative to the float voxel array.
 *
 * <pre>java -cp ... org.dicomcnn.bench.LoadBenchmark SERIES_DIR [repetitions]</pre>
 *
 * Prints one line "ours_seconds=... voxels=... heap_peak_over_array=..." for the driver script.
 */
public final class LoadBenchmark {

    private LoadBenchmark() {}

    /**
     * @param args the series folder and the number of timed repetitions (default 7)
     * @throws Exception if loading fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int threads = Runtime.getRuntime().availableProcessors();
        SeriesLoader loader = new SeriesLoader(threads);
        for (int i = 0; i < 3; i++) {
            loadOnce(dir, loader); // warm-up: JIT and page cache
        }
        double[] seconds = new double[repetitions];
        long voxels = 0;
        for (int i = 0; i < repetitions; i++) {
            long t0 = System.nanoTime();
            Volume v = loadOnce(dir, loader);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            voxels = v.voxelCount();
        }
        Arrays.sort(seconds);
        double peakRatio = peakHeapRatio(dir, loader, voxels);
        System.out.printf(Locale.ROOT, "ours_seconds=%.4f ours_min_seconds=%.4f voxels=%d threads=%d heap_peak_over_array=%.2f%n",
                seconds[repetitions / 2], seconds[0], voxels, threads, peakRatio);
    }

    private static Volume loadOnce(Path dir, SeriesLoader loader) throws Exception {
        DicomIndex index = DicomIndex.scan(dir, ProgressListener.NONE);
        SeriesRef series = index.allSeries().get(0);
        SeriesVolumes loaded = loader.load(series, ProgressListener.NONE);
        if (!loaded.problems().isEmpty() || loaded.volumes().size() != 1) {
            throw new IllegalStateException("benchmark series did not load cleanly: " + loaded.problems()
                    + " " + loaded.notes());
        }
        return loaded.volumes().get(0);
    }

    /**
     * Peak heap during one load minus the heap in use before it, over the float array's size. The
     * peaks of the heap pools are summed, which over-estimates (they need not coincide), so this is
     * an upper bound.
     */
    private static double peakHeapRatio(Path dir, SeriesLoader loader, long voxels) throws Exception {
        System.gc();
        Thread.sleep(200);
        long before = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
                before += p.getUsage().getUsed();
            }
        }
        Volume v = loadOnce(dir, loader);
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        long arrayBytes = voxels * Float.BYTES;
        if (v.voxelCount() != voxels) {
            throw new IllegalStateException("voxel count changed");
        }
        return (peak - before) / (double) arrayBytes;
    }
}
