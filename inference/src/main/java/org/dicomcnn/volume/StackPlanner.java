package org.dicomcnn.volume;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dicomcnn.dicom.FrameInfo;

/**
 * Decides how a series' frames become volumes, without looking at pixels.
 *
 * <ol>
 *   <li>Frames are grouped by matrix size, channels, orientation (within 1e-3) and pixel spacing;
 *       a series that mixes several is split into one volume per group, never mixed.</li>
 *   <li>Within a group, frames are sorted by their position along the slice normal
 *       (Image Position (Patient) &middot; (row cosine &times; column cosine)). Only when no frame
 *       of the group has a usable position and orientation are they ordered by Instance Number,
 *       with nominal millimetre positions.</li>
 *   <li>Frames sharing a position (within 0.01 mm): if every position occurs the same number of
 *       times m, the group is split into m volumes (phases or repeated acquisitions) ordered by
 *       temporal index then instance number; otherwise the first frame at each position is kept
 *       and the others are named in a note.</li>
 *   <li>Gaps (a step more than 1.5 times the median) and uneven spacing are reported; the volume
 *       keeps each slice's true position in its {@link Geometry}.</li>
 * </ol>
 */
public final class StackPlanner {

    /** Positions closer than this along the normal are the same slice position, mm. */
    static final double DUPLICATE_TOLERANCE_MM = 0.01;

    /** A step above this multiple of the median step is a gap. */
    static final double GAP_FACTOR = 1.5;

    private static final int MAX_LISTED = 5;

    private StackPlanner() {}

    /**
     * One planned volume.
     *
     * @param frames its frames in slice order
     * @param geometry where they lie
     */
    public record Stack(List<FrameEntry> frames, Geometry geometry) {
        /** Copies the frame list. */
        public Stack {
            frames = List.copyOf(frames);
        }
    }

    /**
     * The plan for a series.
     *
     * @param stacks the volumes to build, largest first
     * @param notes what the planner found and did, for the user
     */
    public record Plan(List<Stack> stacks, List<String> notes) {
        /** Copies the lists. */
        public Plan {
            stacks = List.copyOf(stacks);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Plans the volumes of one series.
     *
     * @param frames the series' decodable frames, any order
     * @return the stacks and notes
     */
    public static Plan plan(List<FrameEntry> frames) {
        List<String> notes = new ArrayList<>();
        List<List<FrameEntry>> groups = groupByShape(frames);
        if (groups.size() > 1) {
            StringBuilder sb = new StringBuilder("series mixes " + groups.size()
                    + " orientations, matrix sizes or pixel spacings; split into " + groups.size() + " volumes:");
            for (List<FrameEntry> g : groups) {
                FrameEntry f = g.get(0);
                sb.append(' ').append(f.columns()).append('x').append(f.rows()).append(" (").append(g.size())
                        .append(" frames, e.g. ").append(f.label()).append(')');
            }
            notes.add(sb.toString());
        }
        List<Stack> stacks = new ArrayList<>();
        for (List<FrameEntry> g : groups) {
            stacks.addAll(planGroup(g, notes));
        }
        stacks.sort(Comparator.comparingInt((Stack s) -> -s.frames().size()));
        return new Plan(stacks, notes);
    }

    private static List<List<FrameEntry>> groupByShape(List<FrameEntry> frames) {
        List<List<FrameEntry>> groups = new ArrayList<>();
        for (FrameEntry f : frames) {
            List<FrameEntry> home = null;
            for (List<FrameEntry> g : groups) {
                if (sameShape(g.get(0), f)) {
                    home = g;
                    break;
                }
            }
            if (home == null) {
                home = new ArrayList<>();
                groups.add(home);
            }
            home.add(f);
        }
        groups.sort(Comparator.comparingInt((List<FrameEntry> g) -> -g.size()));
        return groups;
    }

    /** Same matrix, channels, orientation and spacing; frames without geometry match on size alone. */
    private static boolean sameShape(FrameEntry a, FrameEntry b) {
        if (a.columns() != b.columns() || a.rows() != b.rows() || a.channels() != b.channels()) {
            return false;
        }
        FrameInfo x = a.info();
        FrameInfo y = b.info();
        if (x.hasGeometry() && y.hasGeometry() && !close(x.orientation(), y.orientation(), 1e-3)) {
            return false;
        }
        double[] sx = x.pixelSpacingMm();
        double[] sy = y.pixelSpacingMm();
        return sx == null || sy == null || close(sx, sy, 1e-3 * Math.max(sx[0], sx[1]));
    }

    private static List<Stack> planGroup(List<FrameEntry> group, List<String> notes) {
        List<FrameEntry> placed = group.stream().filter(f -> f.info().hasGeometry()).toList();
        if (placed.isEmpty()) {
            return List.of(byInstanceNumber(group, notes));
        }
        if (placed.size() < group.size()) {
            List<FrameEntry> dropped = group.stream().filter(f -> !f.info().hasGeometry()).toList();
            notes.add(dropped.size() + " frame(s) lack a usable Image Position/Orientation (Patient) and were left out: "
                    + list(dropped));
        }
        FrameInfo first = placed.get(0).info();
        Vec3 normal = rowDirection(first).cross(columnDirection(first)).unit();
        List<FrameEntry> sorted = new ArrayList<>(placed);
        sorted.sort(Comparator.comparingDouble((FrameEntry f) -> key(f, normal))
                .thenComparingInt(f -> f.info().temporalIndex())
                .thenComparingInt(FrameEntry::instanceNumber)
                .thenComparingInt(f -> f.info().index())
                .thenComparing(f -> f.file().toString()));
        List<List<FrameEntry>> clusters = clusterByPosition(sorted, normal);
        int m = clusters.get(0).size();
        boolean regularRepeats = m > 1 && clusters.stream().allMatch(c -> c.size() == m);
        List<List<FrameEntry>> volumes = new ArrayList<>();
        if (regularRepeats) {
            notes.add("each of the " + clusters.size() + " slice positions occurs " + m
                    + " times (phases or repeated acquisitions); split into " + m + " volumes");
            for (int r = 0; r < m; r++) {
                List<FrameEntry> v = new ArrayList<>();
                for (List<FrameEntry> c : clusters) {
                    v.add(c.get(r));
                }
                volumes.add(v);
            }
        } else {
            List<FrameEntry> v = new ArrayList<>();
            List<String> duplicates = new ArrayList<>();
            for (List<FrameEntry> c : clusters) {
                v.add(c.get(0));
                if (c.size() > 1) {
                    duplicates.add(String.format("%.2f mm: kept %s, left out %s", key(c.get(0), normal),
                            c.get(0).label(), list(c.subList(1, c.size()))));
                }
            }
            if (!duplicates.isEmpty()) {
                notes.add(duplicates.size() + " duplicate slice position(s): "
                        + String.join("; ", duplicates.subList(0, Math.min(MAX_LISTED, duplicates.size())))
                        + (duplicates.size() > MAX_LISTED ? "; ..." : ""));
            }
            volumes.add(v);
        }
        List<Stack> stacks = new ArrayList<>();
        for (List<FrameEntry> v : volumes) {
            checkSpacing(v, normal, notes);
            stacks.add(new Stack(v, geometry(v, notes)));
        }
        return stacks;
    }

    private static List<List<FrameEntry>> clusterByPosition(List<FrameEntry> sorted, Vec3 normal) {
        List<List<FrameEntry>> clusters = new ArrayList<>();
        double last = Double.NEGATIVE_INFINITY;
        for (FrameEntry f : sorted) {
            double k = key(f, normal);
            if (clusters.isEmpty() || k - last > DUPLICATE_TOLERANCE_MM) {
                clusters.add(new ArrayList<>());
            }
            clusters.get(clusters.size() - 1).add(f);
            last = k;
        }
        return clusters;
    }

    /** Reports gaps and uneven steps between consecutive slices. */
    private static void checkSpacing(List<FrameEntry> v, Vec3 normal, List<String> notes) {
        if (v.size() < 3) {
            return;
        }
        double[] steps = new double[v.size() - 1];
        for (int k = 0; k < steps.length; k++) {
            steps[k] = key(v.get(k + 1), normal) - key(v.get(k), normal);
        }
        double median = median(steps);
        double tolerance = Math.max(0.02, Geometry.UNIFORM_TOLERANCE * median);
        List<String> gaps = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int k = 0; k < steps.length; k++) {
            if (steps[k] > GAP_FACTOR * median) {
                gaps.add(String.format("%.2f mm between %s and %s (about %d slice(s) missing)", steps[k],
                        v.get(k).label(), v.get(k + 1).label(), Math.round(steps[k] / median) - 1));
            } else {
                min = Math.min(min, steps[k]);
                max = Math.max(max, steps[k]);
            }
        }
        if (!gaps.isEmpty()) {
            notes.add(String.format("%d gap(s) in a stack spaced %.2f mm: ", gaps.size(), median)
                    + String.join("; ", gaps.subList(0, Math.min(MAX_LISTED, gaps.size())))
                    + (gaps.size() > MAX_LISTED ? "; ..." : ""));
        }
        if (max - median > tolerance || median - min > tolerance) {
            notes.add(String.format("non-uniform slice spacing: steps from %.3f to %.3f mm (median %.3f mm); "
                    + "each slice keeps its own position", min, max, median));
        }
    }

    private static Geometry geometry(List<FrameEntry> v, List<String> notes) {
        FrameEntry f = v.get(0);
        double[] spacing = f.info().pixelSpacingMm();
        if (spacing == null) {
            notes.add("Pixel Spacing (0028,0030) absent; 1 mm assumed");
            spacing = new double[] {1, 1};
        }
        List<Vec3> positions = v.stream().map(e -> Vec3.of(e.info().positionMm())).toList();
        return Geometry.ofSlices(f.columns(), f.rows(), spacing[1], spacing[0], rowDirection(f.info()),
                columnDirection(f.info()), positions);
    }

    private static Stack byInstanceNumber(List<FrameEntry> group, List<String> notes) {
        List<FrameEntry> sorted = new ArrayList<>(group);
        sorted.sort(Comparator.comparingInt(FrameEntry::instanceNumber)
                .thenComparingInt(f -> f.info().index())
                .thenComparing(f -> f.file().toString()));
        FrameEntry f = sorted.get(0);
        double[] spacing = f.info().pixelSpacingMm();
        double thickness = f.info().sliceThicknessMm();
        notes.add("no usable Image Position/Orientation (Patient): " + sorted.size()
                + " frames ordered by Instance Number; millimetre positions are nominal");
        return new Stack(sorted, Geometry.nominal(f.columns(), f.rows(), sorted.size(),
                spacing == null ? 1 : spacing[1], spacing == null ? 1 : spacing[0],
                thickness > 0 ? thickness : 1));
    }

    private static double key(FrameEntry f, Vec3 normal) {
        return Vec3.of(f.info().positionMm()).dot(normal);
    }

    private static Vec3 rowDirection(FrameInfo i) {
        double[] o = i.orientation();
        return new Vec3(o[0], o[1], o[2]);
    }

    private static Vec3 columnDirection(FrameInfo i) {
        double[] o = i.orientation();
        return new Vec3(o[3], o[4], o[5]);
    }

    private static boolean close(double[] a, double[] b, double tolerance) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > tolerance) {
                return false;
            }
        }
        return true;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String list(List<FrameEntry> frames) {
        List<String> labels = frames.stream().limit(MAX_LISTED).map(FrameEntry::label).toList();
        return String.join(", ", labels) + (frames.size() > MAX_LISTED ? ", ..." : "");
    }
}
