package org.dicomcnn.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.InstanceRef;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.volume.SeriesLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatasetBuilderTest {

    private static DicomIndex index;
    private static List<LabelledSeries> data;
    private static final List<long[]> PROGRESS = new ArrayList<>();

    @BeforeAll
    static void build() throws IOException {
        index = CommittedStudies.index();
        data = DatasetBuilder.build(index, new PhantomLabels(), "CT", new SeriesLoader(),
                (done, total, phase) -> {
                    assertEquals("labelling", phase);
                    synchronized (PROGRESS) {
                        PROGRESS.add(new long[] {done, total});
                    }
                });
    }

    private static PatientRef patientOf(LabelledSeries s) {
        return index.patients().stream()
                .filter(p -> p.studies().stream().anyMatch(st -> st.studyInstanceUid().equals(s.studyInstanceUid())))
                .findFirst().orElseThrow();
    }

    @Test
    void labelsEveryImageSeriesOnceInIndexOrder() {
        List<String> expected = index.allSeries().stream().filter(SeriesRef::isImageSeries)
                .map(SeriesRef::seriesInstanceUid).toList();
        assertEquals(6, expected.size(), "the committed samples hold 3 patients with 2 single-series studies each");
        assertEquals(expected, data.stream().map(s -> s.series().seriesInstanceUid()).toList());
        for (LabelledSeries s : data) {
            StudyRef study = index.patients().stream().flatMap(p -> p.studies().stream())
                    .filter(st -> st.series().contains(s.series())).findFirst().orElseThrow();
            assertEquals(study.studyInstanceUid(), s.studyInstanceUid());
            assertEquals(s.series().instances().size(), s.slices());
        }
        assertEquals(List.of(6L, 6L), List.of(PROGRESS.get(PROGRESS.size() - 1)[0], PROGRESS.get(PROGRESS.size() - 1)[1]));
        assertEquals(6, PROGRESS.size(), "one progress report per series");
    }

    @Test
    void patientKeyIsAShortHexDigestSharedByThePatientsSeriesOnly() throws NoSuchAlgorithmException {
        Map<PatientRef, Set<String>> keysByPatient = new HashMap<>();
        for (LabelledSeries s : data) {
            assertTrue(s.patientKey().matches("[0-9a-f]{16}"), "16 hex digits: " + s.patientKey());
            keysByPatient.computeIfAbsent(patientOf(s), p -> new java.util.HashSet<>()).add(s.patientKey());
        }
        assertEquals(3, keysByPatient.size());
        for (Map.Entry<PatientRef, Set<String>> e : keysByPatient.entrySet()) {
            PatientRef p = e.getKey();
            assertEquals(1, e.getValue().size(), "one key for all series of a patient");
            String key = e.getValue().iterator().next();
            assertFalse(p.patientId().isEmpty());
            assertFalse(key.contains(p.patientId()));
            assertFalse(p.patientId().contains(key));
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((p.patientId() + "\u0000" + p.patientName()).getBytes(StandardCharsets.UTF_8));
            assertEquals(HexFormat.of().formatHex(digest, 0, 8), key, "documented as SHA-256 of ID and name");
            assertEquals(key, DatasetBuilder.patientKey(p));
        }
        Set<String> distinct = keysByPatient.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        assertEquals(3, distinct.size(), "different patients, different keys");
    }

    @Test
    void patientKeyDependsOnIdAndName() {
        PatientRef p = new PatientRef("ID-1", "DOE^JANE", List.of());
        assertEquals(DatasetBuilder.patientKey(p), DatasetBuilder.patientKey(new PatientRef("ID-1", "DOE^JANE", List.of())));
        assertNotEquals(DatasetBuilder.patientKey(p), DatasetBuilder.patientKey(new PatientRef("ID-2", "DOE^JANE", List.of())));
        assertNotEquals(DatasetBuilder.patientKey(p), DatasetBuilder.patientKey(new PatientRef("ID-1", "DOE^JOHN", List.of())));
        // the separator keeps ("AB", "C") and ("A", "BC") apart
        assertNotEquals(DatasetBuilder.patientKey(new PatientRef("AB", "C", List.of())),
                DatasetBuilder.patientKey(new PatientRef("A", "BC", List.of())));
    }

    @Test
    void sopInstanceUidsFollowTheVolumeFromFeetToHead() throws IOException, DicomException {
        for (LabelledSeries s : data) {
            Map<String, InstanceRef> bySop = s.series().instances().stream()
                    .collect(Collectors.toMap(InstanceRef::sopInstanceUid, i -> i));
            assertEquals(bySop.keySet(), Set.copyOf(s.sopInstanceUids()), "every instance once");
            assertEquals(bySop.size(), s.sopInstanceUids().size());
            double previousZ = Double.NEGATIVE_INFINITY;
            int previousInstance = Integer.MAX_VALUE;
            for (String sop : s.sopInstanceUids()) {
                InstanceRef instance = bySop.get(sop);
                AttributeList header = new AttributeList();
                header.read(instance.path().toFile(), TagFromName.PixelData);
                double z = Attribute.getDoubleValues(header, TagFromName.ImagePositionPatient)[2];
                assertTrue(z > previousZ, "slices of " + s.series().seriesInstanceUid() + " ascend along z");
                // instance 1 is the most superior slice (sample-dicom/studies/README.md)
                assertTrue(instance.instanceNumber() < previousInstance);
                previousZ = z;
                previousInstance = instance.instanceNumber();
            }
        }
    }

    @Test
    void keepsOnlyTheRequestedModality() throws IOException {
        assertTrue(DatasetBuilder.build(index, new PhantomLabels(), "MR", new SeriesLoader(), ProgressListener.NONE)
                .isEmpty());
        assertEquals(data.size(), DatasetBuilder.build(index, new PhantomLabels(), "", new SeriesLoader(),
                ProgressListener.NONE).size(), "\"\" keeps every modality");
    }

    @Test
    void labelsMatchWhatTheSourceSaysForTheLoadedVolume() throws IOException {
        for (CommittedStudies.Loaded l : CommittedStudies.series()) {
            LabelledSeries s = data.stream()
                    .filter(d -> d.series().seriesInstanceUid().equals(l.series().seriesInstanceUid()))
                    .findFirst().orElseThrow();
            LabelSource.Labels expected = new PhantomLabels()
                    .label(l.study().studyInstanceUid(), l.series(), l.volume()).orElseThrow();
            for (int k = 0; k < s.slices(); k++) {
                assertEquals(List.of(expected.sliceLabels()[k][0], expected.sliceLabels()[k][1]),
                        List.of(s.sliceLabels()[k][0], s.sliceLabels()[k][1]));
                assertEquals(List.of(expected.known()[k][0], expected.known()[k][1]),
                        List.of(s.known()[k][0], s.known()[k][1]));
                assertEquals(l.volume().sources().get(k).sopInstanceUid(), s.sopInstanceUids().get(k));
            }
        }
    }
}
