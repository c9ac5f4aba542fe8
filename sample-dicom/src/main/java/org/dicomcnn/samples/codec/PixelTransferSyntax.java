package org.dicomcnn.samples.codec;

import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The transfer syntaxes the generator writes, with their command-line names. All are
 * lossless, so every one decodes to exactly the explicit-little-endian pixels.
 */
public enum PixelTransferSyntax {

    /** Explicit VR Little Endian, native pixels (the default). */
    EXPLICIT_VR_LITTLE_ENDIAN("explicit-le", TransferSyntax.ExplicitVRLittleEndian, null),
    /** RLE Lossless. */
    RLE_LOSSLESS("rle", TransferSyntax.RLE, new RleEncoder()),
    /** JPEG Lossless, non-hierarchical, first-order prediction (process 14, SV1). */
    JPEG_LOSSLESS_SV1("jpeg-lossless", TransferSyntax.JPEGLosslessSV1, new JpegLosslessEncoder()),
    /** JPEG 2000 Image Compression (Lossless Only). */
    JPEG_2000_LOSSLESS("jpeg2000", TransferSyntax.JPEG2000Lossless, new Jpeg2000Encoder());

    private final String cliName;
    private final String uid;
    private final FrameEncoder encoder;

    PixelTransferSyntax(String cliName, String uid, FrameEncoder encoder) {
        this.cliName = cliName;
        this.uid = uid;
        this.encoder = encoder;
    }

    /** @return the name used by {@code --transfer-syntax} */
    public String cliName() {
        return cliName;
    }

    /** @return the Transfer Syntax UID */
    public String uid() {
        return uid;
    }

    /** @return whether pixel data is encapsulated (compressed) */
    public boolean isEncapsulated() {
        return encoder != null;
    }

    /**
     * @param samples stored values, row by row
     * @param columns Columns
     * @param rows Rows
     * @param bitsStored Bits Stored
     * @return one encapsulated fragment
     * @throws IOException if encoding fails
     * @throws IllegalStateException for the native syntax
     */
    public byte[] encode(short[] samples, int columns, int rows, int bitsStored) throws IOException {
        if (encoder == null) {
            throw new IllegalStateException(cliName + " is not encapsulated");
        }
        return encoder.encode(samples, columns, rows, bitsStored);
    }

    /**
     * @param name a command-line name, e.g. "rle"
     * @return the transfer syntax
     * @throws IllegalArgumentException naming the valid choices
     */
    public static PixelTransferSyntax fromCliName(String name) {
        for (PixelTransferSyntax t : values()) {
            if (t.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown transfer syntax '" + name + "'; expected one of "
                + Arrays.stream(values()).map(PixelTransferSyntax::cliName).collect(Collectors.joining(", ")));
    }
}
