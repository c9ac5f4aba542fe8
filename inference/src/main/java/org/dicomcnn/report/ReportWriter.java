package org.dicomcnn.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.volume.Volume;

/**
 * Writes per-study result files into a folder, each atomically ({@link AtomicFiles}):
 * <ul>
 *   <li>{@value #FINDINGS_JSON} and {@value #FINDINGS_CSV}: the study's findings ({@link FindingsDocument});</li>
 *   <li>{@value #OVERLAY_FOLDER}{@code /F1-nodule.png}, ...: each finding's key slice ({@link KeySliceOverlay});</li>
 *   <li>{@value #COMPARISON_JSON} and {@value #COMPARISON_CSV}: for a current study compared with its
 *       priors, the temporal comparison ({@link ComparisonDocument}).</li>
 * </ul>
 * CSV files carry the JSON's field names as their header, the model fields first in every row.
 *
 * <pre>{@code
 * FindingsDocument doc = FindingsDocument.of(analysis, studyDate, List.of(), true);
 * ReportWriter.writeFindings(out.resolve(analysis.studyInstanceUid()), doc, volume, analysis.findings());
 * }</pre>
 */
public final class ReportWriter {

    /** Findings of a study, JSON. */
    public static final String FINDINGS_JSON = "findings.json";

    /** Findings of a study, CSV. */
    public static final String FINDINGS_CSV = "findings.csv";

    /** The temporal comparison, JSON (in the current study's folder). */
    public static final String COMPARISON_JSON = "comparison.json";

    /** The temporal comparison, CSV. */
    public static final String COMPARISON_CSV = "comparison.csv";

    /** Subfolder of the key-slice overlays. */
    public static final String OVERLAY_FOLDER = "overlays";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ReportWriter() {}

    /** @return the mapper that writes the documents: snake_case names, indented */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes a study's findings as JSON and CSV and, when a volume is given, an overlay per
     * finding.
     *
     * @param folder the study's folder (created when missing)
     * @param doc the document
     * @param volume the analysed volume, or null for no overlays
     * @param findings the findings of {@code doc}, in its order (the analysis' findings, then those
     *     looked back for); used only for overlays
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> writeFindings(Path folder, FindingsDocument doc, Volume volume, List<Finding> findings)
            throws IOException {
        if (findings.size() != doc.findings().size()) {
            throw new IllegalArgumentException(findings.size() + " findings for a document of "
                    + doc.findings().size());
        }
        List<Path> written = new ArrayList<>();
        written.add(AtomicFiles.write(folder.resolve(FINDINGS_JSON), out -> MAPPER.writeValue(out, doc)));
        CsvTable csv = table(doc.model(), FindingsDocument.Row.class, doc.findings());
        written.add(AtomicFiles.write(folder.resolve(FINDINGS_CSV), out -> out.write(csv.toBytes())));
        if (volume != null) {
            for (int i = 0; i < findings.size(); i++) {
                FindingsDocument.Row row = doc.findings().get(i);
                if (row.overlayPng() == null) {
                    continue;
                }
                var image = KeySliceOverlay.render(volume, findings.get(i), row.findingId());
                written.add(AtomicFiles.write(folder.resolve(row.overlayPng()), out -> {
                    if (!ImageIO.write(image, "png", out)) {
                        throw new IOException("no PNG writer in this Java runtime");
                    }
                }));
            }
        }
        return written;
    }

    /**
     * Writes a patient's comparison as JSON and CSV into the current study's folder.
     *
     * @param folder the current study's folder
     * @param doc the comparison
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> writeComparison(Path folder, ComparisonDocument doc) throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(AtomicFiles.write(folder.resolve(COMPARISON_JSON), out -> MAPPER.writeValue(out, doc)));
        CsvTable csv = table(doc.model(), ComparisonDocument.Change.class, doc.changeRows());
        written.add(AtomicFiles.write(folder.resolve(COMPARISON_CSV), out -> out.write(csv.toBytes())));
        return written;
    }

    /**
     * A CSV table of records whose columns are the model fields and then the records' JSON
     * fields, so CSV and JSON share their names. A list value is written space-separated.
     *
     * @param model the model fields put in front of every row
     * @param type the rows' record type, which names the columns even when there is no row
     * @param rows records of that type
     * @return the table
     */
    public static CsvTable table(ModelFields model, Class<? extends Record> type, List<? extends Record> rows) {
        Map<String, Object> front = fields(model);
        List<String> header = new ArrayList<>(front.keySet());
        for (RecordComponent c : type.getRecordComponents()) {
            JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
            header.add(named != null ? named.value() : SNAKE_CASE.translate(c.getName()));
        }
        CsvTable csv = new CsvTable(header);
        for (Record r : rows) {
            Map<String, Object> m = fields(r);
            List<Object> values = new ArrayList<>(front.values());
            for (Object v : m.values()) {
                values.add(v instanceof List<?> l ? String.join(" ", l.stream().map(String::valueOf).toList()) : v);
            }
            csv.add(values);
        }
        return csv;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Object record) {
        // Jackson keeps the record's component order; LinkedHashMap keeps it for the columns.
        return MAPPER.convertValue(record, LinkedHashMap.class);
    }
}
