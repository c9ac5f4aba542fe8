package org.dicomcnn.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dicomcnn.localize.BlobCandidates;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelRuntime;
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
 * List<SliceScores.Candidate> scored = new CandidateClassifier(stage, 0, 400, 1).score(volume);
 * }</pre>
 */
public final class CandidateClassifier {

    /** Patches per forward pass. */
    static final int BATCH = 64;

    private final ModelRuntime stage;
    private final int classIndex;
    private final int maxCandidates;
    private final List<PatchSampler.Orientation> mirrorings;
    private final PatchSampler sampler;

    /**
     * @param stage the candidate stage's open model
     * @param classIndex the main model's index of the class the stage scores
     * @param maxCandidates candidates scored per volume
     * @param mirrorings mirrorings averaged per candidate ({@link PatchSampler.Orientation#first}: 1, 2, 4 or 8)
     */
    public CandidateClassifier(ModelRuntime stage, int classIndex, int maxCandidates, int mirrorings) {
        this.stage = stage;
        this.classIndex = classIndex;
        this.maxCandidates = maxCandidates;
        this.mirrorings = PatchSampler.Orientation.first(mirrorings);
        this.sampler = new PatchSampler(stage.manifest().input());
    }

    /**
     * Proposes and scores candidates.
     *
     * @param v the volume, in HU
     * @return the candidates, most probable first
     * @throws InferenceException if the model fails
     */
    public List<SliceScores.Candidate> score(Volume v) throws InferenceException {
        List<BlobCandidates.Candidate> proposed = BlobCandidates.find(v, maxCandidates);
        int length = sampler.inputLength();
        int views = mirrorings.size();
        int perBatch = Math.max(1, BATCH / views);
        short[] hu = new short[length];
        List<SliceScores.Candidate> out = new ArrayList<>(proposed.size());
        for (int first = 0; first < proposed.size(); first += perBatch) {
            int n = Math.min(perBatch, proposed.size() - first);
            float[] batch = new float[n * views * length];
            for (int i = 0; i < n; i++) {
                sampler.sampleHu(v, proposed.get(first + i).voxel(), hu);
                for (int m = 0; m < views; m++) {
                    sampler.normalise(hu, mirrorings.get(m), 0, 1, batch, (i * views + m) * length);
                }
            }
            float[][] logits = stage.logits(batch, n * views);
            float[][] mean = new float[n][1];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int m = 0; m < views; m++) {
                    sum += logits[i * views + m][0];
                }
                mean[i][0] = (float) (sum / views);
            }
            float[][] p = ModelRuntime.probabilities(mean, stage.manifest());
            for (int i = 0; i < n; i++) {
                BlobCandidates.Candidate c = proposed.get(first + i);
                out.add(new SliceScores.Candidate(classIndex, c.voxel(), c.diameterMm(), p[i][0]));
            }
        }
        out.sort(Comparator.comparingDouble(SliceScores.Candidate::probability).reversed());
        return out;
    }
}
