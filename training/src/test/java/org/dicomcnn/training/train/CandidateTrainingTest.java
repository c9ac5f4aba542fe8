package org.dicomcnn.training.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.preprocess.PatchSampler;
import org.dicomcnn.samples.cohort.CohortGenerator;
import org.dicomcnn.samples.cohort.GeneratorOptions;
import org.dicomcnn.training.data.CandidateLabels;
import org.dicomcnn.training.data.DatasetBuilder;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.PatientSplit;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.volume.Volume;
import org.dicomcnn.volume.SeriesLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The candidate classifier's training path: the product's own proposals on generated phantoms,
 * labelled by their ground truth ({@link CandidateLabels}), as triplanar patches
 * ({@link CandidateSample}, the inference module's PatchSampler) through {@link ModelTrainer}.
 * Eight epochs of 1024 patches (about a minute) must tell nodules from the other proposals (mostly
 * vessel branchings) clearly better than chance on patients it never saw (best AUC 0.78, epoch 6,
 * when written).
 */
class CandidateTrainingTest {

    @TempDir
    static Path dir;

    static List<CandidateSample> train = new ArrayList<>();
    static List<CandidateSample> validation = new ArrayList<>();

    static final Manifest.InputSpec PATCH = Manifest.InputSpec.triplanar("CT", new Manifest.Window(-600, 1500), 32,
            1.25, 0.5, 0.25);

    @BeforeAll
    static void data() throws Exception {
        Path cohort = dir.resolve("cohort");
        CohortGenerator.generate(GeneratorOptions.builder(cohort).optSeed(21).optPatients(8).optStudiesPerPatient(2)
                .optMatrix(128).optSlices(48).optEffusionFraction(0).optTreePoints(300).build());
        SeriesLoader loader = new SeriesLoader();
        List<LabelledSeries> data = DatasetBuilder.build(DicomIndex.scan(cohort, ProgressListener.NONE),
                new PhantomLabels(), "CT", loader, ProgressListener.NONE);
        PatientSplit split = PatientSplit.of(data, 0.7, 0.3, 2);
        Set<LabelledSeries> validationSeries = Set.copyOf(split.select(data, PatientSplit.Part.VALIDATION));
        CandidateSample.Inputs inputs = new CandidateSample.Inputs(new PatchSampler(PATCH), Augmentation.DEFAULT);
        Random random = new Random(5);
        for (LabelledSeries s : data) {
            var truth = PhantomLabels.truthOf(s.series()).orElseThrow();
            Volume v = loader.load(s.series(), ProgressListener.NONE).volumes().get(0);
            for (CandidateLabels.Candidate c : CandidateLabels.of(v, truth, 150, 0)) {
                CandidateSample sample = CandidateSample.of(s.series().seriesInstanceUid(), v, c, inputs, random);
                (validationSeries.contains(s) ? validation : train).add(sample);
            }
        }
    }

    @Test
    void learnsToTellNodulesFromOtherProposals() throws Exception {
        TrainingConfig config = new TrainingConfig("candidates", "0.0.1", Manifest.Architecture.plainCnn(3, 16), PATCH,
                List.of("nodule"), 8, 1024, 32, "adam", 0.003, "cosine", 1e-4, 9, 0, 400, Augmentation.DEFAULT, 0.4,
                1L << 30);
        long positives = validation.stream().filter(s -> s.positive(0)).count();
        long negatives = validation.stream().filter(s -> s.negativeForAll(1)).count();
        assertTrue(positives >= 10 && negatives >= 100, "validation: " + positives + "+ / " + negatives + "-");
        ModelTrainer.Result r = new ModelTrainer(config, dir.resolve("work")).trainOn(train, validation,
                ProgressListener.NONE);
        assertTrue(r.bestMeanAuc() >= 0.75, "validation AUC of nodules against the other proposals, per epoch: "
                + r.rows().stream().map(EpochLog.Row::meanAuc).toList());
    }
}
