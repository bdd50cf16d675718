package dev.mosaic.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints log files line by line, each line prefixed with its process name (coloured per process when the
 * output is a terminal), and follows them as they grow, like {@code tail -f} over several files.
 */
public final class LogFollower implements AutoCloseable {

    private static final String[] COLOURS = {"36", "33", "35", "32", "34", "31", "96", "93", "95", "92"};
    private static final Duration POLL = Duration.ofMillis(150);

    private final PrintStream out;
    private final boolean colour;
    private final int width;
    private final Map<String, Tail> tails = new LinkedHashMap<>();
    private volatile boolean running = true;
    private Thread thread;

    /** @param names every name that may appear, in stack order: fixes colours and the prefix width */
    public LogFollower(PrintStream out, boolean colour, List<String> names) {
        this.out = out;
        this.colour = colour;
        this.width = names.stream().mapToInt(String::length).max().orElse(0);
        for (int i = 0; i < names.size(); i++) {
            tails.put(names.get(i), new Tail(COLOURS[i % COLOURS.length]));
        }
    }

    /** Starts following {@code file} from byte {@code position} (its size now, to show only what comes next). */
    public synchronized void follow(String name, Path file, long position) {
        Tail tail = tails.computeIfAbsent(name, n -> new Tail(COLOURS[tails.size() % COLOURS.length]));
        tail.file = file;
        tail.position = position;
    }

    /** Prints the last {@code lines} lines of {@code file} and returns its size, to follow from there. */
    public long printLast(String name, Path file, int lines) {
        try {
            long size = Files.exists(file) ? Files.size(file) : 0;
            List<String> last = lastLines(file, lines);
            synchronized (this) {
                last.forEach(l -> print(name, l));
                out.flush();
            }
            return size;
        } catch (IOException e) {
            synchronized (this) {
                print(name, "(cannot read " + file + ": " + e.getMessage() + ")");
            }
            return 0;
        }
    }

    /** The last {@code lines} lines of a file; empty if it does not exist or cannot be read. */
    public static List<String> lastLines(Path file, int lines) {
        Deque<String> last = new ArrayDeque<>();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(last);
    }

    /** Polls the followed files in a background thread until {@link #close()}. */
    public void start() {
        thread = Thread.ofPlatform().daemon().name("mosaic-logs").start(() -> {
            while (running) {
                pollOnce();
                ProcessControl.pause(POLL);
            }
            pollOnce();
        });
    }

    /** Prints what the followed files gained since the last look. */
    public synchronized void pollOnce() {
        tails.forEach((name, tail) -> {
            if (tail.file != null) {
                tail.read().forEach(line -> print(name, line));
            }
        });
        out.flush();
    }

    /** A line from the orchestrator itself, in the same stream and format as the logs. */
    public synchronized void note(String line) {
        print("mosaic", line);
        out.flush();
    }

    public String prefix(String name) {
        String padded = String.format("%-" + Math.max(width, 6) + "s |", name);
        if (!colour) {
            return padded + " ";
        }
        Tail tail = tails.get(name);
        String code = tail == null ? "1" : tail.colour;
        return "\u001b[" + code + "m" + padded + "\u001b[0m ";
    }

    private void print(String name, String line) {
        out.println(prefix(name) + line);
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Read position in one file and the bytes of a line not yet finished. */
    private static final class Tail {
        final String colour;
        Path file;
        long position;
        final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Tail(String colour) {
            this.colour = colour;
        }

        List<String> read() {
            List<String> lines = new ArrayList<>();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                if (channel.size() < position) {
                    position = 0; // truncated or replaced: start over
                    partial.reset();
                }
                ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                int n;
                while ((n = channel.read(buffer, position)) > 0) {
                    position += n;
                    for (int i = 0; i < n; i++) {
                        byte b = buffer.get(i);
                        if (b == '\n') {
                            lines.add(partial.toString(StandardCharsets.UTF_8).stripTrailing());
                            partial.reset();
                        } else {
                            partial.write(b);
                        }
                    }
                    buffer.clear();
                }
            } catch (NoSuchFileException e) {
                // not created yet: the process has not started
            } catch (IOException e) {
                lines.add("(cannot read " + file + ": " + e.getMessage() + ")");
            }
            return lines;
        }
    }
}
