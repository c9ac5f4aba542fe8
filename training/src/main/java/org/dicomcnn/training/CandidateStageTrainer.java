package org.dicomcnn.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.dicomcnn.classify.CandidateClassifier;
import org.dicomcnn.localize.BlobCandidates;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.EngineSetup;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.preprocess.PatchSampler;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.training.data.CandidateLabels;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.training.eval.TemperatureScaling;
import org.dicomcnn.training.export.ModelCard;
import org.dicomcnn.training.train.CandidateSample;
import org.dicomcnn.training.train.ModelTrainer;
import org.dicomcnn.training.train.TrainingConfig;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a candidate stage's model ({@link Manifest.CandidateStage}) on phantom series and
 * calibrates it; choosing its operating point is left to the caller, who knows the whole bundle:
 *
 * <ol>
 *   <li>propose candidates in every training and validation series with the product's own
 *       proposer and label them by the phantom ground truth ({@link CandidateLabels}); training
 *       adds the true nodule centres, validation keeps only what the proposer found;</li>
 *   <li>train on their triplanar patches ({@link CandidateSample}, {@link ModelTrainer}), keeping
 *       the epoch with the best validation AUC;</li>
 *   <li>when asked, a hard-negative round: score every training negative with those weights and
 *       go on training (half the epochs, half the learning rate) on the positives, the
 *       {@code hardNegatives} negatives scored highest and as many others drawn at random. Most
 *       blob candidates are plainly not nodules; the few that look like one (a vessel seen
 *       end-on, a fissure's knot) are what costs false positives, and random sampling shows each
 *       of them rarely;</li>
 *   <li>score every validation candidate with the kept weights and fit a temperature on them.</li>
 * </ol>
 *
 * Used by {@link TrainingRun} (a stage trained with the slice model) and {@link CandidateStageRun}
 * (a stage added to an existing bundle).
 */
public final class CandidateStageTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateStageTrainer.class);

    /**
     * What to train.
     *
     * @param className the class the stage detects (a nodule class)
     * @param config the candidate classifier's training configuration (input sampling triplanar-patch)
     * @param maxCandidates candidates per series, at training and run time
     * @param maxTrainingSeries at most this many training series (spread over patients, one study
     *     each first); 0 for all
     * @param hardNegatives negatives of the hard-negative round (0: no such round)
     * @param mirrorings mirrorings of each candidate's patch averaged at run time (1, 2, 4 or 8;
     *     {@code Manifest.CandidateStage#mirrorings}); the temperature and the operating point are
     *     chosen on the same averages
     * @param groundGlass ground-glass cores per series besides the blob candidates, at training and
     *     run time ({@code Manifest.CandidateStage#groundGlassCandidates}; 0 for none)
     * @param keepLastEpoch keep the first round's last epoch, with no early stopping
     *     ({@link ModelTrainer#keepingLast}), instead of its best validation AUC's
     * @param ensemble networks trained ({@code Manifest.CandidateStage#members}: 1 is a single
     *     model): network k (from 1) trains on the same candidates from seed {@code config.seed() + k - 1},
     *     and their logits are averaged; an ensemble has no hard-negative round
     */
    public record Settings(String className, TrainingConfig config, int maxCandidates, int maxTrainingSeries,
            int hardNegatives, int mirrorings, int groundGlass, boolean keepLastEpoch, int ensemble) {

        /** Upper limit of {@code ensemble}. */
        public static final int MAX_ENSEMBLE = 8;

        /** Settings of a single model. */
        public Settings(String className, TrainingConfig config, int maxCandidates, int maxTrainingSeries,
                int hardNegatives, int mirrorings, int groundGlass, boolean keepLastEpoch) {
            this(className, config, maxCandidates, maxTrainingSeries, hardNegatives, mirrorings, groundGlass,
                    keepLastEpoch, 1);
        }

        /** Settings without a hard-negative round, mirrorings or ground-glass cores. */
        public Settings(String className, TrainingConfig config, int maxCandidates, int maxTrainingSeries) {
            this(className, config, maxCandidates, maxTrainingSeries, 0, 1, 0, false);
        }

        /** Settings without mirrorings or ground-glass cores. */
        public Settings(String className, TrainingConfig config, int maxCandidates, int maxTrainingSeries,
                int hardNegatives) {
            this(className, config, maxCandidates, maxTrainingSeries, hardNegatives, 1, 0, false);
        }

        /** Checks the input spec and the class. */
        public Settings {
            Objects.requireNonNull(className, "className");
            if (!config.input().triplanar()) {
                throw new IllegalArgumentException("a candidate stage needs a triplanar-patch input, not "
                        + config.input().sampling());
            }
            if (!config.classes().equals(List.of(className))) {
                throw new IllegalArgumentException("the candidate classifier's classes must be [" + className + "], not "
                        + config.classes());
            }
            if (maxCandidates < 1 || maxCandidates > Manifest.CandidateStage.MAX_CANDIDATES) {
                throw new IllegalArgumentException("maxCandidates " + maxCandidates + " must be 1 to "
                        + Manifest.CandidateStage.MAX_CANDIDATES);
            }
            if (hardNegatives < 0) {
                throw new IllegalArgumentException("hardNegatives must not be negative, not " + hardNegatives);
            }
            if (!Manifest.CandidateStage.MIRRORINGS.contains(mirrorings)) {
                throw new IllegalArgumentException("mirrorings must be 1, 2, 4 or 8, not " + mirrorings);
            }
            Manifest.CandidateStage.checkGroundGlass(groundGlass);
            if (ensemble < 1 || ensemble > MAX_ENSEMBLE) {
                throw new IllegalArgumentException("ensemble must be 1 to " + MAX_ENSEMBLE + " networks, not " + ensemble);
            }
            if (ensemble > 1 && hardNegatives > 0) {
                throw new IllegalArgumentException("an ensemble (" + ensemble + " networks) has no hard-negative round;"
                        + " ask for one or the other");
            }
        }

        /**
         * A network's weights file inside the bundle: {@code <class>-candidates.params} for the
         * first, {@code <class>-candidates-<k>.params} for network k of an ensemble.
         *
         * @param k the network, from 1
         */
        public String weightsFile(int k) {
            return className + "-candidates" + (k == 1 ? "" : "-" + k) + ".params";
        }
    }

    /**
     * A trained, calibrated stage.
     *
     * @param model its manifest (calibrated, no operating point yet)
     * @param weights its weights file
     * @param members the training results of the ensemble's other networks, in order (empty for one model)
     * @param result the training result (of the hard-negative round when there was one)
     * @param firstRound the first round's result when a hard-negative round followed, else null
     * @param hardNegatives hard negatives of that round (0 without one)
     * @param trainSeries training series used
     * @param trainCandidates training candidates
     * @param trainPositives of which positive
     * @param validationSeries validation series
     * @param validationCandidates proposed validation candidates
     * @param validationPositives of which positive
     */
    public record Trained(Manifest model, Path weights, List<ModelTrainer.Result> members, ModelTrainer.Result result,
            ModelTrainer.Result firstRound, int hardNegatives, Path workDir, int trainSeries,
            int trainCandidates, long trainPositives, int validationSeries, int validationCandidates,
            long validationPositives) {

        /** The stage for a manifest's {@code candidateStages}, with its operating point and the settings' limits. */
        public Manifest.CandidateStage stage(double threshold, Settings settings) {
            String c = model.classes().get(0);
            List<Manifest.Weights> memberFiles = new ArrayList<>();
            for (int k = 2; k <= members.size() + 1; k++) {
                memberFiles.add(Manifest.Weights.unhashed(settings.weightsFile(k), Manifest.Weights.FORMAT_DJL_PARAMS));
            }
            return new Manifest.CandidateStage(model.withEvaluation(Map.of(c,
                    new Manifest.OperatingPoint(threshold, null, null)), Map.of()), settings.maxCandidates(),
                    settings.mirrorings() == 1 ? null : settings.mirrorings(),
                    settings.groundGlass() == 0 ? null : settings.groundGlass(), memberFiles);
        }

        /** Every network's weights file, in the order of {@link Manifest.CandidateStage#allWeights()}. */
        public List<Path> allWeights() {
            List<Path> all = new ArrayList<>();
            all.add(weights);
            members.forEach(m -> all.add(m.bestParams()));
            return all;
        }

        /** What the model card says about it. */
        public ModelCard.StageSummary summary(Manifest.CandidateStage stage, double maxFalsePositivesPerStudy) {
            return new ModelCard.StageSummary(model.classes().get(0), stage.model(), stage.candidateLimit(),
                    stage.groundGlassLimit(), trainSeries,
                    trainCandidates, trainPositives, validationSeries, validationCandidates, validationPositives, result,
                    firstRound, hardNegatives, members, maxFalsePositivesPerStudy);
        }

        /**
         * Copies the epoch logs into a bundle folder: {@code <class>-candidates-training-log.csv},
         * {@code <class>-candidates-<k>-training-log.csv} for network k of an ensemble and, after a
         * hard-negative round, {@code <class>-candidates-hard-negatives-log.csv}.
         */
        public void copyLogs(Path bundleDir) throws IOException {
            String c = model.classes().get(0);
            Files.copy(workDir.resolve(FIRST_ROUND).resolve("training-log.csv"),
                    bundleDir.resolve(c + "-candidates-training-log.csv"),
                    StandardCopyOption.REPLACE_EXISTING);
            for (int k = 2; k <= members.size() + 1; k++) {
                Files.copy(workDir.resolve(memberRound(k)).resolve("training-log.csv"),
                        bundleDir.resolve(c + "-candidates-" + k + "-training-log.csv"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            if (firstRound != null) {
                Files.copy(workDir.resolve(HARD_ROUND).resolve("training-log.csv"),
                        bundleDir.resolve(c + "-candidates-hard-negatives-log.csv"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Work sub-folders of the two training rounds. */
    static final String FIRST_ROUND = "train";
    static final String HARD_ROUND = "train-hard-negatives";

    /** Work sub-folder of network k (from 2) of an ensemble. */
    static String memberRound(int k) {
        return "train-" + k;
    }

    private final Settings settings;
    private final Path workDir;
    private final String dataset;
    private final String codeRevision;

    /**
     * @param settings what to train
     * @param workDir checkpoints and drafts; training resumes from it
     * @param dataset a description of the data for the provenance
     * @param codeRevision the source revision, or null
     */
    public CandidateStageTrainer(Settings settings, Path workDir, String dataset, String codeRevision) {
        this.settings = settings;
        this.workDir = workDir;
        this.dataset = dataset;
        this.codeRevision = codeRevision;
    }

    /**
     * Trains and calibrates the stage.
     *
     * @param trainSeries the training split's series (a spread subset is used when
     *     {@code maxTrainingSeries} is set)
     * @param validation the validation split's series
     * @param progress progress of every phase
     * @return the trained stage
     * @throws IOException if data cannot be read or results written
     * @throws InferenceException if the engine fails
     */
    public Trained train(List<LabelledSeries> trainSeries, List<LabelledSeries> validation, ProgressListener progress)
            throws IOException, InferenceException {
        List<LabelledSeries> train = spread(trainSeries, settings.maxTrainingSeries());
        TrainingConfig config = settings.config();
        CandidateSample.Inputs inputs = new CandidateSample.Inputs(new PatchSampler(config.input()),
                config.augmentation());
        List<CandidateSample> trainSamples = samples(train, inputs, true, progress);
        List<CandidateSample> validationSamples = samples(validation, inputs, false, progress);
        long trainPositives = trainSamples.stream().filter(s -> s.positive(0)).count();
        long validationPositives = validationSamples.stream().filter(s -> s.positive(0)).count();
        LOG.info("{} training candidates ({} positive) from {} series; {} validation candidates ({} positive)",
                trainSamples.size(), trainPositives, train.size(), validationSamples.size(), validationPositives);
        ModelTrainer firstTrainer = new ModelTrainer(config, workDir.resolve(FIRST_ROUND));
        ModelTrainer.Result trained = (settings.keepLastEpoch() ? firstTrainer.keepingLast() : firstTrainer)
                .trainOn(trainSamples, validationSamples, progress);
        ModelTrainer.Result firstRound = null;
        if (settings.hardNegatives() > 0) {
            firstRound = trained;
            trained = hardNegativeRound(firstRound, trainSamples, validationSamples, progress);
        }
        List<ModelTrainer.Result> members = new ArrayList<>();
        for (int k = 2; k <= settings.ensemble(); k++) {
            LOG.info("ensemble network {} of {}: seed {}", k, settings.ensemble(), config.seed() + k - 1);
            ModelTrainer member = new ModelTrainer(config.withSeed(config.seed() + k - 1), workDir.resolve(memberRound(k)));
            members.add((settings.keepLastEpoch() ? member.keepingLast() : member)
                    .trainOn(trainSamples, validationSamples, progress));
        }

        int epochs = trained.bestEpoch() + (firstRound == null ? 0 : firstRound.bestEpoch());
        Manifest uncalibrated = manifest(Manifest.Calibration.NONE, epochs);
        List<ModelBundle> drafts = new ArrayList<>();
        drafts.add(ModelBundle.write(workDir.resolve("stage-draft"), uncalibrated, trained.bestParams()));
        for (int k = 2; k <= settings.ensemble(); k++) {
            drafts.add(ModelBundle.write(workDir.resolve("stage-draft-" + k), uncalibrated,
                    members.get(k - 2).bestParams()));
        }
        double temperature = fitTemperature(logits(drafts, validationSamples, settings.mirrorings(),
                ProgressListener.NONE), validationSamples);
        Manifest calibrated = manifest(Manifest.Calibration.temperature(temperature), epochs);
        long negatives = trainSamples.stream().filter(CandidateStageTrainer::negative).count();
        int hardNegatives = firstRound == null ? 0 : (int) Math.min(settings.hardNegatives(), negatives);
        return new Trained(calibrated, trained.bestParams(), members, trained, firstRound, hardNegatives, workDir,
                train.size(), trainSamples.size(), trainPositives, validation.size(), validationSamples.size(),
                validationPositives);
    }

    /**
     * The second round: the first round's best weights score every training negative; training
     * goes on from them on the positives, the highest-scored negatives and as many random others.
     */
    private ModelTrainer.Result hardNegativeRound(ModelTrainer.Result first, List<CandidateSample> train,
            List<CandidateSample> validation, ProgressListener progress) throws IOException, InferenceException {
        List<CandidateSample> negatives = train.stream().filter(CandidateStageTrainer::negative).toList();
        ModelBundle scorer = ModelBundle.write(workDir.resolve("first-round"), manifest(Manifest.Calibration.NONE,
                first.bestEpoch()), first.bestParams());
        double[] scores = logits(List.of(scorer), negatives, 1, progress);
        Integer[] order = new Integer[negatives.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int hard = Math.min(settings.hardNegatives(), negatives.size());
        List<CandidateSample> focused = new ArrayList<>(train.stream().filter(s -> !negative(s)).toList());
        List<CandidateSample> rest = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < hard ? focused : rest).add(negatives.get(order[i]));
        }
        Collections.shuffle(rest, new Random(settings.config().seed()));
        focused.addAll(rest.subList(0, Math.min(hard, rest.size())));
        LOG.info("hard-negative round: {} negatives scored, the {} highest (logit {} and above) and {} random others",
                negatives.size(), hard, hard == 0 ? Double.NaN : scores[order[hard - 1]], Math.min(hard, rest.size()));
        TrainingConfig config = settings.config();
        TrainingConfig fine = config.withEpochsAndLearningRate(Math.max(1, config.epochs() / 2),
                config.learningRate() / 2);
        return new ModelTrainer(fine, workDir.resolve(HARD_ROUND)).startingFrom(first.bestParams())
                .trainOn(focused, validation, progress);
    }

    /** A candidate known not to be a nodule. */
    private static boolean negative(CandidateSample s) {
        return s.known(0) && !s.positive(0);
    }

    /**
     * At most {@code max} series, spread over patients: each patient's first series (by study UID)
     * in turn, then each one's second, and so on. All of them when {@code max} is 0.
     */
    static List<LabelledSeries> spread(List<LabelledSeries> series, int max) {
        if (max <= 0 || max >= series.size()) {
            return series;
        }
        Map<String, List<LabelledSeries>> byPatient = new java.util.TreeMap<>();
        series.stream().sorted(Comparator.comparing(LabelledSeries::studyInstanceUid))
                .forEach(s -> byPatient.computeIfAbsent(s.patientKey(), k -> new ArrayList<>()).add(s));
        List<LabelledSeries> out = new ArrayList<>();
        for (int round = 0; out.size() < max; round++) {
            for (List<LabelledSeries> own : byPatient.values()) {
                if (round < own.size() && out.size() < max) {
                    out.add(own.get(round));
                }
            }
        }
        return out;
    }

    /**
     * Proposes and labels the candidates of every series and samples their patches. Each series'
     * samples are kept in the work folder ({@code candidates/}), so a run started again after a
     * kill does not propose them again; the file name holds everything that shapes them.
     */
    private List<CandidateSample> samples(List<LabelledSeries> series, CandidateSample.Inputs inputs, boolean training,
            ProgressListener progress) throws IOException {
        SeriesLoader loader = new SeriesLoader();
        Manifest.InputSpec in = settings.config().input();
        String shape = String.format(java.util.Locale.ROOT, "%s-r%d-%d%s-%d-%.3f-%.3f-%d", training ? "train" : "validation",
                BlobCandidates.REVISION, settings.maxCandidates(),
                settings.groundGlass() == 0 ? "" : "g" + settings.groundGlass(), in.size(), in.pixelSpacingMm(),
                in.contextSpacingMm(), settings.config().seed());
        Path folder = workDir.resolve("candidates");
        Files.createDirectories(folder);
        List<CandidateSample> out = new ArrayList<>();
        int done = 0;
        for (LabelledSeries s : series) {
            String uid = s.series().seriesInstanceUid();
            Path file = folder.resolve(uid + "-" + shape + ".bin");
            List<CandidateSample> own = CandidateSample.read(file, uid, inputs);
            if (own == null) {
                own = new ArrayList<>();
                Optional<Volume> v = volume(loader, s);
                Optional<StudyTruth> truth = PhantomLabels.truthOf(s.series());
                // one generator per series, so the shifts do not depend on which series were cached
                Random random = new Random(settings.config().seed() ^ uid.hashCode());
                if (v.isPresent() && truth.isPresent()) {
                    for (CandidateLabels.Candidate c : CandidateLabels.of(v.get(), truth.get(),
                            settings.maxCandidates(), settings.groundGlass())) {
                        if (training || c.proposed()) {
                            own.add(CandidateSample.of(uid, v.get(), c, inputs, random));
                        }
                    }
                }
                CandidateSample.write(file, own);
            }
            out.addAll(own);
            progress.progress(++done, series.size(), training ? "training candidates" : "validation candidates");
        }
        return out;
    }

    /** The series' deepest volume when it has all the labelled slices. */
    static Optional<Volume> volume(SeriesLoader loader, LabelledSeries s) {
        return loader.load(s.series(), ProgressListener.NONE).volumes().stream()
                .max(Comparator.comparingInt(Volume::depth)).filter(v -> v.depth() == s.slices());
    }

    /**
     * Each sample's logit, averaged over the first {@code mirrorings} mirrorings and over the
     * ensemble's networks as the run-time classifier does.
     */
    private static double[] logits(List<ModelBundle> stage, List<CandidateSample> samples, int mirrorings,
            ProgressListener progress) throws IOException, InferenceException {
        List<PatchSampler.Orientation> views = PatchSampler.Orientation.first(mirrorings);
        double[] out = new double[samples.size()];
        try (ModelRuntime runtime = ModelRuntime.openEnsemble(stage, DeviceChoice.AUTO)) {
            PatchSampler sampler = new PatchSampler(runtime.manifest().input());
            int batch = CandidateClassifier.patchesPerBatch(mirrorings);
            for (int first = 0; first < samples.size(); first += batch) {
                List<short[]> patches = samples.subList(first, Math.min(first + batch, samples.size())).stream()
                        .map(s -> s.variants()[0]).toList();
                float[][] l = CandidateClassifier.meanLogits(runtime, sampler, patches, views);
                for (int i = 0; i < patches.size(); i++) {
                    out[first + i] = l[i][0];
                }
                progress.progress(first + patches.size(), samples.size(), "scoring candidates");
            }
        }
        return out;
    }

    private static double fitTemperature(double[] logits, List<CandidateSample> samples) {
        List<double[]> l = new ArrayList<>();
        List<boolean[]> y = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            if (samples.get(i).known(0)) {
                l.add(new double[] {logits[i]});
                y.add(new boolean[] {samples.get(i).positive(0)});
            }
        }
        return TemperatureScaling.fit(l.toArray(double[][]::new), y.toArray(boolean[][]::new),
                TemperatureScaling.TASK_MULTI_LABEL);
    }

    private Manifest manifest(Manifest.Calibration calibration, int epochs) throws InferenceException {
        TrainingConfig config = settings.config();
        String software = "DJL " + ai.djl.engine.Engine.getDjlVersion() + " / PyTorch "
                + EngineSetup.engine().getVersion();
        return Manifest.builder()
                .setName(config.name())
                .setVersion(config.version())
                .optDescription(settings.className() + " candidate classifier: triplanar patches of blob candidates")
                .setTask(Manifest.TASK_MULTI_LABEL)
                .setClasses(List.of(settings.className()))
                .setArchitecture(config.architecture())
                .setInput(config.input())
                .optCalibration(calibration)
                .optLocalisation(new Manifest.LocalisationSpec(null, Manifest.LocalisationSpec.METHOD_NONE))
                .optProvenance(new Manifest.Provenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        TrainingRun.createdBy(), software, dataset, codeRevision, config.seed(), epochs,
                        (settings.keepLastEpoch() ? "last of " + config.epochs() + " epochs"
                                : "best of " + config.epochs() + " epochs by validation candidate AUC")
                                + (settings.ensemble() == 1 ? "" : "; ensemble of " + settings.ensemble()
                                        + " networks from seeds " + config.seed() + " to "
                                        + (config.seed() + settings.ensemble() - 1) + ", logits averaged")))
                .setWeights(Manifest.Weights.unhashed(settings.weightsFile(1), Manifest.Weights.FORMAT_DJL_PARAMS))
                .build();
    }
}
