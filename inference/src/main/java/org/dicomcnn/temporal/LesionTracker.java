package org.dicomcnn.temporal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dicomcnn.volume.Vec3;

/**
 * Gives findings a tracking identity across a patient's studies. Time points are taken oldest
 * first; at each, its findings are paired with the tracks so far by optimal assignment
 * ({@link Assignment}) on the distance, in the current study's patient frame (priors mapped by
 * their registration), between a finding and the track's last position. A pair is allowed only
 * between findings of the same class and within a gate that grows with the lesion: the larger of
 * {@link #MIN_GATE_MM} and {@link #GATE_DIAMETERS} times the larger of the two diameters (a
 * growing nodule's centre moves little, an effusion's centroid moves with its level). Findings
 * left unpaired start new tracks, named T1, T2, ... in order of first appearance.
 *
 * <pre>{@code
 * List<LesionTracker.Track> tracks = LesionTracker.track(List.of(priorObservations, currentObservations));
 * }</pre>
 */
public final class LesionTracker {

    /** The smallest gate, mm: registration residual plus centre error of small findings. */
    public static final double MIN_GATE_MM = 10;

    /** The gate in diameters of the larger lesion of a pair. */
    public static final double GATE_DIAMETERS = 1.0;

    private LesionTracker() {}

    /**
     * A finding at one time point, placed in the reference (current study's) frame.
     *
     * @param timePoint index of its time point, 0 = oldest
     * @param index its index in that time point's findings
     * @param findingClass e.g. "nodule"
     * @param centreMm its centre in the reference frame, mm
     * @param diameterMm its mean diameter, mm
     * @param volumeMl its volume, ml
     * @param probability the model's probability for it
     */
    public record Observation(int timePoint, int index, String findingClass, Vec3 centreMm, double diameterMm,
            double volumeMl, double probability) {

        /** Validates. */
        public Observation {
            Objects.requireNonNull(findingClass, "findingClass");
            Objects.requireNonNull(centreMm, "centreMm");
            if (timePoint < 0 || index < 0) {
                throw new IllegalArgumentException("time point and index must be >= 0");
            }
            if (!(diameterMm >= 0) || !(volumeMl >= 0)) {
                throw new IllegalArgumentException("sizes must be non-negative");
            }
        }
    }

    /**
     * One lesion over time.
     *
     * @param id T1, T2, ...
     * @param findingClass its class
     * @param observations what was seen of it, oldest first (time points where it was not seen are absent)
     */
    public record Track(String id, String findingClass, List<Observation> observations) {

        /** Copies. */
        public Track {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(findingClass, "findingClass");
            observations = List.copyOf(observations);
            if (observations.isEmpty()) {
                throw new IllegalArgumentException("track " + id + " has no observation");
            }
        }

        /** @return the observation at that time point, or null when the lesion was not seen there */
        public Observation at(int timePoint) {
            return observations.stream().filter(o -> o.timePoint() == timePoint).findFirst().orElse(null);
        }

        /** @return the most recent observation */
        public Observation last() {
            return observations.get(observations.size() - 1);
        }
    }

    /**
     * @param timePoints each time point's findings, oldest time point first, every
     *     {@link Observation#timePoint()} equal to its position in this list
     * @return the tracks, in order of first appearance
     */
    public static List<Track> track(List<List<Observation>> timePoints) {
        List<List<Observation>> tracks = new ArrayList<>();
        for (int t = 0; t < timePoints.size(); t++) {
            List<Observation> now = timePoints.get(t);
            for (Observation o : now) {
                if (o.timePoint() != t) {
                    throw new IllegalArgumentException("observation " + o.index() + " of time point " + t
                            + " says time point " + o.timePoint());
                }
            }
            double[][] cost = new double[tracks.size()][now.size()];
            for (int i = 0; i < tracks.size(); i++) {
                Observation last = tracks.get(i).get(tracks.get(i).size() - 1);
                for (int j = 0; j < now.size(); j++) {
                    cost[i][j] = cost(last, now.get(j));
                }
            }
            int[] paired = Assignment.minimumCost(cost);
            boolean[] taken = new boolean[now.size()];
            for (int i = 0; i < paired.length; i++) {
                if (paired[i] >= 0) {
                    tracks.get(i).add(now.get(paired[i]));
                    taken[paired[i]] = true;
                }
            }
            for (int j = 0; j < now.size(); j++) {
                if (!taken[j]) {
                    List<Observation> fresh = new ArrayList<>();
                    fresh.add(now.get(j));
                    tracks.add(fresh);
                }
            }
        }
        List<Track> out = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            out.add(new Track("T" + (i + 1), tracks.get(i).get(0).findingClass(), tracks.get(i)));
        }
        return out;
    }

    /**
     * @return the gate of a pair, mm
     */
    public static double gateMm(double diameterMmA, double diameterMmB) {
        return Math.max(MIN_GATE_MM, GATE_DIAMETERS * Math.max(diameterMmA, diameterMmB));
    }

    /** Distance in gates, or +Infinity when the pair is not allowed. */
    private static double cost(Observation a, Observation b) {
        if (!a.findingClass().equals(b.findingClass())) {
            return Double.POSITIVE_INFINITY;
        }
        double gate = gateMm(a.diameterMm(), b.diameterMm());
        double d = a.centreMm().distance(b.centreMm());
        return d <= gate ? d / gate : Double.POSITIVE_INFINITY;
    }
}
