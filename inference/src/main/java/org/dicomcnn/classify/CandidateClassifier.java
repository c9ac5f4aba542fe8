package org.dicomcnn.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dicomcnn.localize.BlobCandidates;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.preprocess.PatchSampler;
import org.dicomcnn.volume.Volume;

/**
 * Runs a candidate stage ({@link Manifest.CandidateStage}): proposes lesion candidates from the
 * image with {@link BlobCandidates} (strongest {@code maxCandidates} first), cuts each one's
 * triplanar patch with {@link PatchSampler} (the same code training uses) and scores the patches
 * with the stage's model in batches. With more than one mirroring (test-time augmentation: the
 * network was trained on mirrored patches, so each mirroring is an equally valid view) each
 * candidate's patch is scored in every mirroring and the logits are averaged. Probabilities are
 * calibrated by the stage's own calibration, after the averaging.
 *
 * <pre>{@code
 * ModelRuntime stage = runtime.candidateStage("nodule");
 * List<SliceScores.Candidate> scored = new CandidateClassifier(stage, 0, 400, 0, 1).score(volume);
 * }</pre>
 */
public final class CandidateClassifier {

    /** Patches per forward pass. */
    static final int BATCH = 64;

    private final ModelRuntime stage;
    private final int classIndex;
    private final int maxCandidates;
    private final int maxGroundGlass;
    private final List<PatchSampler.Orientation> mirrorings;
    private final PatchSampler sampler;

    /**
     * @param stage the candidate stage's open model
     * @param classIndex the main model's index of the class the stage scores
     * @param maxCandidates blob candidates scored per volume
     * @param maxGroundGlass ground-glass cores scored per volume besides them
     * @param mirrorings mirrorings averaged per candidate ({@link PatchSampler.Orientation#first}: 1, 2, 4 or 8)
     */
    public CandidateClassifier(ModelRuntime stage, int classIndex, int maxCandidates, int maxGroundGlass,
            int mirrorings) {
        this.stage = stage;
        this.classIndex = classIndex;
        this.maxCandidates = maxCandidates;
        this.maxGroundGlass = maxGroundGlass;
        this.mirrorings = PatchSampler.Orientation.first(mirrorings);
        this.sampler = new PatchSampler(stage.manifest().input());
    }

    /**
     * @param stage the candidate stage's open model
     * @param classIndex the main model's index of the class the stage scores
     * @param settings the stage's limits and mirrorings, from the main model's manifest
     */
    public CandidateClassifier(ModelRuntime stage, int classIndex, Manifest.CandidateStage settings) {
        this(stage, classIndex, settings.candidateLimit(), settings.groundGlassLimit(), settings.mirroringCount());
    }

    /**
     * Proposes and scores candidates.
     *
     * @param v the volume, in HU
     * @return the candidates, most probable first
     * @throws InferenceException if the model fails
     */
    public List<SliceScores.Candidate> score(Volume v) throws InferenceException {
        return score(v, ProgressListener.NONE);
    }

    /**
     * Proposes and scores candidates, reporting each batch and stopping between batches when the
     * listener asks to.
     *
     * @param v the volume, in HU
     * @param progress candidates scored so far, phase "scoring candidates"; asked between batches
     * @return the candidates, most probable first
     * @throws InferenceException if the model fails
     * @throws java.util.concurrent.CancellationException if the listener cancelled
     */
    public List<SliceScores.Candidate> score(Volume v, ProgressListener progress) throws InferenceException {
        List<BlobCandidates.Candidate> proposed = BlobCandidates.find(v, maxCandidates, maxGroundGlass);
        int perBatch = patchesPerBatch(mirrorings.size());
        List<SliceScores.Candidate> out = new ArrayList<>(proposed.size());
        for (int first = 0; first < proposed.size(); first += perBatch) {
            if (progress.cancelled()) {
                throw new java.util.concurrent.CancellationException("candidate scoring cancelled");
            }
            progress.progress(first, proposed.size(), "scoring candidates");
            List<short[]> patches = new ArrayList<>();
            for (BlobCandidates.Candidate c : proposed.subList(first, Math.min(first + perBatch, proposed.size()))) {
                short[] hu = new short[sampler.inputLength()];
                sampler.sampleHu(v, c.voxel(), hu);
                patches.add(hu);
            }
            float[][] p = ModelRuntime.probabilities(meanLogits(stage, sampler, patches, mirrorings), stage.manifest());
            for (int i = 0; i < patches.size(); i++) {
                BlobCandidates.Candidate c = proposed.get(first + i);
                out.add(new SliceScores.Candidate(classIndex, c.voxel(), c.diameterMm(), p[i][0]));
            }
        }
        out.sort(Comparator.comparingDouble(SliceScores.Candidate::probability).reversed());
        return out;
    }

    /** Patches per forward pass with that many mirrorings each: {@value #BATCH} inputs in all. */
    public static int patchesPerBatch(int mirrorings) {
        return Math.max(1, BATCH / mirrorings);
    }

    /**
     * Each patch's logit averaged over the mirrorings, from one forward pass: every patch's HU
     * values ({@link PatchSampler#sampleHu}) normalised in every mirroring. What {@link #score}
     * calibrates; training fits the stage's temperature on the same averages.
     *
     * @param stage the candidate stage's open model
     * @param sampler the stage's patch sampler
     * @param patches sampled HU values, one array per patch
     * @param mirrorings the mirrorings ({@link PatchSampler.Orientation#first})
     * @return one single-class logit row per patch
     * @throws InferenceException if the model fails
     */
    public static float[][] meanLogits(ModelRuntime stage, PatchSampler sampler, List<short[]> patches,
            List<PatchSampler.Orientation> mirrorings) throws InferenceException {
        int length = sampler.inputLength();
        int views = mirrorings.size();
        float[] batch = new float[patches.size() * views * length];
        for (int i = 0; i < patches.size(); i++) {
            for (int m = 0; m < views; m++) {
                sampler.normalise(patches.get(i), mirrorings.get(m), 0, 1, batch, (i * views + m) * length);
            }
        }
        float[][] logits = stage.logits(batch, patches.size() * views);
        float[][] mean = new float[patches.size()][1];
        for (int i = 0; i < patches.size(); i++) {
            double sum = 0;
            for (int m = 0; m < views; m++) {
                sum += logits[i * views + m][0];
            }
            mean[i][0] = (float) (sum / views);
        }
        return mean;
    }
}
