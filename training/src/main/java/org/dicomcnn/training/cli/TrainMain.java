package org.dicomcnn.training.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.training.CandidateStageRun;
import org.dicomcnn.training.CandidateStageTrainer;
import org.dicomcnn.training.TrainingRun;
import org.dicomcnn.training.data.CsvLabels;
import org.dicomcnn.training.data.LabelSource;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.training.detection.DetectionEvaluation;
import org.dicomcnn.training.eval.ClassEvaluation;
import org.dicomcnn.training.train.Augmentation;
import org.dicomcnn.training.train.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dicomcnn-train}: trains, calibrates, evaluates and exports a classifier.
 *
 * <pre>
 * dicomcnn-train --train /data/phantoms-train --test /data/phantoms-test --labels phantom --out models/chest
 * dicomcnn-train --train /data/ct --labels labels.csv --test-fraction 0.15 --out models/mine
 * dicomcnn-train --train /data/phantoms-train --test /data/phantoms-test --labels phantom \
 *     --candidate-stage nodule --out models/chest
 * dicomcnn-train --candidate-stage nodule --base models/chest --train /data/phantoms-train \
 *     --test /data/phantoms-test --labels phantom --out models/chest-2
 * </pre>
 */
@Command(name = "dicomcnn-train", mixinStandardHelpOptions = true, version = "dicomcnn-train 0.1.0",
        sortOptions = false, description = {
            "Trains a slice classifier on DICOM series and labels, fits its calibration and operating points on a",
            "validation split, judges it on a test split and writes a model bundle with its model card.",
            "Research use only."})
public final class TrainMain implements Callable<Integer> {

    /** Exit code for bad input: a missing folder, an unreadable label file, no labelled series. */
    static final int NO_INPUT = 3;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "DIR", description = "Folder of training studies.")
    Path trainData;

    @Option(names = "--test", paramLabel = "DIR",
            description = "Folder of test studies (else --test-fraction of the training patients).")
    Path testData;

    @Option(names = "--labels", required = true, paramLabel = "phantom|FILE.csv",
            description = "'phantom' for the generator's ground-truth.json, or a CSV keyed by SOPInstanceUID, "
                    + "SeriesInstanceUID or StudyInstanceUID.")
    String labels;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the model bundle goes.")
    Path out;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Checkpoints and logs; a run started again with the same folder resumes. Default: OUT.work")
    Path work;

    @Option(names = "--name", defaultValue = "chest-ct-phantom", description = "Model name. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--model-version", defaultValue = "1.0.0", description = "Model version. Default: ${DEFAULT-VALUE}.")
    String version;

    @Option(names = "--architecture", defaultValue = "plain-cnn:5:16", paramLabel = "ARCH",
            description = "plain-cnn:DEPTH:WIDTH, resnet:18|34|50, vgg:11|16 or googlenet. Default: ${DEFAULT-VALUE}.")
    String architecture;

    @Option(names = "--pooling", defaultValue = "max",
            description = "The head's global pooling: avg or max (small findings). Default: ${DEFAULT-VALUE}.")
    String pooling;

    @Option(names = "--size", defaultValue = "256", description = "Input size, pixels. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--pixel-spacing", defaultValue = "1.5",
            description = "Resampling target, mm per pixel (0: fit the field of view). Default: ${DEFAULT-VALUE}.")
    double pixelSpacing;

    @Option(names = "--context", defaultValue = "1",
            description = "Neighbouring slices each side (2.5-D). Default: ${DEFAULT-VALUE}.")
    int context;

    @Option(names = "--context-spacing", defaultValue = "5", description = "Their distance, mm. Default: ${DEFAULT-VALUE}.")
    double contextSpacing;

    @Option(names = "--window", defaultValue = "-600/1500", paramLabel = "CENTRE/WIDTH", split = ",",
            description = "Intensity windows in HU. Default: ${DEFAULT-VALUE}.")
    List<String> windows;

    @Option(names = "--epochs", defaultValue = "30", description = "At most this many epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--samples-per-epoch", defaultValue = "4096", description = "Default: ${DEFAULT-VALUE}.")
    int samplesPerEpoch;

    @Option(names = "--batch", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--learning-rate", defaultValue = "0.002", description = "Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--schedule", defaultValue = "cosine", description = "constant, cosine or step. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--weight-decay", defaultValue = "0.0001", description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of weights, sampling and augmentation. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--patience", defaultValue = "8",
            description = "Stop after this many epochs without a better validation AUC (0: never). Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--validation-samples", defaultValue = "1536", description = "Default: ${DEFAULT-VALUE}.")
    int validationSamples;

    @Option(names = "--positive-fraction", defaultValue = "0.3",
            description = "Share of each batch from each class's positive slices. Default: ${DEFAULT-VALUE}.")
    double positiveFraction;

    @Option(names = "--no-augmentation", description = "Train on unaltered slices.")
    boolean noAugmentation;

    @Option(names = "--validation-fraction", defaultValue = "0.2", description = "Default: ${DEFAULT-VALUE}.")
    double validationFraction;

    @Option(names = "--test-fraction", defaultValue = "-1",
            description = "Share of training-folder patients for test (default 0 with --test, else 0.2).")
    double testFraction;

    @Option(names = "--split-seed", defaultValue = "11", description = "Default: ${DEFAULT-VALUE}.")
    long splitSeed;

    @Option(names = "--max-false-positives", defaultValue = "0.8",
            description = "Findings per study allowed on validation when choosing thresholds. Default: ${DEFAULT-VALUE}.")
    double maxFalsePositives;

    @Option(names = "--cache-mb", defaultValue = "6000", description = "Memory for loaded volumes. Default: ${DEFAULT-VALUE}.")
    long cacheMb;

    @Option(names = "--description", defaultValue = "Chest CT slice classifier (nodule, pleural effusion) trained on "
            + "synthetic phantoms. Research use only.", description = "Bundle description.")
    String description;

    @Option(names = "--dataset", description = "A description of the data for the model card.")
    String dataset;

    @Option(names = "--code-revision", description = "The source revision (git commit) for the provenance.")
    String codeRevision;

    @Option(names = "--candidate-stage", paramLabel = "CLASS", description = "Also train a candidate stage for CLASS "
            + "(a nodule class): blob candidates scored by a second network on triplanar patches give that class's "
            + "findings and series score. Needs --labels phantom.")
    String candidateStage;

    @Option(names = "--base", paramLabel = "DIR", description = "With --candidate-stage: train only the stage and add "
            + "it to this bundle (written by this command); its split.json fixes the patients of each part.")
    Path base;

    @Option(names = "--stage-architecture", defaultValue = "plain-cnn:4:32", paramLabel = "ARCH",
            description = "The candidate model's network (head pooling avg). Default: ${DEFAULT-VALUE}.")
    String stageArchitecture;

    @Option(names = "--stage-size", defaultValue = "32",
            description = "Candidate patch size, pixels per plane. Default: ${DEFAULT-VALUE}.")
    int stageSize;

    @Option(names = "--stage-pixel-spacing", defaultValue = "1.25",
            description = "Candidate patch spacing, mm. Default: ${DEFAULT-VALUE}.")
    double stagePixelSpacing;

    @Option(names = "--stage-context-spacing", defaultValue = "0",
            description = "Pixel size of the candidate patch's context planes, mm: the same three planes again, "
                    + "wider (6 channels); 0 for none. Default: ${DEFAULT-VALUE}.")
    double stageContextSpacing;

    @Option(names = "--stage-epochs", defaultValue = "12",
            description = "At most this many candidate epochs. Default: ${DEFAULT-VALUE}.")
    int stageEpochs;

    @Option(names = "--stage-samples-per-epoch", defaultValue = "0",
            description = "Candidate patches per candidate epoch (0: as --samples-per-epoch). Default: ${DEFAULT-VALUE}.")
    int stageSamplesPerEpoch;

    @Option(names = "--stage-patience", defaultValue = "-1",
            description = "Candidate epochs without a better validation AUC before stopping (-1: as --patience). "
                    + "Default: ${DEFAULT-VALUE}.")
    int stagePatience;

    @Option(names = "--stage-validation-samples", defaultValue = "0",
            description = "Validation candidates scored each candidate epoch (0: as --validation-samples). A number "
                    + "above the validation candidates scores them all, so the epoch kept is judged against every "
                    + "candidate that looks like a nodule, not a balanced draw. Default: ${DEFAULT-VALUE}.")
    int stageValidationSamples;

    @Option(names = "--stage-positive-fraction", defaultValue = "0.4",
            description = "Share of each candidate batch from nodules. Default: ${DEFAULT-VALUE}.")
    double stagePositiveFraction;

    @Option(names = "--max-candidates", defaultValue = "400",
            description = "With --candidate-stage: candidates per series. Default: ${DEFAULT-VALUE}.")
    int maxCandidates;

    @Option(names = "--ground-glass-candidates", defaultValue = "0", paramLabel = "N", description = "With "
            + "--candidate-stage: besides the --max-candidates blobs, up to N ground-glass cores per series (faint "
            + "ground glass beside brighter structures, which the blob filter misses; docs/localisation.md), at "
            + "training and run time. Default: ${DEFAULT-VALUE}.")
    int groundGlassCandidates;

    @Option(names = "--stage-keep-last-epoch", description = "With --candidate-stage: keep the stage's last epoch "
            + "(no early stopping) instead of the epoch of the best validation candidate AUC, which saturates near "
            + "0.999 and then moves by noise; the end of the learning-rate schedule chooses better (docs/training.md).")
    boolean stageKeepLastEpoch;

    @Option(names = "--hard-negatives", defaultValue = "0", paramLabel = "N", description = "With --candidate-stage: "
            + "after the first round, go on training (half the epochs, half the learning rate) on the positives, the N "
            + "training negatives the stage scored highest and N random others; 0 for no such round. "
            + "Default: ${DEFAULT-VALUE}.")
    int hardNegatives;

    @Option(names = "--stage-mirrorings", defaultValue = "1", paramLabel = "N", description = "With --candidate-stage: "
            + "score each candidate's patch in N mirrorings (1, 2, 4 or 8) and average the logits (test-time "
            + "augmentation); the temperature and the operating point are chosen on the averages and the bundle "
            + "records N. Default: ${DEFAULT-VALUE}.")
    int stageMirrorings;

    @Option(names = "--stage-ensemble", defaultValue = "1", paramLabel = "N", description = "With --candidate-stage: "
            + "train N networks on the same candidates from seeds --seed to --seed + N - 1 and average their logits "
            + "(1 to 8; not with --hard-negatives); the bundle holds every network's weights. Each network adds its "
            + "training time and multiplies the stage's scoring time. Default: ${DEFAULT-VALUE}.")
    int stageEnsemble;

    @Option(names = "--max-training-series", defaultValue = "0", description = "With --candidate-stage: at most this "
            + "many training series for the stage, spread over patients (0: all). Default: ${DEFAULT-VALUE}.")
    int maxTrainingSeries;

    @Option(names = "--stage-extra-train", paramLabel = "DIR", description = "With --candidate-stage: a folder of more "
            + "studies, of patients in neither --train nor --test, that only the stage trains on (listed in split.json "
            + "as stage_train).")
    Path stageExtraTrainData;

    @Option(names = "--verbose", description = "Log every step.")
    boolean verbose;

    /**
     * Runs the command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command and returns its exit code, for tests.
     *
     * @param args the command line
     * @return 0 when a bundle was written, 2 for a bad command line, 3 for bad input
     */
    public static int run(String... args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                    java.util.Arrays.asList(args).contains("--verbose") ? "info" : "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        return new CommandLine(new TrainMain()).execute(args);
    }

    @Override
    public Integer call() throws IOException, InferenceException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (candidateStage != null && base != null) {
            return addCandidateStage(err, stdout);
        }
        TrainingConfig config;
        TrainingRun.Options options;
        LabelSource source;
        try {
            source = labels(err);
            if (source == null) {
                return NO_INPUT;
            }
            config = new TrainingConfig(name, version, architecture(architecture).withPooling(pooling), input(), source.classes(), epochs,
                    samplesPerEpoch, batch, optimizer, learningRate, schedule, weightDecay, seed, patience,
                    validationSamples, noAugmentation ? Augmentation.NONE : Augmentation.DEFAULT, positiveFraction,
                    cacheMb << 20);
            double test = testFraction >= 0 ? testFraction : testData != null ? 0 : 0.2;
            if (candidateStage != null && !(source instanceof PhantomLabels)) {
                throw new IllegalArgumentException("--candidate-stage needs --labels phantom (lesion centres)");
            }
            options = new TrainingRun.Options(trainData, testData, source, config, validationFraction, test, splitSeed,
                    maxFalsePositives, work != null ? work : Path.of(out + ".work"), out, description, dataset,
                    codeRevision, candidateStage == null ? null : stageSettings(), stageExtraTrainData);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        for (Path p : java.util.stream.Stream.of(trainData, testData, stageExtraTrainData)
                .filter(java.util.Objects::nonNull).toList()) {
            if (!Files.isDirectory(p)) {
                err.println("dicomcnn-train: " + p + " is not a folder");
                return NO_INPUT;
            }
        }
        TrainingRun.Outcome outcome;
        try (TrainingProgress progress = new TrainingProgress(System.console() != null || verbose, System.err)) {
            outcome = new TrainingRun(options).run(progress);
        } catch (IllegalArgumentException e) {
            err.println("dicomcnn-train: " + e.getMessage());
            return NO_INPUT;
        }
        summarise(stdout, outcome);
        return 0;
    }

    /** The candidate stage's settings from the --stage-* options. */
    private CandidateStageTrainer.Settings stageSettings() {
        Manifest.InputSpec patch = Manifest.InputSpec.triplanar("CT", input().windows().get(0), stageSize,
                stagePixelSpacing, stageContextSpacing, 0.5, 0.25);
        TrainingConfig config = new TrainingConfig(name + "-" + candidateStage + "-candidates", version,
                architecture(stageArchitecture).withPooling(Manifest.Architecture.POOLING_AVERAGE), patch,
                List.of(candidateStage), stageEpochs, stageSamplesPerEpoch > 0 ? stageSamplesPerEpoch : samplesPerEpoch,
                batch, optimizer, learningRate, schedule, weightDecay, seed, stagePatience >= 0 ? stagePatience : patience,
                stageValidationSamples > 0 ? stageValidationSamples : validationSamples, noAugmentation ? Augmentation.NONE
                        : Augmentation.DEFAULT, stagePositiveFraction, cacheMb << 20);
        return new CandidateStageTrainer.Settings(candidateStage, config, maxCandidates, maxTrainingSeries,
                hardNegatives, stageMirrorings, groundGlassCandidates, stageKeepLastEpoch, stageEnsemble);
    }

    private int addCandidateStage(PrintWriter err, PrintWriter stdout) throws IOException, InferenceException {
        CandidateStageRun.Options options;
        try {
            if (!labels.equalsIgnoreCase("phantom")) {
                throw new IllegalArgumentException("--candidate-stage needs --labels phantom (lesion centres)");
            }
            options = new CandidateStageRun.Options(base, trainData, testData, stageSettings(), maxFalsePositives,
                    work != null ? work : Path.of(out + ".work"), out, dataset, codeRevision);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        for (Path p : testData == null ? List.of(trainData, base) : List.of(trainData, testData, base)) {
            if (!Files.isDirectory(p)) {
                err.println("dicomcnn-train: " + p + " is not a folder");
                return NO_INPUT;
            }
        }
        CandidateStageRun.Outcome outcome;
        try (TrainingProgress progress = new TrainingProgress(System.console() != null || verbose, System.err)) {
            outcome = new CandidateStageRun(options).run(progress);
        } catch (IllegalArgumentException e) {
            err.println("dicomcnn-train: " + e.getMessage());
            return NO_INPUT;
        }
        summarise(stdout, new TrainingRun.Outcome(outcome.bundle(), outcome.report()));
        return 0;
    }

    private LabelSource labels(PrintWriter err) throws IOException {
        if (labels.equalsIgnoreCase("phantom")) {
            return new PhantomLabels();
        }
        Path csv = Path.of(labels);
        if (!Files.isRegularFile(csv)) {
            err.println("dicomcnn-train: label file " + csv + " does not exist");
            return null;
        }
        return CsvLabels.read(csv);
    }

    /** Parses "plain-cnn:5:16", "resnet:18", "vgg:11", "googlenet". */
    static Manifest.Architecture architecture(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split(":");
        try {
            return switch (p[0]) {
                case Manifest.Architecture.FAMILY_PLAIN_CNN -> Manifest.Architecture.plainCnn(
                        p.length > 1 ? Integer.parseInt(p[1]) : Manifest.Architecture.PLAIN_CNN_DEFAULT_DEPTH,
                        p.length > 2 ? Integer.parseInt(p[2]) : Manifest.Architecture.PLAIN_CNN_DEFAULT_WIDTH);
                case Manifest.Architecture.FAMILY_RESNET -> Manifest.Architecture.resnet(
                        p.length > 1 ? Integer.parseInt(p[1]) : 18);
                case Manifest.Architecture.FAMILY_VGG -> Manifest.Architecture.vgg(p.length > 1 ? Integer.parseInt(p[1]) : 11);
                case Manifest.Architecture.FAMILY_GOOGLENET -> Manifest.Architecture.googlenet();
                default -> throw new IllegalArgumentException("--architecture '" + text
                        + "' is not plain-cnn:DEPTH:WIDTH, resnet:N, vgg:N or googlenet");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--architecture '" + text + "': " + e.getMessage(), e);
        }
    }

    private Manifest.InputSpec input() {
        List<Manifest.Window> w = new ArrayList<>();
        for (String s : windows) {
            String[] cw = s.split("/");
            if (cw.length != 2) {
                throw new IllegalArgumentException("--window '" + s + "' is not CENTRE/WIDTH, such as -600/1500");
            }
            try {
                w.add(new Manifest.Window(Double.parseDouble(cw[0]), Double.parseDouble(cw[1])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--window '" + s + "' is not CENTRE/WIDTH, such as -600/1500", e);
            }
        }
        return new Manifest.InputSpec("CT", w, size, pixelSpacing, context, context == 0 ? 0 : contextSpacing, 0.5, 0.25);
    }

    private static void summarise(PrintWriter out, TrainingRun.Outcome o) {
        out.println("model bundle: " + o.bundle().directory());
        for (String level : List.of("series", "slice")) {
            var evaluations = level.equals("series") ? o.report().seriesLevel() : o.report().slice();
            for (ClassEvaluation e : evaluations.values()) {
                String byPatient = e.aucByPatient() == null ? "" : String.format(Locale.ROOT, "; patients %.4f-%.4f",
                        e.aucByPatient().lower(), e.aucByPatient().upper());
                out.printf(Locale.ROOT, "test %-6s %-9s AUC %.4f (95%% CI %.4f-%.4f%s), sensitivity %.3f, specificity "
                        + "%.3f at %.3f, ECE %.4f (%d+ / %d-)%n", level, e.className(), e.auc().estimate(),
                        e.auc().lower(), e.auc().upper(), byPatient, e.operatingPoint().sensitivity().estimate(),
                        e.operatingPoint().specificity().estimate(), e.operatingPoint().threshold(), e.ece(),
                        e.positives(), e.negatives());
            }
        }
        for (DetectionEvaluation.ClassResult r : o.report().detection().values()) {
            out.println("test detection (" + o.report().method() + ") " + r);
        }
        for (DetectionEvaluation.ClassResult r : o.report().alternativeDetection().values()) {
            out.println("test detection (" + o.report().alternativeMethod() + ") " + r);
        }
    }
}
