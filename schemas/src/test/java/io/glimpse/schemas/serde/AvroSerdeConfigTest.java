package io.glimpse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.schemas.registry.CapturedLog;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    private static final String URL = "http://127.0.0.1:8081";

    @Test
    void shouldAcceptARetryBudgetInMilliseconds() {
        AvroSerdeConfig config = AvroSerdeConfig.fromProperties(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, URL, AvroSerdeConfig.REGISTRY_RETRY_MAX_WAIT_MS, 1500), false);

        assertThat(config.registry()).isNotNull();
    }

    @Test
    void shouldRefuseARetryBudgetThatIsNotAPositiveNumber() {
        for (Object budget : new Object[] {"0", "-5", "soon", ""}) {
            assertThatThrownBy(() -> AvroSerdeConfig.fromProperties(
                    Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, URL, AvroSerdeConfig.REGISTRY_RETRY_MAX_WAIT_MS, budget), false))
                    .as("budget %s", budget)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(AvroSerdeConfig.REGISTRY_RETRY_MAX_WAIT_MS);
        }
    }

    @Test
    void shouldRefuseARetryBudgetThatOutlastsTheTransactionTimeout() {
        for (String timeoutKey : new String[] {"transaction.timeout.ms", "producer.transaction.timeout.ms"}) {
            assertThatThrownBy(() -> AvroSerdeConfig.fromProperties(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, URL,
                    AvroSerdeConfig.REGISTRY_RETRY_MAX_WAIT_MS, "20000", timeoutKey, "10000"), false))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(timeoutKey);
        }
    }

    @Test
    void shouldShortenTheDefaultBudgetToHalfAShortTransactionTimeoutAndSaySo() {
        try (CapturedLog log = CapturedLog.start()) {
            AvroSerdeConfig.fromProperties(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, URL,
                    "producer.transaction.timeout.ms", "4000"), false);

            assertThat(log.text()).contains(AvroSerdeConfig.REGISTRY_RETRY_MAX_WAIT_MS).contains("2000");
        }
    }
}
