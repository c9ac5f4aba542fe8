package org.dicomcnn.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dicomcnn.pipeline.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DICOM files under a folder, grouped Patient &gt; Study &gt; Series, built by reading headers
 * only (no pixel decoding). Files that are not DICOM are counted and skipped; each DICOM file that
 * cannot be used is listed in {@link #problems()} with its path and the reason.
 *
 * <pre>{@code
 * DicomIndex index = DicomIndex.scan(Path.of("/data/studies"), ProgressListener.NONE);
 * for (PatientRef p : index.patients())
 *     for (StudyRef st : p.studies())
 *         for (SeriesRef se : st.series())
 *             choices.add(se.modality() + " " + se.description() + ": " + se.imageCount() + " images");
 * }</pre>
 *
 * @param root the folder scanned
 * @param patients patients in the order of their first study date
 * @param problems unusable DICOM files, in path order
 * @param filesScanned regular files looked at
 * @param nonDicomFiles files skipped because they are not DICOM
 * @param directoryFiles DICOMDIR files (media directories; the tree is scanned instead)
 */
public record DicomIndex(
        Path root,
        List<PatientRef> patients,
        List<FileProblem> problems,
        int filesScanned,
        int nonDicomFiles,
        int directoryFiles) {

    private static final Logger LOG = LoggerFactory.getLogger(DicomIndex.class);

    /** Copies the lists. */
    public DicomIndex {
        patients = List.copyOf(patients);
        problems = List.copyOf(problems);
    }

    /**
     * Scans {@code root} recursively using all processors.
     *
     * @param root a folder (or a single file)
     * @param progress receives "indexing" progress per file
     * @return the index
     * @throws IOException if the folder itself cannot be listed
     */
    public static DicomIndex scan(Path root, ProgressListener progress) throws IOException {
        return scan(root, Runtime.getRuntime().availableProcessors(), progress);
    }

    /**
     * Scans {@code root} recursively.
     *
     * @param root a folder (or a single file)
     * @param threads header-reading threads
     * @param progress receives "indexing" progress per file
     * @return the index
     * @throws IOException if the folder itself cannot be listed
     * @throws CancellationException if {@code progress} asks to stop
     */
    public static DicomIndex scan(Path root, int threads, ProgressListener progress) throws IOException {
        long start = System.nanoTime();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<Scanned> scanned = readHeaders(files, threads, progress);
        DicomIndex index = group(root, scanned);
        LOG.info("indexed {} files in {} ms: {} patients, {} series, {} problems, {} non-DICOM",
                files.size(), (System.nanoTime() - start) / 1_000_000, index.patients.size(),
                index.patients.stream().mapToLong(p -> p.studies().stream().mapToLong(s -> s.series().size()).sum()).sum(),
                index.problems.size(), index.nonDicomFiles);
        return index;
    }

    /** The series with this UID, if indexed. */
    public Optional<SeriesRef> series(String seriesInstanceUid) {
        return patients.stream().flatMap(p -> p.studies().stream()).flatMap(s -> s.series().stream())
                .filter(s -> s.seriesInstanceUid().equals(seriesInstanceUid)).findFirst();
    }

    /** Every series of every study of every patient, in index order. */
    public List<SeriesRef> allSeries() {
        return patients.stream().flatMap(p -> p.studies().stream()).flatMap(s -> s.series().stream()).toList();
    }

    /** The header facts of one file, or why it was not used. */
    private record Scanned(Path path, Grouping grouping, InstanceRef instance, FileProblem problem,
            boolean notDicom, boolean directory) {}

    /**
     * The attributes the index groups and describes by, copied out of the header so that the
     * parsed attribute lists of thousands of files are not held at once.
     */
    private record Grouping(String patientId, String patientName, String studyUid, String studyDate, String studyTime,
            String studyDescription, String accessionNumber, String seriesUid, int seriesNumber, String modality,
            String seriesDescription, String bodyPart, String seriesDate, String frameOfReferenceUid,
            String convolutionKernel, double sliceThicknessMm) {

        static Grouping of(AttributeList a) {
            return new Grouping(
                    Attribute.getSingleStringValueOrEmptyString(a, TagFromName.PatientID),
                    Attribute.getSingleStringValueOrEmptyString(a, TagFromName.PatientName),
                    Attribute.getSingleStringValueOrEmptyString(a, TagFromName.StudyInstanceUID),
                    Attribute.getSingleStringValueOrNull(a, TagFromName.StudyDate),
                    Attribute.getSingleStringValueOrNull(a, TagFromName.StudyTime),
                    Attribute.getSingleStringValueOrEmptyString(a, TagFromName.StudyDescription),
                    Attribute.getSingleStringValueOrEmptyString(a, TagFromName.AccessionNumber),
                    Attribute.getSingleStringValueOrEmptyString(a, TagFromName.SeriesInstanceUID),
                    Attribute.getSingleIntegerValueOrDefault(a, TagFromName.SeriesNumber, 0),
                    Attribute.getSingleStringValueOrEmptyString(a, TagFromName.Modality),
                    Attribute.getSingleStringValueOrEmptyString(a, TagFromName.SeriesDescription),
                    Attribute.getSingleStringValueOrEmptyString(a, TagFromName.BodyPartExamined),
                    Attribute.getSingleStringValueOrNull(a, TagFromName.SeriesDate),
                    Attribute.getSingleStringValueOrEmptyString(a, TagFromName.FrameOfReferenceUID),
                    Attribute.getDelimitedStringValuesOrEmptyString(a, TagFromName.ConvolutionKernel),
                    Attribute.getSingleDoubleValueOrDefault(a, TagFromName.SliceThickness, Double.NaN));
        }

        /** Leaves out the patient's name and ID and the accession number. */
        @Override
        public String toString() {
            return "Grouping[" + studyUid + ", " + seriesUid + "]";
        }
    }

    private static List<Scanned> readHeaders(List<Path> files, int threads, ProgressListener progress) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "dicom-index");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicLong done = new AtomicLong();
            List<Future<Scanned>> futures = new ArrayList<>(files.size());
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    if (progress.cancelled()) {
                        throw new CancellationException("indexing cancelled");
                    }
                    Scanned s = readOne(f);
                    progress.progress(done.incrementAndGet(), files.size(), "indexing");
                    return s;
                }));
            }
            List<Scanned> out = new ArrayList<>(files.size());
            for (Future<Scanned> fu : futures) {
                out.add(fu.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException c) {
                throw c;
            }
            throw new IOException("indexing failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("indexing interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    private static Scanned readOne(Path path) {
        try {
            DicomFile f = DicomFileReader.read(path);
            AttributeList list = f.attributes();
            String sopClass = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID);
            if (sopClass.isEmpty()) { // a DICOMDIR names its SOP class only in the meta information
                sopClass = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.MediaStorageSOPClassUID);
            }
            if (SOPClass.MediaStorageDirectoryStorage.equals(sopClass)) {
                return new Scanned(path, null, null, null, false, true);
            }
            int frames = 0;
            int rows = 0;
            int columns = 0;
            if (f.pixelData() != null) {
                PixelModule pm = ImageDescription.of(f).pixels(); // validates sizes against the file
                frames = pm.numberOfFrames();
                rows = pm.rows();
                columns = pm.columns();
            }
            String sopInstance = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID);
            Grouping g = Grouping.of(list);
            if (sopInstance.isEmpty()) {
                return problem(path, "lacks SOP Instance UID (0008,0018)");
            }
            if (g.studyUid().isEmpty()) {
                return problem(path, "lacks Study Instance UID (0020,000D); cannot group it");
            }
            if (g.seriesUid().isEmpty()) {
                return problem(path, "lacks Series Instance UID (0020,000E); cannot group it");
            }
            InstanceRef ref = new InstanceRef(path, sopInstance, sopClass, f.transferSyntaxUid(),
                    Attribute.getSingleIntegerValueOrDefault(list, TagFromName.InstanceNumber, 0), frames, rows, columns);
            return new Scanned(path, g, ref, null, false, false);
        } catch (NotDicomException e) {
            return new Scanned(path, null, null, null, true, false);
        } catch (DicomLoadException e) {
            return new Scanned(path, null, null, FileProblem.of(e), false, false);
        }
    }

    private static Scanned problem(Path path, String reason) {
        return new Scanned(path, null, null, new FileProblem(path, reason), false, false);
    }

    /** Groups file headers into patients, studies and series; reports duplicate SOP instances. */
    private static DicomIndex group(Path root, List<Scanned> scanned) {
        List<FileProblem> problems = new ArrayList<>();
        int nonDicom = 0;
        int directories = 0;
        Map<String, Path> seenInstances = new HashMap<>();
        Map<String, PatientBuilder> patients = new LinkedHashMap<>();
        for (Scanned s : scanned) {
            if (s.notDicom()) {
                nonDicom++;
                continue;
            }
            if (s.directory()) {
                directories++;
                continue;
            }
            if (s.problem() != null) {
                problems.add(s.problem());
                continue;
            }
            Path first = seenInstances.putIfAbsent(s.instance().sopInstanceUid(), s.path());
            if (first != null) {
                problems.add(new FileProblem(s.path(), "duplicate SOP Instance UID " + s.instance().sopInstanceUid()
                        + ", already read from " + first + "; ignored"));
                continue;
            }
            Grouping g = s.grouping();
            String key = g.patientId().isEmpty() ? "name:" + g.patientName() : "id:" + g.patientId();
            patients.computeIfAbsent(key, k -> new PatientBuilder(g.patientId(), g.patientName())).add(g, s.instance());
        }
        List<PatientRef> built = patients.values().stream().map(PatientBuilder::build)
                .sorted(Comparator.comparing(DicomIndex::firstStudyKey)).toList();
        return new DicomIndex(root, built, problems, scanned.size(), nonDicom, directories);
    }

    private static String firstStudyKey(PatientRef p) {
        return p.studies().isEmpty() ? "" : p.studies().get(0).dateTime().map(Object::toString).orElse("~");
    }

    private static final class PatientBuilder {
        private final String id;
        private final String name;
        private final Map<String, StudyBuilder> studies = new LinkedHashMap<>();

        PatientBuilder(String id, String name) {
            this.id = id;
            this.name = name;
        }

        void add(Grouping g, InstanceRef instance) {
            studies.computeIfAbsent(g.studyUid(), u -> new StudyBuilder(g)).add(g, instance);
        }

        PatientRef build() {
            List<StudyRef> built = studies.values().stream().map(StudyBuilder::build)
                    .sorted(Comparator.comparing((StudyRef s) -> s.dateTime().map(Object::toString).orElse("~"))
                            .thenComparing(StudyRef::studyInstanceUid))
                    .toList();
            return new PatientRef(id, name, built);
        }
    }

    private static final class StudyBuilder {
        private final Grouping first;
        private final Map<String, SeriesBuilder> series = new LinkedHashMap<>();

        StudyBuilder(Grouping first) {
            this.first = first;
        }

        void add(Grouping g, InstanceRef instance) {
            series.computeIfAbsent(g.seriesUid(), u -> new SeriesBuilder(g)).instances.add(instance);
        }

        StudyRef build() {
            List<SeriesRef> built = series.values().stream().map(SeriesBuilder::build)
                    .sorted(Comparator.comparingInt(SeriesRef::seriesNumber).thenComparing(SeriesRef::seriesInstanceUid))
                    .toList();
            return new StudyRef(first.studyUid(), DicomValues.date(first.studyDate()), DicomValues.time(first.studyTime()),
                    first.studyDescription(), first.accessionNumber(), built);
        }
    }

    private static final class SeriesBuilder {
        private final Grouping first;
        private final List<InstanceRef> instances = new ArrayList<>();

        SeriesBuilder(Grouping first) {
            this.first = first;
        }

        SeriesRef build() {
            return new SeriesRef(first.seriesUid(), first.seriesNumber(), first.modality(), first.seriesDescription(),
                    first.bodyPart(), DicomValues.date(first.seriesDate()), first.frameOfReferenceUid(),
                    first.convolutionKernel(), first.sliceThicknessMm(), instances);
        }
    }
}
