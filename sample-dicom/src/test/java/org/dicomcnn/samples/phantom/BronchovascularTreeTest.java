package org.dicomcnn.samples.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.samples.geometry.Vec3;
import org.junit.jupiter.api.Test;

class BronchovascularTreeTest {

    private static List<Vec3> cube(int n, PhantomRandom r) {
        List<Vec3> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new Vec3(r.uniform(20, 120), r.uniform(-50, 50), r.uniform(-50, 50)));
        }
        return points;
    }

    @Test
    void branchesAreConnectedAndThinOutTowardsTheirTerritory() {
        PhantomRandom r = PhantomRandom.forKey("tree-test");
        List<Vec3> territory = cube(300, r);
        List<BronchovascularTree.Branch> tree = BronchovascularTree.grow(Vec3.ZERO, 8, territory, r);
        assertEquals(Vec3.ZERO, tree.get(0).from());
        List<Vec3> ends = new ArrayList<>();
        ends.add(Vec3.ZERO);
        for (BronchovascularTree.Branch b : tree) {
            assertTrue(ends.contains(b.from()), "every branch starts where an earlier one ends");
            assertTrue(b.radiusTo() <= b.radiusFrom() && b.radiusTo() >= BronchovascularTree.MIN_RADIUS_MM);
            assertTrue(b.radiusFrom() <= 8);
            assertEquals(0, b.sideFrom().dot(b.sideFrom()) - 1, 1e-9);
            ends.add(b.to());
        }
        double thinnest = tree.stream().mapToDouble(BronchovascularTree.Branch::radiusTo).min().orElseThrow();
        assertTrue(thinnest < 1.2, "leaves should be about a millimetre wide, thinnest radius " + thinnest);
        assertTrue(tree.size() > 200, tree.size() + " branches for 300 territory points");
    }

    @Test
    void companionTubeRunsBesideItsBranchWithoutTouchingIt() {
        BronchovascularTree.Branch b = new BronchovascularTree.Branch(0, Vec3.ZERO, new Vec3(0, 0, 40), 4, 3,
                new Vec3(1, 0, 0), new Vec3(1, 0, 0));
        Capsule c = b.companion(0.9, 1);
        assertEquals(4 * 1.9 + 1, c.a().x(), 1e-12);
        assertTrue(b.tube().signedDistance(c.a().x() - c.radiusA(), 0, 0) > 0.9);
    }
}
