package io.glimpse.deploy.junit;

import io.glimpse.deploy.LocalServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running broker and registry: declare a {@link LocalServers} parameter (on a test, a
 * constructor or a {@code @BeforeAll} method) in a class annotated {@code @ExtendWith(GlimpseServersExtension.class)}.
 *
 * <p>One pair serves the whole test JVM: it starts on first use (≈ 5 s), lives in the root store, and
 * stops when the JUnit run ends. Tests share it, so each uses its own topics and subjects (see
 * {@link #uniqueName}). The broker is {@linkplain LocalServers.KafkaMode#EMBEDDED in this JVM}; the
 * registry log goes to {@code target/glimpse-servers-<pid>/registry.log} when run from a Maven module.
 *
 * @see ExtendWith
 */
public final class GlimpseServersExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GlimpseServersExtension.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalServers.class;
    }

    @Override
    public LocalServers resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Shared.class, key -> Shared.start(), Shared.class)
                .servers;
    }

    /**
     * A name no other test in the JVM uses, for topics and subjects on the shared servers: the prefix,
     * a dash and a fresh suffix.
     */
    public static String uniqueName(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime()) + Integer.toHexString(COUNTER.incrementAndGet());
    }

    /** The pair in the root store; JUnit closes it (it is {@link AutoCloseable}) when the run ends. */
    private static final class Shared implements AutoCloseable {

        private final LocalServers servers;

        private Shared(LocalServers servers) {
            this.servers = servers;
        }

        static Shared start() {
            try {
                LocalServers.Builder builder = LocalServers.builder();
                Path target = Path.of("target");
                if (Files.isDirectory(target)) {
                    builder.optDataDir(target.resolve("glimpse-servers-" + ProcessHandle.current().pid()));
                }
                return new Shared(builder.start());
            } catch (Exception e) {
                throw new ParameterResolutionException("could not start the Glimpse test servers: " + e, e);
            }
        }

        @Override
        public void close() throws Exception {
            servers.close();
        }
    }
}
