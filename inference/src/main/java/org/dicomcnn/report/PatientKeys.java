package org.dicomcnn.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dicomcnn.dicom.PatientRef;

/**
 * The pseudonymous key a report names a patient by, in place of name and ID: the first 12 hex
 * digits of HMAC-SHA-256 of Patient ID and name under a secret of this installation. Without
 * the secret, a key cannot be recomputed from a list of known patient IDs (a plain hash could be,
 * by trying them all). The same patient has the same key in every run on one installation, so
 * reports of different runs can be joined; another installation gives other keys.
 *
 * <p>The secret is 32 random bytes, kept as hex in {@value #SECRET_FILE_NAME}, readable by its
 * owner only, in {@code $XDG_CONFIG_HOME/dicomcnn} (default {@code ~/.config/dicomcnn}); the
 * environment variable {@value #SECRET_ENV} names another file. It is created on first use.
 * Share it only with those who may re-identify patients from keys.
 *
 * <pre>{@code
 * PatientKeys keys = PatientKeys.ofInstallation();
 * String key = keys.keyOf(patient); // "3f9a0c17be42"
 * }</pre>
 */
public final class PatientKeys {

    /** The secret's file name. */
    public static final String SECRET_FILE_NAME = "patient-key.secret";
    /** The environment variable that names the secret's file instead. */
    public static final String SECRET_ENV = "DICOMCNN_PATIENT_KEY_SECRET";
    /** Hex digits in a key. */
    public static final int KEY_HEX_DIGITS = 12;

    private static final int SECRET_BYTES = 32;

    private final byte[] secret;

    private PatientKeys(byte[] secret) {
        this.secret = secret;
    }

    /**
     * The keys of this installation: the secret in the file {@value #SECRET_ENV} names, or in
     * the configuration folder; created there when missing.
     *
     * @return the keys
     * @throws IOException if the secret cannot be read or created, or is malformed (the message
     *     names the file)
     */
    public static PatientKeys ofInstallation() throws IOException {
        String named = System.getenv(SECRET_ENV);
        if (named != null && !named.isBlank()) {
            return fromFile(Path.of(named));
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return fromFile(config.resolve("dicomcnn").resolve(SECRET_FILE_NAME));
    }

    /**
     * The keys under the secret in a file, creating the file with a new random secret when it
     * does not exist. Two processes that create it at once end up with the same secret: the
     * first move wins and the other reads it.
     *
     * @param file the secret's file
     * @return the keys
     * @throws IOException if the file cannot be read or created, or does not hold 64 hex digits
     */
    public static PatientKeys fromFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!text.matches("[0-9a-fA-F]{" + 2 * SECRET_BYTES + "}")) {
            throw new IOException(file + ": not a patient-key secret (expected " + 2 * SECRET_BYTES
                    + " hex digits on one line); delete it to have a new one made, which changes every patient key");
        }
        return new PatientKeys(HexFormat.of().parseHex(text.toLowerCase(java.util.Locale.ROOT)));
    }

    private static void create(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        Path tmp = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
        try {
            restrictToOwner(tmp);
            Files.writeString(tmp, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file); // no replace: a secret made meanwhile by another process stays
        } catch (FileAlreadyExistsException e) {
            // another process made it first; use theirs
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile folder is private already
        }
    }

    /**
     * @param patient a patient
     * @return its key, {@value #KEY_HEX_DIGITS} lower-case hex digits
     */
    public String keyOf(PatientRef patient) {
        return keyOf(patient.patientId(), patient.patientName());
    }

    /**
     * @param patientId the Patient ID
     * @param patientName the Patient's Name
     * @return the key of that patient, {@value #KEY_HEX_DIGITS} lower-case hex digits
     */
    public String keyOf(String patientId, String patientName) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] h = mac.doFinal((patientId + "\u0000" + patientName).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, KEY_HEX_DIGITS / 2);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }
}
