package org.dicomcnn.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityDiagramTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static ReliabilityBins calibrated() {
        Synthetic.Labelled d = Synthetic.probabilities(5000, 31, p -> p);
        return CalibrationMetrics.reliability(d.scores(), d.positive(), 10);
    }

    private static ReliabilityBins overconfident() {
        Synthetic.Labelled d = Synthetic.probabilities(5000, 32, p -> Synthetic.sigmoid(Math.log(p / (1 - p)) / 3));
        return CalibrationMetrics.reliability(d.scores(), d.positive(), 10);
    }

    @Test
    void writesAn800By600Png(@TempDir Path dir) throws Exception {
        ReliabilityBins bins = calibrated();
        Path png = dir.resolve("plots/nodule-reliability.png");
        ReliabilityDiagram.write(png, "nodule, test split", bins, bins.expectedCalibrationError());
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "ImageIO cannot read " + png);
        assertEquals(ReliabilityDiagram.WIDTH_PX, image.getWidth());
        assertEquals(ReliabilityDiagram.HEIGHT_PX, image.getHeight());
        assertEquals(800, image.getWidth());
        assertEquals(600, image.getHeight());
        assertTrue(distinctColours(image) > 10, "the image looks blank");
    }

    @Test
    void differentBinsDrawDifferentImages(@TempDir Path dir) throws Exception {
        ReliabilityBins a = calibrated();
        ReliabilityBins b = overconfident();
        Path pa = dir.resolve("a.png");
        Path pb = dir.resolve("b.png");
        ReliabilityDiagram.write(pa, "same title", a, a.expectedCalibrationError());
        ReliabilityDiagram.write(pb, "same title", b, b.expectedCalibrationError());
        BufferedImage ia = ImageIO.read(pa.toFile());
        BufferedImage ib = ImageIO.read(pb.toFile());
        long differing = 0;
        for (int y = 0; y < ia.getHeight(); y++) {
            for (int x = 0; x < ia.getWidth(); x++) {
                if (ia.getRGB(x, y) != ib.getRGB(x, y)) {
                    differing++;
                }
            }
        }
        assertTrue(differing > 1000, differing + " pixels differ");
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("r.png");
        Files.writeString(png, "not a png");
        ReliabilityBins bins = calibrated();
        ReliabilityDiagram.write(png, "r", bins, bins.expectedCalibrationError());
        assertNotNull(ImageIO.read(png.toFile()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void drawsBinsThatAreAllEmptyButOne(@TempDir Path dir) throws Exception {
        ReliabilityBins bins = CalibrationMetrics.reliability(new double[] {0.95}, new boolean[] {true}, 10);
        Path png = dir.resolve("one.png");
        ReliabilityDiagram.write(png, "one sample", bins, bins.expectedCalibrationError());
        assertEquals(800, ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void rejectsAnEceOutsideTheUnitInterval(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReliabilityDiagram.write(dir.resolve("x.png"), "x", calibrated(), 1.5));
        assertEquals("ece 1.5 must lie in [0, 1]", e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    private static int distinctColours(BufferedImage image) {
        return (int) Arrays.stream(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()))
                .distinct().limit(1000).count();
    }
}
