package dev.mosaic.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The range of ports the kernel hands to clients as their own (Linux: {@code net.ipv4.ip_local_port_range}). A stack
 * port inside it can be taken before its process binds it: by any client's outgoing connection, or by a probe of the
 * stack itself that connects to the port while nothing listens yet and is connected to itself (a TCP self-connect,
 * then held in TIME-WAIT for about a minute). The process then fails with "address already in use".
 */
public record EphemeralPorts(int low, int high) {

    public static final Path LINUX = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** The range in {@code file} ("32768	60999"), or empty where there is none to read (not Linux). */
    public static Optional<EphemeralPorts> read(Path file) {
        // A line reader: procfs reports a size of 0, and Files.readString then returns only the first character.
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String[] bounds = reader.readLine().trim().split("\\s+");
            return Optional.of(new EphemeralPorts(Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    /** What to tell the user when some of {@code ports} are in the range; empty when none is. */
    Optional<String> warning(List<Integer> ports) {
        List<Integer> inside = ports.stream().filter(this::contains).sorted().toList();
        if (inside.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("ports " + inside.getFirst() + "-" + inside.getLast() + " of this stack are in this machine's"
                + " range of client ports (" + low + "-" + high + "): a client's connection can take one before its"
                + " process binds it, which then fails with \"address already in use\". Choose a MOSAIC_PORT_OFFSET"
                + " that keeps every port below " + low + ".");
    }
}
