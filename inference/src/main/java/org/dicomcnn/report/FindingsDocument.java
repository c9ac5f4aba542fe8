package org.dicomcnn.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.pipeline.StudyAnalysis;

/**
 * One study's findings as written to {@code findings.json} (the whole record) and
 * {@code findings.csv} (one {@link Row} per finding, with the model fields in front). Field names
 * are the record components in snake_case ({@code diameterMm} is {@code diameter_mm}; the
 * centre's, whose single capital letters snake_case would run together, are named explicitly,
 * {@code centre_x_mm}); they are
 * part of the output schema (docs/output-schemas.md) and change only with {@link #SCHEMA}.
 *
 * @param schema {@link #SCHEMA}
 * @param modelName model name
 * @param modelVersion model version
 * @param modelSha256 SHA-256 of the model's weights
 * @param device where the model ran, e.g. "cpu()"
 * @param studyInstanceUid the study
 * @param seriesInstanceUid the series analysed
 * @param studyDate Study Date, ISO 8601; null when unknown
 * @param researchUseOnly always true: these results are not for clinical use
 * @param seriesProbabilities the model's series-level probability per class
 * @param findings the findings: the model's, most probable first, then those looked back for
 * @param notes how the series was loaded, and anything else a reader should know
 * @param problems files of the series that could not be used (file path and reason)
 */
public record FindingsDocument(String schema, String modelName, String modelVersion, String modelSha256,
        String device, String studyInstanceUid, String seriesInstanceUid, String studyDate, boolean researchUseOnly,
        Map<String, Double> seriesProbabilities, List<Row> findings, List<String> notes, List<String> problems) {

    /** Schema name and version of this document. */
    public static final String SCHEMA = "dicomcnn.findings/1";

    /** Copies. */
    public FindingsDocument {
        seriesProbabilities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(seriesProbabilities));
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
    }

    /**
     * One finding.
     *
     * @param findingId F1, F2, ... in the order of {@link FindingsDocument#findings()}
     * @param findingClass the model's class name, e.g. "nodule"
     * @param probability the model's probability, 0..1
     * @param calibrated whether the probability is calibrated
     * @param centreXMm centre, patient x (DICOM LPS), mm
     * @param centreYMm centre, patient y, mm
     * @param centreZMm centre, patient z, mm
     * @param diameterMm mean (volume-equivalent sphere) diameter, mm
     * @param longAxisMm longest axial extent, mm
     * @param volumeMl volume, ml
     * @param centreSlice index of the slice through the centre (0-based, in the analysed volume's
     *     order, sorted by position)
     * @param firstSlice first slice the finding covers (same numbering)
     * @param lastSlice last slice it covers
     * @param provenanceMethod how it was placed: "grad-cam", "score-cam", "region-scoring",
     *     "fluid-segmentation", "look-back", ...
     * @param provenanceDetail the method's parameters, human-readable
     * @param lookedBack whether it was found by looking back at a lesion seen in another study
     * @param sopInstanceUids SOP Instance UIDs of the images it lies on
     * @param overlayPng path of its key-slice overlay relative to the study folder; null when none
     */
    public record Row(String findingId, String findingClass, double probability, boolean calibrated,
            @JsonProperty("centre_x_mm") double centreXMm, @JsonProperty("centre_y_mm") double centreYMm,
            @JsonProperty("centre_z_mm") double centreZMm, double diameterMm, double longAxisMm,
            double volumeMl, int centreSlice, int firstSlice, int lastSlice, String provenanceMethod,
            String provenanceDetail, boolean lookedBack, List<String> sopInstanceUids, String overlayPng) {

        /** Copies. */
        public Row {
            sopInstanceUids = List.copyOf(sopInstanceUids);
        }
    }

    /**
     * Builds the document of an analysis.
     *
     * @param a the analysis
     * @param studyDate Study Date, or null
     * @param lookedBack findings looked back for in this study (empty when none)
     * @param withOverlays whether overlay PNGs are written (sets {@link Row#overlayPng()})
     * @return the document
     */
    public static FindingsDocument of(StudyAnalysis a, LocalDate studyDate, List<Finding> lookedBack,
            boolean withOverlays) {
        Map<String, Double> probabilities = new LinkedHashMap<>();
        if (a.scores() != null) {
            for (int c = 0; c < a.scores().classes().size(); c++) {
                probabilities.put(a.scores().classes().get(c), a.scores().seriesProbabilities()[c]);
            }
        }
        List<Row> rows = new ArrayList<>();
        List<Finding> all = a.findingsWith(lookedBack);
        for (int i = 0; i < all.size(); i++) {
            rows.add(row("F" + (i + 1), all.get(i), i >= a.findings().size(), withOverlays));
        }
        return new FindingsDocument(SCHEMA, a.model().name(), a.model().version(), a.model().weightsSha256(),
                a.device(), a.studyInstanceUid(), a.seriesInstanceUid(), studyDate == null ? null : studyDate.toString(),
                true, probabilities, rows, a.notes(), a.problems().stream().map(Object::toString).toList());
    }

    /** @return the model fields of this document */
    public ModelFields model() {
        return new ModelFields(modelName, modelVersion, modelSha256);
    }

    /**
     * The overlay file name of a finding, relative to the study folder.
     *
     * @param findingId e.g. F1
     * @param findingClass e.g. nodule
     * @return e.g. {@code overlays/F1-nodule.png}
     */
    public static String overlayName(String findingId, String findingClass) {
        String safe = findingClass.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return ReportWriter.OVERLAY_FOLDER + "/" + findingId + "-" + safe + ".png";
    }

    private static Row row(String id, Finding f, boolean lookedBack, boolean withOverlays) {
        int[] box = f.boundingBox();
        int centreSlice = (int) Math.round(f.centreVoxel()[2]);
        return new Row(id, f.findingClass(), f.probability(), f.calibrated(), f.centreMm().x(), f.centreMm().y(),
                f.centreMm().z(), f.diameterMm(), f.longAxisMm(), f.volumeMl(), centreSlice, box[2], box[5],
                f.provenance().method(), f.provenance().detail(), lookedBack,
                f.supportingSlices().stream().map(Finding.SupportingSlice::sopInstanceUid).toList(),
                withOverlays ? overlayName(id, f.findingClass()) : null);
    }
}
