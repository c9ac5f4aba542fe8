package org.dicomcnn.model;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model bundle: a folder holding {@value Manifest#FILE_NAME} and the weights files it names (the
 * main model's and any candidate stage's), or a {@code .zip} of the same files (at the zip's root
 * or inside one top-level folder).
 *
 * <p>{@link #load(Path)} accepts a bundle only when the manifest is valid, every weights file
 * exists and its SHA-256 equals the manifest's; whether the weights fit the architecture is checked when
 * {@link ModelRuntime#open} loads them. A zip is unpacked into a temporary folder removed when the
 * JVM exits.
 *
 * <pre>{@code
 * ModelBundle bundle = ModelBundle.load(Path.of("models/chest-ct-nodule"));
 * try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.AUTO)) { ... }
 * }</pre>
 */
public final class ModelBundle {

    /**
     * Largest manifest accepted: a manifest is a few kilobytes, so anything near this size is not
     * one, and reading it whole into memory must stay cheap.
     */
    static final int MAX_MANIFEST_BYTES = 1 << 20;

    /**
     * Largest weights entry unpacked from a zip. The largest networks built here (VGG-16's
     * convolutions, ResNet-50) need about 100 MB; a TorchScript model of a few GB is conceivable,
     * but a zip entry that claims more than this is damaged or hostile, and unpacking it would fill
     * the temporary folder.
     */
    static final long MAX_WEIGHTS_BYTES = 8L << 30;

    private static final Logger LOG = LoggerFactory.getLogger(ModelBundle.class);
    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private final Manifest manifest;
    private final Path directory;
    private final Path weightsFile;
    private final Path source;

    private ModelBundle(Manifest manifest, Path directory, Path weightsFile, Path source) {
        this.manifest = manifest;
        this.directory = directory;
        this.weightsFile = weightsFile;
        this.source = source;
    }

    /**
     * Loads and checks a bundle.
     *
     * @param path a bundle folder, its {@code manifest.json}, or a {@code .zip} of the bundle
     * @return the checked bundle
     * @throws BundleException naming the bundle and what is wrong: missing manifest, invalid JSON,
     *     a field that breaks the format's rules, a missing weights file, or a SHA-256 mismatch
     */
    public static ModelBundle load(Path path) throws BundleException {
        Path p = path.toAbsolutePath().normalize();
        if (Files.isDirectory(p)) {
            return loadFolder(p, p);
        }
        if (Files.isRegularFile(p) && p.getFileName().toString().equals(Manifest.FILE_NAME)) {
            return loadFolder(p.getParent(), p.getParent());
        }
        if (Files.isRegularFile(p)) {
            return loadZip(p);
        }
        throw new BundleException("model bundle " + p + " does not exist; expected a folder with "
                + Manifest.FILE_NAME + " and the weights, or a .zip of them");
    }

    /**
     * Writes a bundle folder: copies the weights under the manifest's file name, computes their
     * SHA-256, writes the manifest with that hash (whatever hash the given manifest held) and loads
     * the result back as a check.
     *
     * @param dir the bundle folder, created when absent; an existing manifest and weights file of the
     *     same names are replaced
     * @param manifest the manifest; its {@code weights.sha256} may be null
     * @param weightsSource the weights file to copy (a DJL {@code .params} file or a TorchScript file)
     * @return the written bundle
     * @throws IOException when a file cannot be read or written
     */
    public static ModelBundle write(Path dir, Manifest manifest, Path weightsSource) throws IOException {
        return write(dir, manifest, weightsSource, Map.of());
    }

    /**
     * Writes a bundle folder with candidate stages: as {@link #write(Path, Manifest, Path)}, and
     * each stage's weights (its model's, then its ensemble members') are copied under the file
     * names its manifest entry gives, with their SHA-256 filled in.
     *
     * @param dir the bundle folder
     * @param manifest the manifest with its candidate stages
     * @param weightsSource the main model's weights
     * @param stageWeights per class name of {@code manifest.candidateStages()}, the stage's weights
     *     files in the order of {@link Manifest.CandidateStage#allWeights()}
     * @return the written bundle
     * @throws IOException when a file cannot be read or written
     * @throws IllegalArgumentException when a stage has no weights, or not one file per entry, given
     */
    public static ModelBundle write(Path dir, Manifest manifest, Path weightsSource,
            Map<String, List<Path>> stageWeights) throws IOException {
        Path folder = dir.toAbsolutePath().normalize();
        Files.createDirectories(folder);
        Map<String, Manifest.CandidateStage> stages = new LinkedHashMap<>();
        for (Map.Entry<String, Manifest.CandidateStage> e : manifest.candidateStages().entrySet()) {
            List<Manifest.Weights> entries = e.getValue().allWeights();
            List<Path> sources = stageWeights.getOrDefault(e.getKey(), List.of());
            if (sources.size() != entries.size()) {
                throw new IllegalArgumentException(sources.size() + " weights files given for the " + e.getKey()
                        + " candidate stage, which has " + entries.size());
            }
            List<Manifest.Weights> hashed = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                hashed.add(entries.get(i).withSha256(copyHashed(folder, entries.get(i).file(), sources.get(i))));
            }
            stages.put(e.getKey(), e.getValue().withWeights(hashed));
        }
        String sha = copyHashed(folder, manifest.weights().file(), weightsSource);
        Manifest hashed = manifest.withWeights(manifest.weights().withSha256(sha)).withCandidateStages(stages);
        hashed.write(folder.resolve(Manifest.FILE_NAME));
        LOG.info("model bundle {} written: {} {} ({}), weights {} SHA-256 {}{}", folder, hashed.name(), hashed.version(),
                hashed.architecture().label(), hashed.weights().file(), sha,
                stages.isEmpty() ? "" : ", candidate stages for " + stages.keySet());
        return load(folder);
    }

    /** Copies a weights file into the bundle folder under its name and returns its SHA-256. */
    private static String copyHashed(Path folder, String name, Path source) throws IOException {
        Path target = folder.resolve(name);
        if (Files.exists(target) && Files.isSameFile(target, source)) {
            return sha256(target);
        }
        Path tmp = Files.createTempFile(folder, ".weights", ".tmp");
        try {
            MessageDigest digest = newDigest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            moveReplacing(tmp, target);
            return HexFormat.of().formatHex(digest.digest());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Every model of a class's candidate stage as a bundle of its own: the stage's model, then one
     * per ensemble member ({@link Manifest.CandidateStage#members}: the same manifest with the
     * member's weights).
     *
     * @param className a class with a candidate stage
     * @return the stage's bundles, its model first
     * @throws IllegalArgumentException when the class has no stage
     */
    public List<ModelBundle> stageModels(String className) {
        Manifest.CandidateStage s = manifest.candidateStages().get(className);
        if (s == null) {
            throw new IllegalArgumentException(this + " has no candidate stage for class " + className);
        }
        List<ModelBundle> out = new ArrayList<>();
        for (Manifest.Weights w : s.allWeights()) {
            out.add(new ModelBundle(s.model().withWeights(w), directory, directory.resolve(w.file()), source));
        }
        return out;
    }

    /**
     * Writes this bundle as a single zip: {@code manifest.json} and the weights at the root, with
     * fixed timestamps, so the same bundle always gives the same bytes.
     *
     * @param zipFile the zip to write (replaced when it exists)
     * @throws IOException when it cannot be written
     */
    public void writeZip(Path zipFile) throws IOException {
        Path target = zipFile.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".bundle", ".tmp");
        try {
            try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                putEntry(zip, Manifest.FILE_NAME, directory.resolve(Manifest.FILE_NAME));
                for (Manifest.Weights w : manifest.allWeights()) {
                    putEntry(zip, w.file(), directory.resolve(w.file()));
                }
            }
            moveReplacing(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The checked manifest.
     *
     * @return the manifest
     */
    public Manifest manifest() {
        return manifest;
    }

    /**
     * The weights file, whose SHA-256 matched the manifest's when the bundle was loaded.
     *
     * @return an absolute path inside {@link #directory()}
     */
    public Path weightsFile() {
        return weightsFile;
    }

    /**
     * The folder holding the manifest and the weights; for a zip, the temporary folder it was
     * unpacked into.
     *
     * @return an absolute path
     */
    public Path directory() {
        return directory;
    }

    /**
     * Where the bundle was loaded from: the folder or the zip file.
     *
     * @return an absolute path
     */
    public Path source() {
        return source;
    }

    /**
     * The SHA-256 of a file.
     *
     * @param file the file
     * @return 64 lower-case hex digits
     * @throws IOException when it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "model bundle " + source + " (" + manifest.name() + " " + manifest.version() + ", "
                + manifest.architecture().label() + ")";
    }

    private static ModelBundle loadFolder(Path folder, Path source) throws BundleException {
        String where = "model bundle " + source;
        Path manifestFile = folder.resolve(Manifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new BundleException(where + ": " + Manifest.FILE_NAME + " is missing; expected a folder with "
                    + Manifest.FILE_NAME + " and the weights, or a .zip of them");
        }
        byte[] json;
        try {
            long size = Files.size(manifestFile);
            if (size > MAX_MANIFEST_BYTES) {
                throw new BundleException(where + ": " + Manifest.FILE_NAME + " is " + size + " bytes; a manifest is at"
                        + " most " + MAX_MANIFEST_BYTES + " bytes");
            }
            json = Files.readAllBytes(manifestFile);
        } catch (BundleException e) {
            throw e;
        } catch (IOException e) {
            throw new BundleException(where + ": " + Manifest.FILE_NAME + " cannot be read: " + e.getMessage(), e);
        }
        Manifest manifest = Manifest.parse(new ByteArrayInputStream(json), where + ": " + Manifest.FILE_NAME);
        for (Manifest.Weights w : manifest.allWeights()) {
            verify(where, folder, w);
        }
        LOG.debug("{}: {} {} ({}), {} classes, weights {} verified", where, manifest.name(), manifest.version(),
                manifest.architecture().label(), manifest.classes().size(), manifest.weights().file());
        return new ModelBundle(manifest, folder, folder.resolve(manifest.weights().file()), source);
    }

    /** Checks that a weights file exists and has the SHA-256 its manifest entry names. */
    private static void verify(String where, Path folder, Manifest.Weights w) throws BundleException {
        if (w.sha256() == null) {
            throw new BundleException(where + ": " + Manifest.FILE_NAME + ": weights.sha256 is missing (" + w.file()
                    + "); every bundle names the SHA-256 of its weights (ModelBundle.write fills it in)");
        }
        Path weights = folder.resolve(w.file());
        if (!Files.isRegularFile(weights)) {
            throw new BundleException(where + ": weights file " + w.file() + " named by the manifest is missing");
        }
        String actual;
        try {
            actual = sha256(weights);
        } catch (IOException e) {
            throw new BundleException(where + ": weights " + w.file() + " cannot be read: " + e.getMessage(), e);
        }
        if (!actual.equals(w.sha256())) {
            throw new BundleException(where + ": weights " + w.file() + " has SHA-256 " + actual + ", manifest says "
                    + w.sha256() + "; the bundle is damaged or was edited");
        }
    }

    private static ModelBundle loadZip(Path zipPath) throws BundleException {
        String where = "model bundle " + zipPath;
        try (ZipFile zip = new ZipFile(zipPath.toFile())) {
            String prefix = findManifestPrefix(zip, where);
            ZipEntry manifestEntry = zip.getEntry(prefix + Manifest.FILE_NAME);
            if (manifestEntry.getSize() > MAX_MANIFEST_BYTES) {
                throw new BundleException(where + ": " + Manifest.FILE_NAME + " is " + manifestEntry.getSize()
                        + " bytes; a manifest is at most " + MAX_MANIFEST_BYTES + " bytes");
            }
            byte[] json;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                json = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            }
            // Parse before unpacking, so that a bad manifest is reported without writing anything.
            Manifest manifest = Manifest.parse(new ByteArrayInputStream(json), where + ": " + Manifest.FILE_NAME);
            for (Manifest.Weights w : manifest.allWeights()) {
                ZipEntry entry = zip.getEntry(prefix + w.file());
                if (entry == null || entry.isDirectory()) {
                    throw new BundleException(where + ": weights file " + w.file() + " named by the manifest is missing");
                }
                if (entry.getSize() > MAX_WEIGHTS_BYTES) {
                    throw new BundleException(where + ": weights " + w.file() + " claim " + entry.getSize()
                            + " bytes, more than the " + MAX_WEIGHTS_BYTES + " accepted");
                }
            }
            Path folder = Files.createTempDirectory("dicomcnn-bundle-");
            folder.toFile().deleteOnExit(); // registered first, so deleted after the files in it
            Path manifestCopy = folder.resolve(Manifest.FILE_NAME);
            manifestCopy.toFile().deleteOnExit();
            Files.write(manifestCopy, json);
            for (Manifest.Weights w : manifest.allWeights()) {
                Path copy = folder.resolve(w.file());
                copy.toFile().deleteOnExit();
                try (InputStream in = zip.getInputStream(zip.getEntry(prefix + w.file()))) {
                    long copied = copyBounded(in, copy, MAX_WEIGHTS_BYTES);
                    LOG.debug("{}: unpacked {} ({} bytes) into {}", where, w.file(), copied, folder);
                }
            }
            return loadFolder(folder, zipPath);
        } catch (BundleException e) {
            throw e;
        } catch (ZipException e) {
            throw new BundleException(where + " is neither a bundle folder nor a readable zip: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BundleException(where + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The folder prefix of the zip's manifest: "" at the root, or "name/" for one top-level folder. */
    private static String findManifestPrefix(ZipFile zip, String where) throws BundleException {
        if (zip.getEntry(Manifest.FILE_NAME) != null) {
            return "";
        }
        List<String> candidates = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals(Manifest.FILE_NAME)) {
                candidates.add(name.substring(0, slash + 1));
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        throw new BundleException(where + ": " + Manifest.FILE_NAME + " is missing"
                + (candidates.isEmpty() ? "" : " at the root, and " + candidates.size() + " folders hold one")
                + "; expected " + Manifest.FILE_NAME + " and the weights at the zip's root or in one top-level folder");
    }

    private static long copyBounded(InputStream in, Path target, long max) throws IOException {
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target))) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > max) {
                    throw new BundleException("weights " + target.getFileName() + " unpack to more than " + max + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static void putEntry(ZipOutputStream zip, String name, Path file) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ZIP_TIME);
        zip.putNextEntry(e);
        Files.copy(file, zip);
        zip.closeEntry();
    }

    private static void moveReplacing(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
