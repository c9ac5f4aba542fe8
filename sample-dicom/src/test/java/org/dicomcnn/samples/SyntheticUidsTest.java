package org.dicomcnn.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticUidsTest {

    @Test
    void sameKeyGivesTheSameValidUid() {
        String uid = SyntheticUids.of("seed=7/patient=2/study=1");
        assertEquals(uid, SyntheticUids.of("seed=7/patient=2/study=1"));
        assertNotEquals(uid, SyntheticUids.of("seed=7/patient=2/study=2"));
        // PS3.5 9.1: at most 64 characters, digits and dots, no leading zero in a component.
        assertTrue(uid.length() <= 64, uid);
        assertTrue(uid.matches("2\\.25\\.(0|[1-9][0-9]*)"), uid);
    }
}
