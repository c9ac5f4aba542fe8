package org.dicomcnn.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.cohort.CohortGenerator;
import org.dicomcnn.samples.cohort.GeneratorOptions;
import org.dicomcnn.training.data.DatasetBuilder;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.PatientSplit;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.volume.SeriesLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's guarantees, on a few generated patients and a very small network: a fixed seed
 * gives the same weights, a run killed between epochs resumes after the last finished epoch, and
 * the CSV log gets one row per epoch.
 */
class ModelTrainerTest {

    @TempDir
    static Path dir;

    static List<LabelledSeries> train;
    static List<LabelledSeries> validation;

    /**
     * A small network that still trains reproducibly: with 4-filter stages or single-channel input,
     * PyTorch 2.5.1's CPU backward pass on 2 threads gave thread-timing-dependent (now and then
     * NaN) gradients; from 8 filters and 3 channels it is bitwise repeatable (docs/training.md) as
     * long as allocations are zeroed (AllocatorTuning): without that, this test once failed in the
     * full suite, after other tests had left their data in freed memory.
     */
    static TrainingConfig config(int epochs) {
        Manifest.InputSpec input = new Manifest.InputSpec("CT", List.of(new Manifest.Window(-600, 1500)), 64, 6, 1, 6,
                0.5, 0.25);
        return new TrainingConfig("t", "1", Manifest.Architecture.plainCnn(2, 8), input, PhantomLabels.CLASSES, epochs,
                64, 16, "adam", 0.003, "cosine", 1e-4, 5, 0, 48, Augmentation.DEFAULT, 0.3, 256L << 20);
    }

    /** {@link #config} with patience 1: this seed stops early. */
    static TrainingConfig impatient(int epochs) {
        TrainingConfig c = config(epochs);
        return new TrainingConfig(c.name(), c.version(), c.architecture(), c.input(), c.classes(), c.epochs(),
                c.samplesPerEpoch(), c.batchSize(), c.optimizer(), c.learningRate(), c.schedule(), c.weightDecay(),
                c.seed(), 1, c.validationSamples(), c.augmentation(), c.positiveFraction(), c.cacheBytes());
    }

    @BeforeAll
    static void data() throws Exception {
        Path cohort = dir.resolve("cohort");
        CohortGenerator.generate(GeneratorOptions.builder(cohort).optSeed(8).optPatients(4).optStudiesPerPatient(2)
                .optMatrix(64).optSlices(24).optEffusionFraction(1).optTreePoints(200).build());
        List<LabelledSeries> data = DatasetBuilder.build(DicomIndex.scan(cohort, ProgressListener.NONE),
                new PhantomLabels(), "CT", new SeriesLoader(), ProgressListener.NONE);
        PatientSplit split = PatientSplit.of(data, 0.75, 0.25, 1);
        train = split.select(data, PatientSplit.Part.TRAIN);
        validation = split.select(data, PatientSplit.Part.VALIDATION);
    }

    @Test
    void sameSeedGivesTheSameWeights() throws Exception {
        Steps stepsA = new Steps();
        ModelTrainer.Result a = new ModelTrainer(config(2), dir.resolve("a")).observingSteps(stepsA).train(train,
                validation, ProgressListener.NONE);
        Steps stepsB = new Steps();
        ModelTrainer.Result b = new ModelTrainer(config(2), dir.resolve("b")).observingSteps(stepsB).train(train,
                validation, ProgressListener.NONE);
        assertEquals(stepsA.started.get(1), stepsB.started.get(1), "starting weights");
        Steps.assertBitwiseSame(stepsA, stepsB, 1);
        Steps.assertBitwiseSame(stepsA, stepsB, 2);
        assertEquals(ModelBundle.sha256(a.bestParams()), ModelBundle.sha256(b.bestParams()));
        assertEquals(a.rows().get(1).trainLoss(), b.rows().get(1).trainLoss());
        assertArrayEquals(a.validation().logits()[0], b.validation().logits()[0]);
    }

    @Test
    void aRunKilledBetweenEpochsResumesAfterTheLastFinishedOne() throws Exception {
        Path work = dir.resolve("resumed");
        AtomicBoolean stop = new AtomicBoolean();
        ProgressListener killAfterFirstEpoch = new ProgressListener() {
            @Override
            public void progress(long done, long total, String phase) {
                if (phase.startsWith("epoch 1/") && done == total) {
                    stop.set(true);
                }
            }

            @Override
            public boolean cancelled() {
                return stop.get();
            }
        };
        Steps killed = new Steps();
        assertThrows(CancellationException.class, () -> new ModelTrainer(config(3), work).observingSteps(killed)
                .train(train, validation, killAfterFirstEpoch));
        List<String> logAfterKill = Files.readAllLines(work.resolve("training-log.csv"));
        assertEquals(2, logAfterKill.size(), "header and epoch 1");

        Steps resumedSteps = new Steps();
        ModelTrainer.Result resumed = new ModelTrainer(config(3), work).observingSteps(resumedSteps).train(train,
                validation, ProgressListener.NONE);
        assertEquals(List.of(1, 2, 3), resumed.rows().stream().map(EpochLog.Row::epoch).toList());
        List<String> log = Files.readAllLines(work.resolve("training-log.csv"));
        assertEquals(4, log.size());
        assertEquals(logAfterKill.get(1), log.get(1), "epoch 1 is kept, not trained again");
        assertTrue(Files.isRegularFile(resumed.bestParams()));

        // Sampling, augmentation, learning rate and Adam's moments and step count all go on where
        // they stopped: the resumed run trains exactly as an uninterrupted one.
        Steps straightSteps = new Steps();
        ModelTrainer.Result straight = new ModelTrainer(config(3), dir.resolve("straight")).observingSteps(straightSteps)
                .train(train, validation, ProgressListener.NONE);
        assertTrue(Files.isRegularFile(work.resolve("checkpoint").resolve(ModelTrainer.ADAM_STATE)));
        // Step by step first, so that a difference says where the runs part: the starting weights, a
        // batch, or only the arithmetic on the same batch.
        assertEquals(straightSteps.started.get(1), killed.started.get(1), "starting weights");
        Steps.assertBitwiseSame(straightSteps, killed, 1);
        assertEquals(straightSteps.finished.get(1), killed.finished.get(1), "weights after epoch 1");
        assertEquals(straightSteps.finished.get(1), resumedSteps.started.get(2), "weights the resumed run starts from");
        Steps.assertBitwiseSame(straightSteps, resumedSteps, 2);
        Steps.assertBitwiseSame(straightSteps, resumedSteps, 3);
        for (int e = 0; e < 3; e++) {
            assertEquals(straight.rows().get(e).trainLoss(), resumed.rows().get(e).trainLoss(), "epoch " + (e + 1));
            assertArrayEquals(straight.rows().get(e).validationAuc(), resumed.rows().get(e).validationAuc());
        }
        assertEquals(ModelBundle.sha256(work.resolve("checkpoint").resolve("checkpoint-0000.params")),
                ModelBundle.sha256(dir.resolve("straight").resolve("checkpoint").resolve("checkpoint-0000.params")),
                "the last epoch's weights");
    }

    /** Every step of a run, as {@link ModelTrainer.StepObserver} reports it. */
    static final class Steps implements ModelTrainer.StepObserver {

        /** One optimisation step. */
        record Step(int epoch, int step, int batchHash, float loss) {}

        final Map<Integer, Integer> started = new TreeMap<>();
        final Map<Integer, Integer> finished = new TreeMap<>();
        final List<Step> steps = new ArrayList<>();

        @Override
        public void started(int firstEpoch, int weightsHash) {
            started.put(firstEpoch, weightsHash);
        }

        @Override
        public void step(int epoch, int step, int batchHash, float loss) {
            steps.add(new Step(epoch, step, batchHash, loss));
        }

        @Override
        public void finished(int epoch, int weightsHash) {
            finished.put(epoch, weightsHash);
        }

        /** Fails with where two runs' steps of an epoch first differ, unless every step is bitwise the same. */
        static void assertBitwiseSame(Steps expected, Steps actual, int epoch) {
            String difference = firstDifference(expected, actual, epoch);
            if (difference != null) {
                fail(difference);
            }
        }

        private static String firstDifference(Steps expected, Steps actual, int epoch) {
            List<Step> a = expected.steps.stream().filter(s -> s.epoch() == epoch).toList();
            List<Step> b = actual.steps.stream().filter(s -> s.epoch() == epoch).toList();
            if (a.size() != b.size()) {
                return "epoch " + epoch + ": " + a.size() + " steps against " + b.size();
            }
            for (int i = 0; i < a.size(); i++) {
                Step x = a.get(i);
                Step y = b.get(i);
                if (x.batchHash() != y.batchHash()) {
                    return "epoch " + epoch + " step " + x.step() + ": the batches differ (inputs, targets or mask)";
                }
                if (Float.floatToRawIntBits(x.loss()) != Float.floatToRawIntBits(y.loss())) {
                    return "epoch " + epoch + " step " + x.step() + ": the same batch gave loss " + y.loss()
                            + " instead of " + x.loss() + " (earlier steps bitwise the same)";
                }
            }
            return null;
        }
    }

    /** A run that stopped early is finished: started again, it trains no further epoch. */
    @Test
    void aRunThatStoppedEarlyStaysStoppedWhenStartedAgain() throws Exception {
        TrainingConfig impatient = impatient(8);
        Path work = dir.resolve("early");
        ModelTrainer.Result first = new ModelTrainer(impatient, work).train(train, validation, ProgressListener.NONE);
        assertTrue(first.rows().size() < 8, "this seed stops early: " + first.rows().size() + " epochs");
        List<String> log = Files.readAllLines(work.resolve("training-log.csv"));

        ModelTrainer.Result again = new ModelTrainer(impatient, work).train(train, validation, ProgressListener.NONE);
        assertEquals(first.rows().size(), again.rows().size());
        assertEquals(first.bestEpoch(), again.bestEpoch());
        assertEquals(log, Files.readAllLines(work.resolve("training-log.csv")));
    }

    /**
     * Keeping the last epoch: the configuration that stops early above (patience 1) runs all its
     * epochs, and the weights returned are the last epoch's, whatever its AUC.
     */
    @Test
    void keepingTheLastEpochRunsEveryEpochAndReturnsTheLast() throws Exception {
        TrainingConfig impatient = impatient(8);
        Path work = dir.resolve("last");
        ModelTrainer.Result r = new ModelTrainer(impatient, work).keepingLast().train(train, validation,
                ProgressListener.NONE);
        assertEquals(8, r.rows().size(), "no early stop");
        assertEquals(8, r.bestEpoch());
        assertEquals(r.rows().get(7).meanAuc(), r.bestMeanAuc());
        assertArrayEquals(afterPrefix(work.resolve("checkpoint").resolve("checkpoint-0000.params")),
                afterPrefix(r.bestParams()), "the last epoch's weights");
    }

    /**
     * A DJL parameter file without its header: "DJL@", a version int and the prefix it was saved
     * under (a modified-UTF-8 string: 2 bytes of length, then the bytes), which differ between
     * a checkpoint and the best weights.
     */
    private static byte[] afterPrefix(Path params) throws java.io.IOException {
        byte[] all = Files.readAllBytes(params);
        int length = ((all[8] & 0xff) << 8) | (all[9] & 0xff);
        return java.util.Arrays.copyOfRange(all, 10 + length, all.length);
    }

    /** Choosing on effusion alone: the nodule AUC is logged but neither picks the epoch nor stops the run. */
    @Test
    void theBestEpochIsChosenOnTheNamedClassesOnly() throws Exception {
        ModelTrainer.Result r = new ModelTrainer(config(4), dir.resolve("effusion-only"))
                .choosingOn(List.of("effusion")).train(train, validation, ProgressListener.NONE);
        int effusion = PhantomLabels.CLASSES.indexOf("effusion");
        double best = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        for (EpochLog.Row row : r.rows()) {
            assertEquals(row.validationAuc()[effusion], row.meanAuc(), "row " + row.epoch());
            assertEquals(2, row.validationAuc().length, "every class's AUC is still logged");
            if (row.meanAuc() > best) {
                best = row.meanAuc();
                bestEpoch = row.epoch();
            }
        }
        assertEquals(bestEpoch, r.bestEpoch());
        assertEquals(best, r.bestMeanAuc());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelTrainer(config(1), dir.resolve("x")).choosingOn(List.of("pneumothorax")));
        assertTrue(e.getMessage().contains("pneumothorax"), e.getMessage());
    }

    @Test
    void refusesDataWithoutPositivesOfEveryClass() {
        List<LabelledSeries> noEffusion = train.stream().filter(s -> !s.seriesLabels()[1]).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelTrainer(config(1), dir.resolve("none")).train(noEffusion, validation,
                        ProgressListener.NONE));
        assertTrue(e.getMessage().contains("positive samples of every class"), e.getMessage());
    }
}
