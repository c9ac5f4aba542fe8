package org.dicomcnn.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.dicom.codec.CodecException;
import org.dicomcnn.dicom.codec.DecodedFrame;
import org.dicomcnn.dicom.codec.FrameDecoder;
import org.dicomcnn.dicom.codec.TransferSyntaxes;

/**
 * Reads one frame of a file and converts it to float voxel values (rescaled; HU for CT).
 *
 * <pre>{@code
 * DicomFile f = DicomFileReader.read(path);
 * ImageDescription d = ImageDescription.of(f);
 * float[] hu = FrameReader.read(f, d, 0);
 * }</pre>
 *
 * <p>Native frames are read straight from the file into a reusable per-thread buffer, so a worker
 * allocates nothing per frame beyond the result. Compressed frames go through the decoder for
 * the file's transfer syntax. Thread-safe.
 */
public final class FrameReader {

    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 20));

    private FrameReader() {}

    /**
     * Reads frame {@code index} into a new array.
     *
     * @param file the file, as read by {@link DicomFileReader}
     * @param description its description
     * @param index the frame, from 0
     * @return rows x columns x channels float values, channel-interleaved
     * @throws DicomLoadException if the frame cannot be read or decoded; the message names the file
     */
    public static float[] read(DicomFile file, ImageDescription description, int index) throws DicomLoadException {
        PixelModule pm = description.pixels();
        float[] out = new float[pm.rows() * pm.columns() * pm.outputChannels()];
        read(file, description, index, out);
        return out;
    }

    /**
     * Reads frame {@code index} into {@code dst}.
     *
     * @param file the file
     * @param description its description
     * @param index the frame, from 0
     * @param dst rows x columns x channels values
     * @throws DicomLoadException if the frame cannot be read or decoded
     */
    public static void read(DicomFile file, ImageDescription description, int index, float[] dst)
            throws DicomLoadException {
        PixelModule pm = description.pixels();
        if (index < 0 || index >= pm.numberOfFrames()) {
            throw new IllegalArgumentException("frame " + index + " outside 0.." + (pm.numberOfFrames() - 1));
        }
        FrameInfo frame = description.frames().get(index);
        PixelDataLocation loc = file.pixelData();
        try {
            if (loc instanceof PixelDataLocation.Native n) {
                long frameBytes = pm.nativeFrameBytes();
                ByteBuffer buf = buffer((int) frameBytes).order(ByteOrder.LITTLE_ENDIAN);
                try (FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.READ)) {
                    readFully(ch, buf, n.valueOffset() + index * frameBytes);
                }
                buf.flip();
                if (n.swapWords()) {
                    swapWords(buf);
                }
                SampleConverter.convert(buf, pm, pm.photometric(), pm.planarConfiguration(), frame, dst);
            } else if (loc instanceof PixelDataLocation.InMemory m) {
                ByteBuffer buf = ByteBuffer.wrap(m.littleEndianBytes()).order(ByteOrder.LITTLE_ENDIAN);
                buf.position(Math.toIntExact(index * pm.nativeFrameBytes()));
                SampleConverter.convert(buf, pm, pm.photometric(), pm.planarConfiguration(), frame, dst);
            } else {
                PixelDataLocation.Encapsulated e = (PixelDataLocation.Encapsulated) loc;
                FrameDecoder decoder = TransferSyntaxes.decoderFor(file.transferSyntaxUid());
                byte[] encoded = frameBytes(file, e, index, pm.numberOfFrames());
                DecodedFrame decoded = decoder.decode(encoded, pm.frameFormat());
                if (decoded.pixels().length != pm.frameFormat().frameBytes()) {
                    throw new DicomLoadException(file.path(), "frame " + index + " decoded to "
                            + decoded.pixels().length + " bytes, " + pm.frameFormat().frameBytes() + " expected");
                }
                ByteBuffer buf = ByteBuffer.wrap(decoded.pixels()).order(ByteOrder.LITTLE_ENDIAN);
                SampleConverter.convert(buf, pm, decoded.photometric(), 0, frame, dst);
            }
        } catch (CodecException e) {
            throw new DicomLoadException(file.path(), "frame " + index + ": " + e.getMessage(), e);
        } catch (DicomLoadException e) {
            throw e;
        } catch (IOException e) {
            throw new DicomLoadException(file.path(), "cannot read frame " + index + ": " + e.getMessage(), e);
        }
    }

    /**
     * The compressed bytes of one frame (PS3.5 A.4): all fragments for a single-frame image, one
     * fragment per frame when the counts agree, else the fragments the Basic Offset Table assigns.
     */
    static byte[] frameBytes(DicomFile file, PixelDataLocation.Encapsulated e, int index, int frames)
            throws IOException {
        List<PixelDataLocation.Fragment> all = e.fragments();
        List<PixelDataLocation.Fragment> mine;
        if (frames == 1) {
            mine = all;
        } else if (all.size() == frames) {
            mine = List.of(all.get(index));
        } else if (e.basicOffsetTable().size() == frames) {
            long firstItem = all.get(0).itemOffset();
            long start = firstItem + e.basicOffsetTable().get(index);
            long end = index + 1 < frames ? firstItem + e.basicOffsetTable().get(index + 1) : Long.MAX_VALUE;
            mine = new ArrayList<>();
            for (PixelDataLocation.Fragment f : all) {
                if (f.itemOffset() >= start && f.itemOffset() < end) {
                    mine.add(f);
                }
            }
            if (mine.isEmpty()) {
                throw new DicomLoadException(file.path(), "Basic Offset Table entry " + index
                        + " points at no fragment");
            }
        } else {
            throw new DicomLoadException(file.path(), "cannot tell which of " + all.size() + " fragments belong to each of "
                    + frames + " frames: the Basic Offset Table has " + e.basicOffsetTable().size() + " entries");
        }
        long total = 0;
        for (PixelDataLocation.Fragment f : mine) {
            total += f.length(); // lengths were checked against the file size when it was read
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(total));
        try (FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            for (PixelDataLocation.Fragment f : mine) {
                ByteBuffer slice = out.slice(out.position(), (int) f.length());
                readFully(ch, slice, f.valueOffset());
                out.position(out.position() + (int) f.length());
            }
        }
        return out.array();
    }

    /** Big-endian OW to little endian: swaps the two bytes of every 16-bit word in place. */
    private static void swapWords(ByteBuffer b) {
        for (int i = b.position(); i + 1 < b.limit(); i += 2) {
            byte t = b.get(i);
            b.put(i, b.get(i + 1));
            b.put(i + 1, t);
        }
    }

    private static ByteBuffer buffer(int size) {
        ByteBuffer b = BUFFER.get();
        if (b.capacity() < size) {
            b = ByteBuffer.allocateDirect(size);
            BUFFER.set(b);
        }
        b.clear().limit(size);
        return b;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new EOFException("file ends at byte " + p + " inside the pixel data");
            }
            p += n;
        }
    }
}
