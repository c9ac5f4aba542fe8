package org.dicomcnn.training.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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

    private static final int FILE_MAGIC = 0x44434353; // "DCCS"

    /**
     * Writes one series' samples (labels and HU patches) to a file, replacing it atomically.
     *
     * @param file where
     * @param samples the samples, all of one series
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, List<CandidateSample> samples) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(FILE_MAGIC);
            out.writeInt(samples.size());
            for (CandidateSample s : samples) {
                out.writeBoolean(s.positive());
                out.writeBoolean(s.known());
                out.writeInt(s.variants().length);
                out.writeInt(s.variants()[0].length);
                for (short[] v : s.variants()) {
                    for (short x : v) {
                        out.writeShort(x);
                    }
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads samples written by {@link #write}.
     *
     * @param file the file
     * @param group their series' instance UID
     * @param inputs the sampler and augmentation; its patch length must match the file's
     * @return the samples, or null when the file does not exist or does not fit {@code inputs}
     * @throws IOException if it exists but cannot be read
     */
    public static List<CandidateSample> read(Path file, String group, Inputs inputs) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != FILE_MAGIC) {
                return null;
            }
            int n = in.readInt();
            List<CandidateSample> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                boolean positive = in.readBoolean();
                boolean known = in.readBoolean();
                short[][] variants = new short[in.readInt()][in.readInt()];
                if (variants[0].length != inputs.sampler().inputLength()) {
                    return null;
                }
                for (short[] v : variants) {
                    for (int k = 0; k < v.length; k++) {
                        v[k] = in.readShort();
                    }
                }
                out.add(new CandidateSample(group, variants, positive, known, inputs));
            }
            return out;
        }
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
