package org.dicomcnn.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.dicomcnn.classify.CandidateClassifier;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.preprocess.Preprocessor;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.PatientSplit;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.training.detection.DetectionEvaluation;
import org.dicomcnn.training.evaluate.PredictionRunner;
import org.dicomcnn.training.evaluate.Predictions;
import org.dicomcnn.training.evaluate.TestReport;
import org.dicomcnn.training.export.ModelCard;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds a nodule candidate stage ({@link Manifest.CandidateStage}) to a bundle made by
 * {@link TrainingRun}, on the same patient split (read from the bundle's {@code split.json}):
 *
 * <ol>
 *   <li>train and calibrate the stage on the training and validation series
 *       ({@link CandidateStageTrainer});</li>
 *   <li>choose its operating point on validation: every validation series' candidates are scored
 *       and turned into findings by the product's own {@link FindingDetector}, and the most
 *       sensitive threshold that keeps false positives per study at or below the limit is
 *       taken;</li>
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

    /**
     * What to train on and where to write.
     *
     * @param baseBundle a bundle written by {@link TrainingRun}, with its {@code split.json}
     * @param trainData the folder it was trained on (phantoms with ground truth)
     * @param testData its separate test folder, or null when its test patients came from {@code trainData}
     * @param stage what to train
     * @param maxFalsePositivesPerStudy the operating point's limit on validation
     * @param workDir checkpoints and drafts; training resumes from it
     * @param bundleDir where the finished bundle goes
     * @param dataset a description of the data for the model card
     * @param codeRevision the source revision, or null
     */
    public record Options(Path baseBundle, Path trainData, Path testData, CandidateStageTrainer.Settings stage,
            double maxFalsePositivesPerStudy, Path workDir, Path bundleDir, String dataset, String codeRevision) {

        /** Checks the paths. */
        public Options {
            Objects.requireNonNull(baseBundle, "baseBundle");
            Objects.requireNonNull(trainData, "trainData");
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(bundleDir, "bundleDir");
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
        String className = options.stage().className();
        ModelBundle base = ModelBundle.load(options.baseBundle());
        Manifest baseManifest = base.manifest();
        int c = baseManifest.classes().indexOf(className);
        if (c < 0) {
            throw new IllegalArgumentException("the base model has no class " + className + "; it has "
                    + baseManifest.classes());
        }
        Path splitFile = base.directory().resolve("split.json");
        PatientSplit split = PatientSplit.read(splitFile);
        Files.createDirectories(options.workDir());
        List<LabelledSeries> data = TrainingRun.label(options.trainData(), new PhantomLabels(), baseManifest.input().modality(), progress);
        for (LabelledSeries s : data) {
            if (!split.parts().containsKey(s.patientKey())) {
                throw new IllegalArgumentException("a patient of " + options.trainData() + " is not in " + splitFile
                        + "; the stage must be trained on the data the base model was split from");
            }
        }
        List<LabelledSeries> validation = split.select(data, PatientSplit.Part.VALIDATION);
        List<LabelledSeries> test = options.testData() == null ? split.select(data, PatientSplit.Part.TEST)
                : TrainingRun.label(options.testData(), new PhantomLabels(), baseManifest.input().modality(), progress);

        CandidateStageTrainer.Trained trained = new CandidateStageTrainer(options.stage(), options.workDir(),
                options.dataset(), options.codeRevision()).train(split.select(data, PatientSplit.Part.TRAIN), validation,
                progress);
        double threshold = chooseThreshold(base, c, trained, validation, progress);

        Manifest.CandidateStage stage = trained.stage(threshold, options.stage());
        Map<String, Manifest.OperatingPoint> points = new LinkedHashMap<>(baseManifest.operatingPoints());
        points.put(className, new Manifest.OperatingPoint(threshold, null, null));
        Manifest chosen = baseManifest.withEvaluation(points, Map.of())
                .withCandidateStages(Map.of(className, stage));
        Map<String, List<Path>> stageWeights = Map.of(className, trained.allWeights());
        ModelBundle chosenBundle = ModelBundle.write(options.workDir().resolve("chosen"), chosen, base.weightsFile(),
                stageWeights);

        List<Predictions> predictions;
        try (ModelRuntime runtime = ModelRuntime.open(chosenBundle, DeviceChoice.AUTO)) {
            predictions = new PredictionRunner(runtime, List.of(TestReport.settings(chosen))).run(test, progress);
        }
        Map<String, Object> validationReport = new LinkedHashMap<>();
        validationReport.put("candidateStage." + className + ".threshold", threshold);
        validationReport.put("candidateStage." + className + ".temperature", stage.model().calibration().temperature());
        TestReport report = TestReport.of(chosen, new TrainingRun.Choice(chosen.localisation().method(), points, null,
                null, validationReport), predictions, List.of(), TrainingRun.BOOTSTRAP_RESAMPLES,
                options.stage().config().seed());

        Manifest finished = chosen.withEvaluation(report.operatingPoints(), report.metrics());
        ModelBundle bundle = ModelBundle.write(options.bundleDir(), finished, base.weightsFile(), stageWeights);
        Path dir = options.bundleDir();
        for (String file : List.of("split.json", "training-log.csv")) {
            Files.copy(base.directory().resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        trained.copyLogs(dir);
        report.write(dir);
        ModelCard.StageSummary summary = trained.summary(stage, options.maxFalsePositivesPerStudy());
        ModelCard.write(dir.resolve("model-card.md"), bundle.manifest(), report, null, options.dataset(),
                split.select(data, PatientSplit.Part.TRAIN).size(), validation.size(), summary);
        LOG.info("model bundle with a {} candidate stage written to {}", className, dir);
        return new Outcome(bundle, report, summary);
    }

    /**
     * The operating point on validation: every validation series is run through the product's
     * candidate stage and finding detector at a low threshold, then the most sensitive threshold
     * whose false positives per study stay within the limit is taken. (Only the stage's class is
     * judged, so the slice model is not run.)
     */
    private double chooseThreshold(ModelBundle base, int c, CandidateStageTrainer.Trained trained,
            List<LabelledSeries> validation, ProgressListener progress) throws IOException, InferenceException {
        String className = options.stage().className();
        Manifest.CandidateStage draftStage = trained.stage(0, options.stage());
        Manifest draft = base.manifest().withCandidateStages(Map.of(className, draftStage));
        ModelBundle bundle = ModelBundle.write(options.workDir().resolve("draft"), draft, base.weightsFile(),
                Map.of(className, trained.allWeights()));
        List<DetectionEvaluation.StudyFindings> studies = new ArrayList<>();
        SeriesLoader loader = new SeriesLoader();
        try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.AUTO)) {
            FindingDetector detector = new FindingDetector(runtime, new Preprocessor(draft.input()),
                    FindingDetector.Settings.forManifest(draft).withThreshold(TrainingRun.SWEEP_THRESHOLD));
            CandidateClassifier stage = new CandidateClassifier(runtime.candidateStage(className), c, draftStage);
            int done = 0;
            for (LabelledSeries s : validation) {
                Optional<Volume> v = CandidateStageTrainer.volume(loader, s);
                Optional<StudyTruth> truth = PhantomLabels.truthOf(s.series());
                if (v.isPresent() && truth.isPresent()) {
                    // slice scores of zero keep the detector off the other classes
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
                className, options.maxFalsePositivesPerStudy()));
        LOG.info("validation, {} candidate stage: {} at threshold {}", className,
                DetectionEvaluation.evaluate(studies, className, t), t);
        return t;
    }
}
