package org.dicomcnn.samples.phantom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dicomcnn.samples.geometry.Vec3;

/**
 * Grows a branching vessel tree that fills a lung: the territory (a set of random points inside
 * the lung) is split in two along its principal axis at every branch point, each half gets a
 * child heading for its centroid, and radii follow Murray's law (r<sup>3</sup> shared in
 * proportion to the territory). Leaves end at single points, about 1 mm wide. In any one axial
 * slice the branches that cross it look like round bright dots, as nodules do, which is what
 * makes naive thresholding fail.
 */
public final class BronchovascularTree {

    /** Branches thinner than this end the recursion. */
    public static final double MIN_RADIUS_MM = 0.5;

    /** Radius lost along one branch (vessels taper). */
    private static final double TAPER = 0.97;

    private BronchovascularTree() {}

    /**
     * One branch.
     *
     * @param generation 0 for the root branch
     * @param from start, mm
     * @param to end, mm
     * @param radiusFrom radius at the start, mm
     * @param radiusTo radius at the end, mm
     * @param sideFrom a unit vector perpendicular to the parent direction at the start, shared by
     *     the branch's parent, so that a companion tube (a bronchus beside an artery) offset along it
     *     stays connected
     * @param sideTo the same at the end
     */
    public record Branch(int generation, Vec3 from, Vec3 to, double radiusFrom, double radiusTo, Vec3 sideFrom,
            Vec3 sideTo) {

        /** @return the tube of this branch */
        public Capsule tube() {
            return new Capsule(from, to, radiusFrom, radiusTo);
        }

        /**
         * A companion tube running beside this one.
         *
         * @param scale companion radius as a fraction of this branch's radius
         * @param gapMm space between the two walls
         * @return the companion
         */
        public Capsule companion(double scale, double gapMm) {
            Vec3 a = from.plus(sideFrom.times(radiusFrom * (1 + scale) + gapMm));
            Vec3 b = to.plus(sideTo.times(radiusTo * (1 + scale) + gapMm));
            return new Capsule(a, b, radiusFrom * scale, radiusTo * scale);
        }
    }

    /**
     * @param root where the tree enters the lung (the hilum)
     * @param rootRadius radius there, mm
     * @param territory points to reach (copied, not modified)
     * @param random branch-length and split jitter
     * @return the branches, parents before children
     */
    public static List<Branch> grow(Vec3 root, double rootRadius, List<Vec3> territory, PhantomRandom random) {
        if (territory.isEmpty()) {
            throw new IllegalArgumentException("a vessel tree needs at least one territory point");
        }
        List<Branch> out = new ArrayList<>();
        Vec3 towards = centroid(territory).minus(root);
        Vec3 side = sideOf(towards);
        grow(out, root, side, rootRadius, new ArrayList<>(territory), 0, random);
        return out;
    }

    private static void grow(List<Branch> out, Vec3 start, Vec3 startSide, double radius, List<Vec3> points,
            int generation, PhantomRandom random) {
        Vec3 c = centroid(points);
        Vec3 d = c.minus(start);
        if (d.length() < 1e-6) {
            return;
        }
        if (points.size() == 1 || radius * TAPER < MIN_RADIUS_MM * 1.25) {
            out.add(new Branch(generation, start, c, radius, Math.max(MIN_RADIUS_MM, radius * TAPER), startSide,
                    sideOf(d)));
            return;
        }
        double fraction = random.uniform(0.35, 0.6);
        Vec3 end = start.plus(d.times(fraction));
        Vec3 endSide = sideOf(d);
        double endRadius = radius * TAPER;
        out.add(new Branch(generation, start, end, radius, endRadius, startSide, endSide));
        Vec3 axis = principalAxis(points, c);
        List<Vec3> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(p -> p.minus(c).dot(axis)));
        int split = (int) Math.round(sorted.size() * random.uniform(0.35, 0.65));
        split = Math.max(1, Math.min(sorted.size() - 1, split));
        List<Vec3> first = sorted.subList(0, split);
        List<Vec3> second = sorted.subList(split, sorted.size());
        double n = points.size();
        // Murray's law: r^3 is shared in proportion to the territory each child feeds.
        grow(out, end, endSide, endRadius * StrictMath.cbrt(first.size() / n), new ArrayList<>(first),
                generation + 1, random);
        grow(out, end, endSide, endRadius * StrictMath.cbrt(second.size() / n), new ArrayList<>(second),
                generation + 1, random);
    }

    private static Vec3 sideOf(Vec3 direction) {
        Vec3 s = direction.cross(new Vec3(0, 0, 1));
        if (s.length() < 1e-6 * direction.length()) {
            s = direction.cross(new Vec3(1, 0, 0));
        }
        return s.unit();
    }

    static Vec3 centroid(List<Vec3> points) {
        double x = 0;
        double y = 0;
        double z = 0;
        for (Vec3 p : points) {
            x += p.x();
            y += p.y();
            z += p.z();
        }
        return new Vec3(x / points.size(), y / points.size(), z / points.size());
    }

    /** Largest-variance direction by power iteration (deterministic start). */
    private static Vec3 principalAxis(List<Vec3> points, Vec3 c) {
        double xx = 0;
        double xy = 0;
        double xz = 0;
        double yy = 0;
        double yz = 0;
        double zz = 0;
        for (Vec3 p : points) {
            Vec3 q = p.minus(c);
            xx += q.x() * q.x();
            xy += q.x() * q.y();
            xz += q.x() * q.z();
            yy += q.y() * q.y();
            yz += q.y() * q.z();
            zz += q.z() * q.z();
        }
        Vec3 v = new Vec3(0.57, 0.58, 0.59);
        for (int i = 0; i < 12; i++) {
            Vec3 w = new Vec3(xx * v.x() + xy * v.y() + xz * v.z(), xy * v.x() + yy * v.y() + yz * v.z(),
                    xz * v.x() + yz * v.y() + zz * v.z());
            if (w.length() < 1e-12) {
                return new Vec3(0, 0, 1);
            }
            v = w.unit();
        }
        return v;
    }
}
