package io.glimpse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.deploy.LocalServers;
import io.glimpse.deploy.junit.GlimpseServersExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Properties;

/** Starting an instance: a start that fails half-way leaves nothing running behind it. */
@ExtendWith(GlimpseServersExtension.class)
class GlimpseAppTest {

    @Test
    void shouldCloseWhatItOpenedWhenAStartFailsHalfWay(LocalServers servers, @TempDir Path dir) throws Exception {
        try (StreamHarness harness = new StreamHarness(servers, dir, 1);
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Properties props = harness.appProperties("failing");
            // Everything but the metrics endpoint can be built: the model, the workers, the topology.
            props.put(GlimpseConfig.METRICS_PORT_CONFIG, Integer.toString(taken.getLocalPort()));

            assertThatThrownBy(() -> GlimpseApp.start(new GlimpseConfig(props)))
                    .hasMessageContaining("Address already in use");

            // Kafka Streams' constructor starts its admin client; the failed start must have closed it
            // (and, in the same order, the batcher and the native model opened before it).
            assertThat(Thread.getAllStackTraces().keySet())
                    .as("threads of the failed start's application")
                    .noneMatch(t -> t.isAlive() && t.getName().contains(harness.applicationId));
        }
    }
}
