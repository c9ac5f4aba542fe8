/**
 * Decoders for encapsulated (compressed) DICOM pixel data, one per transfer-syntax family.
 *
 * <p>Every decoder turns one compressed frame into the same form native pixel data has:
 * little-endian samples of {@code BitsAllocated} bits, sample-interleaved (Planar
 * Configuration 0). The {@code dicom} package then converts those samples to voxel values with
 * one code path for native and compressed data. Decoders check every declared size against the
 * frame format before they allocate, so a corrupt or lying stream fails with a
 * {@link org.dicomcnn.dicom.codec.CodecException} naming the reason rather than exhausting
 * memory.
 */
package org.dicomcnn.dicom.codec;
