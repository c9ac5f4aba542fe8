package org.dicomcnn.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.junit.jupiter.api.Test;

class RegionProposerTest {

    @Test
    void proposesTheNoduleWithItsSizeButNotAVessel() {
        Volume v = new SyntheticChest(96, 21).nodule(30, 45, 20, 5, 40).vessel(62, 40, 1.5).build();
        List<RegionProposer.Proposal> proposals = RegionProposer.nodules(v, 50);
        RegionProposer.Proposal nodule = proposals.stream()
                .filter(p -> p.region().centroidMm().distance(new Vec3(30, 45, 20)) < 2).findFirst()
                .orElseThrow(() -> new AssertionError("nodule not proposed: " + proposals.size() + " proposals"));
        assertEquals(10, nodule.region().equivalentDiameterMm(), 1.5);
        assertTrue(proposals.stream().noneMatch(p -> Math.abs(p.region().centroidMm().x() - 62) < 3),
                "a vessel is a tube, not a blob: " + proposals.size() + " proposals");
        assertTrue(proposals.stream().noneMatch(p -> p.region().equivalentDiameterMm() > 35));
    }

    @Test
    void proposesNothingInNormalLungWithoutDenseStructures() {
        Volume v = new SyntheticChest(96, 9).build();
        assertEquals(List.of(), RegionProposer.nodules(v, 50));
    }
}
