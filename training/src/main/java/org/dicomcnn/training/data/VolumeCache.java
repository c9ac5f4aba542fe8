package org.dicomcnn.training.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.SliceSource;
import org.dicomcnn.volume.Volume;
import org.dicomcnn.volume.VolumeInfo;

/**
 * Loaded volumes kept for reuse, least recently used first out, within a memory budget. A series
 * is loaded again when it was evicted. Thread-safe.
 *
 * <p>CT values are whole Hounsfield units in almost every series (rescale slope 1), so a volume
 * whose every value is a whole number within the 16-bit range is kept as shorts (2 bytes a
 * voxel, exact), anything else as floats (4 bytes): the budget then holds twice the series and a
 * training epoch reloads far fewer from disk. The few volumes used last are also kept expanded
 * ({@link #EXPANDED}), so that drawing many samples from one series expands it once.
 */
public final class VolumeCache {

    /** Volumes kept as floats besides the budget: a training group's worth. */
    static final int EXPANDED = 20;

    private final SeriesLoader loader;
    private final long budgetBytes;
    private final LinkedHashMap<String, Stored> stored = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<String, Volume> expanded;
    private long usedBytes;
    private long loads;

    /**
     * @param loader loads series
     * @param budgetBytes how many bytes of voxels to keep
     */
    public VolumeCache(SeriesLoader loader, long budgetBytes) {
        this(loader, budgetBytes, EXPANDED);
    }

    /** A cache keeping {@code expandedCount} volumes expanded (tests use few). */
    VolumeCache(SeriesLoader loader, long budgetBytes, int expandedCount) {
        this.loader = loader;
        this.budgetBytes = budgetBytes;
        this.expanded = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Volume> eldest) {
                return size() > expandedCount;
            }
        };
    }

    /**
     * The largest volume of a series, loaded if needed.
     *
     * @param series the labelled series
     * @return its volume
     * @throws IllegalStateException if the series no longer loads (it did when it was labelled)
     */
    public synchronized Volume get(LabelledSeries series) {
        String uid = series.series().seriesInstanceUid();
        Volume v = expanded.get(uid);
        if (v != null) {
            return v;
        }
        Stored s = stored.get(uid);
        if (s != null) {
            v = s.volume();
            expanded.put(uid, v);
            return v;
        }
        v = load(series);
        loads++;
        s = Stored.of(v);
        stored.put(uid, s);
        expanded.put(uid, v);
        usedBytes += s.bytes();
        var it = stored.entrySet().iterator();
        while (usedBytes > budgetBytes && stored.size() > 1 && it.hasNext()) {
            Map.Entry<String, Stored> e = it.next();
            usedBytes -= e.getValue().bytes();
            it.remove();
        }
        return v;
    }

    /** How many times a series was loaded from disk. */
    public synchronized long loads() {
        return loads;
    }

    /** Bytes the kept volumes take (not counting the expanded few). */
    public synchronized long usedBytes() {
        return usedBytes;
    }

    private Volume load(LabelledSeries series) {
        SeriesVolumes loaded = loader.load(series.series(), ProgressListener.NONE);
        Volume v = loaded.volumes().stream().max(java.util.Comparator.comparingInt(Volume::depth))
                .orElseThrow(() -> new IllegalStateException("series " + series.series().seriesInstanceUid()
                        + " no longer loads: " + loaded.problems()));
        if (v.depth() != series.slices()) {
            throw new IllegalStateException("series " + series.series().seriesInstanceUid() + " now has " + v.depth()
                    + " slices, " + series.slices() + " when labelled");
        }
        return v;
    }

    /** A kept volume: the volume as loaded, or its values as shorts with the parts to rebuild it. */
    private record Stored(Volume floats, short[][] shorts, Geometry geometry, int channels, List<SliceSource> sources,
            VolumeInfo info) {

        static Stored of(Volume v) {
            short[][] s = new short[v.depth()][];
            for (int k = 0; k < v.depth(); k++) {
                float[] f = v.slice(k);
                short[] packed = new short[f.length];
                for (int i = 0; i < f.length; i++) {
                    float x = f[i];
                    short q = (short) x;
                    if (q != x) {
                        return new Stored(v, null, null, 0, null, null);
                    }
                    packed[i] = q;
                }
                s[k] = packed;
            }
            return new Stored(null, s, v.geometry(), v.channels(), v.sources(), v.info());
        }

        Volume volume() {
            if (floats != null) {
                return floats;
            }
            float[][] slices = new float[shorts.length][];
            for (int k = 0; k < shorts.length; k++) {
                short[] packed = shorts[k];
                float[] f = new float[packed.length];
                for (int i = 0; i < packed.length; i++) {
                    f[i] = packed[i];
                }
                slices[k] = f;
            }
            return new Volume(geometry, channels, slices, sources, info);
        }

        long bytes() {
            if (floats != null) {
                return floats.voxelCount() * floats.channels() * Float.BYTES;
            }
            return (long) shorts.length * shorts[0].length * Short.BYTES;
        }
    }
}
