package org.dicomcnn.training.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dicomcnn.training.eval.ClassEvaluation;
import org.dicomcnn.training.eval.Interval;
import org.dicomcnn.training.eval.Roc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test report: the AUC intervals over series and over patients, and the groups of the detection breakdown. */
class TestReportTest {

    private static final String SERIES = "test.series." + PatientCohort.CLASS;

    @TempDir
    Path dir;

    @Test
    void bandsNameTheirBoundsAndSortInOrder() {
        double[] bounds = {8, 12, 20};
        assertEquals("a: below 8", TestReport.band(6.5, bounds));
        assertEquals("b: 8 to 12", TestReport.band(8, bounds));
        assertEquals("c: 12 to 20", TestReport.band(19.9, bounds));
        assertEquals("d: 20 and above", TestReport.band(20, bounds));
        assertEquals("b: 1.5 to 3", TestReport.band(2, TestReport.THICKNESS_BANDS_MM));
        assertNull(TestReport.band(Double.NaN, bounds));
    }

    @Test
    void seriesLevelAucIsAlsoResampledByPatient() {
        List<Predictions> cohort = PatientCohort.predictions(40, 3, 11);
        TestReport report = PatientCohort.report(cohort);
        ClassEvaluation e = report.seriesLevel().get(PatientCohort.CLASS);
        Predictions.Scored s = Predictions.seriesLevel(cohort, 0);
        assertEquals(Roc.aucWithClusterBootstrap(s.scores(), s.positive(), s.patientKeys(), 500, 7), e.aucByPatient());
        assertEquals(Roc.aucWithBootstrap(s.scores(), s.positive(), 500, 7), e.auc(), "the stratified interval stays");
        // three studies of a patient score alike: resampling patients widens the interval by about sqrt 3
        assertTrue(e.aucByPatient().width() > 1.3 * e.auc().width(), e.aucByPatient() + " vs " + e.auc());
        assertNotNull(report.slice().get(PatientCohort.CLASS).aucByPatient(), "slices are clustered by patient too");
    }

    @Test
    void metricsAddThePatientIntervalNextToTheStratifiedOne() {
        TestReport report = PatientCohort.report(PatientCohort.predictions(40, 3, 11));
        ClassEvaluation e = report.seriesLevel().get(PatientCohort.CLASS);
        Map<String, Object> m = report.metrics();
        assertEquals(range(e.auc()), m.get(SERIES + ".auc95ci"));
        assertEquals(range(e.aucByPatient()), m.get(SERIES + ".auc95ciPatients"));
        assertEquals(range(report.slice().get(PatientCohort.CLASS).aucByPatient()),
                m.get("test.slice." + PatientCohort.CLASS + ".auc95ciPatients"));
    }

    @Test
    void evaluationJsonHoldsThePatientIntervalBesideTheAuc() throws IOException {
        TestReport report = PatientCohort.report(PatientCohort.predictions(40, 3, 11));
        report.write(dir);
        JsonNode series = new ObjectMapper().readTree(dir.resolve("evaluation.json").toFile()).get("seriesLevel")
                .get(PatientCohort.CLASS);
        ClassEvaluation e = report.seriesLevel().get(PatientCohort.CLASS);
        assertEquals(e.auc().lower(), series.get("auc").get("lower").asDouble(), 0);
        JsonNode byPatient = series.get("aucPatientBootstrap");
        assertEquals(e.aucByPatient().estimate(), byPatient.get("estimate").asDouble(), 0);
        assertEquals(e.aucByPatient().lower(), byPatient.get("lower").asDouble(), 0);
        assertEquals(e.aucByPatient().upper(), byPatient.get("upper").asDouble(), 0);
    }

    @Test
    void onePatientLeavesThePatientIntervalOut() throws IOException {
        TestReport report = PatientCohort.report(PatientCohort.asOnePatient(PatientCohort.predictions(10, 2, 3)));
        ClassEvaluation e = report.seriesLevel().get(PatientCohort.CLASS);
        assertNotNull(e, "both classes among the series: evaluated");
        assertNull(e.aucByPatient(), "one patient: nothing to resample");
        assertFalse(report.metrics().containsKey(SERIES + ".auc95ciPatients"));
        assertTrue(report.metrics().containsKey(SERIES + ".auc95ci"));
        report.write(dir);
        JsonNode series = new ObjectMapper().readTree(dir.resolve("evaluation.json").toFile()).get("seriesLevel")
                .get(PatientCohort.CLASS);
        assertTrue(series.has("auc"));
        assertFalse(series.has("aucPatientBootstrap"));
    }

    private static String range(Interval i) {
        return String.format(Locale.ROOT, "%.4f-%.4f", i.lower(), i.upper());
    }
}
