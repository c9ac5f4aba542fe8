package org.dicomcnn.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.ModelRuntime;
import org.junit.jupiter.api.Test;

/**
 * Choosing a model while a command holds the open one (a classification or comparison running
 * on another thread) is refused with a readable message instead of closing the model under it;
 * once every hold is released the choice goes through and the old model is closed. Runs in its
 * own JVM (surefire forks one per class), so the session starts empty.
 */
class SessionModelLeaseTest {

    @Test
    void aModelInUseIsNotClosedByChoosingAnotherUntilItIsReleased() throws Exception {
        Session session = Session.get();
        session.chooseModel(null, DeviceChoice.CPU);
        Session.ModelLease first = session.leaseRuntime();
        Session.ModelLease second = session.leaseRuntime();
        ModelRuntime open = first.runtime();
        assertSame(open, second.runtime(), "one open model, shared");
        assertEquals(1, session.modelOpens());

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> session.chooseModel(null, DeviceChoice.CPU));
        assertTrue(refused.getMessage().contains("in use"), refused.getMessage());
        assertTrue(session.openRuntime().isPresent(), "the model in use stays open");

        first.close();
        first.close(); // closing twice releases one hold only
        assertThrows(IllegalArgumentException.class, () -> session.chooseModel(null, DeviceChoice.CPU),
                "the second hold still counts");

        second.close();
        session.chooseModel(null, DeviceChoice.CPU);
        assertFalse(session.openRuntime().isPresent(), "the old model was closed by the new choice");
        try (Session.ModelLease again = session.leaseRuntime()) {
            assertEquals(2, session.modelOpens(), "the new choice opens its model on first use");
            assertFalse(again.runtime() == open);
        }
    }
}
