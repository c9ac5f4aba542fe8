package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.measure.Calibration;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalDouble;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.localize.SyntheticChest;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.SliceSource;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.dicomcnn.volume.VolumeInfo;
import org.junit.jupiter.api.Test;

/**
 * A volume of whole HU values becomes a 16-bit stack with ImageJ's calibration function (value =
 * -32768 + pixel), as ImageJ's own DICOM reader makes it, reading back every voxel exactly; a
 * volume with fractions, or wider than 16 bits, stays 32-bit.
 */
class SeriesImageTest {

    @Test
    void wholeHuValuesGiveACalibrated16BitStackThatReadsBackEveryVoxel() {
        Volume v = new SyntheticChest(32, 3).noise(0).nodule(10, 16, 2, 3, 55).build();
        assertEquals(OptionalDouble.of(-32768), SeriesImage.sixteenBitIntercept(v));

        ImagePlus imp = SeriesImage.of(v, study(), series(), SeriesImage.NAMED_WINDOWS.get(0));
        assertEquals(16, imp.getBitDepth());
        Calibration cal = imp.getCalibration();
        assertEquals(Calibration.STRAIGHT_LINE, cal.getFunction());
        assertEquals("HU", cal.getValueUnit());
        for (int k = 0; k < v.depth(); k++) {
            imp.setSlice(k + 1);
            for (int y = 0; y < v.height(); y++) {
                for (int x = 0; x < v.width(); x++) {
                    assertEquals(v.value(x, y, k), imp.getProcessor().getPixelValue(x, y), 0, x + "," + y + "," + k);
                }
            }
        }
        assertEquals(-1350, cal.getCValue(imp.getDisplayRangeMin()), 1e-9, "lung window, in HU");
        assertEquals(150, cal.getCValue(imp.getDisplayRangeMax()), 1e-9);
    }

    @Test
    void fractionsKeepA32BitStack() {
        Volume v = new SyntheticChest(32, 3).noise(10).build();
        assertTrue(SeriesImage.sixteenBitIntercept(v).isEmpty());
        ImagePlus imp = SeriesImage.of(v, study(), series(), SeriesImage.NAMED_WINDOWS.get(0));
        assertEquals(32, imp.getBitDepth());
        assertFalse(imp.getCalibration().calibrated() && imp.getCalibration().getFunction() != Calibration.NONE);
        assertEquals(v.value(5, 6, 1), imp.getStack().getProcessor(2).getPixelValue(5, 6), 0);
    }

    @Test
    void theInterceptIsTheSmallestValueBeyondTheSigned16BitRangeAndNoneBeyond16Bits() {
        assertEquals(OptionalDouble.of(0), SeriesImage.sixteenBitIntercept(volume(0, 60000)));
        assertEquals(OptionalDouble.of(-40000), SeriesImage.sixteenBitIntercept(volume(-40000, 20000)));
        assertTrue(SeriesImage.sixteenBitIntercept(volume(0, 70000)).isEmpty());
        assertTrue(SeriesImage.sixteenBitIntercept(volume(0, Float.NaN)).isEmpty());
    }

    private static Volume volume(float a, float b) {
        Geometry g = Geometry.regular(2, 1, 1, Vec3.ZERO, new Vec3(1, 0, 0), new Vec3(0, 1, 0), 1, 1, 1);
        return new Volume(g, 1, new float[][] {{a, b}}, List.of(new SliceSource(Path.of("IM0"), "1.2.3.4", 0)),
                new VolumeInfo("1.2.3", "1.2.3.9", "CT", "HU", List.of(), "MONOCHROME2"));
    }

    private static StudyRef study() {
        return new StudyRef("1.2.3", LocalDate.of(2024, 1, 15), null, "CT CHEST", "", List.of());
    }

    private static SeriesRef series() {
        return new SeriesRef("1.2.3.9", 1, "CT", "AXIAL", "CHEST", LocalDate.of(2024, 1, 15), "1.2.3.7", "STANDARD", 2.0,
                List.of());
    }
}
