package org.dicomcnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Patient keys are keyed by a secret of the installation: stable under one secret, different
 * under another, not the plain hash anyone could recompute from a list of IDs; the secret is
 * made once, readable by its owner only, and a damaged one is refused naming its file.
 */
class PatientKeysTest {

    @TempDir
    Path dir;

    @Test
    void theSecretIsMadeOnceOwnerOnlyAndKeysAreStableUnderIt() throws Exception {
        Path secret = dir.resolve("config/dicomcnn/" + PatientKeys.SECRET_FILE_NAME);
        String key = PatientKeys.fromFile(secret).keyOf("ID-1", "DOE^JANE");

        assertTrue(key.matches("[0-9a-f]{" + PatientKeys.KEY_HEX_DIGITS + "}"), key);
        assertTrue(Files.readString(secret).trim().matches("[0-9a-f]{64}"));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(secret));
        String content = Files.readString(secret);
        assertEquals(key, PatientKeys.fromFile(secret).keyOf("ID-1", "DOE^JANE"), "the second run reads the same secret");
        assertEquals(content, Files.readString(secret));
        try (var left = Files.list(secret.getParent())) {
            assertEquals(1, left.count(), "no temporary file left beside the secret");
        }
    }

    @Test
    void keysDependOnIdNameAndSecretAndAreNotThePlainHash() throws Exception {
        PatientKeys a = PatientKeys.fromFile(dir.resolve("a"));
        PatientKeys b = PatientKeys.fromFile(dir.resolve("b"));
        String key = a.keyOf("ID-1", "DOE^JANE");

        assertNotEquals(key, a.keyOf("ID-2", "DOE^JANE"));
        assertNotEquals(key, a.keyOf("ID-1", "DOE^JOHN"));
        assertNotEquals(key, b.keyOf("ID-1", "DOE^JANE"), "another installation, another key");
        byte[] plain = MessageDigest.getInstance("SHA-256")
                .digest("ID-1\u0000DOE^JANE".getBytes(StandardCharsets.UTF_8));
        assertFalse(HexFormat.of().formatHex(plain).startsWith(key.substring(0, 8)), "not the unsalted hash");
    }

    @Test
    void aKnownSecretGivesTheHmacOfIdAndName() throws Exception {
        Path secret = dir.resolve("known");
        Files.writeString(secret, "00".repeat(31) + "01\n");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(HexFormat.of().parseHex("00".repeat(31) + "01"), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("ID-1\u0000DOE^JANE".getBytes(StandardCharsets.UTF_8)))
                .substring(0, PatientKeys.KEY_HEX_DIGITS);

        assertEquals(expected, PatientKeys.fromFile(secret).keyOf("ID-1", "DOE^JANE"));
    }

    @Test
    void aDamagedSecretIsRefusedNamingItsFile() throws Exception {
        Path secret = dir.resolve("damaged.secret");
        Files.writeString(secret, "not hex at all");
        IOException e = assertThrows(IOException.class, () -> PatientKeys.fromFile(secret));
        assertTrue(e.getMessage().contains(secret.toString()), e.getMessage());
        assertEquals("not hex at all", Files.readString(secret), "left as it was");
    }
}
