package org.dicomcnn.imagej;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.dicomcnn.dicom.DicomFileReader;
import org.dicomcnn.dicom.HeaderListing;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.dicom.WindowPreset;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;

/**
 * A decoded volume as an ImageJ stack: values in the volume's unit (HU for CT) through ImageJ's
 * calibration function on a 16-bit stack, as ImageJ's own DICOM reader makes it (32-bit values
 * when the volume holds fractions), pixel size and slice spacing in mm, a window preset as the display range, and a header summary as the
 * image's "Info" property (Image &gt; Show Info), followed by the first slice's DICOM header. The
 * summary holds UIDs, dates, descriptions and geometry; the header leaves out every attribute
 * that can identify the patient ({@link HeaderListing}).
 */
final class SeriesImage {

    /** Named presets offered besides the series' own (centre, width in HU). */
    static final List<WindowPreset> NAMED_WINDOWS = List.of(
            new WindowPreset(-600, 1500, "lung"),
            new WindowPreset(40, 400, "mediastinum"),
            new WindowPreset(400, 1800, "bone"));

    /** The value of {@link MacroKeys#WINDOW} that picks the series' own first preset. */
    static final String SERIES_WINDOW = "series";

    private SeriesImage() {
    }

    /** @return the accepted values of {@link MacroKeys#WINDOW} */
    static List<String> windowChoices() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(SERIES_WINDOW),
                NAMED_WINDOWS.stream().map(WindowPreset::explanation)).toList();
    }

    /**
     * Picks a window.
     *
     * @param volume the volume
     * @param choice {@link #SERIES_WINDOW} or a named preset
     * @return the series' first preset (lung when it has none) or the named one
     */
    static WindowPreset window(Volume volume, String choice) {
        if (SERIES_WINDOW.equals(choice)) {
            return volume.info().windows().isEmpty() ? NAMED_WINDOWS.get(0) : volume.info().windows().get(0);
        }
        return NAMED_WINDOWS.stream().filter(w -> w.explanation().equals(choice)).findFirst().orElseThrow();
    }

    /**
     * Builds the stack.
     *
     * @param volume a greyscale volume
     * @param study its study
     * @param series its series
     * @param window the display window
     * @return the image, not yet shown
     */
    static ImagePlus of(Volume volume, StudyRef study, SeriesRef series, WindowPreset window) {
        Geometry g = volume.geometry();
        OptionalDouble intercept = sixteenBitIntercept(volume);
        ImageStack stack = new ImageStack(volume.width(), volume.height());
        for (int k = 0; k < volume.depth(); k++) {
            // a copy: editing the image in ImageJ must not change what Classify analyses
            ImageProcessor ip = intercept.isPresent() ? sixteenBit(volume.slice(k), volume, intercept.getAsDouble())
                    : new FloatProcessor(volume.width(), volume.height(), volume.slice(k).clone());
            Vec3 p = g.slicePosition(k);
            stack.addSlice(String.format(Locale.ROOT, "%d z=%.1f mm", k + 1, p.z()), ip);
        }
        String title = String.format(Locale.ROOT, "%s series %d %s", series.modality(), series.seriesNumber(),
                study.studyDate() == null ? "" : study.studyDate().toString()).trim();
        ImagePlus imp = new ImagePlus(title, stack);
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = g.columnSpacingMm();
        cal.pixelHeight = g.rowSpacingMm();
        cal.pixelDepth = g.sliceSpacingMm();
        cal.setUnit("mm");
        String unit = volume.info().unit();
        String valueUnit = unit.isBlank() ? "Gray Value" : unit;
        if (intercept.isPresent()) {
            // value = intercept + 1 * pixel, as ImageJ's own DICOM reader calibrates 16-bit images
            cal.setFunction(Calibration.STRAIGHT_LINE, new double[] {intercept.getAsDouble(), 1}, valueUnit);
        } else {
            cal.setValueUnit(valueUnit);
        }
        imp.setDisplayRange(cal.getRawValue(window.centre() - window.width() / 2),
                cal.getRawValue(window.centre() + window.width() / 2));
        imp.setProperty("Info", info(volume, study, series, window));
        return imp;
    }

    /**
     * The intercept of a 16-bit stack that holds the volume exactly, with ImageJ's calibration
     * function {@code value = intercept + pixel}: when every value is a whole number and they span
     * at most 65,535 (CT in HU after Rescale Slope 1). The intercept is -32768 when the values fit
     * a signed 16-bit range, as ImageJ's DICOM reader does, else the smallest value. Empty when
     * the values need a 32-bit stack (fractions, NaN, a wider range).
     *
     * @param volume the volume
     * @return the intercept, or empty
     */
    static OptionalDouble sixteenBitIntercept(Volume volume) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < volume.depth(); k++) {
            for (float v : volume.slice(k)) {
                if (v != Math.rint(v)) { // a fraction, NaN or an infinity
                    return OptionalDouble.empty();
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(max - min <= 65535)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(min >= -32768 && max <= 32767 ? -32768 : min);
    }

    private static ShortProcessor sixteenBit(float[] values, Volume volume, double intercept) {
        short[] raw = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            raw[i] = (short) (int) (values[i] - intercept);
        }
        return new ShortProcessor(volume.width(), volume.height(), raw, null);
    }

    /**
     * Makes a series image the current one again after a command showed other windows (a plot
     * becomes the current image), so that a macro's next command means the series. Nothing
     * happens when the image was closed meanwhile: selecting it would stop the macro with
     * "Image -N not found".
     *
     * @param imp the series image
     */
    static void selectIfOpen(ImagePlus imp) {
        if (WindowManager.getImage(imp.getID()) != null) {
            IJ.selectWindow(imp.getID());
        }
    }

    /**
     * The header summary, then the first slice's header; no patient identifiers.
     *
     * @param volume the volume shown
     * @param study its study
     * @param series its series
     * @param window the display window
     * @return "key: value" lines
     */
    static String info(Volume volume, StudyRef study, SeriesRef series, WindowPreset window) {
        Geometry g = volume.geometry();
        StringBuilder b = new StringBuilder();
        line(b, "Source", "DICOM CNN plugin; research use only, not for clinical use");
        line(b, "Modality", series.modality());
        line(b, "Study Instance UID", study.studyInstanceUid());
        line(b, "Study Date", study.studyDate() == null ? "" : study.studyDate().toString());
        line(b, "Study Description", study.description());
        line(b, "Series Instance UID", series.seriesInstanceUid());
        line(b, "Series Number", Integer.toString(series.seriesNumber()));
        line(b, "Series Description", series.description());
        line(b, "Body Part Examined", series.bodyPart());
        line(b, "Convolution Kernel", series.convolutionKernel());
        line(b, "Frame of Reference UID", volume.info().frameOfReferenceUid());
        line(b, "Images in series", Integer.toString(series.imageCount()));
        line(b, "Volume", volume.width() + " x " + volume.height() + " x " + volume.depth());
        line(b, "Pixel spacing (mm)", String.format(Locale.ROOT, "%.4f x %.4f", g.rowSpacingMm(), g.columnSpacingMm()));
        line(b, "Slice spacing (mm)", String.format(Locale.ROOT, "%.4f", g.sliceSpacingMm()));
        line(b, "Slice thickness (mm)", Double.isNaN(series.sliceThicknessMm()) ? ""
                : String.format(Locale.ROOT, "%.4f", series.sliceThicknessMm()));
        line(b, "Row direction", g.rowDirection().toString());
        line(b, "Column direction", g.columnDirection().toString());
        line(b, "First slice position (mm)", g.slicePosition(0).toString());
        line(b, "Value unit", volume.info().unit());
        line(b, "Photometric Interpretation", volume.info().sourcePhotometric());
        line(b, "Window", String.format(Locale.ROOT, "%s centre %.0f width %.0f", window.explanation(),
                window.centre(), window.width()));
        b.append('\n').append(header(volume));
        return b.toString();
    }

    /**
     * The DICOM header of the volume's first slice, with every attribute that can identify the
     * patient left out ({@link HeaderListing}).
     */
    private static String header(Volume volume) {
        if (volume.sources().isEmpty()) {
            return "";
        }
        Path file = volume.sources().get(0).file();
        String title = "DICOM header of the first slice (" + file.getFileName()
                + "), attributes that can identify the patient left out:\n";
        try {
            return title + HeaderListing.of(DicomFileReader.read(file).attributes());
        } catch (IOException e) {
            return title + "not available: " + e.getMessage() + "\n";
        }
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append(": ").append(value == null ? "" : value).append('\n');
    }
}
