package org.dicomcnn.samples.testing;

import java.nio.file.Path;
import org.dicomcnn.samples.cohort.CommittedSamples;
import org.dicomcnn.samples.cohort.GeneratorOptions;
import org.dicomcnn.samples.cohort.PatientPhantom;
import org.dicomcnn.samples.cohort.Preset;

/** Where the committed samples are, and their in-memory phantoms. */
public final class TestData {

    /** System property naming the committed samples folder (default: {@code studies} in the module). */
    public static final String SAMPLES_PROPERTY = "dicomcnn.samples.dir";

    private TestData() {}

    /** @return the committed samples folder */
    public static Path committedSamples() {
        Path dir = Path.of(System.getProperty(SAMPLES_PROPERTY, "studies"));
        try {
            return dir.toRealPath(); // walks do not follow a symbolic link at their root
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no committed samples at " + dir.toAbsolutePath()
                    + "; generate them with bin/generate-samples --preset committed-samples --out sample-dicom/studies",
                    e);
        }
    }

    /**
     * @param key a committed patient's key
     * @return its phantom, planned as the generator plans it
     */
    public static PatientPhantom committedPhantom(String key) {
        GeneratorOptions o = GeneratorOptions.builder(Path.of("unused")).optPreset(Preset.COMMITTED_SAMPLES).build();
        return CommittedSamples.plan(o).stream().filter(p -> p.plan().key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no committed patient " + key));
    }
}
