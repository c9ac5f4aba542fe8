/**
 * A pure-Java JPEG decoder for the JPEG transfer syntaxes DICOM uses (PS3.5 §A.4.1, §8.2.1).
 *
 * <p>{@link org.dicomcnn.dicom.codec.jpeg.JpegDecoder} decodes one frame of:
 *
 * <ul>
 *   <li>1.2.840.10008.1.2.4.50, baseline sequential DCT (ITU-T T.81 process 1, SOF0, 8 bits);
 *   <li>1.2.840.10008.1.2.4.51, extended sequential DCT with Huffman coding (SOF1, 8 or 12 bits);
 *   <li>1.2.840.10008.1.2.4.57, lossless process 14 (SOF3, selection values 1 to 7, any point
 *       transform, 2 to 16 bits) and 1.2.840.10008.1.2.4.70, its first-order predictor subset.
 * </ul>
 *
 * <p>The classes follow the structure of T.81: {@code SegmentReader} parses the marker segments
 * of Annex B into {@code FrameHeader}, {@code ScanHeader}, {@code HuffmanTable} and quantization
 * tables; {@code EntropyReader} reads the entropy-coded segments (byte stuffing, restart markers,
 * the Huffman DECODE procedure of F.2.2.3 with a lookahead table); {@code DctScanDecoder} and
 * {@code InverseDct} implement the sequential DCT processes of Annex F and {@code ChromaUpsampler}
 * brings subsampled components to full resolution; {@code LosslessScanDecoder} implements
 * Annex H. {@code DecodeSession} holds the state of one call, so the decoder itself is immutable
 * and thread-safe.
 *
 * <p>Every size declared by the stream is checked against the DICOM header before anything is
 * allocated, and every kind of corrupt input ends in a
 * {@link org.dicomcnn.dicom.codec.CodecException} that names the reason. Colour spaces are never
 * converted: components come out as coded.
 */
package org.dicomcnn.dicom.codec.jpeg;
