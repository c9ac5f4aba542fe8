package org.dicomcnn.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;

/** The training volume cache on the committed studies: exact values, short storage, eviction. */
class VolumeCacheTest {

    private static List<LabelledSeries> labelled() throws IOException {
        return DatasetBuilder.build(CommittedStudies.index(), new PhantomLabels(), "CT", new SeriesLoader(),
                ProgressListener.NONE);
    }

    @Test
    void keepsWholeHounsfieldUnitsAsShortsAndGivesBackTheSameValues() throws IOException {
        List<LabelledSeries> series = labelled();
        VolumeCache cache = new VolumeCache(new SeriesLoader(), Long.MAX_VALUE, 1);
        long voxels = 0;
        for (LabelledSeries s : series) {
            Volume fromCache = cache.get(s);
            voxels += fromCache.voxelCount();
        }
        assertEquals(series.size(), cache.loads());
        // Phantom CT is stored with rescale slope 1: every volume fits in shorts.
        assertEquals(voxels * Short.BYTES, cache.usedBytes());

        // One volume is kept expanded: the first series' next get rebuilds it from shorts.
        LabelledSeries first = series.get(0);
        Volume rebuilt = cache.get(first);
        Volume loaded = new SeriesLoader().load(first.series(), ProgressListener.NONE).volumes().stream()
                .max(java.util.Comparator.comparingInt(Volume::depth)).orElseThrow();
        assertNotSame(loaded, rebuilt);
        assertEquals(loaded.geometry().toString(), rebuilt.geometry().toString());
        assertEquals(loaded.geometry().voxelToPatient(3, 5, 1), rebuilt.geometry().voxelToPatient(3, 5, 1));
        assertEquals(loaded.sources(), rebuilt.sources());
        for (int k = 0; k < loaded.depth(); k++) {
            assertArrayEquals(loaded.slice(k), rebuilt.slice(k), "slice " + k);
        }
        assertEquals(series.size(), cache.loads(), "nothing was loaded twice");
    }

    @Test
    void evictsTheLeastRecentlyUsedBeyondTheBudgetAndLoadsItAgain() throws IOException {
        List<LabelledSeries> series = labelled();
        assertTrue(series.size() >= 3, "the committed studies have at least three series");
        VolumeCache cache = new VolumeCache(new SeriesLoader(), 1, 2);
        for (LabelledSeries s : series) {
            cache.get(s);
        }
        assertEquals(series.size(), cache.loads());
        // The budget keeps one volume, two stay expanded: the last two series come back without
        // a load, the first was evicted and is loaded again.
        cache.get(series.get(series.size() - 1));
        cache.get(series.get(series.size() - 2));
        assertEquals(series.size(), cache.loads());
        cache.get(series.get(0));
        assertEquals(series.size() + 1, cache.loads(), "the evicted series was loaded again");
    }
}
