package dev.mosaic.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import dev.mosaic.platform.core.JsonLogFormatter;
import dev.mosaic.platform.core.RequestContext;

/**
 * Formats and writes log lines (the access log above all: one per request) on a thread of its own, so a request
 * neither builds its JSON line nor waits for the console's lock and write. The caller's request ids (its log context)
 * travel with its record. The writer wakes for the first line after a quiet spell, lets lines gather for
 * {@value #LINGER_MILLIS} ms, then formats all of them and writes them with one flush: under load it wakes about every
 * {@value #LINGER_MILLIS} ms, not once per request, so a busy core is not switched to it for every access line. A line
 * is on the console at most that much later. When {@value #CAPACITY} records wait, the caller that finds the queue full
 * wakes the writer and waits: lines are never dropped. {@link #close()} (the JVM's shutdown runs it) writes what is
 * left; a SIGKILL, which runs nothing, loses at most the last {@value #LINGER_MILLIS} ms of lines.
 *
 * <p>Configured in logging.properties as {@code handlers=dev.mosaic.gateway.AsyncLogHandler}, with its
 * {@code .level} and {@code .formatter} as for {@code java.util.logging.ConsoleHandler}; it writes to the same
 * stream as that one (standard error).
 */
public class AsyncLogHandler extends Handler {

    static final int CAPACITY = 8192;
    static final long LINGER_MILLIS = 20;
    private static final Pending END = new Pending(null, null, null);

    /** A record, the caller's request ids (null outside a request) and the caller's thread name. */
    private record Pending(LogRecord record, RequestContext.Ids ids, String thread) {
    }

    private final BlockingQueue<Pending> lines;
    private final Writer out;
    private final Thread writer;
    private final long lingerNanos;
    private volatile boolean closed;

    /** What logging.properties instantiates. */
    public AsyncLogHandler() {
        this(System.err, CAPACITY);
        LogManager manager = LogManager.getLogManager();
        String prefix = AsyncLogHandler.class.getName();
        String level = manager.getProperty(prefix + ".level");
        setLevel(level == null ? Level.ALL : Level.parse(level.strip()));
        setFormatter(formatter(manager.getProperty(prefix + ".formatter")));
    }

    AsyncLogHandler(OutputStream stream, int capacity) {
        this(stream, capacity, Duration.ofMillis(LINGER_MILLIS));
    }

    AsyncLogHandler(OutputStream stream, int capacity, Duration linger) {
        this.out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        this.lines = new ArrayBlockingQueue<>(capacity);
        this.lingerNanos = linger.toNanos();
        setFormatter(new SimpleFormatter());
        this.writer = Thread.ofPlatform().daemon().name("log-writer").start(this::writeLoop);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        Pending pending = new Pending(record, RequestContext.current().orElse(null), Thread.currentThread().getName());
        if (!closed) {
            if (lines.offer(pending)) {
                return;
            }
            // Full: the writer may be lingering; it takes the lines now, and this caller waits for room.
            LockSupport.unpark(writer);
            try {
                lines.put(pending);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Closed (the JVM is shutting down) or interrupted while waiting: written here, not lost.
        write(List.of(pending));
    }

    @Override
    public void flush() {
        synchronized (out) {
            try {
                out.flush();
            } catch (IOException e) {
                reportError("Could not flush the log", e, ErrorManager.FLUSH_FAILURE);
            }
        }
    }

    /** Writes every line queued so far, then stops the writer; later lines are written by their callers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lines.put(END);
            LockSupport.unpark(writer);
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        lines.drainTo(left);
        left.remove(END);
        write(left);
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(lines.take());
            } catch (InterruptedException e) {
                return;
            }
            if (batch.getFirst() != END) {
                // Let the lines of this moment gather; a full queue or close() ends the wait early.
                LockSupport.parkNanos(lingerNanos);
            }
            lines.drainTo(batch);
            boolean end = batch.remove(END);
            write(batch);
            batch.clear();
            if (end) {
                return;
            }
        }
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        synchronized (out) {
            try {
                for (Pending pending : batch) {
                    String line = format(pending);
                    if (line != null) {
                        out.write(line);
                    }
                }
                out.flush();
            } catch (IOException e) {
                reportError("Could not write the log", e, ErrorManager.WRITE_FAILURE);
            }
        }
    }

    /** The record's line, formatted with its caller's request ids and thread. */
    private String format(Pending pending) {
        try {
            if (getFormatter() instanceof JsonLogFormatter json) {
                return json.format(pending.record(), pending.ids(), pending.thread());
            }
            return getFormatter().format(pending.record());
        } catch (RuntimeException e) {
            reportError("Could not format a log record", e, ErrorManager.FORMAT_FAILURE);
            return null;
        }
    }

    private static Formatter formatter(String className) {
        if (className == null || className.isBlank()) {
            return new SimpleFormatter();
        }
        try {
            return (Formatter) Class.forName(className.strip()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("Log formatter " + className + " cannot be created", e);
        }
    }
}
