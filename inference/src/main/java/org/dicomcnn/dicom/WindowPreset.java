package org.dicomcnn.dicom;

/**
 * A VOI window from Window Center (0028,1050) / Window Width (0028,1051), in rescaled units
 * (HU for CT).
 *
 * @param centre window centre
 * @param width window width, positive
 * @param explanation Window Center &amp; Width Explanation (0028,1055), e.g. "LUNG", or ""
 */
public record WindowPreset(double centre, double width, String explanation) {

    /** Requires a positive width and a non-null explanation. */
    public WindowPreset {
        if (!(width > 0) || !Double.isFinite(centre)) {
            throw new IllegalArgumentException("window needs a finite centre and a positive width: "
                    + centre + " / " + width);
        }
        explanation = explanation == null ? "" : explanation;
    }
}
