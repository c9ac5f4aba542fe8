package org.dicomcnn.samples.phantom;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.Rotation;
import org.dicomcnn.samples.geometry.Vec3;

/**
 * A patient's normal chest in the canonical body frame (mm; axes as the DICOM patient frame of
 * a supine patient: +x left, +y posterior, +z superior; origin at the body centre near the
 * carina). Built from analytic shapes: body outline with subcutaneous fat and muscle, the
 * thoracic cavity with domed apices, two lungs (cavity minus mediastinum, heart, aorta, spine and
 * the diaphragm domes), heart, great vessels, trachea and main bronchi, oesophagus, spine
 * (vertebral bodies with discs, canal, posterior elements), ribs with costal cartilage, sternum,
 * clavicles, scapulae, liver and upper abdomen under the domes, and bronchovascular trees grown
 * inside each lung.
 *
 * <pre>{@code
 * ChestAnatomy a = ChestAnatomy.build(BodyHabitus.AVERAGE, PhantomRandom.forKey("demo"));
 * List<Layer> layers = a.layers();                 // canonical, in paint order
 * Shape rightLung = a.lung(Side.RIGHT);
 * }</pre>
 */
public final class ChestAnatomy {

    /** Territory points per vessel tree: about twice as many branches, leaves near 1 mm. */
    public static final int DEFAULT_TREE_POINTS = 1400;

    /** Vessel trees end at least this far inside the lung surface. */
    private static final double TREE_POINT_DEPTH_MM = 3;

    /** The back is cut flat at this fraction of the body's posterior semi-axis. */
    private static final double BACK_FLATTENING = 0.86;

    /** Grid used to measure the lungs' extent and volume. */
    private static final double MEASURE_STEP_MM = 2.5;

    private final BodyHabitus habitus;
    private final List<Layer> layers;
    private final Map<Side, Shape> lungs;
    private final Map<Side, Box> lungBounds;
    private final Map<Side, Double> lungVolumesMl;
    private final Shape body;
    private final double bodyPosteriorY;
    private final Vec3 bodyCentre;
    private final Vec3 bodyHalfSize;

    private ChestAnatomy(BodyHabitus habitus, List<Layer> layers, Map<Side, Shape> lungs, Map<Side, Box> lungBounds,
            Map<Side, Double> lungVolumesMl, Shape body, double bodyPosteriorY, Vec3 bodyCentre, Vec3 bodyHalfSize) {
        this.habitus = habitus;
        this.layers = List.copyOf(layers);
        this.lungs = lungs;
        this.lungBounds = lungBounds;
        this.lungVolumesMl = lungVolumesMl;
        this.body = body;
        this.bodyPosteriorY = bodyPosteriorY;
        this.bodyCentre = bodyCentre;
        this.bodyHalfSize = bodyHalfSize;
    }

    /** @return the habitus it was built from */
    public BodyHabitus habitus() {
        return habitus;
    }

    /** @return every normal-anatomy layer, canonical frame, in paint order */
    public List<Layer> layers() {
        return layers;
    }

    /** @return the aerated region of one lung, canonical frame */
    public Shape lung(Side side) {
        return lungs.get(side);
    }

    /** @return the measured extent of one lung, canonical frame */
    public Box lungBounds(Side side) {
        return lungBounds.get(side);
    }

    /** @return the extent of both lungs, canonical frame */
    public Box lungsBounds() {
        return lungBounds.get(Side.RIGHT).union(lungBounds.get(Side.LEFT));
    }

    /** @return the measured volume of one lung, ml */
    public double lungVolumeMl(Side side) {
        return lungVolumesMl.get(side);
    }

    /** @return the outer body surface, canonical frame */
    public Shape body() {
        return body;
    }

    /** @return the most posterior y of the body surface, canonical frame */
    public double bodyPosteriorY() {
        return bodyPosteriorY;
    }

    /** @return the centre of the body's cross-section at z = 0, canonical frame */
    public Vec3 bodyCentre() {
        return bodyCentre;
    }

    /** @return half the body's width (x) and depth (y) at z = 0; z is 0 */
    public Vec3 bodyHalfSize() {
        return bodyHalfSize;
    }

    /**
     * @param habitus the patient's build
     * @param random anatomy stream (organ jitter, vessel trees)
     * @return the anatomy
     */
    public static ChestAnatomy build(BodyHabitus habitus, PhantomRandom random) {
        return build(habitus, random, DEFAULT_TREE_POINTS);
    }

    /**
     * @param habitus the patient's build
     * @param random anatomy stream
     * @param treePoints territory points per vessel tree (fewer: coarser, faster trees)
     * @return the anatomy
     */
    public static ChestAnatomy build(BodyHabitus habitus, PhantomRandom random, int treePoints) {
        Objects.requireNonNull(habitus, "habitus");
        if (treePoints < 1) {
            throw new IllegalArgumentException("treePoints must be >= 1, got " + treePoints);
        }
        return new Builder(habitus, random, treePoints).build();
    }

    /** Holds the scale factors while the shapes are made. */
    private static final class Builder {
        private final BodyHabitus h;
        private final PhantomRandom r;
        private final int treePoints;
        private final double sx;
        private final double sy;
        private final double sz;

        Builder(BodyHabitus h, PhantomRandom r, int treePoints) {
            this.h = h;
            this.r = r;
            this.treePoints = treePoints;
            sx = h.widthScale();
            sy = h.depthScale();
            sz = h.heightScale();
        }

        private Vec3 v(double x, double y, double z) {
            return new Vec3(x * sx, y * sy, z * sz);
        }

        ChestAnatomy build() {
            double far = 450;
            // Thoracic cavity: the inner surface of the chest wall, domed at the apices.
            double cavityA = 128 * sx;
            double cavityB = 85 * sy;
            double cavityY = 5 * sy;
            DomedCylinder cavity = new DomedCylinder(0, cavityY, cavityA, cavityB, -far, 38 * sz, 72 * sz);
            // Body: an ellipse flattened at the back, where a supine patient lies on the table.
            double bodyB = 112 * sy + 0.8 * h.fatMm();
            double bodyY = 12 * sy + 0.1 * h.fatMm();
            double bodyPosterior = bodyY + BACK_FLATTENING * bodyB;
            HalfSpace back = new HalfSpace(new Vec3(0, -1, 0), -bodyPosterior);
            DomedCylinder bodyEllipse = DomedCylinder.flat(0, bodyY, 150 * sx + h.fatMm(), bodyB, -far, far);
            Shape body = Intersection.of(bodyEllipse, back);
            Shape muscle = Intersection.of(DomedCylinder.flat(0, 12 * sy, 150 * sx, 112 * sy, -far, far),
                    new HalfSpace(new Vec3(0, -1, 0), -(bodyPosterior - 0.9 * h.fatMm())));

            // Diaphragm domes; the right one is higher (liver).
            double domeTopRight = (-66 + r.gaussian(0, 6)) * sz;
            double domeTopLeft = domeTopRight - r.uniform(8, 20) * sz;
            Vec3 domeRadii = v(95, 95, 90);
            Ellipsoid domeRight = Ellipsoid.aligned(new Vec3(-45 * sx, 5 * sy, domeTopRight - domeRadii.z()), domeRadii);
            Ellipsoid domeLeft = Ellipsoid.aligned(new Vec3(45 * sx, 5 * sy, domeTopLeft - domeRadii.z()), domeRadii);

            DomedCylinder mediastinum = DomedCylinder.flat(0, -5 * sy, 36 * sx, 92 * sy, -far, far);
            Ellipsoid heart = new Ellipsoid(v(22 + r.gaussian(0, 4), -22, -46 + r.gaussian(0, 4)),
                    Rotation.fromEulerDegrees(r.gaussian(-8, 3), r.gaussian(0, 3), r.gaussian(32, 5)),
                    v(60, 46, 52).times(r.gaussian(1, 0.05)));
            Ellipsoid heartKeepOut = new Ellipsoid(heart.centre(), heart.axes(), heart.radii().plus(new Vec3(3, 3, 3)));

            // Aorta: root, ascending, arch, descending beside the spine.
            double ao = r.gaussian(1, 0.07);
            List<Vec3> aortaPath = List.of(v(6, -24, -18), v(3, -32, 28), v(0, -20, 56), v(12, 8, 66), v(26, 28, 56),
                    v(30, 32, 20), v(30, 34, -60), v(24, 32, -200));
            double[] aortaRadii = {15, 15, 14, 13, 12, 12, 11.5, 11};
            List<Capsule> aorta = chain(aortaPath, aortaRadii, ao);
            List<Capsule> aortaKeepOut = chain(aortaPath, add(aortaRadii, 3), ao);

            Vec3 hilumRight = v(-52, 2, 12);
            Vec3 hilumLeft = v(50, 4, 8);
            Vec3 pulmonaryBifurcation = v(6, -22, 16);
            List<Capsule> greatVessels = new ArrayList<>(aorta);
            greatVessels.add(new Capsule(v(16, -40, -26), pulmonaryBifurcation, 13 * ao, 12 * ao));
            greatVessels.add(new Capsule(pulmonaryBifurcation, hilumRight, 11 * ao, 9 * ao));
            greatVessels.add(new Capsule(pulmonaryBifurcation, hilumLeft, 11 * ao, 9 * ao));
            greatVessels.add(new Capsule(v(-26, -24, 90), v(-22, -20, -12), 10 * ao, 11 * ao)); // superior vena cava
            Vec3 atriumRight = v(-28, 14, -22);
            Vec3 atriumLeft = v(30, 14, -28);
            greatVessels.add(new Capsule(atriumRight, v(5, 10, -30), 9 * ao, 12 * ao));
            greatVessels.add(new Capsule(atriumLeft, v(5, 10, -30), 9 * ao, 12 * ao));

            // Spine: a disc column, vertebral bodies with a cortical rim, canal, posterior elements.
            double spineY = 40 * sy;
            DomedCylinder spineKeepOut = DomedCylinder.flat(0, 58 * sy, 30 * sx, 44 * sy, -far, far);
            List<Shape> discs = List.of(DomedCylinder.flat(0, spineY, 19 * sx, 15.5 * sy, -far, far));
            List<Shape> vertebrae = new ArrayList<>();
            List<Shape> cancellous = new ArrayList<>();
            List<Shape> posterior = new ArrayList<>();
            double level = 28 * sz;
            double phase = r.uniform(0, level);
            for (double zc = -far + phase; zc < far; zc += level) {
                double half = (level - 6 * sz) / 2;
                vertebrae.add(DomedCylinder.flat(0, spineY, 20 * sx, 16 * sy, zc - half, zc + half));
                cancellous.add(DomedCylinder.flat(0, spineY, 18.3 * sx, 14.3 * sy, zc - half + 1.5, zc + half - 1.5));
                double yCanal = spineY + 25 * sy;
                for (int s = -1; s <= 1; s += 2) {
                    posterior.add(new Capsule(new Vec3(s * 11 * sx, spineY + 12 * sy, zc + 2),
                            new Vec3(s * 10 * sx, yCanal + 9 * sy, zc), 4));
                    posterior.add(new Capsule(new Vec3(s * 10 * sx, yCanal + 9 * sy, zc),
                            new Vec3(0, yCanal + 12 * sy, zc - 2), 3.5));
                    posterior.add(new Capsule(new Vec3(s * 11 * sx, yCanal, zc),
                            new Vec3(s * 32 * sx, yCanal + 8 * sy, zc - 2), 5));
                }
                posterior.add(new Capsule(new Vec3(0, yCanal + 12 * sy, zc - 2),
                        new Vec3(0, yCanal + 40 * sy, zc - 16 * sz), 4.5, 3.5));
            }
            Shape canal = DomedCylinder.flat(0, spineY + 25 * sy, 9 * sx, 8 * sy, -far, far);

            // Lungs: the cavity on one side, minus everything that is not lung.
            Map<Side, Shape> lungs = new EnumMap<>(Side.class);
            Shape aortaOut = new Union(aortaKeepOut);
            for (Side side : Side.values()) {
                Ellipsoid dome = side == Side.RIGHT ? domeRight : domeLeft;
                lungs.put(side, new Intersection(List.of(cavity, new HalfSpace(new Vec3(side.sign(), 0, 0), 0),
                        new HalfSpace(new Vec3(0, 0, 1), dome.centre().z()), new Complement(mediastinum),
                        new Complement(dome), new Complement(spineKeepOut), new Complement(heartKeepOut),
                        new Complement(aortaOut))));
            }
            Map<Side, Box> lungBounds = new EnumMap<>(Side.class);
            Map<Side, Double> lungVolumes = new EnumMap<>(Side.class);
            for (Side side : Side.values()) {
                measure(lungs.get(side), side, cavity, lungBounds, lungVolumes);
            }

            // Airways: trachea, main bronchi to the hila, then bronchi beside the arteries.
            Vec3 carina = v(0, -6, 28);
            List<Capsule> airwayWalls = new ArrayList<>();
            List<Capsule> airwayLumens = new ArrayList<>();
            airwayWalls.add(new Capsule(new Vec3(0, -9 * sy, far), carina, 10.5 * sx));
            airwayLumens.add(new Capsule(new Vec3(0, -9 * sy, far), carina, 8.5 * sx));

            // Vessel trees inside each lung.
            List<Capsule> vessels = new ArrayList<>();
            for (Side side : Side.values()) {
                Shape lung = lungs.get(side);
                Box box = lungBounds.get(side);
                Vec3 hilum = side == Side.RIGHT ? hilumRight : hilumLeft;
                Vec3 atrium = side == Side.RIGHT ? atriumRight : atriumLeft;
                List<BronchovascularTree.Branch> arteries = BronchovascularTree.grow(hilum, 9 * ao,
                        territory(lung, box, treePoints), r);
                List<BronchovascularTree.Branch> veins = BronchovascularTree.grow(atrium, 8.5 * ao,
                        territory(lung, box, treePoints), r);
                arteries.forEach(b -> vessels.add(b.tube()));
                veins.forEach(b -> vessels.add(b.tube()));
                BronchovascularTree.Branch first = arteries.get(0);
                Capsule mainBronchus = first.companion(0.95, 0.8);
                airwayWalls.add(new Capsule(carina, mainBronchus.a(), 8 * sx, mainBronchus.radiusA()));
                airwayLumens.add(new Capsule(carina, mainBronchus.a(), 6.5 * sx, lumen(mainBronchus.radiusA())));
                for (BronchovascularTree.Branch b : arteries) {
                    Capsule wall = b.companion(0.95, 0.8);
                    if (wall.radiusA() < 1.4) {
                        continue;
                    }
                    airwayWalls.add(wall);
                    airwayLumens.add(new Capsule(wall.a(), wall.b(), lumen(wall.radiusA()),
                            lumen(Math.max(wall.radiusB(), 1.0))));
                }
            }

            // Ribs, cartilage, sternum, clavicles, scapulae.
            List<Shape> ribs = new ArrayList<>();
            List<Shape> cartilage = new ArrayList<>();
            double apex = cavity.top();
            double ribSpacing = 24.5 * sz * r.gaussian(1, 0.03);
            for (int k = 0; k < 12; k++) {
                double zPost = apex - 8 * sz - k * ribSpacing;
                double drop = (32 + 3 * k) * sz;
                double thetaEnd = k == 0 ? 2.3 : k < 7 ? 2.5 : k < 10 ? 2.35 : k == 10 ? 1.9 : 1.5;
                for (Side side : Side.values()) {
                    ribs.addAll(ribArc(cavity, side, zPost, drop, 0.22, thetaEnd, 4.6));
                    if (k < 10) {
                        cartilage.addAll(ribArc(cavity, side, zPost, drop, thetaEnd, k < 7 ? 2.95 : 2.75, 3.8));
                    }
                }
            }
            double sternumY = cavityY - cavityB - 8 * sy;
            Shape sternum = DomedCylinder.flat(0, sternumY, 17 * sx, 6.5 * sy, apex - 150 * sz * 1.3, apex - 18 * sz);
            List<Shape> clavicles = new ArrayList<>();
            List<Shape> scapulae = new ArrayList<>();
            for (Side side : Side.values()) {
                int s = side.sign();
                clavicles.add(new Capsule(new Vec3(s * 24 * sx, sternumY - 4, apex - 14 * sz),
                        new Vec3(s * 140 * sx, -30 * sy, apex + 6 * sz), 7, 6));
                scapulae.add(new Ellipsoid(new Vec3(s * 100 * sx, 100 * sy, apex - 65 * sz),
                        Rotation.fromEulerDegrees(0, 0, -s * 38), new Vec3(52 * sx, 4.5, 72 * sz)));
            }

            // Upper abdomen under the domes.
            Ellipsoid stomachGas = Ellipsoid.aligned(new Vec3(62 * sx, -25 * sy, domeTopLeft - 30 * sz), v(28, 24, 14));

            Vec3 lungCentre = lungBounds.get(Side.RIGHT).union(lungBounds.get(Side.LEFT)).centre();
            HuModel lungHu = new HuModel.GravityGradient(h.lungHu(), 40 / cavityB, lungCentre, cavityB);
            double bone = h.boneHu();
            double soft = h.softTissueHu();
            List<Layer> layers = new ArrayList<>();
            layers.add(Layer.of("body-fat", body, h.fatHu()));
            layers.add(Layer.of("muscle", muscle, soft));
            layers.add(Layer.of("scapulae", scapulae, bone));
            layers.add(Layer.of("mediastinal-fat", cavity, Tissue.MEDIASTINAL_FAT_HU));
            layers.add(Layer.of("liver", Intersection.of(cavity, domeRight), Tissue.LIVER_HU));
            layers.add(Layer.of("upper-abdomen", Intersection.of(cavity, domeLeft), Tissue.UPPER_ABDOMEN_HU));
            layers.add(Layer.of("stomach-gas", Intersection.of(stomachGas, domeLeft), Tissue.AIR_HU));
            layers.add(Layer.of("heart", heart, soft));
            layers.add(Layer.of("great-vessels", greatVessels, soft));
            layers.add(Layer.of("oesophagus", new Capsule(new Vec3(8 * sx, 14 * sy, far),
                    new Vec3(14 * sx, 18 * sy, domeTopLeft - 20 * sz), 7.5), soft));
            layers.add(Layer.of("spine-discs", discs, Tissue.DISC_HU));
            layers.add(Layer.of("vertebral-bodies", vertebrae, bone));
            layers.add(Layer.of("vertebral-cancellous", cancellous, Tissue.CANCELLOUS_BONE_HU));
            layers.add(Layer.of("posterior-elements", posterior, bone));
            layers.add(Layer.of("spinal-canal", canal, Tissue.CANAL_HU));
            layers.add(Layer.of("airway-walls", airwayWalls.subList(0, 1), Tissue.AIRWAY_WALL_HU));
            layers.add(Layer.of("trachea", airwayLumens.subList(0, 1), Tissue.AIR_HU));
            for (Side side : Side.values()) {
                layers.add(new Layer("lung-" + side.jsonName(), List.of(lungs.get(side)), lungHu));
            }
            layers.add(Layer.of("pulmonary-vessels", vessels, soft));
            layers.add(Layer.of("bronchial-walls", airwayWalls.subList(1, airwayWalls.size()), Tissue.AIRWAY_WALL_HU));
            layers.add(Layer.of("bronchial-lumens", airwayLumens.subList(1, airwayLumens.size()), Tissue.AIR_HU));
            layers.add(Layer.of("costal-cartilage", cartilage, Tissue.CARTILAGE_HU));
            layers.add(Layer.of("ribs", ribs, bone));
            layers.add(Layer.of("sternum", sternum, Tissue.STERNUM_HU));
            layers.add(Layer.of("clavicles", clavicles, bone));
            double bodyA = 150 * sx + h.fatMm();
            return new ChestAnatomy(h, layers, lungs, lungBounds, lungVolumes, body, bodyPosterior,
                    new Vec3(0, (bodyY - bodyB + bodyPosterior) / 2, 0),
                    new Vec3(bodyA, (bodyPosterior - (bodyY - bodyB)) / 2, 0));
        }

        private static double lumen(double outerRadius) {
            return Math.max(0.4, outerRadius * 0.78 - 0.25);
        }

        private static double[] add(double[] a, double d) {
            double[] b = a.clone();
            for (int i = 0; i < b.length; i++) {
                b[i] += d;
            }
            return b;
        }

        private List<Capsule> chain(List<Vec3> points, double[] radii, double scale) {
            List<Capsule> out = new ArrayList<>();
            for (int i = 0; i + 1 < points.size(); i++) {
                out.add(new Capsule(points.get(i), points.get(i + 1), radii[i] * scale, radii[i + 1] * scale));
            }
            return out;
        }

        /**
         * A rib (or its cartilage) as a chain of tubes running around the cavity, from angle
         * theta0 to theta1 (0 at the back, pi at the front), dropping towards the front.
         */
        private List<Capsule> ribArc(DomedCylinder cavity, Side side, double zPost, double drop, double theta0,
                double theta1, double radius) {
            int steps = Math.max(2, (int) Math.ceil((theta1 - theta0) / 0.18));
            List<Capsule> out = new ArrayList<>();
            Vec3 prev = null;
            for (int i = 0; i <= steps; i++) {
                double t = theta0 + (theta1 - theta0) * i / steps;
                double z = zPost - drop * (1 - StrictMath.cos(t)) / 2;
                double a = Math.max(cavity.semiAxisXAt(z), 20 * sx) + 2 + radius;
                double b = Math.max(cavity.semiAxisYAt(z), 20 * sy) + 2 + radius;
                Vec3 p = new Vec3(side.sign() * a * StrictMath.sin(t), cavity.axisPoint(z).y() + b * StrictMath.cos(t),
                        z);
                if (prev != null) {
                    out.add(new Capsule(prev, p, radius));
                }
                prev = p;
            }
            return out;
        }

        private List<Vec3> territory(Shape lung, Box box, int count) {
            List<Vec3> points = new ArrayList<>(count);
            int guard = 0;
            while (points.size() < count) {
                Vec3 p = new Vec3(r.uniform(box.minX(), box.maxX()), r.uniform(box.minY(), box.maxY()),
                        r.uniform(box.minZ(), box.maxZ()));
                if (lung.signedDistance(p.x(), p.y(), p.z()) < -TREE_POINT_DEPTH_MM) {
                    points.add(p);
                }
                if (++guard > 200 * count) {
                    throw new IllegalStateException("lung too small to place vessel territory points");
                }
            }
            return points;
        }

        private static void measure(Shape lung, Side side, DomedCylinder cavity, Map<Side, Box> bounds,
                Map<Side, Double> volumes) {
            Box b = cavity.bounds();
            double x0 = side == Side.RIGHT ? b.minX() : 0;
            double x1 = side == Side.RIGHT ? 0 : b.maxX();
            double z0 = -200;
            double z1 = cavity.top();
            double s = MEASURE_STEP_MM;
            double minX = Double.POSITIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double minZ = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            double maxZ = Double.NEGATIVE_INFINITY;
            double volume = 0;
            for (double z = z0 + s / 2; z < z1; z += s) {
                for (double y = b.minY() + s / 2; y < b.maxY(); y += s) {
                    for (double x = x0 + s / 2; x < x1; x += s) {
                        double f = Shape.ramp(lung.signedDistance(x, y, z), s);
                        if (f > 0) {
                            volume += f;
                            if (f >= 0.5) {
                                minX = Math.min(minX, x);
                                minY = Math.min(minY, y);
                                minZ = Math.min(minZ, z);
                                maxX = Math.max(maxX, x);
                                maxY = Math.max(maxY, y);
                                maxZ = Math.max(maxZ, z);
                            }
                        }
                    }
                }
            }
            if (volume == 0) {
                throw new IllegalStateException("the " + side.jsonName() + " lung is empty; habitus out of range?");
            }
            bounds.put(side, new Box(minX, minY, minZ, maxX, maxY, maxZ).grow(s / 2));
            volumes.put(side, volume * s * s * s / 1000);
        }
    }
}
