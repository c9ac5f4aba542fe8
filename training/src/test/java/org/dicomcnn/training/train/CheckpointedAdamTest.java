package org.dicomcnn.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.model.EngineSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CheckpointedAdam} against DJL's own {@code Adam}: the same updates bit for bit, and a
 * run saved after some steps and restored into a new optimiser (new parameter ids, as in a new
 * process) goes on exactly as the uninterrupted one.
 */
class CheckpointedAdamTest {

    private static final int STEPS = 6;
    private static final Tracker RATE = update -> 0.01f / (1 + update / 2);

    @Test
    void updatesAsDjlsAdamAndResumesExactly(@TempDir Path dir) throws Exception {
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            List<NDArray> grads = new ArrayList<>();
            for (int s = 0; s < STEPS; s++) {
                grads.add(manager.randomNormal(0, 1, new Shape(3, 4), DataType.FLOAT32));
            }
            NDArray start = manager.randomNormal(0, 1, new Shape(3, 4), DataType.FLOAT32);

            Block djlBlock = linear(manager);
            Parameter djlWeight = weight(djlBlock);
            djlWeight.getArray().set(start.toFloatArray());
            Optimizer djl = Optimizer.adam().optLearningRateTracker(RATE).optWeightDecays(1e-3f).build();
            for (int s = 0; s < STEPS; s++) {
                djl.update(djlWeight.getId(), djlWeight.getArray(), grads.get(s));
            }

            Block ours = linear(manager);
            Parameter ourWeight = weight(ours);
            ourWeight.getArray().set(start.toFloatArray());
            CheckpointedAdam first = CheckpointedAdam.builder().optLearningRateTracker(RATE).optWeightDecays(1e-3f)
                    .build().naming(ours);
            for (int s = 0; s < STEPS / 2; s++) {
                first.update(ourWeight.getId(), ourWeight.getArray(), grads.get(s));
            }
            Path file = dir.resolve("adam.ndlist");
            first.save(file);

            // a new network (new parameter ids) with the weights so far, as a resumed process builds it
            Block resumed = linear(manager);
            Parameter resumedWeight = weight(resumed);
            resumedWeight.getArray().set(ourWeight.getArray().toFloatArray());
            CheckpointedAdam second = CheckpointedAdam.builder().optLearningRateTracker(RATE).optWeightDecays(1e-3f)
                    .optBeginNumUpdate(STEPS / 2).build().naming(resumed);
            assertEquals(1, second.restore(file, manager), "one parameter's moments");
            for (int s = STEPS / 2; s < STEPS; s++) {
                second.update(resumedWeight.getId(), resumedWeight.getArray(), grads.get(s));
            }
            assertArrayEquals(djlWeight.getArray().toFloatArray(), resumedWeight.getArray().toFloatArray(), 0f);
        }
    }

    private static Block linear(NDManager manager) {
        Block b = Linear.builder().setUnits(3).optBias(false).build();
        b.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        return b;
    }

    private static Parameter weight(Block b) {
        Pair<String, Parameter> p = b.getParameters().get(0);
        return p.getValue();
    }
}
