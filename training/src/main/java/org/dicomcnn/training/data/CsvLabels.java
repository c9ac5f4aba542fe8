package org.dicomcnn.training.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.volume.Volume;

/**
 * Labels from a CSV file. The first column's header says what a row labels:
 *
 * <pre>
 * SOPInstanceUID,nodule,effusion        slice-level labels
 * SeriesInstanceUID,nodule,effusion     series-level labels
 * StudyInstanceUID,nodule,effusion      study-level labels (every series of the study)
 * </pre>
 *
 * Then one column per class with 1 (present), 0 (absent) or empty (unknown). Slice-level rows
 * label their slices; slices of the same series without a row are unknown. A series- or
 * study-level 0 makes every slice of the series a known negative; a 1 marks the series positive
 * but leaves its slices unknown: which slices show the finding is not said, so they are used for
 * series-level validation and evaluation, not to train slice positives.
 */
public final class CsvLabels implements LabelSource {

    /** What a row is keyed by. */
    public enum Level {
        /** SOP Instance UID: one slice. */
        SLICE("SOPInstanceUID"),
        /** Series Instance UID. */
        SERIES("SeriesInstanceUID"),
        /** Study Instance UID. */
        STUDY("StudyInstanceUID");

        private final String header;

        Level(String header) {
            this.header = header;
        }
    }

    private final Level level;
    private final List<String> classes;
    private final Map<String, Boolean[]> rows;

    private CsvLabels(Level level, List<String> classes, Map<String, Boolean[]> rows) {
        this.level = level;
        this.classes = List.copyOf(classes);
        this.rows = rows;
    }

    /**
     * Reads a label file.
     *
     * @param file the CSV
     * @return the labels
     * @throws IOException if it cannot be read or is malformed; the message names the line
     */
    public static CsvLabels read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + " line 1: empty label file");
        }
        // A spreadsheet's "CSV UTF-8" starts with a byte order mark.
        String first = lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(0);
        String[] header = split(first);
        Level level = null;
        for (Level l : Level.values()) {
            if (l.header.equalsIgnoreCase(header[0].trim())) {
                level = l;
            }
        }
        if (level == null) {
            throw new IOException(file + " line 1: first column must be SOPInstanceUID, SeriesInstanceUID or StudyInstanceUID, not '"
                    + header[0] + "'");
        }
        if (header.length < 2) {
            throw new IOException(file + " line 1: no class columns after " + header[0]);
        }
        List<String> classes = new ArrayList<>();
        for (int i = 1; i < header.length; i++) {
            classes.add(header[i].trim());
        }
        Map<String, Boolean[]> rows = new HashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = split(line);
            if (cells.length > header.length) {
                throw new IOException(file + " line " + (n + 1) + ": " + cells.length + " columns, the header has "
                        + header.length);
            }
            Boolean[] labels = new Boolean[classes.size()];
            for (int c = 0; c < classes.size(); c++) {
                String v = c + 1 < cells.length ? cells[c + 1].trim() : "";
                labels[c] = switch (v.toLowerCase(Locale.ROOT)) {
                    case "" -> null;
                    case "1" -> true;
                    case "0" -> false;
                    default -> throw new IOException(file + " line " + (n + 1) + ": '" + v + "' for " + classes.get(c)
                            + " is not 1, 0 or empty");
                };
            }
            String key = cells[0].trim();
            if (rows.put(key, labels) != null) {
                throw new IOException(file + " line " + (n + 1) + ": " + key + " is labelled a second time");
            }
        }
        return new CsvLabels(level, classes, rows);
    }

    private static String[] split(String line) {
        return line.split(",", -1);
    }

    /** What the rows are keyed by. */
    public Level level() {
        return level;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public Optional<Labels> label(String studyInstanceUid, SeriesRef series, Volume volume) {
        int slices = volume.depth();
        int n = classes.size();
        boolean[][] labels = new boolean[slices][n];
        boolean[][] known = new boolean[slices][n];
        boolean[] seriesLabels = new boolean[n];
        boolean[] seriesKnown = new boolean[n];
        if (level == Level.SLICE) {
            boolean any = false;
            for (int k = 0; k < slices; k++) {
                Boolean[] row = rows.get(volume.sources().get(k).sopInstanceUid());
                if (row == null) {
                    continue;
                }
                any = true;
                for (int c = 0; c < n; c++) {
                    if (row[c] != null) {
                        known[k][c] = true;
                        labels[k][c] = row[c];
                        seriesLabels[c] |= row[c];
                    }
                }
            }
            if (!any) {
                return Optional.empty();
            }
            for (int c = 0; c < n; c++) {
                // Positive when any slice is; negative only when every slice is a known negative.
                boolean allKnown = true;
                for (int k = 0; k < slices; k++) {
                    allKnown &= known[k][c];
                }
                seriesKnown[c] = seriesLabels[c] || allKnown;
            }
            return Optional.of(new Labels(labels, known, seriesLabels, seriesKnown));
        }
        Boolean[] row = rows.get(level == Level.SERIES ? series.seriesInstanceUid() : studyInstanceUid);
        if (row == null) {
            return Optional.empty();
        }
        for (int c = 0; c < n; c++) {
            seriesLabels[c] = Boolean.TRUE.equals(row[c]);
            seriesKnown[c] = row[c] != null;
            if (Boolean.FALSE.equals(row[c])) {
                for (int k = 0; k < slices; k++) {
                    known[k][c] = true;
                }
            }
        }
        return Optional.of(new Labels(labels, known, seriesLabels, seriesKnown));
    }
}
