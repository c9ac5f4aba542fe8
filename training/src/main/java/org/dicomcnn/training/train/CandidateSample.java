package org.dicomcnn.training.train;

import java.util.Random;
import org.dicomcnn.preprocess.PatchSampler;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.VolumeCache;
import org.dicomcnn.volume.Volume;

/**
 * A candidate's triplanar patch as a candidate classifier's input, from the inference module's
 * {@link PatchSampler} (the same code path as at run time). Augmented by mirroring each axis,
 * shifting the centre by up to {@link #MAX_SHIFT_MM} along each axis, and the intensity offset,
 * gain and noise of {@link Augmentation}.
 *
 * @param series the series the candidate lies in
 * @param voxel its centre in voxel coordinates (column, row, slice)
 * @param positive whether it is a lesion of the class
 * @param known whether its label is known (a candidate on a lesion too small to judge is not)
 * @param inputs how inputs are made
 */
public record CandidateSample(LabelledSeries series, double[] voxel, boolean positive, boolean known, Inputs inputs)
        implements TrainingSample {

    /** The largest shift of the centre along each axis, mm. */
    public static final double MAX_SHIFT_MM = 1.5;

    /**
     * What every candidate sample of a run shares.
     *
     * @param sampler the candidate model's patch sampler
     * @param augmentation intensity augmentation ranges (offset, gain, noise)
     * @param cache loaded volumes
     */
    public record Inputs(PatchSampler sampler, Augmentation augmentation, VolumeCache cache) {}

    /** Copies the centre. */
    public CandidateSample {
        voxel = voxel.clone();
    }

    @Override
    public double[] voxel() {
        return voxel.clone();
    }

    @Override
    public String group() {
        return series.series().seriesInstanceUid();
    }

    @Override
    public boolean positive(int c) {
        return positive;
    }

    @Override
    public boolean known(int c) {
        return known;
    }

    @Override
    public void fill(Random r, float[] dst, int offset) {
        Volume v = inputs.cache().get(series);
        PatchSampler sampler = inputs.sampler();
        if (r == null) {
            sampler.fill(v, voxel, PatchSampler.Orientation.IDENTITY, dst, offset);
            return;
        }
        double[] shifted = {
            voxel[0] + Augmentation.uniform(r, MAX_SHIFT_MM) / v.geometry().columnSpacingMm(),
            voxel[1] + Augmentation.uniform(r, MAX_SHIFT_MM) / v.geometry().rowSpacingMm(),
            voxel[2] + (v.depth() > 1 ? Augmentation.uniform(r, MAX_SHIFT_MM) / v.geometry().sliceSpacingMm() : 0)
        };
        PatchSampler.Orientation o = new PatchSampler.Orientation(r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
        Augmentation a = inputs.augmentation();
        double offsetHu = Augmentation.uniform(r, a.maxOffsetHu());
        double gain = Math.exp(Augmentation.uniform(r, Math.log(a.maxGain())));
        sampler.fill(v, shifted, o, offsetHu, gain, dst, offset);
        double noiseHu = r.nextDouble() * a.maxNoiseHu();
        if (noiseHu > 0) {
            double huPerUnit = sampler.huPerUnit();
            for (int i = 0; i < sampler.inputLength(); i++) {
                dst[offset + i] += (float) (r.nextGaussian() * noiseHu / huPerUnit);
            }
        }
    }
}
