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
 * with the stage's model in batches. Probabilities are calibrated by the stage's own calibration.
 *
 * <pre>{@code
 * ModelRuntime stage = runtime.candidateStage("nodule");
 * List<SliceScores.Candidate> scored = new CandidateClassifier(stage, 0, 400).score(volume);
 * }</pre>
 */
public final class CandidateClassifier {

    /** Patches per forward pass. */
    static final int BATCH = 64;

    private final ModelRuntime stage;
    private final int classIndex;
    private final int maxCandidates;
    private final PatchSampler sampler;

    /**
     * @param stage the candidate stage's open model
     * @param classIndex the main model's index of the class the stage scores
     * @param maxCandidates candidates scored per volume
     */
    public CandidateClassifier(ModelRuntime stage, int classIndex, int maxCandidates) {
        this.stage = stage;
        this.classIndex = classIndex;
        this.maxCandidates = maxCandidates;
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
        List<SliceScores.Candidate> out = new ArrayList<>(proposed.size());
        for (int first = 0; first < proposed.size(); first += BATCH) {
            int n = Math.min(BATCH, proposed.size() - first);
            float[] batch = new float[n * length];
            for (int i = 0; i < n; i++) {
                sampler.fill(v, proposed.get(first + i).voxel(), PatchSampler.Orientation.IDENTITY, batch, i * length);
            }
            float[][] p = ModelRuntime.probabilities(stage.logits(batch, n), stage.manifest());
            for (int i = 0; i < n; i++) {
                BlobCandidates.Candidate c = proposed.get(first + i);
                out.add(new SliceScores.Candidate(classIndex, c.voxel(), c.diameterMm(), p[i][0]));
            }
        }
        out.sort(Comparator.comparingDouble(SliceScores.Candidate::probability).reversed());
        return out;
    }
}
