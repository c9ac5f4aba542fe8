package org.dicomcnn.dicom.codec;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * JPEG 2000 (1.2.840.10008.1.2.4.90 lossless only, .91 lossless or lossy), decoded with the
 * maintained jai-imageio JPEG 2000 reader from Maven Central. The codestream's size and
 * component count are read and checked against the header before any pixels are decoded.
 * Colour images coded with the irreversible or reversible component transform (YBR_ICT,
 * YBR_RCT) come out as RGB: the reader applies the inverse transform.
 */
public final class Jpeg2000Decoder implements FrameDecoder {

    @Override
    public DecodedFrame decode(byte[] encoded, FrameFormat format) throws CodecException {
        if (encoded.length < 2 || (encoded[0] & 0xFF) != 0xFF || (encoded[1] & 0xFF) != 0x4F) {
            if (!(encoded.length >= 12 && encoded[4] == 'j' && encoded[5] == 'P')) {
                throw new CodecException("JPEG 2000 frame starts with neither an SOC marker (FF4F) nor a JP2 signature");
            }
        }
        ImageReader reader = newReader();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width != format.columns() || height != format.rows()) {
                throw new CodecException("JPEG 2000 codestream is " + width + " x " + height + ", the DICOM header says "
                        + format.columns() + " x " + format.rows());
            }
            Raster raster = reader.readRaster(0, null);
            if (raster.getNumBands() != format.samplesPerPixel()) {
                throw new CodecException("JPEG 2000 codestream has " + raster.getNumBands()
                        + " components, the DICOM header says " + format.samplesPerPixel());
            }
            return new DecodedFrame(toNative(raster, format), decodedPhotometric(format.photometric()));
        } catch (CodecException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CodecException("corrupt JPEG 2000 data: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader newReader() throws CodecException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg2000");
        if (!readers.hasNext()) {
            throw new CodecException("no JPEG 2000 reader on the class path (jai-imageio-jpeg2000 missing)");
        }
        return readers.next();
    }

    /** Writes the raster's samples as little-endian interleaved native pixel data. */
    private static byte[] toNative(Raster raster, FrameFormat format) {
        int w = format.columns();
        int h = format.rows();
        int bands = format.samplesPerPixel();
        int bytesPerSample = format.bitsAllocated() / 8;
        // Lossy decoding can overshoot the stored range; saturate rather than wrap around.
        long min = format.signed() ? -(1L << (format.bitsStored() - 1)) : 0;
        long max = format.signed() ? (1L << (format.bitsStored() - 1)) - 1 : (1L << format.bitsStored()) - 1;
        byte[] out = new byte[Math.toIntExact(format.frameBytes())];
        int[] row = new int[w];
        for (int b = 0; b < bands; b++) {
            for (int y = 0; y < h; y++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, b, row);
                int o = ((y * w) * bands + b) * bytesPerSample;
                for (int x = 0; x < w; x++, o += bands * bytesPerSample) {
                    int v = (int) Math.max(min, Math.min(max, row[x])); // written as its two's-complement pattern
                    for (int k = 0; k < bytesPerSample; k++) {
                        out[o + k] = (byte) (v >>> (8 * k));
                    }
                }
            }
        }
        return out;
    }

    private static String decodedPhotometric(String photometric) {
        return "YBR_ICT".equals(photometric) || "YBR_RCT".equals(photometric) ? "RGB" : photometric;
    }
}
