package org.dicomcnn.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.EngineSetup;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.preprocess.PatchSampler;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.training.data.CandidateLabels;
import org.dicomcnn.training.data.DatasetBuilder;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.PatientSplit;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.training.detection.DetectionEvaluation;
import org.dicomcnn.training.eval.TemperatureScaling;
import org.dicomcnn.training.evaluate.PredictionRunner;
import org.dicomcnn.training.evaluate.Predictions;
import org.dicomcnn.training.evaluate.TestReport;
import org.dicomcnn.training.export.ModelCard;
import org.dicomcnn.training.train.CandidateSample;
import org.dicomcnn.training.train.ModelTrainer;
import org.dicomcnn.training.train.TrainingConfig;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds a nodule candidate stage ({@link Manifest.CandidateStage}) to a bundle made by
 * {@link TrainingRun}, on the same patient split (read from the bundle's {@code split.json}):
 *
 * <ol>
 *   <li>propose candidates in every training and validation series with the product's own
 *       proposer and label them by the phantom ground truth ({@link CandidateLabels});</li>
 *   <li>train the candidate classifier on their triplanar patches ({@link CandidateSample},
 *       {@link ModelTrainer}), keeping the epoch with the best validation AUC;</li>
 *   <li>score every proposed validation candidate, fit a temperature on them, and choose the
 *       operating point as the most sensitive threshold whose findings, placed by the product's
 *       own {@link FindingDetector}, keep false positives per study at or below the limit;</li>
 *   <li>judge the finished bundle once on the test series exactly as {@link TrainingRun} does
 *       (the product's pipeline through {@link PredictionRunner}), and write it with its
 *       evaluation and model card.</li>
 * </ol>
 *
 * The main model's weights, calibration and other classes' operating points are kept; the stage
 * class's series score becomes its best candidate's probability.
 */
public final class CandidateStageRun {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateStageRun.class);

    /** The stage's weights file inside the bundle, for class {@code c}: {@code c-candidates.params}. */
    static String weightsFile(String className) {
        return className + "-candidates.params";
    }

    /**
     * What to train on and where to write.
     *
     * @param baseBundle a bundle written by {@link TrainingRun}, with its {@code split.json}
     * @param trainData the folder it was trained on (phantoms with ground truth)
     * @param testData its separate test folder, or null when its test patients came from {@code trainData}
     * @param className the class the stage detects (a nodule class)
     * @param config the candidate classifier's training configuration (input sampling triplanar-patch)
     * @param maxCandidates candidates per series, at training and run time
     * @param maxTrainingSeries at most this many training series (spread over patients, one study
     *     each first); 0 for all
     * @param maxFalsePositivesPerStudy the operating point's limit on validation
     * @param workDir checkpoints and drafts; training resumes from it
     * @param bundleDir where the finished bundle goes
     * @param dataset a description of the data for the model card
     * @param codeRevision the source revision, or null
     */
    public record Options(Path baseBundle, Path trainData, Path testData, String className, TrainingConfig config,
            int maxCandidates, int maxTrainingSeries, double maxFalsePositivesPerStudy, Path workDir, Path bundleDir,
            String dataset, String codeRevision) {

        /** Checks the paths and the input spec. */
        public Options {
            Objects.requireNonNull(baseBundle, "baseBundle");
            Objects.requireNonNull(trainData, "trainData");
            Objects.requireNonNull(className, "className");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(bundleDir, "bundleDir");
            if (!config.input().triplanar()) {
                throw new IllegalArgumentException("a candidate stage needs a triplanar-patch input, not "
                        + config.input().sampling());
            }
            if (!config.classes().equals(List.of(className))) {
                throw new IllegalArgumentException("the candidate classifier's classes must be [" + className + "], not "
                        + config.classes());
            }
        }
    }

    /**
     * What the stage run produced.
     *
     * @param bundle the finished bundle
     * @param report its test evaluation
     * @param stage figures of the stage itself
     */
    public record Outcome(ModelBundle bundle, TestReport report, ModelCard.StageSummary stage) {}

    private final Options options;
    private String software = "DJL " + ai.djl.engine.Engine.getDjlVersion();

    /**
     * @param options what to train on and where to write
     */
    public CandidateStageRun(Options options) {
        this.options = options;
    }

    /**
     * Runs everything.
     *
     * @param progress progress of every phase
     * @return the bundle, its test evaluation and the stage's figures
     * @throws IOException if data cannot be read or results written
     * @throws InferenceException if the engine fails
     */
    public Outcome run(ProgressListener progress) throws IOException, InferenceException {
        software = "DJL " + ai.djl.engine.Engine.getDjlVersion() + " / PyTorch " + EngineSetup.engine().getVersion();
        ModelBundle base = ModelBundle.load(options.baseBundle());
        Manifest baseManifest = base.manifest();
        int c = baseManifest.classes().indexOf(options.className());
        if (c < 0) {
            throw new IllegalArgumentException("the base model has no class " + options.className() + "; it has "
                    + baseManifest.classes());
        }
        Path splitFile = base.directory().resolve("split.json");
        PatientSplit split = PatientSplit.read(splitFile);
        Files.createDirectories(options.workDir());
        List<LabelledSeries> data = label(options.trainData(), baseManifest.input().modality(), progress);
        for (LabelledSeries s : data) {
            if (!split.parts().containsKey(s.patientKey())) {
                throw new IllegalArgumentException("a patient of " + options.trainData() + " is not in " + splitFile
                        + "; the stage must be trained on the data the base model was split from");
            }
        }
        List<LabelledSeries> train = spread(split.select(data, PatientSplit.Part.TRAIN), options.maxTrainingSeries());
        List<LabelledSeries> validation = split.select(data, PatientSplit.Part.VALIDATION);
        List<LabelledSeries> test = options.testData() == null ? split.select(data, PatientSplit.Part.TEST)
                : label(options.testData(), baseManifest.input().modality(), progress);

        TrainingConfig config = options.config();
        CandidateSample.Inputs inputs = new CandidateSample.Inputs(new PatchSampler(config.input()),
                config.augmentation());
        List<CandidateSample> trainSamples = samples(train, inputs, true, progress);
        List<CandidateSample> validationSamples = samples(validation, inputs, false, progress);
        LOG.info("{} training candidates ({} positive) from {} series; {} validation candidates ({} positive)",
                trainSamples.size(), trainSamples.stream().filter(s -> s.positive(0)).count(), train.size(),
                validationSamples.size(), validationSamples.stream().filter(s -> s.positive(0)).count());
        ModelTrainer.Result trained = new ModelTrainer(config, options.workDir().resolve("train"))
                .trainOn(trainSamples, validationSamples, progress);

        // Every validation candidate scored by the kept weights: temperature, then operating point.
        Manifest uncalibrated = stageManifest(Manifest.Calibration.NONE, Map.of(), trained.bestEpoch());
        ModelBundle stageOnly = ModelBundle.write(options.workDir().resolve("stage-draft"), uncalibrated,
                trained.bestParams());
        double[] logits = logits(stageOnly, validationSamples);
        double temperature = fitTemperature(logits, validationSamples);
        Manifest.Calibration calibration = Manifest.Calibration.temperature(temperature);
        double threshold = chooseThreshold(base, baseManifest, c, calibration, trained, validation, progress);

        Map<String, Manifest.OperatingPoint> stagePoint = Map.of(options.className(),
                new Manifest.OperatingPoint(threshold, null, null));
        Manifest stage = stageManifest(calibration, stagePoint, trained.bestEpoch());
        Map<String, Manifest.OperatingPoint> points = new LinkedHashMap<>(baseManifest.operatingPoints());
        points.put(options.className(), new Manifest.OperatingPoint(threshold, null, null));
        Manifest chosen = baseManifest.withEvaluation(points, Map.of())
                .withCandidateStages(Map.of(options.className(),
                        new Manifest.CandidateStage(stage, options.maxCandidates())));
        Map<String, Path> stageWeights = Map.of(options.className(), trained.bestParams());
        ModelBundle chosenBundle = ModelBundle.write(options.workDir().resolve("chosen"), chosen, base.weightsFile(),
                stageWeights);

        List<Predictions> predictions;
        try (ModelRuntime runtime = ModelRuntime.open(chosenBundle, DeviceChoice.AUTO)) {
            predictions = new PredictionRunner(runtime, List.of(FindingDetector.Settings.forManifest(chosen)))
                    .run(test, progress);
        }
        Map<String, Object> validationReport = new LinkedHashMap<>();
        validationReport.put("candidateStage." + options.className() + ".threshold", threshold);
        validationReport.put("candidateStage." + options.className() + ".temperature", temperature);
        TestReport report = TestReport.of(chosen, new TrainingRun.Choice(chosen.localisation().method(), points, null,
                null, validationReport), predictions, List.of(), TrainingRun.BOOTSTRAP_RESAMPLES, config.seed());

        Manifest finished = chosen.withEvaluation(report.operatingPoints(), report.metrics());
        ModelBundle bundle = ModelBundle.write(options.bundleDir(), finished, base.weightsFile(), stageWeights);
        Path dir = options.bundleDir();
        for (String file : List.of("split.json", "training-log.csv")) {
            Files.copy(base.directory().resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(options.workDir().resolve("train").resolve("training-log.csv"),
                dir.resolve(options.className() + "-candidates-training-log.csv"), StandardCopyOption.REPLACE_EXISTING);
        report.write(dir);
        ModelCard.StageSummary summary = new ModelCard.StageSummary(options.className(), stage, options.maxCandidates(),
                train.size(), trainSamples.size(), trainSamples.stream().filter(s -> s.positive(0)).count(),
                validation.size(), validationSamples.size(), validationSamples.stream().filter(s -> s.positive(0)).count(),
                trained, options.maxFalsePositivesPerStudy());
        ModelCard.write(dir.resolve("model-card.md"), bundle.manifest(), report, null, options.dataset(),
                split.select(data, PatientSplit.Part.TRAIN).size(), validation.size(), summary);
        LOG.info("model bundle with a {} candidate stage written to {}", options.className(), dir);
        return new Outcome(bundle, report, summary);
    }

    private List<LabelledSeries> label(Path folder, String modality, ProgressListener progress) throws IOException {
        DicomIndex index = DicomIndex.scan(folder, progress);
        List<LabelledSeries> data = DatasetBuilder.build(index, new PhantomLabels(), modality, new SeriesLoader(),
                progress);
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no labelled " + modality + " series in " + folder);
        }
        return data;
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
     * Proposes and labels the candidates of every series and samples their patches. Training
     * keeps the true nodule centres too; validation only what the proposer finds, as at run time.
     */
    private List<CandidateSample> samples(List<LabelledSeries> series, CandidateSample.Inputs inputs, boolean training,
            ProgressListener progress) throws IOException {
        SeriesLoader loader = new SeriesLoader();
        Random random = new Random(options.config().seed());
        List<CandidateSample> out = new ArrayList<>();
        int done = 0;
        for (LabelledSeries s : series) {
            Optional<Volume> v = volume(loader, s);
            Optional<StudyTruth> truth = PhantomLabels.truthOf(s.series());
            if (v.isPresent() && truth.isPresent()) {
                for (CandidateLabels.Candidate c : CandidateLabels.of(v.get(), truth.get(), options.maxCandidates())) {
                    if (training || c.proposed()) {
                        out.add(CandidateSample.of(s.series().seriesInstanceUid(), v.get(), c, inputs, random));
                    }
                }
            }
            progress.progress(++done, series.size(), training ? "training candidates" : "validation candidates");
        }
        return out;
    }

    /** The series' deepest volume when it has all the labelled slices. */
    private static Optional<Volume> volume(SeriesLoader loader, LabelledSeries s) {
        return loader.load(s.series(), ProgressListener.NONE).volumes().stream()
                .max(Comparator.comparingInt(Volume::depth)).filter(v -> v.depth() == s.slices());
    }

    /** Raw logits of samples as at run time (no augmentation). */
    private static double[] logits(ModelBundle stage, List<CandidateSample> samples)
            throws IOException, InferenceException {
        double[] out = new double[samples.size()];
        try (ModelRuntime runtime = ModelRuntime.open(stage, DeviceChoice.AUTO)) {
            int length = runtime.manifest().channels() * runtime.manifest().input().size()
                    * runtime.manifest().input().size();
            int batch = 64;
            for (int first = 0; first < samples.size(); first += batch) {
                int n = Math.min(batch, samples.size() - first);
                float[] x = new float[n * length];
                for (int i = 0; i < n; i++) {
                    samples.get(first + i).fill(null, x, i * length);
                }
                float[][] l = runtime.logits(x, n);
                for (int i = 0; i < n; i++) {
                    out[first + i] = l[i][0];
                }
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

    /**
     * The operating point on validation: every validation series is run through the product's
     * candidate stage and finding detector at a low threshold, then the most sensitive threshold
     * whose false positives per study stay within the limit is taken.
     */
    private double chooseThreshold(ModelBundle base, Manifest baseManifest, int c, Manifest.Calibration calibration,
            ModelTrainer.Result trained, List<LabelledSeries> validation, ProgressListener progress)
            throws IOException, InferenceException {
        Manifest draft = baseManifest.withCandidateStages(Map.of(options.className(), new Manifest.CandidateStage(
                stageManifest(calibration, Map.of(), trained.bestEpoch()), options.maxCandidates())));
        ModelBundle bundle = ModelBundle.write(options.workDir().resolve("draft"), draft, base.weightsFile(),
                Map.of(options.className(), trained.bestParams()));
        List<DetectionEvaluation.StudyFindings> studies = new ArrayList<>();
        SeriesLoader loader = new SeriesLoader();
        try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.AUTO)) {
            FindingDetector detector = new FindingDetector(runtime, new Preprocessor(draft.input()),
                    FindingDetector.Settings.forManifest(draft).withThreshold(TrainingRun.SWEEP_THRESHOLD));
            org.dicomcnn.classify.CandidateClassifier stage = new org.dicomcnn.classify.CandidateClassifier(
                    runtime.candidateStage(options.className()), c, options.maxCandidates());
            int done = 0;
            for (LabelledSeries s : validation) {
                Optional<Volume> v = volume(loader, s);
                Optional<StudyTruth> truth = PhantomLabels.truthOf(s.series());
                if (v.isPresent() && truth.isPresent()) {
                    // only the stage's class: slice scores of zero keep the detector off the others
                    int classes = draft.classes().size();
                    SliceScores scores = new SliceScores(draft.classes(), new double[v.get().depth()][classes], true,
                            new double[classes]).withCandidates(c, stage.score(v.get()));
                    List<Finding> findings = detector.detect(v.get(), scores, ProgressListener.NONE);
                    studies.add(new DetectionEvaluation.StudyFindings(truth.get(), findings));
                }
                progress.progress(++done, validation.size(), "choosing the operating point");
            }
        }
        double t = Math.max(TrainingRun.SWEEP_THRESHOLD, DetectionEvaluation.thresholdForFalsePositiveRate(studies,
                options.className(), options.maxFalsePositivesPerStudy()));
        LOG.info("validation, {} candidate stage: {} at threshold {}", options.className(),
                DetectionEvaluation.evaluate(studies, options.className(), t), t);
        return t;
    }

    private Manifest stageManifest(Manifest.Calibration calibration, Map<String, Manifest.OperatingPoint> points,
            int epochs) {
        TrainingConfig config = options.config();
        return Manifest.builder()
                .setName(config.name())
                .setVersion(config.version())
                .optDescription(options.className() + " candidate classifier: triplanar patches of blob candidates")
                .setTask(Manifest.TASK_MULTI_LABEL)
                .setClasses(List.of(options.className()))
                .setArchitecture(config.architecture())
                .setInput(config.input())
                .optOperatingPoints(points.isEmpty() ? null : points)
                .optCalibration(calibration)
                .optLocalisation(new Manifest.LocalisationSpec(null, Manifest.LocalisationSpec.METHOD_NONE))
                .optProvenance(new Manifest.Provenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        TrainingRun.createdBy(), software, options.dataset(), options.codeRevision(), config.seed(),
                        epochs, "best of " + config.epochs() + " epochs by validation AUC"))
                .setWeights(Manifest.Weights.unhashed(weightsFile(options.className()),
                        Manifest.Weights.FORMAT_DJL_PARAMS))
                .build();
    }
}
