package org.dicomcnn.dicom.codec;

/**
 * One decoded frame in native form.
 *
 * @param pixels little-endian samples of the frame format's Bits Allocated, sample-interleaved
 *     (Planar Configuration 0), exactly {@link FrameFormat#frameBytes()} long
 * @param photometric the photometric interpretation of {@code pixels} after decoding; it differs
 *     from the header's when the codec changes colour space or resolution (a JPEG 2000 decoder
 *     that applies the inverse component transform yields "RGB"; a JPEG decoder that upsamples
 *     "YBR_FULL_422" chroma yields "YBR_FULL")
 */
public record DecodedFrame(byte[] pixels, String photometric) {}
