package org.dicomcnn.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.dicomcnn.classify.Classifier;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.cohort.CohortGenerator;
import org.dicomcnn.samples.cohort.GeneratorOptions;
import org.dicomcnn.training.data.DatasetBuilder;
import org.dicomcnn.training.data.LabelledSeries;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.training.detection.DetectionEvaluation;
import org.dicomcnn.training.eval.ClassEvaluation;
import org.dicomcnn.training.train.Augmentation;
import org.dicomcnn.training.train.TrainingConfig;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a tiny model for a few epochs on a small generated cohort, end to end through
 * {@link TrainingRun}: the training path runs in CI without the hour-long default-model run. The
 * model must clearly beat chance on its test split, and the bundle must carry everything the
 * runtime and a reader need.
 */
class TrainingRunTest {

    @TempDir
    static Path dir;

    static Path data;
    static Path bundleDir;
    static TrainingRun.Outcome outcome;
    static TrainingConfig config;

    /**
     * A tiny configuration: 128-pixel inputs at 3.4 mm with a neighbour 7 mm each side, a 4-stage
     * plain CNN of width 16 (see ModelTrainerTest#config on the width).
     */
    static TrainingConfig tinyConfig(int epochs) {
        Manifest.InputSpec input = new Manifest.InputSpec("CT", List.of(new Manifest.Window(-600, 1500)), 128, 3.4, 1,
                7, 0.5, 0.25);
        return new TrainingConfig("tiny", "0.0.1", Manifest.Architecture.plainCnn(4, 16), input, PhantomLabels.CLASSES,
                epochs, 1024, 32, "adam", 0.003, "cosine", 1e-4, 3, 0, 384, Augmentation.DEFAULT, 0.3, 1L << 30);
    }

    /** Ten patients (about 30 studies of 40 slices, 96 x 96), most with an effusion. */
    static Path generate(Path into) throws Exception {
        CohortGenerator.generate(GeneratorOptions.builder(into).optSeed(5).optPatients(10).optMatrix(96)
                .optSlices(40).optEffusionFraction(0.6).optTreePoints(300).build());
        return into;
    }

    @BeforeAll
    static void train() throws Exception {
        data = generate(dir.resolve("cohort"));
        bundleDir = dir.resolve("bundle");
        config = tinyConfig(6);
        TrainingRun.Options options = new TrainingRun.Options(data, null, new PhantomLabels(), config, 0.2, 0.3, 11,
                0.8, dir.resolve("work"), bundleDir, "tiny test model", "10 generated phantom patients", "test");
        outcome = new TrainingRun(options).run(ProgressListener.NONE);
    }

    /**
     * Six short epochs on ten small patients: every class the test split can judge must beat chance
     * clearly, its whole 95% bootstrap interval above 0.55. (The run is deterministic, so this is
     * not a flaky threshold; the hour-long default model is judged in docs/model-card.md.)
     */
    @Test
    void tinyModelClearlyBeatsChanceOnItsTestSplit() {
        ClassEvaluation effusion = outcome.report().slice().get("effusion");
        assertNotNull(effusion, "the test split has effusion and non-effusion slices");
        assertTrue(effusion.positives() >= 20 && effusion.negatives() >= 20, effusion.positives() + "+ / "
                + effusion.negatives() + "-");
        for (ClassEvaluation e : outcome.report().slice().values()) {
            if (e.positives() >= 20 && e.negatives() >= 20) {
                assertTrue(e.auc().estimate() >= 0.65, "slice-level " + e.className() + " AUC " + e.auc());
                assertTrue(e.auc().lower() > 0.55, e.className() + ": its 95% interval clears chance: " + e.auc());
            }
        }
    }

    @Test
    void bundleLoadsAndCarriesCalibrationOperatingPointsMetricsAndProvenance() throws Exception {
        ModelBundle bundle = ModelBundle.load(bundleDir);
        Manifest m = bundle.manifest();
        assertEquals(PhantomLabels.CLASSES, m.classes());
        assertEquals(Manifest.Calibration.METHOD_TEMPERATURE, m.calibration().method());
        assertTrue(m.calibration().temperature() > 0.05 && m.calibration().temperature() < 20);
        for (String c : PhantomLabels.CLASSES) {
            double t = m.operatingPoints().get(c).threshold();
            assertTrue(t >= TrainingRun.SWEEP_THRESHOLD && t <= 1, c + " threshold " + t);
        }
        assertTrue(Set.of(Manifest.LocalisationSpec.METHOD_GRAD_CAM, Manifest.LocalisationSpec.METHOD_REGION_SCORING)
                .contains(m.localisation().method()));
        assertEquals(outcome.report().slice().get("effusion").auc().estimate(),
                ((Number) m.metrics().get("test.slice.effusion.auc")).doubleValue(), 1e-4);
        assertEquals(3L, m.provenance().seed());
        assertTrue(m.provenance().epochs() >= 1 && m.provenance().epochs() <= 6);
        try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.CPU)) {
            assertEquals(2, runtime.logits(new float[config.input().channels() * 128 * 128], 1)[0].length);
        }
    }

    @Test
    void splitKeepsEveryPatientInOnePartAndNamesNoPatient() throws Exception {
        JsonNode split = new ObjectMapper().readTree(bundleDir.resolve("split.json").toFile());
        Set<String> seen = new HashSet<>();
        int parts = 0;
        for (String part : List.of("train", "validation", "test")) {
            for (JsonNode key : split.get(part).get("patientKeys")) {
                assertTrue(seen.add(key.asText()), "patient " + key + " is in two parts");
            }
            parts += split.get(part).get("patientKeys").isEmpty() ? 0 : 1;
        }
        assertEquals(3, parts);
        assertEquals(10, seen.size());
        DicomIndex index = DicomIndex.scan(data, ProgressListener.NONE);
        List<String> identifiers = index.patients().stream()
                .flatMap(p -> Stream.of(p.patientId(), p.patientName())).toList();
        try (Stream<Path> files = Files.list(bundleDir)) {
            for (Path f : files.filter(f -> !f.toString().endsWith(".params") && !f.toString().endsWith(".png"))
                    .toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                for (String id : identifiers) {
                    assertFalse(text.contains(id), f.getFileName() + " names a patient");
                }
            }
        }
        assertEquals(index.patients().size(), index.patients().stream().map(PatientRef::patientId).distinct().count());
    }

    @Test
    void writesTheLogModelCardEvaluationAndReliabilityDiagrams() throws Exception {
        List<String> log = Files.readAllLines(bundleDir.resolve("training-log.csv"));
        assertTrue(log.get(0).startsWith("epoch,train_loss,learning_rate,val_auc_nodule,val_auc_effusion"));
        assertTrue(log.size() >= 2 && log.size() <= 7, "one row per epoch run: " + log.size());
        String card = Files.readString(bundleDir.resolve("model-card.md"));
        assertTrue(card.contains("For research only"));
        assertTrue(card.contains("synthetic"));
        assertTrue(card.contains(ModelBundle.load(bundleDir).manifest().weights().sha256()));
        ClassEvaluation e = outcome.report().slice().get("effusion");
        assertTrue(card.contains(String.format(java.util.Locale.ROOT, "%.3f (%.3f-%.3f)", e.auc().estimate(),
                e.auc().lower(), e.auc().upper())), "card shows the slice AUC with its interval");
        JsonNode evaluation = new ObjectMapper().readTree(bundleDir.resolve("evaluation.json").toFile());
        assertEquals(e.auc().estimate(), evaluation.get("sliceLevel").get("effusion").get("auc").get("estimate")
                .asDouble(), 1e-12);
        JsonNode confusion = evaluation.get("sliceLevel").get("effusion").get("confusion");
        assertEquals(e.positives() + e.negatives(), confusion.get("truePositives").asInt()
                + confusion.get("falsePositives").asInt() + confusion.get("trueNegatives").asInt()
                + confusion.get("falseNegatives").asInt());
        BufferedImage png = ImageIO.read(bundleDir.resolve("reliability-slice-effusion.png").toFile());
        assertEquals(800, png.getWidth());
    }

    /**
     * A tiny candidate model: 24-pixel patches at 1.5 mm with context planes at 3 mm, a 2-stage
     * plain CNN, two short epochs.
     */
    static CandidateStageTrainer.Settings tinyStage(int maxTrainingSeries) {
        return tinyStage(maxTrainingSeries, 0);
    }

    /** The tiny candidate model, with a hard-negative round of that many negatives. */
    static CandidateStageTrainer.Settings tinyStage(int maxTrainingSeries, int hardNegatives) {
        Manifest.InputSpec patch = Manifest.InputSpec.triplanar("CT", new Manifest.Window(-600, 1500), 24, 1.5, 3.0,
                0.5, 0.25);
        TrainingConfig stageConfig = new TrainingConfig("tiny-candidates", "0.0.1", Manifest.Architecture.plainCnn(2, 8),
                patch, List.of("nodule"), 2, 256, 32, "adam", 0.003, "cosine", 1e-4, 3, 0, 128, Augmentation.DEFAULT,
                0.4, 1L << 28);
        return new CandidateStageTrainer.Settings("nodule", stageConfig, 60, maxTrainingSeries, hardNegatives);
    }

    /**
     * The slice model and a nodule candidate stage trained in one run: one operating point per
     * class chosen on validation (the stage's by its candidates' findings), one test evaluation
     * with nodules placed by the stage, and a card and logs for the stage and its hard-negative
     * round. The stage also trains on a folder of two more patients, which split.json lists.
     */
    @Test
    void trainsASliceModelAndACandidateStageTogether() throws Exception {
        Path together = dir.resolve("together");
        Path extra = dir.resolve("stage-extra");
        CohortGenerator.generate(GeneratorOptions.builder(extra).optSeed(6).optPatients(2).optMatrix(96).optSlices(40)
                .optEffusionFraction(0).optTreePoints(300).build());
        TrainingRun.Options options = new TrainingRun.Options(data, null, new PhantomLabels(), tinyConfig(2), 0.2, 0.3,
                11, 0.8, dir.resolve("together-work"), together, "tiny test model", "10 generated phantom patients",
                "test", tinyStage(0, 100), extra);
        TrainingRun.Outcome o = new TrainingRun(options).run(ProgressListener.NONE);
        JsonNode split = new ObjectMapper().readTree(together.resolve("split.json").toFile());
        int extraSeries = split.get("stage_train").get("series").asInt();
        assertEquals(2, split.get("stage_train").get("patientKeys").size(), "the extra folder's patients, listed");
        assertTrue(extraSeries >= 4, "two patients of two or more studies: " + extraSeries);
        Manifest m = o.bundle().manifest();
        Manifest.CandidateStage stage = m.candidateStages().get("nodule");
        assertNotNull(stage);
        assertEquals(6, stage.model().channels(), "fine and context planes");
        assertEquals(m.threshold(0), stage.model().threshold(0), 1e-12);
        assertEquals(Manifest.Calibration.METHOD_TEMPERATURE, stage.model().calibration().method());
        assertEquals(Manifest.LocalisationSpec.METHOD_GRAD_CAM, m.localisation().method());
        assertEquals(null, o.report().alternativeMethod(), "no region scoring to compare when a stage places nodules");
        assertEquals("nodule: candidate-stage; effusion: fluid-segmentation", o.report().method());
        assertTrue(Files.exists(together.resolve("nodule-candidates-training-log.csv")));
        List<String> hardLog = Files.readAllLines(together.resolve("nodule-candidates-hard-negatives-log.csv"));
        assertEquals(1 + 1, hardLog.size(), "the hard-negative round runs half the stage's 2 epochs: " + hardLog);
        List<String> targets = Files.readAllLines(together.resolve("detection-targets.csv"));
        assertTrue(targets.get(0).startsWith("class,study_instance_uid,lesion_id,lesion_class,diameter_mm"));
        int nodules = o.report().detection().get("nodule").targets();
        assertEquals(nodules, targets.stream().filter(l -> l.startsWith("nodule,")).count(), "one row per nodule target");
        JsonNode evaluation = new ObjectMapper().readTree(together.resolve("evaluation.json").toFile());
        JsonNode byClass = evaluation.get("detection").get("nodule").get("byLesionClass");
        int sum = 0;
        for (JsonNode n : byClass) {
            sum += n.get("targets").asInt();
        }
        assertEquals(nodules, sum, "the breakdown by lesion class covers every target");
        String card = Files.readString(together.resolve("model-card.md"));
        // The FROC of every class with test targets (effusions here; nodules when the small test split has one).
        JsonNode frocs = evaluation.get("froc");
        assertTrue(o.report().detection().get("effusion").targets() > 0);
        for (String c : List.of("nodule", "effusion")) {
            DetectionEvaluation.ClassResult operating = o.report().detection().get(c);
            JsonNode froc = frocs.get(c);
            assertEquals(operating.targets() > 0, froc != null, c + ": " + frocs);
            if (froc == null) {
                continue;
            }
            assertEquals(7, froc.get("points").size(), "1/8 to 8 false positives per study");
            for (JsonNode p : froc.get("points")) {
                if (p.get("maxFalsePositivesPerStudy").asDouble() >= operating.falsePositivesPerStudy()) {
                    assertTrue(p.get("detected").asInt() >= operating.detected(), "a rate the operating point keeps "
                            + "to finds at least what it finds: " + p);
                }
            }
            assertEquals(froc.get("cpm").asDouble(), ((Number) o.bundle().manifest().metrics()
                    .get("test.detection." + c + ".cpm")).doubleValue(), 1e-4);
            assertTrue(card.contains("FROC, " + c + " (every finding from 0.05 up"), card);
        }
        JsonNode validation = evaluation.get("validation");
        assertEquals("candidate-stage", validation.get("nodule").get("placement").asText());
        assertEquals("fluid-segmentation", validation.get("effusion").get("placement").asText());
        assertTrue(card.contains("## nodule candidate stage"));
        assertTrue(card.contains("24 x 24 pixels at 1.50 mm, and the same planes at 3.00 mm for context"), card);
        assertTrue(card.contains("Effusions are placed by fluid segmentation"), card);
        assertTrue(card.contains("from " + (split.get("train").get("series").asInt() + extraSeries)
                + " training series"), "the stage trained on the training split and the extra folder: " + card);
        assertTrue(card.contains("Hard-negative round, from the first round's weights: the 100 training negatives"),
                card);
    }

    /**
     * A nodule candidate stage added to the tiny bundle on the same split: the finished bundle
     * carries the stage's weights (also through a zip), the runtime opens it, and the product's
     * classifier then takes the nodule series score from the best candidate and places nodule
     * findings by candidates. It averages two mirrorings of each candidate and scores ground-glass
     * cores besides the blobs, which the bundle records. It is an ensemble of two networks from two
     * seeds, both in the bundle.
     */
    @Test
    void addsACandidateStageThatTheProductRuns() throws Exception {
        Path staged = dir.resolve("staged");
        CandidateStageTrainer.Settings s = tinyStage(4);
        CandidateStageTrainer.Settings mirrored = new CandidateStageTrainer.Settings(s.className(), s.config(),
                s.maxCandidates(), s.maxTrainingSeries(), s.hardNegatives(), 2, 10, false, 2);
        CandidateStageRun.Outcome o = new CandidateStageRun(new CandidateStageRun.Options(bundleDir, data, null,
                mirrored, 1.0, dir.resolve("stage-work"), staged, "10 generated phantom patients", "test"))
                .run(ProgressListener.NONE);

        Manifest m = o.bundle().manifest();
        Manifest.CandidateStage stage = m.candidateStages().get("nodule");
        assertNotNull(stage, "the bundle names a nodule candidate stage");
        assertEquals(60, stage.candidateLimit());
        assertEquals(ModelBundle.load(bundleDir).manifest().weights().sha256(), m.weights().sha256(),
                "the slice model's weights are kept");
        assertEquals(m.threshold(0), stage.model().threshold(0), 1e-12, "one operating point for the class");
        assertEquals(4, o.stage().trainSeries());
        assertTrue(o.stage().trainPositives() > 0 && o.stage().validationCandidates() > 0);
        String card = Files.readString(staged.resolve("model-card.md"));
        assertTrue(card.contains("nodule candidate stage"));
        assertTrue(Files.exists(staged.resolve("nodule-candidates-training-log.csv")));
        assertEquals(List.of("nodule-candidates-2.params"), stage.members().stream().map(Manifest.Weights::file).toList());
        assertNotEquals(stage.model().weights().sha256(), stage.members().get(0).sha256(), "another seed, other weights");
        assertTrue(Files.exists(staged.resolve("nodule-candidates-2-training-log.csv")));
        assertTrue(card.contains("Ensemble network 2 of 2, trained alike from seed 4"), card);
        assertTrue(stage.model().provenance().notes().contains("ensemble of 2 networks from seeds 3 to 4"),
                stage.model().provenance().notes());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () ->
                new CandidateStageTrainer.Settings(s.className(), s.config(), s.maxCandidates(), s.maxTrainingSeries(),
                        100, 1, 0, false, 2));
        assertEquals("an ensemble (2 networks) has no hard-negative round; ask for one or the other", both.getMessage());

        Path zip = dir.resolve("staged.zip");
        o.bundle().writeZip(zip);
        ModelBundle unzipped = ModelBundle.load(zip);
        assertEquals(stage.model().weights().sha256(), unzipped.manifest().candidateStages().get("nodule").model()
                .weights().sha256());
        assertEquals(2, unzipped.manifest().candidateStages().get("nodule").mirroringCount());
        assertEquals(10, unzipped.manifest().candidateStages().get("nodule").groundGlassLimit());
        assertEquals(stage.members(), unzipped.manifest().candidateStages().get("nodule").members());
        assertThrows(IllegalArgumentException.class, () -> new CandidateStageTrainer.Settings(s.className(), s.config(),
                s.maxCandidates(), s.maxTrainingSeries(), s.hardNegatives(), 3, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new CandidateStageTrainer.Settings(s.className(), s.config(),
                s.maxCandidates(), s.maxTrainingSeries(), s.hardNegatives(), 1, -1, false));

        LabelledSeries series = DatasetBuilder.build(DicomIndex.scan(data, ProgressListener.NONE), new PhantomLabels(),
                "CT", new SeriesLoader(), ProgressListener.NONE).get(0);
        Volume v = new SeriesLoader().load(series.series(), ProgressListener.NONE).volumes().get(0);
        try (ModelRuntime runtime = ModelRuntime.open(unzipped, DeviceChoice.CPU)) {
            assertNotNull(runtime.candidateStage("nodule"));
            Classifier classifier = new Classifier(runtime, 8, 1);
            SliceScores scores = classifier.classify(v, ProgressListener.NONE);
            List<SliceScores.Candidate> candidates = scores.candidatesOf(0);
            assertFalse(candidates.isEmpty(), "candidates were proposed and scored");
            assertTrue(candidates.size() <= 60 + 10, "at most 60 blobs and 10 ground-glass cores: " + candidates.size());
            assertEquals(candidates.get(0).probability(), scores.seriesProbabilities()[0], 1e-12,
                    "the nodule series score is the best candidate's probability");
            List<Finding> findings = new FindingDetector(runtime, classifier.preprocessor(),
                    FindingDetector.Settings.DEFAULT.withThreshold(0)).detect(v, scores, ProgressListener.NONE);
            long nodules = findings.stream().filter(f -> f.findingClass().equals("nodule")).count();
            assertTrue(nodules >= 1, "at threshold 0 every candidate is a finding (merged within 5 mm)");
            assertTrue(findings.stream().filter(f -> f.findingClass().equals("nodule"))
                    .allMatch(f -> f.provenance().method().equals("candidate-stage")));
        }
    }
}
