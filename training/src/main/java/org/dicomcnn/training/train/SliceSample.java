package org.dicomcnn.training.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.preprocess.SlicePlane;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.VolumeCache;
import org.dicomcnn.volume.Volume;

/**
 * A slice of a labelled series as the slice classifier's input: the inference module's
 * {@link Preprocessor} (the same code path as at run time) on a sampling plane that
 * {@link Augmentation} rotates, scales, shifts and flips, with intensity jitter and noise.
 *
 * @param series the series
 * @param slice the slice index
 * @param inputs how inputs are made
 */
public record SliceSample(LabelledSeries series, int slice, Inputs inputs) implements TrainingSample {

    /**
     * What every slice sample of a run shares.
     *
     * @param preprocessor the model's preprocessor
     * @param augmentation the augmentation ranges
     * @param cache loaded volumes
     */
    public record Inputs(Preprocessor preprocessor, Augmentation augmentation, VolumeCache cache) {}

    /**
     * Every slice of the series.
     *
     * @param data labelled series
     * @param inputs how inputs are made
     * @return one sample per slice, series by series
     */
    public static List<SliceSample> of(List<LabelledSeries> data, Inputs inputs) {
        List<SliceSample> out = new ArrayList<>();
        for (LabelledSeries s : data) {
            for (int k = 0; k < s.slices(); k++) {
                out.add(new SliceSample(s, k, inputs));
            }
        }
        return out;
    }

    @Override
    public String group() {
        return series.series().seriesInstanceUid();
    }

    @Override
    public boolean positive(int c) {
        return series.positive(slice, c);
    }

    @Override
    public boolean known(int c) {
        return series.known(slice, c);
    }

    @Override
    public void fill(Random r, float[] dst, int offset) {
        Preprocessor p = inputs.preprocessor();
        Volume v = inputs.cache().get(series);
        if (r == null) {
            p.fill(v, p.plane(v), slice, dst, offset);
            return;
        }
        Augmentation a = inputs.augmentation();
        int size = p.spec().size();
        SlicePlane plane = p.plane(v).augmented(size, Math.toRadians(Augmentation.uniform(r, a.maxRotationDegrees())),
                Math.exp(Augmentation.uniform(r, Math.log(a.maxScale()))), Augmentation.uniform(r, a.maxShiftPixels()),
                Augmentation.uniform(r, a.maxShiftPixels()), a.flip() && r.nextBoolean());
        double offsetHu = Augmentation.uniform(r, a.maxOffsetHu());
        double gain = Math.exp(Augmentation.uniform(r, Math.log(a.maxGain())));
        p.fill(v, plane, p.contextIndices(v, slice), offsetHu, gain, dst, offset);
        double noiseHu = r.nextDouble() * a.maxNoiseHu();
        if (noiseHu > 0) {
            int length = p.inputLength();
            for (int i = 0; i < length; i++) {
                int window = (i / (size * size)) / (2 * p.spec().sliceContext() + 1);
                double scale = p.spec().windows().get(window).widthHu() * p.spec().std();
                dst[offset + i] += (float) (r.nextGaussian() * noiseHu / scale);
            }
        }
    }
}
