package org.dicomcnn.training.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Volume;

/**
 * Loaded volumes kept for reuse, least recently used first out, within a memory budget (the
 * float voxels: 4 bytes each). A series is loaded again when it was evicted. Thread-safe.
 */
public final class VolumeCache {

    private final SeriesLoader loader;
    private final long budgetBytes;
    private final LinkedHashMap<String, Volume> volumes = new LinkedHashMap<>(16, 0.75f, true);
    private long usedBytes;
    private long loads;

    /**
     * @param loader loads series
     * @param budgetBytes how many bytes of voxels to keep
     */
    public VolumeCache(SeriesLoader loader, long budgetBytes) {
        this.loader = loader;
        this.budgetBytes = budgetBytes;
    }

    /**
     * The largest volume of a series, loaded if needed.
     *
     * @param series the labelled series
     * @return its volume
     * @throws IllegalStateException if the series no longer loads (it did when it was labelled)
     */
    public synchronized Volume get(LabelledSeries series) {
        Volume v = volumes.get(series.series().seriesInstanceUid());
        if (v != null) {
            return v;
        }
        SeriesVolumes loaded = loader.load(series.series(), ProgressListener.NONE);
        v = loaded.volumes().stream().max(java.util.Comparator.comparingInt(Volume::depth))
                .orElseThrow(() -> new IllegalStateException("series " + series.series().seriesInstanceUid()
                        + " no longer loads: " + loaded.problems()));
        if (v.depth() != series.slices()) {
            throw new IllegalStateException("series " + series.series().seriesInstanceUid() + " now has " + v.depth()
                    + " slices, " + series.slices() + " when labelled");
        }
        loads++;
        long bytes = bytes(v);
        volumes.put(series.series().seriesInstanceUid(), v);
        usedBytes += bytes;
        var it = volumes.entrySet().iterator();
        while (usedBytes > budgetBytes && volumes.size() > 1 && it.hasNext()) {
            Map.Entry<String, Volume> e = it.next();
            usedBytes -= bytes(e.getValue());
            it.remove();
        }
        return v;
    }

    /** How many times a series was loaded from disk. */
    public synchronized long loads() {
        return loads;
    }

    private static long bytes(Volume v) {
        return v.voxelCount() * v.channels() * Float.BYTES;
    }
}
