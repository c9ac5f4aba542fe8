package org.dicomcnn.dicom.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import org.dicomcnn.dicom.codec.FrameFormat;
import org.dicomcnn.samples.testing.ExternalTool;

/**
 * Test images and the third-party tools that encode and decode them: phantoms built in code,
 * written as DICOM by PixelMed, compressed by DCMTK's dcmcjpeg (or GDCM, or the JDK's IJG-based
 * JPEG writer wrapped by DCMTK's img2dcm) and decoded for reference by DCMTK's dcmdjpeg.
 */
final class JpegFixtures {

    /** Secondary Capture Image Storage: no modality LUT for dcmtk's lossy path to apply. */
    private static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";

    private JpegFixtures() {}

    /**
     * An uncompressed image.
     *
     * @param format rows, columns, samples, bits and photometric of every frame
     * @param frames each frame's native little-endian bytes
     */
    record Image(FrameFormat format, List<byte[]> frames) {}

    /**
     * A compressed DICOM file as a loader sees it.
     *
     * @param file the file
     * @param transferSyntax its Transfer Syntax UID
     * @param format the frame format its header declares
     * @param frames each frame's JPEG stream, as PixelMed returns it
     */
    record Compressed(Path file, String transferSyntax, FrameFormat format, List<byte[]> frames) {}

    // ---------------------------------------------------------------- phantoms

    /**
     * A CT-like signed 16-bit phantom: air around an elliptic body of soft tissue with noise,
     * a bone ring and a metal spot; the first line is a ramp over the whole signed range and
     * the corners hold -32768 and 32767.
     */
    static Image ctPhantom(int rows, int columns, int frames, long seed) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            int[] v = new int[rows * columns];
            double cx = columns / 2.0 + 3 * f;
            double cy = rows / 2.0 - 2 * f;
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    double dx = (x - cx) / (0.42 * columns);
                    double dy = (y - cy) / (0.36 * rows);
                    double r = Math.sqrt(dx * dx + dy * dy);
                    double hu;
                    if (r > 1) {
                        hu = -1000 + random.nextGaussian() * 8;
                    } else if (r > 0.9) {
                        hu = 1200 + 300 * Math.sin(x * 0.3) + random.nextGaussian() * 40;
                    } else {
                        hu = 40 + 60 * Math.sin(x / 11.0) * Math.cos(y / 7.0)
                                + random.nextGaussian() * 20;
                    }
                    if (Math.hypot(x - cx - columns / 8.0, y - cy) < 3) {
                        hu = 30000 + random.nextInt(2000);
                    }
                    v[y * columns + x] = (int) Math.round(hu);
                }
            }
            for (int x = 0; x < columns; x++) {
                v[x] = -32768 + (int) ((65535L * x) / Math.max(1, columns - 1));
            }
            v[0] = -32768;
            v[columns - 1] = 32767;
            v[(rows - 1) * columns] = 32767;
            v[rows * columns - 1] = -32768;
            out.add(toBytes(v, 16, 16));
        }
        return new Image(new FrameFormat(rows, columns, 1, 16, 16, true, "MONOCHROME2"), out);
    }

    /**
     * An unsigned grey phantom of {@code bits} stored bits: smooth waves over the full range
     * 0 .. 2^bits - 1 plus noise, clamped, with both extremes present.
     */
    static Image greyPhantom(int rows, int columns, int bits, long seed) {
        Random random = new Random(seed);
        int max = (1 << bits) - 1;
        int[] v = new int[rows * columns];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                double s = 0.5 + 0.3 * Math.sin(x / 13.0) * Math.cos(y / 17.0)
                        + 0.2 * ((double) (x + y) / (rows + columns) - 0.5);
                double noise = random.nextGaussian() * max * 0.01;
                v[y * columns + x] = clamp((int) Math.round(s * max + noise), max);
            }
        }
        v[0] = 0;
        v[1] = max;
        v[rows * columns - 1] = max;
        int allocated = bits > 8 ? 16 : 8;
        return new Image(new FrameFormat(rows, columns, 1, allocated, bits, false, "MONOCHROME2"),
                List.of(toBytes(v, allocated, bits)));
    }

    /** An 8-bit RGB phantom (Planar Configuration 0): coloured waves, a disc and noise. */
    static Image rgbPhantom(int rows, int columns, long seed) {
        Random random = new Random(seed);
        int[] v = new int[rows * columns * 3];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                int i = (y * columns + x) * 3;
                boolean disc = Math.hypot(x - columns / 2.0, y - rows / 2.0) < rows / 4.0;
                double wave = 128 + 110 * Math.sin(x / 9.0) + random.nextGaussian() * 6;
                v[i] = clamp((int) wave, 255);
                v[i + 1] = clamp(disc ? 220 - y : 30 + (y * 200) / rows + random.nextInt(9), 255);
                v[i + 2] = clamp((x * 255) / columns, 255);
            }
        }
        v[0] = 0;
        v[1] = 255;
        return new Image(new FrameFormat(rows, columns, 3, 8, 8, false, "RGB"),
                List.of(toBytes(v, 8, 8)));
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /** Native little-endian bytes of samples (stored bit patterns, masked to Bits Stored). */
    static byte[] toBytes(int[] samples, int bitsAllocated, int bitsStored) {
        int mask = (1 << bitsStored) - 1;
        if (bitsAllocated == 8) {
            byte[] b = new byte[samples.length];
            for (int i = 0; i < samples.length; i++) {
                b[i] = (byte) (samples[i] & mask);
            }
            return b;
        }
        byte[] b = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            int s = samples[i] & mask;
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >>> 8);
        }
        return b;
    }

    /** Samples of native little-endian bytes as unsigned values. */
    static int[] samples(byte[] bytes, int bitsAllocated) {
        if (bitsAllocated == 8) {
            int[] s = new int[bytes.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = bytes[i] & 0xFF;
            }
            return s;
        }
        int[] s = new int[bytes.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] & 0xFF) << 8;
        }
        return s;
    }

    // ---------------------------------------------------------------- DICOM files

    /** Writes the image as an Explicit VR Little Endian Secondary Capture file with PixelMed. */
    static Path writeDicom(Image image, Path file) throws IOException, DicomException {
        FrameFormat f = image.format();
        AttributeList list = new AttributeList();
        putString(list, TagFromName.SOPClassUID, SECONDARY_CAPTURE);
        putString(list, TagFromName.SOPInstanceUID, "1.2.826.0.1.3680043.10.1234.1." + f.rows());
        putString(list, TagFromName.StudyInstanceUID, "1.2.826.0.1.3680043.10.1234.2");
        putString(list, TagFromName.SeriesInstanceUID, "1.2.826.0.1.3680043.10.1234.3");
        putString(list, TagFromName.Modality, "OT");
        putShort(list, TagFromName.Rows, f.rows());
        putShort(list, TagFromName.Columns, f.columns());
        putShort(list, TagFromName.SamplesPerPixel, f.samplesPerPixel());
        putString(list, TagFromName.PhotometricInterpretation, f.photometric());
        putShort(list, TagFromName.BitsAllocated, f.bitsAllocated());
        putShort(list, TagFromName.BitsStored, f.bitsStored());
        putShort(list, TagFromName.HighBit, f.bitsStored() - 1);
        putShort(list, TagFromName.PixelRepresentation, f.signed() ? 1 : 0);
        if (f.samplesPerPixel() == 3) {
            putShort(list, TagFromName.PlanarConfiguration, 0);
        }
        if (image.frames().size() > 1) {
            putString(list, TagFromName.NumberOfFrames, Integer.toString(image.frames().size()));
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : image.frames()) {
            all.write(frame);
        }
        byte[] bytes = all.toByteArray();
        if (f.bitsAllocated() == 8) {
            OtherByteAttribute pd = new OtherByteAttribute(TagFromName.PixelData);
            pd.setValues(bytes.length % 2 == 0 ? bytes : Arrays.copyOf(bytes, bytes.length + 1));
            list.put(pd);
        } else {
            short[] words = new short[bytes.length / 2];
            for (int i = 0; i < words.length; i++) {
                words[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] & 0xFF) << 8);
            }
            OtherWordAttribute pd = new OtherWordAttribute(TagFromName.PixelData);
            pd.setValues(words);
            list.put(pd);
        }
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian,
                "DICOMCNN_TEST");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    private static void putString(AttributeList list, AttributeTag tag, String value)
            throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    private static void putShort(AttributeList list, AttributeTag tag, int value)
            throws DicomException {
        Attribute a = new UnsignedShortAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    /**
     * Reads a compressed file the way the loader does: PixelMed without decompression, the
     * frames from {@link OtherByteAttributeMultipleCompressedFrames#getFrames()}.
     */
    static Compressed readCompressed(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(file.toString());
        Attribute pixelData = list.get(TagFromName.PixelData);
        assertTrue(pixelData instanceof OtherByteAttributeMultipleCompressedFrames,
                "PixelMed should keep the encapsulated Pixel Data of " + file + " compressed, got "
                        + (pixelData == null ? "none" : pixelData.getClass().getSimpleName()));
        byte[][] frames = ((OtherByteAttributeMultipleCompressedFrames) pixelData).getFrames();
        String ts =
                Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
        return new Compressed(file, ts, formatOf(list), List.of(frames));
    }

    private static FrameFormat formatOf(AttributeList list) {
        return new FrameFormat(
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, 0),
                Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0)
                        == 1,
                Attribute.getSingleStringValueOrEmptyString(list,
                        TagFromName.PhotometricInterpretation));
    }

    // ---------------------------------------------------------------- third-party tools

    /** Compresses {@code source} with dcmcjpeg and the given options. */
    static Compressed dcmcjpeg(Path source, Path target, String... options)
            throws IOException, DicomException {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/dcmcjpeg");
        command.addAll(List.of(options));
        command.add(source.toString());
        command.add(target.toString());
        ExternalTool.run(command.toArray(String[]::new));
        return readCompressed(target);
    }

    /**
     * DCMTK's own decoding of a compressed file: {@code dcmdjpeg +cn +px} (no colour conversion,
     * colour-by-pixel), then the native Pixel Data split into frames.
     */
    static List<byte[]> dcmdjpeg(Compressed compressed, Path target)
            throws IOException, DicomException {
        ExternalTool.run("/usr/bin/dcmdjpeg", "+cn", "+px", compressed.file().toString(),
                target.toString());
        AttributeList list = new AttributeList();
        list.read(target.toString());
        Attribute pixelData = list.get(TagFromName.PixelData);
        byte[] bytes;
        if (pixelData instanceof OtherWordAttribute) {
            short[] words = pixelData.getShortValues();
            bytes = new byte[words.length * 2];
            for (int i = 0; i < words.length; i++) {
                bytes[2 * i] = (byte) words[i];
                bytes[2 * i + 1] = (byte) (words[i] >>> 8);
            }
        } else {
            bytes = pixelData.getByteValues();
        }
        int frameBytes = (int) compressed.format().frameBytes();
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f < compressed.frames().size(); f++) {
            frames.add(Arrays.copyOfRange(bytes, f * frameBytes, (f + 1) * frameBytes));
        }
        return frames;
    }

    /**
     * Encodes an 8-bit image with the JDK's JPEG writer (the IJG library) at quality 0.9 with
     * optimised Huffman tables, a COM segment and, when {@code restartInterval} is positive, a
     * DRI segment.
     */
    static byte[] jdkJpeg(BufferedImage image, int restartInterval) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            JPEGImageWriteParam param = (JPEGImageWriteParam) writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            param.setOptimizeHuffmanTables(true);
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image),
                    param);
            String format = "javax_imageio_jpeg_image_1.0";
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
            IIOMetadataNode markers =
                    (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
            IIOMetadataNode comment = new IIOMetadataNode("com");
            comment.setAttribute("comment", "test pattern, not for clinical use");
            markers.insertBefore(comment, markers.getFirstChild());
            if (restartInterval > 0) {
                IIOMetadataNode dri = new IIOMetadataNode("dri");
                dri.setAttribute("interval", Integer.toString(restartInterval));
                markers.insertBefore(dri, markers.getElementsByTagName("sof").item(0));
            }
            metadata.setFromTree(format, root);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, metadata), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    /** Wraps a JPEG file into DICOM with DCMTK's img2dcm and reads it back. */
    static Compressed img2dcm(byte[] jpeg, Path directory, String name)
            throws IOException, DicomException {
        Path jpg = directory.resolve(name + ".jpg");
        Files.write(jpg, jpeg);
        Path dcm = directory.resolve(name + ".dcm");
        ExternalTool.run("/usr/bin/img2dcm", jpg.toString(), dcm.toString());
        return readCompressed(dcm);
    }

    /** A BufferedImage of a phantom's samples: grey (one component) or RGB. */
    static BufferedImage toBufferedImage(Image image) {
        FrameFormat f = image.format();
        int[] s = samples(image.frames().get(0), f.bitsAllocated());
        if (f.samplesPerPixel() == 1) {
            BufferedImage b =
                    new BufferedImage(f.columns(), f.rows(), BufferedImage.TYPE_BYTE_GRAY);
            b.getRaster().setPixels(0, 0, f.columns(), f.rows(), s);
            return b;
        }
        BufferedImage b = new BufferedImage(f.columns(), f.rows(), BufferedImage.TYPE_3BYTE_BGR);
        b.getRaster().setPixels(0, 0, f.columns(), f.rows(), s);
        return b;
    }

    // ---------------------------------------------------------------- comparisons

    /** Largest absolute difference between two frames' samples. */
    static int maxDifference(byte[] expected, byte[] actual, int bitsAllocated) {
        assertEquals(expected.length, actual.length, "frame length in bytes");
        int[] e = samples(expected, bitsAllocated);
        int[] a = samples(actual, bitsAllocated);
        int max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(e[i] - a[i]));
        }
        return max;
    }

    /** Mean absolute difference between two frames' samples. */
    static double meanDifference(int[] expected, int[] actual) {
        long sum = 0;
        for (int i = 0; i < expected.length; i++) {
            sum += Math.abs(expected[i] - actual[i]);
        }
        return (double) sum / expected.length;
    }

    /** Fails with the first differing sample when two frames differ. */
    static void assertSameSamples(byte[] expected, byte[] actual, FrameFormat format,
            String what) {
        assertEquals(expected.length, actual.length, what + ": frame length in bytes");
        int[] e = samples(expected, format.bitsAllocated());
        int[] a = samples(actual, format.bitsAllocated());
        for (int i = 0; i < e.length; i++) {
            if (e[i] != a[i]) {
                int pixel = i / format.samplesPerPixel();
                fail(what + ": sample " + (i % format.samplesPerPixel()) + " of pixel (x "
                        + pixel % format.columns() + ", y " + pixel / format.columns()
                        + ") is " + a[i] + ", expected " + e[i]);
            }
        }
    }

    /** YCbCr (JFIF / PS3.3 C.7.6.3.1.2 YBR_FULL) to RGB, 8 bits, for comparing with sources. */
    static int[] ybrFullToRgb(int[] ybr) {
        int[] rgb = new int[ybr.length];
        for (int i = 0; i < ybr.length; i += 3) {
            double y = ybr[i];
            double cb = ybr[i + 1] - 128;
            double cr = ybr[i + 2] - 128;
            rgb[i] = clamp((int) Math.round(y + 1.402 * cr), 255);
            rgb[i + 1] = clamp((int) Math.round(y - 0.344136 * cb - 0.714136 * cr), 255);
            rgb[i + 2] = clamp((int) Math.round(y + 1.772 * cb), 255);
        }
        return rgb;
    }
}
