package org.dicomcnn.volume;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.dicomcnn.dicom.DicomFile;
import org.dicomcnn.dicom.DicomFileReader;
import org.dicomcnn.dicom.DicomLoadException;
import org.dicomcnn.dicom.FileProblem;
import org.dicomcnn.dicom.FrameInfo;
import org.dicomcnn.dicom.FrameReader;
import org.dicomcnn.dicom.ImageDescription;
import org.dicomcnn.dicom.InstanceRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.WindowPreset;
import org.dicomcnn.pipeline.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a series into volumes: reads the headers, decodes every frame in parallel straight into
 * its final slice array, then orders and checks the slices with {@link StackPlanner}. A file
 * that fails is reported in {@link SeriesVolumes#problems()} and the rest still loads.
 *
 * <pre>{@code
 * SeriesVolumes loaded = new SeriesLoader().load(series, ProgressListener.NONE);
 * Volume ct = loaded.volumes().get(0);
 * }</pre>
 *
 * <p>Memory: the only allocation proportional to the series is the slice arrays themselves (the
 * float voxel data); each worker reuses one frame buffer, and headers are dropped once a frame is
 * decoded.
 */
public final class SeriesLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesLoader.class);

    private final int threads;

    /** A loader using all processors. */
    public SeriesLoader() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param threads decoding threads, at least 1 */
    public SeriesLoader(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.threads = threads;
    }

    /** A file's parsed header, kept only while its frames are decoded. */
    private record Header(InstanceRef instance, DicomFile file, ImageDescription description) {}

    /**
     * Loads one series.
     *
     * @param series the series, from a {@link org.dicomcnn.dicom.DicomIndex}
     * @param progress receives "reading headers" and "decoding" progress
     * @return its volumes, problems and notes
     * @throws CancellationException if {@code progress} asks to stop; nothing is returned then
     */
    public SeriesVolumes load(SeriesRef series, ProgressListener progress) {
        long start = System.nanoTime();
        List<InstanceRef> images = series.instances().stream().filter(InstanceRef::isImage).toList();
        List<FileProblem> problems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dicom-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Header> headers = readHeaders(images, pool, problems, progress);
            List<FrameEntry> entries = new ArrayList<>();
            Map<Integer, Header> headerOf = new HashMap<>();
            for (Header h : headers) {
                for (FrameInfo fi : h.description().frames()) {
                    FrameEntry e = new FrameEntry(entries.size(), h.file().path(), h.instance().sopInstanceUid(),
                            h.instance().instanceNumber(), h.description().pixels().columns(),
                            h.description().pixels().rows(), h.description().pixels().outputChannels(), fi);
                    entries.add(e);
                    headerOf.put(e.id(), h);
                }
            }
            Map<Integer, float[]> pixels = decode(entries, headerOf, pool, problems, progress);
            List<FrameEntry> decoded = entries.stream().filter(e -> pixels.containsKey(e.id())).toList();
            if (decoded.isEmpty()) {
                return new SeriesVolumes(series, List.of(), sorted(problems), List.of("no frame of the series could be decoded"));
            }
            StackPlanner.Plan plan = StackPlanner.plan(decoded);
            List<Volume> volumes = new ArrayList<>();
            for (StackPlanner.Stack stack : plan.stacks()) {
                volumes.add(assemble(series, stack, pixels, headerOf));
            }
            LOG.info("loaded series {}: {} volume(s) {} from {} frames in {} ms, {} problem(s)",
                    series.seriesInstanceUid(), volumes.size(), volumes.isEmpty() ? "" : volumes.get(0).geometry(),
                    decoded.size(), (System.nanoTime() - start) / 1_000_000, problems.size());
            return new SeriesVolumes(series, volumes, sorted(problems), plan.notes());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Header> readHeaders(List<InstanceRef> images, ExecutorService pool, List<FileProblem> problems,
            ProgressListener progress) {
        AtomicLong done = new AtomicLong();
        List<Future<Header>> futures = new ArrayList<>();
        for (InstanceRef ref : images) {
            futures.add(pool.submit(() -> {
                checkCancelled(progress);
                try {
                    DicomFile f = DicomFileReader.read(ref.path());
                    return new Header(ref, f, ImageDescription.of(f));
                } catch (DicomLoadException e) {
                    problems.add(FileProblem.of(e));
                    return null;
                } finally {
                    progress.progress(done.incrementAndGet(), images.size(), "reading headers");
                }
            }));
        }
        List<Header> headers = new ArrayList<>();
        for (Future<Header> f : futures) {
            Header h = await(f);
            if (h != null) {
                headers.add(h);
            }
        }
        return headers;
    }

    private static Map<Integer, float[]> decode(List<FrameEntry> entries, Map<Integer, Header> headerOf,
            ExecutorService pool, List<FileProblem> problems, ProgressListener progress) {
        AtomicLong done = new AtomicLong();
        List<Future<float[]>> futures = new ArrayList<>(entries.size());
        for (FrameEntry e : entries) {
            Header h = headerOf.get(e.id());
            futures.add(pool.submit(() -> {
                checkCancelled(progress);
                try {
                    return FrameReader.read(h.file(), h.description(), e.info().index());
                } catch (DicomLoadException ex) {
                    problems.add(FileProblem.of(ex));
                    return null;
                } finally {
                    progress.progress(done.incrementAndGet(), entries.size(), "decoding");
                }
            }));
        }
        Map<Integer, float[]> pixels = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            float[] p = await(futures.get(i));
            if (p != null) {
                pixels.put(entries.get(i).id(), p);
            }
        }
        return pixels;
    }

    private static Volume assemble(SeriesRef series, StackPlanner.Stack stack, Map<Integer, float[]> pixels,
            Map<Integer, Header> headerOf) {
        List<FrameEntry> frames = stack.frames();
        float[][] slices = new float[frames.size()][];
        List<SliceSource> sources = new ArrayList<>(frames.size());
        for (int k = 0; k < frames.size(); k++) {
            FrameEntry e = frames.get(k);
            slices[k] = pixels.get(e.id());
            sources.add(new SliceSource(e.file(), e.sopInstanceUid(), e.info().index()));
        }
        FrameEntry first = frames.get(0);
        ImageDescription d = headerOf.get(first.id()).description();
        List<WindowPreset> windows = first.info().windows();
        if ("MONOCHROME1".equals(d.pixels().photometric())) {
            // Voxels were reflected so that brighter is larger; reflect the window centres with them.
            double sum = d.pixels().monochrome1Reflection(first.info().rescaleSlope(), first.info().rescaleIntercept());
            windows = windows.stream().map(w -> new WindowPreset(sum - w.centre(), w.width(), w.explanation())).toList();
        }
        String unit = d.pixels().isMonochrome() ? d.rescaleType() : "";
        VolumeInfo info = new VolumeInfo(series.seriesInstanceUid(), series.frameOfReferenceUid(), d.modality(), unit,
                windows, d.pixels().photometric());
        return new Volume(stack.geometry(), first.channels(), slices, sources, info);
    }

    private static void checkCancelled(ProgressListener progress) {
        if (progress.cancelled()) {
            throw new CancellationException("loading cancelled");
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException c) {
                throw c;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("loading interrupted");
        }
    }

    private static List<FileProblem> sorted(List<FileProblem> problems) {
        List<FileProblem> s = new ArrayList<>(problems);
        s.sort(Comparator.comparing((FileProblem p) -> p.file().toString()).thenComparing(FileProblem::reason));
        return s;
    }
}
