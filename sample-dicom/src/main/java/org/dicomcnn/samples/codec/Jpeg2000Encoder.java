package org.dicomcnn.samples.codec;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferUShort;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * JPEG 2000 lossless (1.2.840.10008.1.2.4.90): a bare codestream (no JP2 boxes, PS3.5 A.4.4)
 * with the reversible 5/3 wavelet, written by jai-imageio's JJ2000-based writer. The image
 * handed to the writer declares {@code bitsStored} bits per sample, so the codestream's
 * precision equals Bits Stored.
 */
public final class Jpeg2000Encoder implements FrameEncoder {

    private static final String FORMAT = "jpeg2000";

    @Override
    public byte[] encode(short[] samples, int columns, int rows, int bitsStored) throws IOException {
        FrameEncoder.check(samples, columns, rows, bitsStored);
        ComponentColorModel colours = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                new int[] {bitsStored}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        DataBufferUShort data = new DataBufferUShort(samples.clone(), samples.length);
        WritableRaster raster = Raster.createWritableRaster(
                new PixelInterleavedSampleModel(DataBuffer.TYPE_USHORT, columns, rows, 1, columns, new int[] {0}),
                data, null);
        BufferedImage image = new BufferedImage(colours, raster, false, null);

        ImageWriter writer = writer();
        try {
            J2KImageWriteParam param = (J2KImageWriteParam) writer.getDefaultWriteParam();
            param.setWriteCodeStreamOnly(true);
            param.setLossless(true);
            param.setFilter(J2KImageWriteParam.FILTER_53);
            param.setEncodingRate(Double.MAX_VALUE);
            param.setComponentTransformation(false);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(samples.length);
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            return FrameEncoder.padToEven(bytes.toByteArray());
        } finally {
            writer.dispose();
        }
    }

    private static ImageWriter writer() throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(FORMAT);
        while (it.hasNext()) {
            ImageWriter w = it.next();
            if (w.getDefaultWriteParam() instanceof J2KImageWriteParam) {
                return w;
            }
        }
        throw new IOException("no JPEG 2000 image writer; com.github.jai-imageio:jai-imageio-jpeg2000 must be on the"
                + " class path");
    }
}
