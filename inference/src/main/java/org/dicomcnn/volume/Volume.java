package org.dicomcnn.volume;

import java.util.List;
import java.util.Objects;

/**
 * A series' voxels as floats (HU for CT), one array per slice, with their geometry and origin.
 * Slice arrays hold {@code columns x rows x channels} values, row by row, channels interleaved
 * (1 channel for monochrome, 3 for RGB). The arrays are shared, not copied: callers that modify
 * them own the consequences.
 */
public final class Volume {

    private final Geometry geometry;
    private final int channels;
    private final float[][] slices;
    private final List<SliceSource> sources;
    private final VolumeInfo info;

    /**
     * @param geometry voxel to patient mapping
     * @param channels values per voxel, 1 or 3
     * @param slices one array per slice of columns x rows x channels values
     * @param sources where each slice came from (same length as {@code slices})
     * @param info series facts
     */
    public Volume(Geometry geometry, int channels, float[][] slices, List<SliceSource> sources, VolumeInfo info) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.info = Objects.requireNonNull(info, "info");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
        }
        if (slices.length != geometry.slices() || sources.size() != slices.length) {
            throw new IllegalArgumentException(slices.length + " slices, " + sources.size() + " sources and a geometry of "
                    + geometry.slices() + " slices do not agree");
        }
        int expected = geometry.columns() * geometry.rows() * channels;
        for (int k = 0; k < slices.length; k++) {
            if (slices[k].length != expected) {
                throw new IllegalArgumentException("slice " + k + " holds " + slices[k].length + " values, "
                        + expected + " expected");
            }
        }
        this.channels = channels;
        this.slices = slices.clone();
        this.sources = List.copyOf(sources);
    }

    /** The voxel to patient mapping. */
    public Geometry geometry() {
        return geometry;
    }

    /** Values per voxel: 1 or 3. */
    public int channels() {
        return channels;
    }

    /** Voxels per row. */
    public int width() {
        return geometry.columns();
    }

    /** Rows per slice. */
    public int height() {
        return geometry.rows();
    }

    /** Number of slices. */
    public int depth() {
        return geometry.slices();
    }

    /** The values of slice {@code k} (the backing array, not a copy). */
    public float[] slice(int k) {
        return slices[k];
    }

    /** The value at column {@code x}, row {@code y}, slice {@code z}, channel 0. */
    public float value(int x, int y, int z) {
        return slices[z][(y * geometry.columns() + x) * channels];
    }

    /** Where each slice came from. */
    public List<SliceSource> sources() {
        return sources;
    }

    /** Series facts. */
    public VolumeInfo info() {
        return info;
    }

    /** Number of voxels (columns x rows x slices). */
    public long voxelCount() {
        return (long) geometry.columns() * geometry.rows() * geometry.slices();
    }

    /** Minimum and maximum of channel 0 over all voxels. */
    public float[] range() {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] s : slices) {
            for (int i = 0; i < s.length; i += channels) {
                min = Math.min(min, s[i]);
                max = Math.max(max, s[i]);
            }
        }
        return new float[] {min, max};
    }

    @Override
    public String toString() {
        return "Volume[" + info.modality() + " " + geometry + (channels == 3 ? " RGB" : "") + "]";
    }
}
