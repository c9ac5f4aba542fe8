package org.dicomcnn.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.dicom.FileProblem;
import org.dicomcnn.localize.Finding;

/**
 * One series analysed by one model: what was found, with what, and how long each stage took.
 *
 * @param studyInstanceUid the study
 * @param seriesInstanceUid the series analysed
 * @param model the model's name, version and weights hash
 * @param device where it ran, e.g. "cpu()"
 * @param scores per-slice and series probabilities
 * @param findings findings, most probable first
 * @param problems files of the series that could not be used
 * @param notes how the series was loaded (splits, gaps) and anything else the user should know
 * @param timings milliseconds per stage
 */
public record StudyAnalysis(
        String studyInstanceUid,
        String seriesInstanceUid,
        ModelIdentity model,
        String device,
        SliceScores scores,
        List<Finding> findings,
        List<FileProblem> problems,
        List<String> notes,
        StageTimings timings) {

    /** Requires the identities and copies the lists. */
    public StudyAnalysis {
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
        Objects.requireNonNull(model, "model");
        findings = List.copyOf(findings);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /**
     * Its findings, then those a temporal comparison looked back for in this study: the order
     * reports number them in (F1, F2, ...).
     *
     * @param lookedBack findings looked back for (empty when none)
     * @return both, in that order
     */
    public List<Finding> findingsWith(List<Finding> lookedBack) {
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(lookedBack);
        return all;
    }

    /**
     * Which model produced an analysis: every result names it.
     *
     * @param name model name
     * @param version model version
     * @param weightsSha256 SHA-256 of the weights file
     */
    public record ModelIdentity(String name, String version, String weightsSha256) {}

    /**
     * Time spent per stage, milliseconds.
     *
     * @param loadMs reading and decoding the series
     * @param classifyMs slice classification
     * @param localiseMs heatmaps or region scoring, and measurement
     */
    public record StageTimings(long loadMs, long classifyMs, long localiseMs) {
        /** The sum. */
        public long totalMs() {
            return loadMs + classifyMs + localiseMs;
        }
    }
}
