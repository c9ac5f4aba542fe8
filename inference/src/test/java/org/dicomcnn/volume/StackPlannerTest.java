package org.dicomcnn.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.dicomcnn.dicom.FrameInfo;
import org.junit.jupiter.api.Test;

class StackPlannerTest {

    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};
    private static final double[] CORONAL = {1, 0, 0, 0, 0, -1};

    private static FrameEntry frame(int id, int instance, double z, double[] orientation, int size) {
        FrameInfo info = new FrameInfo(0, orientation == null ? null : new double[] {-100, -100, z}, orientation,
                new double[] {0.7, 0.7}, 1.0, 1, 0, List.of(), 0);
        return new FrameEntry(id, Path.of("IM" + id), "1.2.3." + id, instance, size, size, 1, info);
    }

    private static List<FrameEntry> stack(int n, double spacing) {
        List<FrameEntry> f = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            f.add(frame(i, i + 1, i * spacing, AXIAL, 64));
        }
        return f;
    }

    private static List<Double> zOf(StackPlanner.Stack s) {
        return s.frames().stream().map(f -> f.info().positionMm()[2]).toList();
    }

    @Test
    void sortsSlicesByPositionNotInstanceNumber() {
        List<FrameEntry> frames = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            frames.add(frame(i, 20 - i, i * 2.5, AXIAL, 64)); // instance numbers run backwards
        }
        Collections.shuffle(frames, new Random(3));
        StackPlanner.Plan plan = StackPlanner.plan(frames);
        assertEquals(1, plan.stacks().size());
        List<Double> z = zOf(plan.stacks().get(0));
        for (int k = 1; k < z.size(); k++) {
            assertTrue(z.get(k) > z.get(k - 1));
        }
        assertEquals(List.of(), plan.notes());
        assertEquals(2.5, plan.stacks().get(0).geometry().sliceSpacingMm(), 1e-12);
    }

    @Test
    void sortsAlongTheNormalForAnObliqueStack() {
        // Coronal: the normal is row x column = (1,0,0) x (0,0,-1) = (0,1,0); sort by y.
        List<FrameEntry> frames = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FrameInfo info = new FrameInfo(0, new double[] {0, 10.0 * (4 - i), 0}, CORONAL, new double[] {1, 1}, 1, 1, 0,
                    List.of(), 0);
            frames.add(new FrameEntry(i, Path.of("c" + i), "1." + i, i + 1, 32, 32, 1, info));
        }
        StackPlanner.Stack s = StackPlanner.plan(frames).stacks().get(0);
        assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 40.0), s.frames().stream().map(f -> f.info().positionMm()[1]).toList());
    }

    @Test
    void fallsBackToInstanceNumberWithoutGeometry() {
        List<FrameEntry> frames = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            frames.add(frame(i, 6 - i, 0, null, 64));
        }
        StackPlanner.Plan plan = StackPlanner.plan(frames);
        StackPlanner.Stack s = plan.stacks().get(0);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), s.frames().stream().map(FrameEntry::instanceNumber).toList());
        assertFalse(s.geometry().isFromPatientPositions());
        assertTrue(plan.notes().get(0).contains("ordered by Instance Number"), plan.notes().toString());
    }

    @Test
    void leavesOutFramesWithoutGeometryWhenOthersHaveIt() {
        List<FrameEntry> frames = stack(5, 2);
        frames.add(frame(99, 99, 0, null, 64));
        StackPlanner.Plan plan = StackPlanner.plan(frames);
        assertEquals(5, plan.stacks().get(0).frames().size());
        assertTrue(plan.notes().get(0).contains("IM99"), plan.notes().toString());
    }

    @Test
    void splitsMixedOrientations() {
        List<FrameEntry> frames = stack(10, 2);
        for (int i = 0; i < 4; i++) {
            FrameInfo info = new FrameInfo(0, new double[] {0, i * 3.0, 0}, CORONAL, new double[] {0.7, 0.7}, 1, 1, 0,
                    List.of(), 0);
            frames.add(new FrameEntry(100 + i, Path.of("IM" + (100 + i)), "1.9." + i, 100 + i, 64, 64, 1, info));
        }
        StackPlanner.Plan plan = StackPlanner.plan(frames);
        assertEquals(2, plan.stacks().size());
        assertEquals(10, plan.stacks().get(0).frames().size());
        assertEquals(4, plan.stacks().get(1).frames().size());
        assertTrue(plan.notes().get(0).startsWith("series mixes 2 orientations"), plan.notes().toString());
    }

    @Test
    void splitsMixedMatrixSizes() {
        List<FrameEntry> frames = stack(6, 2);
        frames.add(frame(50, 50, 100, AXIAL, 128));
        StackPlanner.Plan plan = StackPlanner.plan(frames);
        assertEquals(2, plan.stacks().size());
        assertEquals(128, plan.stacks().get(1).geometry().columns());
        assertTrue(plan.notes().get(0).contains("128x128 (1 frames"), plan.notes().toString());
    }

    @Test
    void keepsTheFirstOfIrregularDuplicatesAndNamesTheOthers() {
        List<FrameEntry> frames = stack(8, 2);
        frames.add(frame(77, 77, 6.0, AXIAL, 64)); // same position as instance 4
        StackPlanner.Plan plan = StackPlanner.plan(frames);
        assertEquals(1, plan.stacks().size());
        assertEquals(8, plan.stacks().get(0).frames().size());
        String note = plan.notes().get(0);
        assertTrue(note.contains("1 duplicate slice position") && note.contains("kept IM3") && note.contains("IM77"), note);
    }

    @Test
    void splitsRegularRepeatsIntoSeparateVolumes() {
        List<FrameEntry> frames = new ArrayList<>();
        for (int phase = 0; phase < 3; phase++) {
            for (int i = 0; i < 5; i++) {
                FrameInfo info = new FrameInfo(0, new double[] {0, 0, i * 2.0}, AXIAL, new double[] {1, 1}, 1, 1, 0,
                        List.of(), phase);
                frames.add(new FrameEntry(frames.size(), Path.of("p" + phase + "s" + i), "1." + frames.size(),
                        frames.size() + 1, 32, 32, 1, info));
            }
        }
        StackPlanner.Plan plan = StackPlanner.plan(frames);
        assertEquals(3, plan.stacks().size());
        for (int phase = 0; phase < 3; phase++) {
            StackPlanner.Stack s = plan.stacks().get(phase);
            assertEquals(5, s.frames().size());
            int p = s.frames().get(0).info().temporalIndex();
            assertTrue(s.frames().stream().allMatch(f -> f.info().temporalIndex() == p));
        }
        assertTrue(plan.notes().get(0).contains("occurs 3 times"), plan.notes().toString());
    }

    @Test
    void reportsGapsAndKeepsTruePositions() {
        List<FrameEntry> frames = stack(10, 2);
        frames.remove(4); // z = 8 missing
        StackPlanner.Plan plan = StackPlanner.plan(frames);
        StackPlanner.Stack s = plan.stacks().get(0);
        assertEquals(9, s.frames().size());
        assertTrue(plan.notes().get(0).contains("1 gap(s)") && plan.notes().get(0).contains("about 1 slice(s) missing"),
                plan.notes().toString());
        assertFalse(s.geometry().isUniform());
        assertEquals(10.0, s.geometry().voxelToPatient(0, 0, 4).z() + 100 - 100, 1e-9);
    }

    @Test
    void reportsNonUniformSpacing() {
        List<FrameEntry> frames = new ArrayList<>();
        double[] z = {0, 2, 4, 6.6, 8.6, 10.6};
        for (int i = 0; i < z.length; i++) {
            frames.add(frame(i, i + 1, z[i], AXIAL, 64));
        }
        StackPlanner.Plan plan = StackPlanner.plan(frames);
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("non-uniform slice spacing")), plan.notes().toString());
    }
}
