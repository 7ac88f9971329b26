package io.glimpse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks loopback ports nobody listens on, for servers that must be told their port up front (a process
 * cannot report back the port it bound). The port is free when picked; a race with another process is
 * possible but rare, and shows as a bind failure at start.
 */
public final class FreePorts {

    private FreePorts() {}

    /** Returns a port that was free on 127.0.0.1 a moment ago. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** Returns {@code port} if it is positive, a freshly picked free port otherwise. */
    public static int orPick(int port) {
        return port > 0 ? port : pick();
    }
}
