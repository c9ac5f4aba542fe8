package org.dicomcnn.training.export;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.training.eval.ClassEvaluation;
import org.dicomcnn.training.evaluate.PatientCohort;
import org.dicomcnn.training.evaluate.TestReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the model card says about the test AUC and its intervals. */
class ModelCardTest {

    private static final String PATIENTS_SENTENCE = "After \"patients\" the AUC has a second interval, from a "
            + "bootstrap that resamples patients";

    @TempDir
    Path dir;

    private String card(TestReport report) throws IOException {
        Path file = dir.resolve("model-card.md");
        ModelCard.write(file, PatientCohort.manifest(), report, null, "a test cohort", 10, 5);
        return Files.readString(file);
    }

    @Test
    void aucCellShowsTheStratifiedIntervalThenThePatientOne() throws IOException {
        TestReport report = PatientCohort.report(PatientCohort.predictions(40, 3, 11));
        String card = card(report);
        for (var level : List.of(report.seriesLevel(), report.slice())) {
            ClassEvaluation e = level.get(PatientCohort.CLASS);
            String cell = String.format(Locale.ROOT, "| %.3f (%.3f-%.3f); patients %.3f-%.3f |", e.auc().estimate(),
                    e.auc().lower(), e.auc().upper(), e.aucByPatient().lower(), e.aucByPatient().upper());
            assertTrue(card.contains(cell), cell + " in\n" + card);
        }
        assertTrue(card.contains("Intervals are 95%: stratified bootstrap for AUC, Wilson score for proportions. "
                + PATIENTS_SENTENCE), card);
    }

    @Test
    void withoutPatientIntervalsTheCardReadsAsBefore() throws IOException {
        TestReport report = PatientCohort.report(PatientCohort.asOnePatient(PatientCohort.predictions(10, 2, 3)));
        String card = card(report);
        ClassEvaluation e = report.seriesLevel().get(PatientCohort.CLASS);
        String cell = String.format(Locale.ROOT, "| %.3f (%.3f-%.3f) |", e.auc().estimate(), e.auc().lower(),
                e.auc().upper());
        assertTrue(card.contains(cell), cell + " in\n" + card);
        assertTrue(card.contains("Intervals are 95%: stratified bootstrap for AUC, Wilson score for proportions.\n\n"),
                card);
        assertFalse(card.contains("patients 0") || card.contains("patients 1") || card.contains(PATIENTS_SENTENCE),
                card);
    }
}
