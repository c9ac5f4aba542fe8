package org.dicomcnn.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.EngineSetup;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.training.data.DatasetBuilder;
import org.dicomcnn.training.data.LabelSource;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.PatientSplit;
import org.dicomcnn.training.detection.DetectionEvaluation;
import org.dicomcnn.training.eval.OperatingPoints;
import org.dicomcnn.training.eval.TemperatureScaling;
import org.dicomcnn.training.evaluate.Predictions;
import org.dicomcnn.training.evaluate.PredictionRunner;
import org.dicomcnn.training.evaluate.TestReport;
import org.dicomcnn.training.export.ModelCard;
import org.dicomcnn.training.train.ModelTrainer;
import org.dicomcnn.training.train.TrainingSample;
import org.dicomcnn.training.train.TrainingConfig;
import org.dicomcnn.volume.SeriesLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole training run, from DICOM folders and labels to an evaluated model bundle:
 *
 * <ol>
 *   <li>index the training folder and label its series; split by patient into train, validation
 *       and (unless a separate test folder is given) test;</li>
 *   <li>train ({@link ModelTrainer}), keeping the epoch with the best validation AUC;</li>
 *   <li>fit a temperature on the validation slices ({@link TemperatureScaling});</li>
 *   <li>when asked, train a candidate stage for a nodule class on the same split
 *       ({@link CandidateStageTrainer}); that class is then scored and placed by its
 *       candidates;</li>
 *   <li>choose each class's operating point on the validation series: with phantom ground truth,
 *       the most sensitive finding threshold that keeps false positives at or below
 *       {@code maxFalsePositivesPerStudy}, for heatmap and for region-scoring localisation, and
 *       the localisation method that finds more lesions there; without it, the Youden threshold of
 *       the series scores;</li>
 *   <li>judge the finished bundle once on the test series: slice- and series-level ROC AUC with
 *       bootstrap intervals, sensitivity and specificity, confusion matrices, calibration error and
 *       reliability diagrams and, with ground truth, lesion detection by both localisation
 *       methods;</li>
 *   <li>write the bundle with its metrics, operating points, calibration, split, training log,
 *       evaluation and model card.</li>
 * </ol>
 *
 * Nothing of the test split is seen before the last step.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** Finding threshold used to collect candidates when sweeping operating points. */
    public static final double SWEEP_THRESHOLD = 0.05;

    /** Bootstrap resamples of every AUC interval. */
    static final int BOOTSTRAP_RESAMPLES = 2000;

    /** Weights file name inside the bundle. */
    static final String WEIGHTS_FILE = "model.params";

    /**
     * What to train on and where to write.
     *
     * @param trainData the folder of training (and validation) studies
     * @param testData a separate folder of test studies, or null to split test patients off
     *     {@code trainData}
     * @param labels where the labels come from
     * @param config the training configuration
     * @param validationFraction share of training-folder patients for validation
     * @param testFraction share of training-folder patients for test (0 when {@code testData} is given)
     * @param splitSeed seed of the patient split
     * @param maxFalsePositivesPerStudy the finding operating point's limit on validation
     * @param workDir checkpoints, the draft bundle and the log; a run resumes from it
     * @param bundleDir where the finished bundle goes
     * @param description the bundle's description
     * @param dataset a description of the data for the provenance and model card
     * @param codeRevision the source revision (a git commit), or null
     * @param stage a candidate stage to train with the slice model, or null
     * @param stageExtraTrainData a folder of more studies, of other patients, that only the
     *     candidate stage trains on (more lesions for it without retraining the slice model), or null
     */
    public record Options(Path trainData, Path testData, LabelSource labels, TrainingConfig config,
            double validationFraction, double testFraction, long splitSeed, double maxFalsePositivesPerStudy,
            Path workDir, Path bundleDir, String description, String dataset, String codeRevision,
            CandidateStageTrainer.Settings stage, Path stageExtraTrainData) {

        /** Options whose candidate stage trains on the training split only. */
        public Options(Path trainData, Path testData, LabelSource labels, TrainingConfig config,
                double validationFraction, double testFraction, long splitSeed, double maxFalsePositivesPerStudy,
                Path workDir, Path bundleDir, String description, String dataset, String codeRevision,
                CandidateStageTrainer.Settings stage) {
            this(trainData, testData, labels, config, validationFraction, testFraction, splitSeed,
                    maxFalsePositivesPerStudy, workDir, bundleDir, description, dataset, codeRevision, stage, null);
        }

        /** Options without a candidate stage. */
        public Options(Path trainData, Path testData, LabelSource labels, TrainingConfig config,
                double validationFraction, double testFraction, long splitSeed, double maxFalsePositivesPerStudy,
                Path workDir, Path bundleDir, String description, String dataset, String codeRevision) {
            this(trainData, testData, labels, config, validationFraction, testFraction, splitSeed,
                    maxFalsePositivesPerStudy, workDir, bundleDir, description, dataset, codeRevision, null);
        }

        /** Checks the paths and fractions. */
        public Options {
            Objects.requireNonNull(trainData, "trainData");
            Objects.requireNonNull(labels, "labels");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(bundleDir, "bundleDir");
            if (testData != null && testFraction != 0) {
                throw new IllegalArgumentException("give either a test folder or a test fraction, not both");
            }
            if (validationFraction <= 0 || testFraction < 0 || validationFraction + testFraction >= 1) {
                throw new IllegalArgumentException("validation fraction " + validationFraction + " and test fraction "
                        + testFraction + " must be positive and leave patients for training");
            }
            if (testData == null && testFraction == 0) {
                throw new IllegalArgumentException("without a test folder the test fraction must be above 0");
            }
            if (stage != null && !config.classes().contains(stage.className())) {
                throw new IllegalArgumentException("the candidate stage's class " + stage.className()
                        + " is not one of the model's classes " + config.classes());
            }
            if (stageExtraTrainData != null && stage == null) {
                throw new IllegalArgumentException("extra training data for a candidate stage needs a candidate stage");
            }
        }
    }

    /**
     * What a run produced.
     *
     * @param bundle the finished bundle
     * @param report the test evaluation
     */
    public record Outcome(ModelBundle bundle, TestReport report) {}

    private final Options options;
    private String software = "DJL " + ai.djl.engine.Engine.getDjlVersion();

    /**
     * @param options what to train on and where to write
     */
    public TrainingRun(Options options) {
        this.options = options;
    }

    /**
     * Runs everything.
     *
     * @param progress progress of every phase (indexing, labelling, training, predicting)
     * @return the bundle and its test evaluation
     * @throws IOException if data cannot be read or results written
     * @throws InferenceException if the engine fails
     */
    public Outcome run(ProgressListener progress) throws IOException, InferenceException {
        TrainingConfig config = options.config();
        software = "DJL " + ai.djl.engine.Engine.getDjlVersion() + " / PyTorch " + EngineSetup.engine().getVersion();
        Files.createDirectories(options.workDir());
        String modality = config.input().modality();
        List<LabelledSeries> data = label(options.trainData(), options.labels(), modality, progress);
        PatientSplit split = PatientSplit.of(data, 1 - options.validationFraction() - options.testFraction(),
                options.validationFraction(), options.splitSeed());
        List<LabelledSeries> train = split.select(data, PatientSplit.Part.TRAIN);
        List<LabelledSeries> validation = split.select(data, PatientSplit.Part.VALIDATION);
        List<LabelledSeries> test = options.testData() == null ? split.select(data, PatientSplit.Part.TEST)
                : label(options.testData(), options.labels(), modality, progress);
        // Patients of the other folders join the split, which refuses one patient in two parts.
        split = split.with(options.testData() == null ? List.of() : test, PatientSplit.Part.TEST);
        List<LabelledSeries> stageExtra = options.stageExtraTrainData() == null ? List.of()
                : label(options.stageExtraTrainData(), options.labels(), modality, progress);
        split = split.with(stageExtra, PatientSplit.Part.STAGE_TRAIN);
        LOG.info("split by patient: {} training, {} validation, {} test series{}", train.size(), validation.size(),
                test.size(), stageExtra.isEmpty() ? "" : "; " + stageExtra.size() + " more for the candidate stage only");

        ModelTrainer sliceTrainer = new ModelTrainer(config, options.workDir().resolve("train"));
        List<String> sliceScored = options.stage() == null ? config.classes() : config.classes().stream()
                .filter(c -> !c.equals(options.stage().className())).toList();
        // A class the candidate stage scores does not choose the slice classifier's epoch: its slice
        // scores are not used, and its slice AUC once stopped training before effusion had settled.
        ModelTrainer.Result trained = (sliceScored.isEmpty() ? sliceTrainer : sliceTrainer.choosingOn(sliceScored))
                .train(train, validation, progress);
        double temperature = fitTemperature(trained.validation());
        CandidateStageTrainer.Trained stage = options.stage() == null ? null
                : new CandidateStageTrainer(options.stage(), options.workDir().resolve("stage"), options.dataset(),
                        options.codeRevision()).train(concat(train, stageExtra), validation, progress);
        Map<String, List<Path>> stageWeights = stage == null ? Map.of() : Map.of(options.stage().className(), stage.allWeights());

        Manifest draft = withStage(manifest(config, temperature, Manifest.LocalisationSpec.METHOD_GRAD_CAM, Map.of(),
                Map.of(), trained.bestEpoch()), stage, 0);
        ModelBundle draftBundle = ModelBundle.write(options.workDir().resolve("draft"), draft, trained.bestParams(),
                stageWeights);
        Choice choice = chooseOperatingPoints(draftBundle, validation, progress);

        double stageThreshold = stage == null ? 0 : choice.thresholds().get(options.stage().className()).threshold();
        Manifest chosen = withStage(manifest(config, temperature, choice.method(), choice.thresholds(), Map.of(),
                trained.bestEpoch()), stage, stageThreshold);
        ModelBundle chosenBundle = ModelBundle.write(options.workDir().resolve("chosen"), chosen, trained.bestParams(),
                stageWeights);
        TestReport report = evaluate(chosenBundle, choice, test, progress);

        Manifest finished = chosen.withEvaluation(report.operatingPoints(), report.metrics());
        ModelBundle bundle = ModelBundle.write(options.bundleDir(), finished, trained.bestParams(), stageWeights);
        Path dir = options.bundleDir();
        split.write(dir.resolve("split.json"), concat(concat(data, options.testData() == null ? List.of() : test),
                stageExtra));
        Files.copy(options.workDir().resolve("train").resolve("training-log.csv"), dir.resolve("training-log.csv"),
                StandardCopyOption.REPLACE_EXISTING);
        if (stage != null) {
            stage.copyLogs(dir);
        }
        report.write(dir);
        ModelCard.write(dir.resolve("model-card.md"), bundle.manifest(), report, trained, options.dataset(),
                train.size(), validation.size(), stage == null ? null : stage.summary(
                        bundle.manifest().candidateStages().get(options.stage().className()),
                        options.maxFalsePositivesPerStudy()));
        LOG.info("model bundle written to {}", dir);
        return new Outcome(bundle, report);
    }

    /** The manifest with the trained candidate stage at a threshold, or as it is without one. */
    private Manifest withStage(Manifest m, CandidateStageTrainer.Trained stage, double threshold) {
        return stage == null ? m : m.withCandidateStages(Map.of(options.stage().className(),
                stage.stage(threshold, options.stage())));
    }

    /** Indexes a folder and labels its series of the modality; refuses a folder without any. */
    static List<LabelledSeries> label(Path folder, LabelSource labels, String modality, ProgressListener progress)
            throws IOException {
        DicomIndex index = DicomIndex.scan(folder, progress);
        List<LabelledSeries> data = DatasetBuilder.build(index, labels, modality, new SeriesLoader(), progress);
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no labelled " + modality + " series in " + folder);
        }
        return data;
    }

    private static List<LabelledSeries> concat(List<LabelledSeries> a, List<LabelledSeries> b) {
        List<LabelledSeries> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Temperature on the validation samples whose every label is known. */
    private double fitTemperature(ModelTrainer.ValidationScores v) {
        List<double[]> logits = new ArrayList<>();
        List<boolean[]> truth = new ArrayList<>();
        for (int i = 0; i < v.samples().size(); i++) {
            TrainingSample s = v.samples().get(i);
            int classes = v.logits()[i].length;
            boolean[] y = new boolean[classes];
            boolean allKnown = true;
            for (int c = 0; c < classes; c++) {
                allKnown &= s.known(c);
                y[c] = s.positive(c);
            }
            if (allKnown) {
                double[] l = new double[classes];
                for (int c = 0; c < classes; c++) {
                    l[c] = v.logits()[i][c];
                }
                logits.add(l);
                truth.add(y);
            }
        }
        return TemperatureScaling.fit(logits.toArray(double[][]::new), truth.toArray(boolean[][]::new),
                TemperatureScaling.TASK_MULTI_LABEL);
    }

    /**
     * The operating points and the nodule localisation method chosen on validation.
     *
     * @param method the manifest's localisation method
     * @param thresholds per class
     * @param alternativeMethod the other method, judged on test too, or null
     * @param alternativeThresholds its thresholds
     * @param validation what validation showed, for the report
     */
    public record Choice(String method, Map<String, Manifest.OperatingPoint> thresholds, String alternativeMethod,
            Map<String, Manifest.OperatingPoint> alternativeThresholds, Map<String, Object> validation) {}

    private Choice chooseOperatingPoints(ModelBundle draft, List<LabelledSeries> validation, ProgressListener progress)
            throws IOException, InferenceException {
        List<String> classes = draft.manifest().classes();
        FindingDetector.Settings base = FindingDetector.Settings.DEFAULT.withThreshold(SWEEP_THRESHOLD);
        // With a candidate stage the nodule class is placed by its candidates: no region scoring to compare.
        List<FindingDetector.Method> methods = draft.manifest().candidateStages().isEmpty()
                ? List.of(FindingDetector.Method.HEATMAP, FindingDetector.Method.REGION)
                : List.of(FindingDetector.Method.HEATMAP);
        List<Predictions> predictions;
        try (ModelRuntime runtime = ModelRuntime.open(draft, DeviceChoice.AUTO)) {
            predictions = new PredictionRunner(runtime, methods.stream().map(base::withNoduleMethod).toList())
                    .run(validation, progress);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        boolean detection = predictions.stream().anyMatch(p -> p.truth() != null)
                && classes.stream().allMatch(DetectionEvaluation::judges);
        if (!detection) {
            Map<String, Manifest.OperatingPoint> points = new LinkedHashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                Predictions.Scored s = Predictions.seriesLevel(predictions, c);
                double t = s.hasBoth() ? OperatingPoints.youdenThreshold(s.scores(), s.positive())
                        : Manifest.OperatingPoint.DEFAULT_THRESHOLD;
                points.put(classes.get(c), new Manifest.OperatingPoint(t, null, null));
                report.put(classes.get(c) + ".youdenThreshold", t);
            }
            return new Choice(Manifest.LocalisationSpec.METHOD_GRAD_CAM, points, null, null, report);
        }
        List<Map<String, Manifest.OperatingPoint>> perMethod = new ArrayList<>();
        double[] sensitivity = new double[methods.size()];
        for (int m = 0; m < methods.size(); m++) {
            List<DetectionEvaluation.StudyFindings> studies = Predictions.studyFindings(predictions, m);
            Map<String, Manifest.OperatingPoint> points = new LinkedHashMap<>();
            double detected = 0;
            double targets = 0;
            for (String c : classes) {
                double t = Math.max(SWEEP_THRESHOLD, DetectionEvaluation.thresholdForFalsePositiveRate(studies, c,
                        options.maxFalsePositivesPerStudy()));
                DetectionEvaluation.ClassResult all = DetectionEvaluation.evaluate(studies, c, SWEEP_THRESHOLD);
                if (all.detected() > 0 && all.falsePositivesPerStudy() <= options.maxFalsePositivesPerStudy()) {
                    t = withMargin(Predictions.seriesLevel(predictions, classes.indexOf(c)), t);
                }
                DetectionEvaluation.ClassResult r = DetectionEvaluation.evaluate(studies, c, t);
                points.put(c, new Manifest.OperatingPoint(t, null, null));
                // keyed by the class, or by the compared method and the class when two are compared
                String compared = methods.get(m).name().toLowerCase(java.util.Locale.ROOT);
                boolean one = methods.size() == 1;
                // sorted keys, so that evaluation.json is the same bytes from run to run
                report.put(one ? c : compared + "." + c, new java.util.TreeMap<>(Map.of("placement",
                        one ? FindingDetector.placementOf(draft.manifest(), c) : compared, "threshold", t, "detected",
                        r.detected(), "targets", r.targets(), "falsePositivesPerStudy", r.falsePositivesPerStudy())));
                detected += r.detected();
                targets += r.targets();
                LOG.info("validation, {} localisation: {} at threshold {}", methods.get(m), r, t);
            }
            sensitivity[m] = targets == 0 ? 0 : detected / targets;
            perMethod.add(points);
        }
        String[] names = {Manifest.LocalisationSpec.METHOD_GRAD_CAM, Manifest.LocalisationSpec.METHOD_REGION_SCORING};
        if (methods.size() == 1) {
            return new Choice(names[0], perMethod.get(0), null, null, report);
        }
        // Region scoring must find more to be worth its cost; on a tie, heatmaps.
        int best = sensitivity[1] > sensitivity[0] ? 1 : 0;
        LOG.info("localisation chosen on validation: {} (sensitivity {} heatmaps, {} region scoring)", names[best],
                sensitivity[0], sensitivity[1]);
        return new Choice(names[best], perMethod.get(best), names[1 - best], perMethod.get(1 - best), report);
    }

    /**
     * The threshold for a class whose false positives stay within the limit at every finding the
     * sweep produced (effusions placed by fluid segmentation): the false-positive rule would put it
     * at the least probable validation finding, which fits a few validation series exactly and
     * drops any later lesion scored a little lower. Instead, halfway between that finding and the
     * highest-scoring validation series without the class below it: the widest margin the
     * validation series allow.
     *
     * @param series validation series scores of the class
     * @param lowestFinding the least probable validation finding (the false-positive rule's threshold)
     * @return the threshold
     */
    static double withMargin(Predictions.Scored series, double lowestFinding) {
        double negative = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < series.scores().length; i++) {
            if (!series.positive()[i] && series.scores()[i] < lowestFinding) {
                negative = Math.max(negative, series.scores()[i]);
            }
        }
        return Double.isFinite(negative) ? Math.max(SWEEP_THRESHOLD, (negative + lowestFinding) / 2) : lowestFinding;
    }

    private TestReport evaluate(ModelBundle chosen, Choice choice, List<LabelledSeries> test, ProgressListener progress)
            throws IOException, InferenceException {
        List<Predictions> main;
        try (ModelRuntime runtime = ModelRuntime.open(chosen, DeviceChoice.AUTO)) {
            main = new PredictionRunner(runtime, List.of(TestReport.settings(runtime.manifest()))).run(test, progress);
        }
        List<Predictions> alternative = List.of();
        if (choice.alternativeMethod() != null) {
            Manifest alt = manifest(options.config(), chosen.manifest().calibration().temperature(),
                    choice.alternativeMethod(), choice.alternativeThresholds(), Map.of(), 0);
            ModelBundle altBundle = ModelBundle.write(options.workDir().resolve("alternative"), alt,
                    chosen.weightsFile());
            try (ModelRuntime runtime = ModelRuntime.open(altBundle, DeviceChoice.AUTO)) {
                alternative = new PredictionRunner(runtime, List.of(TestReport.settings(runtime.manifest())))
                        .run(test, progress);
            }
        }
        return TestReport.of(chosen.manifest(), choice, main, alternative, BOOTSTRAP_RESAMPLES,
                options.config().seed());
    }

    /** "dicomcnn-training" and the build's version when the jar says it. */
    static String createdBy() {
        String v = TrainingRun.class.getPackage().getImplementationVersion();
        return "dicomcnn-training" + (v == null ? "" : " " + v);
    }

    private Manifest manifest(TrainingConfig config, double temperature, String localisation,
            Map<String, Manifest.OperatingPoint> points, Map<String, Object> metrics, int epochs) {
        return Manifest.builder()
                .setName(config.name())
                .setVersion(config.version())
                .optDescription(options.description())
                .setTask(Manifest.TASK_MULTI_LABEL)
                .setClasses(config.classes())
                .setArchitecture(config.architecture())
                .setInput(config.input())
                .optOperatingPoints(points.isEmpty() ? null : points)
                .optCalibration(Manifest.Calibration.temperature(temperature))
                .optLocalisation(new Manifest.LocalisationSpec(null, localisation))
                .optMetrics(metrics.isEmpty() ? null : metrics)
                .optProvenance(new Manifest.Provenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        createdBy(), software, options.dataset(), options.codeRevision(),
                        config.seed(), epochs, "best of " + config.epochs() + " epochs by validation AUC"))
                .setWeights(Manifest.Weights.unhashed(WEIGHTS_FILE, Manifest.Weights.FORMAT_DJL_PARAMS))
                .build();
    }
}
