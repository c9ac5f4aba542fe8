package org.dicomcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import org.junit.jupiter.api.Test;

class EngineSetupTest {

    @Test
    void startsPyTorchOfflineWithFixedThreads() throws Exception {
        Engine engine = EngineSetup.engine();
        assertEquals("PyTorch", engine.getEngineName());
        assertEquals("2.5.1", engine.getVersion());
        assertEquals("true", System.getProperty(EngineSetup.OFFLINE_PROPERTY));
        assertTrue(Utils.isOfflineMode(), "DJL itself reports offline mode");
        assertEquals(Integer.getInteger(EngineSetup.INTRA_OP_THREADS_PROPERTY), EngineSetup.intraOpThreads());
        assertEquals("1", System.getProperty(EngineSetup.INTER_OP_THREADS_PROPERTY));
        assertEquals("false", System.getProperty(EngineSetup.GRAPH_OPTIMIZER_PROPERTY));
        assertSame(engine, EngineSetup.engine());
    }

    @Test
    void defaultsToAtMostFourIntraOpThreads() {
        int expected = Math.min(4, Runtime.getRuntime().availableProcessors());
        assertEquals(expected, EngineSetup.defaultIntraOpThreads());
    }
}
