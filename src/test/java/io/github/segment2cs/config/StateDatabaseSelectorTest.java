package io.github.segment2cs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.ImageMode;
import org.junit.jupiter.api.Test;

/** The JVM keeps its state in H2 unless PostgreSQL is named; a native binary needs PostgreSQL. */
class StateDatabaseSelectorTest {

    @Test
    void theJvmUsesEmbeddedH2UnlessAPostgresqlUrlIsSet() {
        assertFalse(StateDatabaseSelector.postgresql(null, ImageMode.JVM));
        assertFalse(StateDatabaseSelector.postgresql(" ", ImageMode.JVM));
        assertTrue(StateDatabaseSelector.postgresql("jdbc:postgresql://db/state", ImageMode.JVM));
    }

    @Test
    void aNativeBinaryWithoutPostgresqlRefusesToStartSayingWhatToSet() {
        IllegalStateException refusal = assertThrows(IllegalStateException.class,
                () -> StateDatabaseSelector.postgresql("", ImageMode.NATIVE_RUN));
        assertEquals(StateDatabaseSelector.NATIVE_NEEDS_POSTGRESQL, refusal.getMessage());
        assertTrue(refusal.getMessage().contains("STATE_JDBC_URL"));
        assertTrue(StateDatabaseSelector.postgresql("jdbc:postgresql://db/state", ImageMode.NATIVE_RUN));
    }

    @Test
    void buildingTheNativeBinaryNeedsNoDatabaseSetting() {
        assertFalse(StateDatabaseSelector.postgresql(null, ImageMode.NATIVE_BUILD));
    }
}
