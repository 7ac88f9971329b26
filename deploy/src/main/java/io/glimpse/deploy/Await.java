package io.glimpse.deploy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits for a server to become ready. Servers say they are ready only by answering, so the only way to
 * know is to ask again until they do; this class keeps that loop, its deadline and its message in one
 * place.
 */
public final class Await {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Await() {}

    /**
     * Returns once {@code condition} holds; fails with a {@link TimeoutException} naming {@code what} after
     * {@code timeout}, or early with an {@link IllegalStateException} once {@code alive} turns false.
     */
    public static void until(String what, Duration timeout, BooleanSupplier alive, BooleanSupplier condition)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(what + ": the server stopped before it was ready");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException(what + ": not ready after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(INTERVAL.toMillis());
        }
    }

    /**
     * Asks an HTTP server once; a condition for {@link #until}.
     *
     * @param http the client
     * @param probe the request
     * @return whether it answered 200 (false on any I/O error: not up yet)
     */
    public static boolean answersOk(HttpClient http, HttpRequest probe) {
        try {
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
