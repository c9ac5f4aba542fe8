package org.dicomcnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceChoiceTest {

    @ParameterizedTest
    @CsvSource({"auto, auto", "cpu, cpu", "gpu, gpu:0", "GPU:1, gpu:1", " gpu:12 , gpu:12"})
    void parsesDeviceOptions(String text, String canonical) {
        DeviceChoice c = DeviceChoice.parse(text);
        assertEquals(canonical, c.toString());
        assertEquals(c, DeviceChoice.parse(c.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tpu", "gpu:", "gpu:-1", "gpu:x", "cuda:0", "gpu:123456789"})
    void rejectsUnknownDeviceNamingTheValue(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse(text));
        assertEquals("device '" + text + "' is not one of auto, cpu, gpu, gpu:N", e.getMessage());
    }

    @Test
    void resolvesAutoAndCpuAgainstWhatDjlSees() throws Exception {
        Engine engine = EngineSetup.engine();
        Device auto = DeviceChoice.AUTO.resolve(engine);
        assertEquals(engine.getGpuCount() > 0 ? Device.gpu(0) : Device.cpu(), auto);
        assertEquals(Device.cpu(), DeviceChoice.CPU.resolve());
    }

    @Test
    void refusesGpuThatDjlDoesNotSee() throws Exception {
        Engine engine = EngineSetup.engine();
        int gpus = engine.getGpuCount();
        DeviceChoice beyond = DeviceChoice.parse("gpu:" + Math.max(1, gpus));
        InferenceException e = assertThrows(InferenceException.class, () -> beyond.resolve(engine));
        assertTrue(e.getMessage().startsWith("device gpu:" + Math.max(1, gpus) + " was requested, but DJL's PyTorch"
                + " engine 2.5.1 sees " + (gpus == 0 ? "no GPU" : gpus + " GPU(s)")), e.getMessage());
        assertTrue(e.getMessage().endsWith("; use --device cpu or auto"), e.getMessage());
        if (gpus == 0) {
            assertEquals("device gpu:1 was requested, but DJL's PyTorch engine 2.5.1 sees no GPU (its native library"
                    + " is the CPU-only build; the GPU build needs pytorch-native-cu124, see docs/model-bundles.md);"
                    + " use --device cpu or auto", e.getMessage());
        }
    }
}
