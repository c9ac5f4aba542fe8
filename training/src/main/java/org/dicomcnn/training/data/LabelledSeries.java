package org.dicomcnn.training.data;

import java.util.List;
import java.util.Objects;
import org.dicomcnn.dicom.SeriesRef;

/**
 * One series with its labels, slice by slice (in the order of the series' volume, along the
 * slice normal) and for the whole series.
 *
 * @param patientKey a one-way key of the patient (never the Patient ID itself)
 * @param studyInstanceUid the study
 * @param series the series
 * @param sliceLabels {@code sliceLabels[slice][class]}; meaningful where {@code known} is true
 * @param known {@code known[slice][class]}: whether the label is known (slices next to a lesion's
 *     edge, and slices of a series labelled only as a whole, are not)
 * @param seriesLabels per class: whether the series shows it
 * @param seriesKnown per class: whether that is known (series-level evaluation uses only these)
 * @param sopInstanceUids the SOP Instance UID of each slice
 */
public record LabelledSeries(String patientKey, String studyInstanceUid, SeriesRef series, boolean[][] sliceLabels,
        boolean[][] known, boolean[] seriesLabels, boolean[] seriesKnown, List<String> sopInstanceUids) {

    /** Checks shapes and copies. */
    public LabelledSeries {
        Objects.requireNonNull(patientKey, "patientKey");
        Objects.requireNonNull(series, "series");
        if (sliceLabels.length != known.length || sliceLabels.length != sopInstanceUids.size()) {
            throw new IllegalArgumentException("series " + series.seriesInstanceUid() + ": " + sliceLabels.length
                    + " slice labels, " + known.length + " known flags, " + sopInstanceUids.size() + " slices");
        }
        sliceLabels = copy(sliceLabels);
        known = copy(known);
        seriesLabels = seriesLabels.clone();
        seriesKnown = seriesKnown.clone();
        sopInstanceUids = List.copyOf(sopInstanceUids);
    }

    /** Number of slices. */
    public int slices() {
        return sliceLabels.length;
    }

    /** Whether slice {@code k}'s label for class {@code c} is known and positive. */
    public boolean positive(int k, int c) {
        return known[k][c] && sliceLabels[k][c];
    }

    /** Whether slice {@code k}'s label for class {@code c} is known (no copy, unlike {@link #known()}). */
    public boolean known(int k, int c) {
        return known[k][c];
    }

    /** Whether the series-level label for class {@code c} is known and positive. */
    public boolean seriesPositive(int c) {
        return seriesKnown[c] && seriesLabels[c];
    }

    /** Whether the series-level label for class {@code c} is known. */
    public boolean seriesKnown(int c) {
        return seriesKnown[c];
    }

    /** Whether slice {@code k} is known negative for every class. */
    public boolean negativeForAll(int k) {
        for (int c = 0; c < seriesLabels.length; c++) {
            if (!known[k][c] || sliceLabels[k][c]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean[][] sliceLabels() {
        return copy(sliceLabels);
    }

    @Override
    public boolean[][] known() {
        return copy(known);
    }

    @Override
    public boolean[] seriesLabels() {
        return seriesLabels.clone();
    }

    @Override
    public boolean[] seriesKnown() {
        return seriesKnown.clone();
    }

    private static boolean[][] copy(boolean[][] a) {
        boolean[][] c = new boolean[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
