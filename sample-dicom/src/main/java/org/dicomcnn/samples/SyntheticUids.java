package org.dicomcnn.samples;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic UIDs for synthetic data: a name-based UUID of a key, under the "2.25" root that
 * PS3.5 B.2 reserves for UUID-derived UIDs. The same key always gives the same UID, so a
 * generator run with the same seed writes byte-identical files.
 */
public final class SyntheticUids {

    private SyntheticUids() {}

    /**
     * @param key any text that identifies the object, e.g. "seed=7/patient=2/study=1/series"
     * @return a UID such as 2.25.123456789...
     */
    public static String of(String key) {
        UUID u = UUID.nameUUIDFromBytes(("dicomcnn-synthetic/" + key).getBytes(StandardCharsets.UTF_8));
        byte[] b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, b);
    }
}
