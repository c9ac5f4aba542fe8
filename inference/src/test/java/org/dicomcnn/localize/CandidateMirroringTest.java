package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.dicomcnn.classify.CandidateClassifier;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.model.DefaultModel;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.preprocess.PatchSampler;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test-time mirroring of the candidate stage, with the default model's own nodule stage: a
 * candidate scored in n mirrorings gets the calibrated mean of the logits the stage gives each
 * mirrored patch alone, computed here independently of {@link CandidateClassifier}.
 */
class CandidateMirroringTest {

    @Test
    void averagesTheLogitsOfEveryMirroring(@TempDir Path cache) throws Exception {
        Volume v = new SyntheticChest(96, 21).nodule(30, 45, 20, 5, 40).nodule(70, 40, 24, 4, -600)
                .vessel(62, 56, 1.5).build();
        try (ModelRuntime runtime = ModelRuntime.open(DefaultModel.bundle(cache), DeviceChoice.CPU)) {
            ModelRuntime stage = runtime.candidateStage("nodule");
            PatchSampler sampler = new PatchSampler(stage.manifest().input());
            int length = sampler.inputLength();
            List<BlobCandidates.Candidate> proposed = BlobCandidates.find(v, 20);
            assertTrue(proposed.size() >= 3, proposed.size() + " candidates");
            for (int n : new int[] {1, 4, 8}) {
                List<SliceScores.Candidate> scored = new CandidateClassifier(stage, 0, 20, 0, n).score(v);
                assertEquals(proposed.size(), scored.size());
                List<PatchSampler.Orientation> views = PatchSampler.Orientation.first(n);
                for (BlobCandidates.Candidate c : proposed) {
                    short[] hu = new short[length];
                    sampler.sampleHu(v, c.voxel(), hu);
                    double sum = 0;
                    for (PatchSampler.Orientation o : views) {
                        float[] x = new float[length];
                        sampler.normalise(hu, o, 0, 1, x, 0);
                        sum += stage.logits(x, 1)[0][0];
                    }
                    double expected = ModelRuntime.probabilities(new float[][] {{(float) (sum / n)}},
                            stage.manifest())[0][0];
                    SliceScores.Candidate got = scored.stream()
                            .filter(s -> java.util.Arrays.equals(s.voxel(), c.voxel())).findFirst().orElseThrow();
                    assertEquals(expected, got.probability(), 1e-4, n + " mirrorings at " + java.util.Arrays.toString(c.voxel()));
                }
                List<Double> p = scored.stream().map(SliceScores.Candidate::probability).toList();
                assertEquals(p.stream().sorted(Comparator.reverseOrder()).toList(), p, "most probable first");
            }
            // the mirrorings are views the network tells apart: averaging them changes some scores
            List<SliceScores.Candidate> one = new CandidateClassifier(stage, 0, 20, 0, 1).score(v);
            List<SliceScores.Candidate> eight = new CandidateClassifier(stage, 0, 20, 0, 8).score(v);
            assertFalse(one.stream().map(SliceScores.Candidate::probability).toList()
                    .equals(eight.stream().map(SliceScores.Candidate::probability).toList()));
        }
    }

    @Test
    void mirroringsAreOneTwoFourOrEight() {
        assertEquals(PatchSampler.Orientation.IDENTITY, PatchSampler.Orientation.first(1).get(0));
        assertEquals(List.of(PatchSampler.Orientation.IDENTITY, new PatchSampler.Orientation(true, false, false)),
                PatchSampler.Orientation.first(2));
        assertEquals(8, PatchSampler.Orientation.first(8).stream().distinct().count());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PatchSampler.Orientation.first(3));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void scoringReportsEachBatchAndStopsWhenCancelled(@TempDir Path cache) throws Exception {
        SyntheticChest chest = new SyntheticChest(128, 30);
        for (int n = 0; n < 6; n++) {
            chest.nodule(30 + 6 * (n % 2), 40 + 9 * n, 14 + 6 * (n % 3), 3.5, 40)
                    .nodule(88 + 6 * (n % 2), 40 + 9 * n, 20 + 6 * (n % 3), 3.5, 40);
        }
        Volume v = chest.build();
        try (ModelRuntime runtime = ModelRuntime.open(DefaultModel.bundle(cache), DeviceChoice.CPU)) {
            // 8 mirrorings: 8 candidates per batch, so 20 candidates take three batches
            CandidateClassifier classifier = new CandidateClassifier(runtime.candidateStage("nodule"), 0, 20, 0, 8);
            List<Long> reported = new java.util.ArrayList<>();
            ProgressListener stopAfterFirstBatch = new ProgressListener() {
                @Override
                public void progress(long done, long total, String phase) {
                    reported.add(done);
                }

                @Override
                public boolean cancelled() {
                    return !reported.isEmpty();
                }
            };
            assertThrows(java.util.concurrent.CancellationException.class,
                    () -> classifier.score(v, stopAfterFirstBatch));
            assertEquals(List.of(0L), reported, "stopped before the second batch");
            List<Long> all = new java.util.ArrayList<>();
            int scored = classifier.score(v, (done, total, phase) -> all.add(done)).size();
            assertTrue(scored > 8, scored + " candidates: the test needs two batches or more");
            List<Long> batches = new java.util.ArrayList<>();
            for (long first = 0; first < scored; first += 8) {
                batches.add(first);
            }
            assertEquals(batches, all, "one report per batch of 8");
        }
    }
}
