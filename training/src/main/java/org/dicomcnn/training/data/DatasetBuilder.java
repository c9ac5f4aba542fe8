package org.dicomcnn.training.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Volume;
import org.dicomcnn.volume.SliceSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a labelled data set from an index and a label source: every image series of the
 * modality that the source labels is loaded once to label its slices (labels need the slices'
 * positions), then released.
 *
 * <pre>{@code
 * DicomIndex index = DicomIndex.scan(Path.of("/data/phantoms"), ProgressListener.NONE);
 * List<LabelledSeries> data = DatasetBuilder.build(index, new PhantomLabels(), "CT", new SeriesLoader(), progress);
 * }</pre>
 */
public final class DatasetBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetBuilder.class);

    private DatasetBuilder() {}

    /**
     * @param index the indexed folder
     * @param source the labels
     * @param modality only series of this modality ("" for any)
     * @param loader loads series
     * @param progress "labelling" progress per series
     * @return the labelled series, in index order
     * @throws IOException if a label file cannot be read
     */
    public static List<LabelledSeries> build(DicomIndex index, LabelSource source, String modality, SeriesLoader loader,
            ProgressListener progress) throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        for (PatientRef p : index.patients()) {
            String key = patientKey(p);
            for (StudyRef st : p.studies()) {
                for (SeriesRef se : st.series()) {
                    if (se.isImageSeries() && (modality.isEmpty() || modality.equalsIgnoreCase(se.modality()))) {
                        candidates.add(new Candidate(key, st.studyInstanceUid(), se));
                    }
                }
            }
        }
        List<LabelledSeries> out = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        int skipped = 0;
        for (Candidate c : candidates) {
            SeriesVolumes loaded = loader.load(c.series(), ProgressListener.NONE);
            Optional<Volume> volume = loaded.volumes().stream().max(Comparator.comparingInt(Volume::depth));
            if (volume.isPresent()) {
                Optional<LabelSource.Labels> labels = source.label(c.studyUid(), c.series(), volume.get());
                if (labels.isPresent()) {
                    LabelSource.Labels l = labels.get();
                    out.add(new LabelledSeries(c.patientKey(), c.studyUid(), c.series(), l.sliceLabels(), l.known(),
                            l.seriesLabels(), l.seriesKnown(), volume.get().sources().stream().map(SliceSource::sopInstanceUid).toList()));
                } else {
                    skipped++;
                }
            } else {
                skipped++;
            }
            progress.progress(done.incrementAndGet(), candidates.size(), "labelling");
        }
        LOG.info("labelled {} series of {} patients; {} series without labels or volume", out.size(),
                out.stream().map(LabelledSeries::patientKey).distinct().count(), skipped);
        return out;
    }

    private record Candidate(String patientKey, String studyUid, SeriesRef series) {}

    /**
     * A one-way key for a patient: the first 16 hex digits of SHA-256 of Patient ID and name.
     * Splits and bundles store this, never the identifiers.
     */
    public static String patientKey(PatientRef p) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(
                    (p.patientId() + "\u0000" + p.patientName()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
