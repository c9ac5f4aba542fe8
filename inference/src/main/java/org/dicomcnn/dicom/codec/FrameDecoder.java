package org.dicomcnn.dicom.codec;

/** Decodes one compressed frame of a given transfer syntax. Implementations are thread-safe. */
public interface FrameDecoder {

    /**
     * Decodes one frame.
     *
     * @param encoded the frame's compressed bytes (its fragments concatenated)
     * @param format what the DICOM header says the frame holds
     * @return the frame in native form
     * @throws CodecException if the data is corrupt, does not match {@code format}, or uses a
     *     feature this decoder lacks
     */
    DecodedFrame decode(byte[] encoded, FrameFormat format) throws CodecException;
}
