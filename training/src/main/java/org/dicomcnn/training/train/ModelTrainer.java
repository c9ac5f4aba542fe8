package org.dicomcnn.training.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dicomcnn.model.Architectures;
import org.dicomcnn.model.EngineSetup;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.NetworkBlocks;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.VolumeCache;
import org.dicomcnn.training.eval.Roc;
import org.dicomcnn.volume.SeriesLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a multi-label classifier with DJL's PyTorch engine, on slices ({@link SliceSample}) or
 * on any other {@link TrainingSample}s.
 *
 * <ul>
 *   <li>Each epoch draws {@code samplesPerEpoch} samples: for each class, a share
 *       {@code positiveFraction} from its positive samples, the rest from samples negative for
 *       every class (class balance by sampling), then visits them group (series) by group in a
 *       shuffled order so that loaded volumes are reused (a bounded {@link VolumeCache}).</li>
 *   <li>Samples write their own, augmented, input: a slice through the inference module's
 *       {@link Preprocessor}, the same code path as at run time; the next batch is prepared on
 *       another thread while the model trains on the current one.</li>
 *   <li>After each epoch a fixed, class-balanced validation set is scored; the mean AUC over
 *       classes (or over the classes named by {@link #choosingOn}) decides the best epoch and
 *       early stopping ({@code patience}); or, {@link #keepingLast}, every epoch runs and the
 *       last one is kept.</li>
 *   <li>A checkpoint (weights and state) is written after every epoch; a run started again in
 *       the same work folder resumes after the last finished epoch. Everything random derives
 *       from the seed and the epoch number, so a resumed run samples what an uninterrupted one
 *       would; with Adam ({@link CheckpointedAdam}) its moment estimates and step count are
 *       restored too, so it ends with the same weights. SGD's momentum restarts.</li>
 *   <li>A CSV log ({@link EpochLog}) gets one row per epoch.</li>
 *   <li>It trains on the GPU when DJL sees one ({@code DeviceChoice.AUTO}), else on the CPU.</li>
 * </ul>
 */
public final class ModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);

    /** Adam's moment estimates in the checkpoint folder ({@link CheckpointedAdam}). */
    static final String ADAM_STATE = "adam.ndlist";

    /** Series visited together; their volumes are loaded while the previous group trains. */
    static final int SERIES_PER_GROUP = 16;

    private final TrainingConfig config;
    private final Path workDir;
    private final int classes;
    private final Path initialParams;
    /** Per class: does its validation AUC count towards the mean that chooses the best epoch. */
    private final boolean[] choosing;
    private final boolean keepLast;
    /** Sees every step's batch and loss; null except in tests ({@link #observingSteps}). */
    private final StepObserver observer;

    /**
     * What a test sees of a run, step by step, to tell where two runs that should be identical part:
     * in the starting weights, in a batch's inputs, or only in the arithmetic on identical inputs.
     */
    interface StepObserver {
        /**
         * Called once the weights are initialised or loaded, before the first epoch the run trains.
         *
         * @param firstEpoch the epoch about to be trained (from 1)
         * @param weightsHash a hash of every parameter's values
         */
        void started(int firstEpoch, int weightsHash);

        /**
         * Called after each optimisation step.
         *
         * @param epoch the epoch (from 1)
         * @param step the step within it (from 1)
         * @param batchHash a hash of the batch's inputs, targets and mask
         * @param loss the batch's loss
         */
        void step(int epoch, int step, int batchHash, float loss);

        /**
         * Called after each epoch's optimisation steps, before validation.
         *
         * @param epoch the epoch (from 1)
         * @param weightsHash a hash of every parameter's values
         */
        void finished(int epoch, int weightsHash);
    }

    /**
     * The validation set scored by the best weights.
     *
     * @param samples the samples
     * @param logits their logits
     */
    public record ValidationScores(List<TrainingSample> samples, float[][] logits) {}

    /**
     * What a run produced.
     *
     * @param bestParams the weights of the best epoch
     * @param bestEpoch that epoch (from 1)
     * @param bestMeanAuc its mean validation AUC
     * @param rows the log
     * @param validation the validation set scored by the best weights
     */
    public record Result(Path bestParams, int bestEpoch, double bestMeanAuc, List<EpochLog.Row> rows,
            ValidationScores validation) {}

    /** The state saved with each checkpoint. */
    record State(int epoch, int bestEpoch, double bestMeanAuc, int epochsWithoutImprovement, List<EpochLog.Row> rows) {}

    /**
     * @param config the run's configuration
     * @param workDir where checkpoints, the best weights and the log go; a run resumes from it
     */
    public ModelTrainer(TrainingConfig config, Path workDir) {
        this(config, workDir, null, null, false, null);
    }

    private ModelTrainer(TrainingConfig config, Path workDir, Path initialParams, boolean[] choosing,
            boolean keepLast, StepObserver observer) {
        this.config = config;
        this.workDir = workDir;
        this.classes = config.classes().size();
        this.initialParams = initialParams;
        if (choosing == null) {
            choosing = new boolean[classes];
            java.util.Arrays.fill(choosing, true);
        }
        this.choosing = choosing;
        this.keepLast = keepLast;
        this.observer = observer;
    }

    /**
     * The same trainer with the best epoch and early stopping decided by the mean validation AUC
     * of some classes only: those this network's scores are used for (a slice classifier whose
     * nodule scores a candidate stage replaces is judged on its other classes). The log still
     * shows every class's AUC.
     *
     * @param classNames some of the configuration's classes
     * @return the trainer
     * @throws IllegalArgumentException for an unknown class or none
     */
    public ModelTrainer choosingOn(List<String> classNames) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("at least one class must choose the best epoch");
        }
        boolean[] mask = new boolean[classes];
        for (String name : classNames) {
            int c = config.classes().indexOf(name);
            if (c < 0) {
                throw new IllegalArgumentException("class " + name + " is not one of " + config.classes());
            }
            mask[c] = true;
        }
        return new ModelTrainer(config, workDir, initialParams, mask, keepLast, observer);
    }

    /**
     * The same trainer keeping the last epoch's weights instead of the best validation AUC's, with
     * no early stopping: for a validation AUC that has saturated (a candidate stage's reaches
     * 0.999 and then moves by noise, so the "best" epoch is a draw), where the end of the
     * learning-rate schedule is the better choice. The log still shows every epoch's AUC; the
     * result's AUC is the last epoch's.
     *
     * @return the trainer
     */
    public ModelTrainer keepingLast() {
        return new ModelTrainer(config, workDir, initialParams, choosing, true, observer);
    }

    /**
     * The same trainer starting from trained weights instead of random ones (fine-tuning); a
     * resumed run still starts from its own last checkpoint.
     *
     * @param params a weights file of the same network ({@code <prefix>-0000.params}, as
     *     {@link Result#bestParams()} names it)
     * @return the trainer
     */
    public ModelTrainer startingFrom(Path params) {
        return new ModelTrainer(config, workDir, params, choosing, keepLast, observer);
    }

    /**
     * The same trainer reporting every step to {@code observer}: for tests that compare runs step by
     * step. Hashing the batches costs a pass over each; production runs do not observe.
     *
     * @param observer sees the starting weights and every step
     * @return the trainer
     */
    ModelTrainer observingSteps(StepObserver observer) {
        return new ModelTrainer(config, workDir, initialParams, choosing, keepLast, observer);
    }

    /**
     * Trains a slice classifier (or resumes training) and returns the best epoch's weights.
     *
     * @param train training series
     * @param validation validation series
     * @param progress "epoch n/N loss ... img/s" progress per batch
     * @return the result
     * @throws IOException if checkpoints or the log cannot be written
     * @throws InferenceException if the engine fails
     */
    public Result train(List<LabelledSeries> train, List<LabelledSeries> validation, ProgressListener progress)
            throws IOException, InferenceException {
        SliceSample.Inputs inputs = new SliceSample.Inputs(new Preprocessor(config.input()), config.augmentation(),
                new VolumeCache(new SeriesLoader(), config.cacheBytes()));
        return trainOn(SliceSample.of(train, inputs), SliceSample.of(validation, inputs), progress);
    }

    /**
     * Trains on any samples (or resumes training) and returns the best epoch's weights.
     *
     * @param train training samples
     * @param validation validation samples
     * @param progress "epoch n/N loss ... img/s" progress per batch
     * @return the result
     * @throws IOException if checkpoints or the log cannot be written
     * @throws InferenceException if the engine fails
     */
    public Result trainOn(List<? extends TrainingSample> train, List<? extends TrainingSample> validation,
            ProgressListener progress) throws IOException, InferenceException {
        Files.createDirectories(workDir);
        Path checkpointDir = workDir.resolve("checkpoint");
        Path bestDir = workDir.resolve("best");
        Path stateFile = checkpointDir.resolve("state.json");
        Engine engine = EngineSetup.engine();
        engine.setRandomSeed((int) config.seed());
        org.dicomcnn.model.AllocatorTuning.apply();
        int size = config.input().size();
        int channels = config.input().channels();
        int length = channels * size * size;
        NetworkBlocks blocks = Architectures.build(config.architecture(), channels, size, classes);
        SequentialBlock network = blocks.network();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        State state = Files.exists(stateFile) ? json.readValue(stateFile.toFile(), State.class)
                : new State(0, 0, Double.NEGATIVE_INFINITY, 0, List.of());
        List<TrainingSample> validationSet = validationSet(validation);
        List<TrainingSample>[] positives = positives(train);
        List<TrainingSample> negatives = negatives(train);
        if (negatives.isEmpty() || java.util.Arrays.stream(positives).anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("training data needs positive samples of every class and negative samples; "
                    + "positives per class " + java.util.Arrays.stream(positives).map(List::size).toList() + ", negatives "
                    + negatives.size());
        }
        LOG.info("training {} on {} samples ({} positive per class {}, {} negative), validating on {}", config.name(),
                train.size(), config.classes(), java.util.Arrays.stream(positives).map(List::size).toList(),
                negatives.size(), validationSet.size());
        ExecutorService prep = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "train-batches");
            t.setDaemon(true);
            return t;
        });
        List<EpochLog.Row> rows = new ArrayList<>(state.rows());
        Device device = org.dicomcnn.model.DeviceChoice.AUTO.resolve(engine);
        LOG.info("training on {}", device);
        try (Model model = Model.newInstance(config.name(), device, EngineSetup.ENGINE_NAME)) {
            model.setBlock(network);
            if (state.epoch() > 0) {
                model.load(checkpointDir, "checkpoint");
                LOG.info("resuming after epoch {} (best {} at epoch {})", state.epoch(), state.bestMeanAuc(),
                        state.bestEpoch());
            } else if (initialParams != null) {
                String file = initialParams.getFileName().toString();
                model.load(initialParams.getParent(), file.substring(0, file.lastIndexOf('-')));
                LOG.info("starting from the weights in {}", initialParams);
            }
            int stepsPerEpoch = Math.max(1, config.samplesPerEpoch() / config.batchSize());
            // The step count goes on from the checkpoint: learning rate and Adam's bias correction as uninterrupted.
            int stepsDone = state.epoch() * stepsPerEpoch;
            Tracker tracker = update -> (float) config.learningRateAt(update / stepsPerEpoch);
            CheckpointedAdam adam = null;
            Optimizer optimizer;
            if (config.optimizer().equalsIgnoreCase("sgd")) {
                optimizer = Optimizer.sgd().setLearningRateTracker(tracker).optMomentum(0.9f)
                        .optWeightDecays((float) config.weightDecay()).optBeginNumUpdate(stepsDone).build();
            } else {
                adam = CheckpointedAdam.builder().optLearningRateTracker(tracker)
                        .optWeightDecays((float) config.weightDecay()).optBeginNumUpdate(stepsDone).build()
                        .naming(network);
                optimizer = adam;
            }
            Path adamState = checkpointDir.resolve(ADAM_STATE);
            if (adam != null && state.epoch() > 0) {
                if (Files.exists(adamState)) {
                    LOG.info("restored Adam's moments of {} parameters", adam.restore(adamState, model.getNDManager()));
                } else {
                    LOG.info("no saved Adam moments (a checkpoint of an older version): they restart at zero");
                }
            }
            DefaultTrainingConfig djl = new DefaultTrainingConfig(new MaskedSigmoidLoss()).optOptimizer(optimizer)
                    .optDevices(new Device[] {device});
            State current = state;
            try (Trainer trainer = model.newTrainer(djl)) {
                trainer.initialize(new Shape(config.batchSize(), channels, size, size));
                if (observer != null) {
                    observer.started(state.epoch() + 1, weightsHash(network));
                }
                for (int epoch = state.epoch() + 1; epoch <= config.epochs(); epoch++) {
                    // Checked before each epoch, so a run that stopped early stays stopped when started again.
                    if (!keepLast && config.patience() > 0 && current.epochsWithoutImprovement() >= config.patience()) {
                        LOG.info("early stop: no better validation AUC in {} epochs", config.patience());
                        break;
                    }
                    if (progress.cancelled()) {
                        throw new CancellationException("training cancelled after epoch " + (epoch - 1));
                    }
                    long t0 = System.nanoTime();
                    List<TrainingSample> plan = plan(positives, negatives, new Random(config.seed() * 1_000_003L + epoch));
                    double loss = trainEpoch(trainer, model, plan, prep, length, epoch, progress);
                    double trainSeconds = (System.nanoTime() - t0) / 1e9;
                    if (observer != null) {
                        observer.finished(epoch, weightsHash(network));
                    }
                    float[][] logits = score(trainer, model, validationSet, length, progress);
                    double[] auc = aucs(validationSet, logits);
                    double mean = java.util.stream.IntStream.range(0, classes).filter(c -> choosing[c])
                            .mapToDouble(c -> auc[c]).filter(Double::isFinite).average().orElse(Double.NaN);
                    boolean best = keepLast || mean > current.bestMeanAuc();
                    EpochLog.Row row = new EpochLog.Row(epoch, loss, config.learningRateAt(epoch - 1), auc, mean,
                            plan.size() / trainSeconds, (System.nanoTime() - t0) / 1e9, best);
                    rows.add(row);
                    model.setProperty("Epoch", "0");
                    Files.createDirectories(checkpointDir);
                    model.save(checkpointDir, "checkpoint");
                    if (adam != null) {
                        adam.save(adamState);
                    }
                    if (best) {
                        Files.createDirectories(bestDir);
                        model.save(bestDir, "best");
                    }
                    current = new State(epoch, best ? epoch : current.bestEpoch(), best ? mean : current.bestMeanAuc(),
                            best ? 0 : current.epochsWithoutImprovement() + 1, rows);
                    Path tmp = checkpointDir.resolve("state.json.tmp");
                    json.writeValue(tmp.toFile(), current);
                    Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    rewriteLog(rows);
                    LOG.info(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, validation AUC %s (mean %.4f)%s, %.1f img/s",
                            epoch, config.epochs(), loss, java.util.Arrays.toString(auc), mean, best ? " best" : "",
                            row.imagesPerSecond()));
                }
            }
            Path bestParams = bestDir.resolve("best-0000.params");
            model.load(bestDir, "best");
            float[][] logits;
            try (Trainer trainer = model.newTrainer(djl)) {
                logits = score(trainer, model, validationSet, length, progress);
            }
            return new Result(bestParams, current.bestEpoch(), current.bestMeanAuc(), rows,
                    new ValidationScores(validationSet, logits));
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException("checkpoint in " + checkpointDir + " does not fit the configured network: "
                    + e.getMessage(), e);
        } finally {
            prep.shutdownNow();
        }
    }

    private void rewriteLog(List<EpochLog.Row> rows) throws IOException {
        Path log = workDir.resolve("training-log.csv");
        Files.deleteIfExists(log);
        EpochLog writer = new EpochLog(log, config.classes());
        for (EpochLog.Row r : rows) {
            writer.append(r);
        }
    }

    /** One epoch; returns the mean loss. */
    private double trainEpoch(Trainer trainer, Model model, List<TrainingSample> plan, ExecutorService prep, int length,
            int epoch, ProgressListener progress) throws InferenceException {
        int batch = config.batchSize();
        int steps = plan.size() / batch;
        Random augment = new Random(config.seed() * 7_919L + epoch);
        long[] augmentSeeds = new long[steps];
        for (int s = 0; s < steps; s++) {
            augmentSeeds[s] = augment.nextLong();
        }
        double lossSum = 0;
        long start = System.nanoTime();
        Future<Batch> next = prep.submit(() -> batch(plan, 0, batch, length, augmentSeeds[0]));
        for (int s = 0; s < steps; s++) {
            Batch b;
            try {
                b = next.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("training interrupted");
            } catch (ExecutionException e) {
                throw new InferenceException("preparing a training batch failed: " + e.getCause(), e.getCause());
            }
            if (s + 1 < steps) {
                int from = (s + 1) * batch;
                long seed = augmentSeeds[s + 1];
                next = prep.submit(() -> batch(plan, from, batch, length, seed));
            }
            float loss = step(trainer, model, b.inputs(), b.labels(), b.mask(), inputShape(batch));
            if (!Float.isFinite(loss)) {
                throw new InferenceException(String.format(Locale.ROOT, "training diverged in epoch %d, step %d: the loss "
                        + "is %s; lower the learning rate, or widen the first layers (docs/training.md)", epoch, s + 1,
                        loss));
            }
            if (observer != null) {
                observer.step(epoch, s + 1, java.util.Arrays.hashCode(new int[] {java.util.Arrays.hashCode(b.inputs()),
                        java.util.Arrays.hashCode(b.labels()), java.util.Arrays.hashCode(b.mask())}), loss);
            }
            lossSum += loss;
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.progress(s + 1, steps, String.format(Locale.ROOT, "epoch %d/%d loss %.4f %.1f img/s", epoch,
                    config.epochs(), lossSum / (s + 1), (s + 1) * batch / seconds));
        }
        return lossSum / Math.max(1, steps);
    }

    private static int weightsHash(SequentialBlock network) {
        int h = 1;
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : network.getParameters()) {
            h = 31 * h + java.util.Arrays.hashCode(p.getValue().getArray().toFloatArray());
        }
        return h;
    }

    private Shape inputShape(int batch) {
        return new Shape(batch, config.input().channels(), config.input().size(), config.input().size());
    }

    /**
     * One optimisation step: forward, {@link MaskedSigmoidLoss}, backward, optimiser update, with
     * every intermediate array freed when it returns. The training benchmark times exactly this.
     *
     * @param trainer the trainer (its loss must be a {@link MaskedSigmoidLoss})
     * @param model its model
     * @param inputs the batch, N x C x H x W
     * @param labels targets, N x classes
     * @param mask 1 where a label is known, N x classes
     * @param shape the input shape
     * @return the batch's loss
     */
    public static float step(Trainer trainer, Model model, float[] inputs, float[] labels, float[] mask, Shape shape) {
        long n = shape.get(0);
        int classes = (int) (labels.length / n);
        try (NDManager sub = model.getNDManager().newSubManager()) {
            NDArray x = sub.create(inputs, shape);
            NDArray y = sub.create(labels, new Shape(n, classes));
            NDArray m = sub.create(mask, new Shape(n, classes));
            float loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray l = trainer.getLoss().evaluate(new NDList(y, m), new NDList(logits));
                gc.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    /** A prepared batch: inputs, targets and the known-label mask. */
    private record Batch(float[] inputs, float[] labels, float[] mask) {}

    private Batch batch(List<TrainingSample> plan, int from, int size, int length, long seed) {
        Random r = new Random(seed);
        float[] inputs = new float[size * length];
        float[] labels = new float[size * classes];
        float[] mask = new float[size * classes];
        for (int b = 0; b < size; b++) {
            TrainingSample s = plan.get(from + b);
            s.fill(r, inputs, b * length);
            for (int c = 0; c < classes; c++) {
                labels[b * classes + c] = s.positive(c) ? 1 : 0;
                mask[b * classes + c] = s.known(c) ? 1 : 0;
            }
        }
        return new Batch(inputs, labels, mask);
    }

    /** Logits of samples, no augmentation, exactly as the runtime would preprocess them. */
    private float[][] score(Trainer trainer, Model model, List<TrainingSample> samples, int length,
            ProgressListener progress) {
        float[][] out = new float[samples.size()][];
        int batch = config.batchSize();
        for (int first = 0; first < samples.size(); first += batch) {
            int n = Math.min(batch, samples.size() - first);
            float[] inputs = new float[n * length];
            for (int b = 0; b < n; b++) {
                samples.get(first + b).fill(null, inputs, b * length);
            }
            try (NDManager sub = model.getNDManager().newSubManager()) {
                NDArray x = sub.create(inputs, new Shape(n, config.input().channels(), config.input().size(),
                        config.input().size()));
                float[] logits = trainer.evaluate(new NDList(x)).singletonOrThrow().toFloatArray();
                for (int b = 0; b < n; b++) {
                    out[first + b] = java.util.Arrays.copyOfRange(logits, b * classes, (b + 1) * classes);
                }
            }
            progress.progress(first + n, samples.size(), "validating");
        }
        return out;
    }

    private double[] aucs(List<TrainingSample> samples, float[][] logits) {
        double[] auc = new double[classes];
        for (int c = 0; c < classes; c++) {
            List<Double> scores = new ArrayList<>();
            List<Boolean> truth = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                TrainingSample s = samples.get(i);
                if (s.known(c)) {
                    scores.add((double) logits[i][c]);
                    truth.add(s.positive(c));
                }
            }
            boolean hasBoth = truth.contains(true) && truth.contains(false);
            auc[c] = hasBoth ? Roc.auc(scores.stream().mapToDouble(Double::doubleValue).toArray(), toArray(truth))
                    : Double.NaN;
        }
        return auc;
    }

    private static boolean[] toArray(List<Boolean> b) {
        boolean[] a = new boolean[b.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = b.get(i);
        }
        return a;
    }

    /** The epoch's samples, class-balanced, visited group by group. */
    private List<TrainingSample> plan(List<TrainingSample>[] positives, List<TrainingSample> negatives, Random r) {
        List<TrainingSample> drawn = new ArrayList<>(config.samplesPerEpoch());
        for (int i = 0; i < config.samplesPerEpoch(); i++) {
            double u = r.nextDouble();
            int c = (int) Math.floor(u / config.positiveFraction());
            List<TrainingSample> from = c < classes ? positives[c] : negatives;
            drawn.add(from.get(r.nextInt(from.size())));
        }
        Map<String, List<TrainingSample>> byGroup = new LinkedHashMap<>();
        for (TrainingSample s : drawn) {
            byGroup.computeIfAbsent(s.group(), k -> new ArrayList<>()).add(s);
        }
        List<List<TrainingSample>> groups = new ArrayList<>(byGroup.values());
        Collections.shuffle(groups, r);
        List<TrainingSample> ordered = new ArrayList<>(drawn.size());
        for (int g = 0; g < groups.size(); g += SERIES_PER_GROUP) {
            List<TrainingSample> chunk = new ArrayList<>();
            for (List<TrainingSample> s : groups.subList(g, Math.min(groups.size(), g + SERIES_PER_GROUP))) {
                chunk.addAll(s);
            }
            Collections.shuffle(chunk, r);
            ordered.addAll(chunk);
        }
        return ordered;
    }

    @SuppressWarnings("unchecked")
    private List<TrainingSample>[] positives(List<? extends TrainingSample> data) {
        List<TrainingSample>[] out = new List[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = new ArrayList<>();
        }
        for (TrainingSample s : data) {
            for (int c = 0; c < classes; c++) {
                if (s.positive(c)) {
                    out[c].add(s);
                }
            }
        }
        return out;
    }

    private List<TrainingSample> negatives(List<? extends TrainingSample> data) {
        List<TrainingSample> out = new ArrayList<>();
        for (TrainingSample s : data) {
            if (s.negativeForAll(classes)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * A fixed validation set: for each class up to an equal share of its positive samples, the
     * rest negative for every class; drawn with the seed and kept in group order.
     */
    private List<TrainingSample> validationSet(List<? extends TrainingSample> validation) {
        Random r = new Random(config.seed() ^ 0x5DEECE66DL);
        List<TrainingSample>[] pos = positives(validation);
        List<TrainingSample> neg = negatives(validation);
        int share = config.validationSamples() / (classes + 1);
        List<TrainingSample> set = new ArrayList<>();
        for (List<TrainingSample> p : pos) {
            List<TrainingSample> copy = new ArrayList<>(p);
            Collections.shuffle(copy, r);
            set.addAll(copy.subList(0, Math.min(share, copy.size())));
        }
        List<TrainingSample> negCopy = new ArrayList<>(neg);
        Collections.shuffle(negCopy, r);
        set.addAll(negCopy.subList(0, Math.min(config.validationSamples() - set.size(), negCopy.size())));
        Map<TrainingSample, Integer> order = new java.util.IdentityHashMap<>();
        for (TrainingSample s : validation) {
            order.put(s, order.size());
        }
        set.sort(Comparator.comparing(TrainingSample::group).thenComparingInt(order::get));
        return List.copyOf(new java.util.LinkedHashSet<>(set));
    }
}
