package org.dicomcnn.training.train;

import java.util.Random;
import org.dicomcnn.preprocess.PatchSampler;
import org.dicomcnn.training.data.CandidateLabels;
import org.dicomcnn.volume.Volume;

/**
 * A candidate's triplanar patch as a candidate classifier's input, cut by the inference module's
 * {@link PatchSampler} (the same code path as at run time). The patch's HU values are sampled once
 * when the sample is made, so training keeps a few kilobytes per candidate instead of whole
 * volumes: the centre and, for positives, {@value #SHIFTED_VARIANTS} copies with the centre moved
 * by up to {@link #MAX_SHIFT_MM} along each axis. Each draw picks one of them, mirrors each axis
 * at random and applies the intensity offset, gain and noise of {@link Augmentation}.
 *
 * @param group the series the candidate lies in (its Series Instance UID)
 * @param variants sampled HU patches: the centre first, then shifted copies
 * @param positive whether it is a lesion of the class
 * @param known whether its label is known (a candidate on a lesion too small to judge is not)
 * @param inputs how inputs are made
 */
public record CandidateSample(String group, short[][] variants, boolean positive, boolean known, Inputs inputs)
        implements TrainingSample {

    /** The largest shift of the centre along each axis, mm. */
    public static final double MAX_SHIFT_MM = 1.5;

    /** Shifted copies sampled for a positive candidate (negatives are plentiful and keep the centre only). */
    public static final int SHIFTED_VARIANTS = 8;

    /**
     * What every candidate sample of a run shares.
     *
     * @param sampler the candidate model's patch sampler
     * @param augmentation intensity augmentation ranges (offset, gain, noise)
     */
    public record Inputs(PatchSampler sampler, Augmentation augmentation) {}

    /**
     * Samples a labelled candidate's patches.
     *
     * @param seriesUid the series' instance UID (the sample's group)
     * @param v its volume
     * @param c the candidate
     * @param inputs the sampler and augmentation
     * @param random draws the shifts
     * @return the sample
     */
    public static CandidateSample of(String seriesUid, Volume v, CandidateLabels.Candidate c, Inputs inputs,
            Random random) {
        double[] centre = c.voxel();
        int copies = c.positive() ? 1 + SHIFTED_VARIANTS : 1;
        short[][] variants = new short[copies][inputs.sampler().inputLength()];
        inputs.sampler().sampleHu(v, centre, variants[0]);
        for (int i = 1; i < copies; i++) {
            double[] shifted = {
                centre[0] + Augmentation.uniform(random, MAX_SHIFT_MM) / v.geometry().columnSpacingMm(),
                centre[1] + Augmentation.uniform(random, MAX_SHIFT_MM) / v.geometry().rowSpacingMm(),
                centre[2] + (v.depth() > 1 ? Augmentation.uniform(random, MAX_SHIFT_MM) / v.geometry().sliceSpacingMm() : 0)
            };
            inputs.sampler().sampleHu(v, shifted, variants[i]);
        }
        return new CandidateSample(seriesUid, variants, c.positive(), c.known(), inputs);
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
        PatchSampler sampler = inputs.sampler();
        if (r == null) {
            sampler.normalise(variants[0], PatchSampler.Orientation.IDENTITY, 0, 1, dst, offset);
            return;
        }
        short[] hu = variants[r.nextInt(variants.length)];
        PatchSampler.Orientation o = new PatchSampler.Orientation(r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
        Augmentation a = inputs.augmentation();
        double offsetHu = Augmentation.uniform(r, a.maxOffsetHu());
        double gain = Math.exp(Augmentation.uniform(r, Math.log(a.maxGain())));
        sampler.normalise(hu, o, offsetHu, gain, dst, offset);
        double noiseHu = r.nextDouble() * a.maxNoiseHu();
        if (noiseHu > 0) {
            double huPerUnit = sampler.huPerUnit();
            for (int i = 0; i < sampler.inputLength(); i++) {
                dst[offset + i] += (float) (r.nextGaussian() * noiseHu / huPerUnit);
            }
        }
    }
}
