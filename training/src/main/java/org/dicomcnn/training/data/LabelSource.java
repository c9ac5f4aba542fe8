package org.dicomcnn.training.data;

import java.util.List;
import java.util.Optional;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.volume.Volume;

/**
 * Where labels come from: a CSV, or the phantom generator's ground truth. A source labels the
 * slices of a series once its volume is loaded (slice labels need the slices' positions).
 */
public interface LabelSource {

    /** The class names, in the order labels are given. */
    List<String> classes();

    /**
     * Labels one series.
     *
     * @param studyInstanceUid its study
     * @param series the series
     * @param volume its loaded volume
     * @return the labels, or empty when this source says nothing about the series
     * @throws java.io.IOException if a label file cannot be read
     */
    Optional<Labels> label(String studyInstanceUid, SeriesRef series, Volume volume) throws java.io.IOException;

    /**
     * Labels of one series.
     *
     * @param sliceLabels per slice and class
     * @param known per slice and class: whether the label is known
     * @param seriesLabels per class: whether the series shows it
     * @param seriesKnown per class: whether that is known
     */
    record Labels(boolean[][] sliceLabels, boolean[][] known, boolean[] seriesLabels, boolean[] seriesKnown) {}
}
