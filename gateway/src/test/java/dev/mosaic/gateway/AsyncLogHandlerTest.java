package dev.mosaic.gateway;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import dev.mosaic.platform.core.JsonLogFormatter;
import dev.mosaic.platform.core.RequestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AsyncLogHandlerTest {

    /** A console that takes nothing until it is released, as a console behind a slow collector would. */
    private static final class StalledConsole extends OutputStream {
        final CountDownLatch released = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (written) {
                written.write(b, off, len);
            }
        }

        String text() {
            synchronized (written) {
                return written.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static AsyncLogHandler handler(OutputStream console) {
        AsyncLogHandler handler = new AsyncLogHandler(console, 100);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getMessage() + "\n";
            }
        });
        return handler;
    }

    @Test
    void aCallerDoesNotWaitForAStalledConsoleAndEveryLineIsWrittenInOrderOnClose() throws Exception {
        StalledConsole console = new StalledConsole();
        AsyncLogHandler handler = handler(console);

        long started = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            handler.publish(new LogRecord(Level.INFO, "GET /api/products 200 " + i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("50 lines queued, none written yet")
                .isLessThan(Duration.ofSeconds(2));
        assertThat(console.text()).isEmpty();

        console.released.countDown();
        handler.close();

        List<String> lines = console.text().lines().toList();
        assertThat(lines).hasSize(50).first().isEqualTo("GET /api/products 200 0");
        assertThat(lines).last().isEqualTo("GET /api/products 200 49");
    }

    @Test
    void aLineReachesTheConsoleSoonAfterItIsPublishedWithoutAClose() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        AsyncLogHandler handler = new AsyncLogHandler(console, 100, Duration.ofMillis(20));
        handler.setFormatter(new SimpleFormatter());
        try {
            handler.publish(new LogRecord(Level.INFO, "GET /api/products 200"));
            await().atMost(Duration.ofSeconds(2)).until(() -> written(console).contains("GET /api/products 200"));
        } finally {
            handler.close();
        }
    }

    @Test
    void aFullQueueWakesALingeringWriterSoCallersDoNotWaitOutTheLinger() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        // The writer would sleep an hour between batches; only a full queue can end that early.
        AsyncLogHandler handler = new AsyncLogHandler(console, 10, Duration.ofHours(1));
        handler.setFormatter(new SimpleFormatter());
        Thread caller = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 50; i++) {
                handler.publish(new LogRecord(Level.INFO, "line " + i));
            }
        });
        await("50 lines through a queue of 10").atMost(Duration.ofSeconds(5)).until(() -> !caller.isAlive());
        // At most a queue-full and the line the writer holds are still unwritten: 0..38 are on the console.
        await().atMost(Duration.ofSeconds(5)).until(() -> written(console).contains("line 38"));
        handler.close();
        assertThat(written(console).lines().filter(line -> line.contains("line ")).count()).isEqualTo(50);
    }

    private static String written(ByteArrayOutputStream console) {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aLineIsFormattedWithItsCallersRequestIdsOnTheWritersThread() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        AsyncLogHandler handler = new AsyncLogHandler(console, 100);
        handler.setFormatter(new JsonLogFormatter("gateway"));
        RequestContext.begin("req-7", null);
        try {
            handler.publish(new LogRecord(Level.INFO, "GET /api/products 200"));
        } finally {
            RequestContext.clear();
        }
        handler.close();

        assertThat(console.toString(StandardCharsets.UTF_8)).contains("\"requestId\":\"req-7\"")
                .contains("\"thread\":\"" + Thread.currentThread().getName() + "\"")
                .contains("\"message\":\"GET /api/products 200\"");
    }

    @Test
    void linesFromManyThreadsAllArriveAndALineAfterCloseIsWrittenDirectly() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        AsyncLogHandler handler = handler(console);
        handler.setLevel(Level.INFO);

        List<Thread> callers = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int caller = t;
            callers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 250; i++) {
                    handler.publish(new LogRecord(Level.INFO, "caller " + caller + " line " + i));
                }
            }));
        }
        for (Thread caller : callers) {
            caller.join();
        }
        handler.publish(new LogRecord(Level.FINE, "below the handler's level"));
        handler.close();
        handler.publish(new LogRecord(Level.WARNING, "after close"));

        List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(8 * 250 + 1).doesNotContain("below the handler's level").endsWith("after close");
        assertThat(lines.stream().filter(line -> line.startsWith("caller 3 ")).toList())
                .as("one caller's lines keep their order").startsWith("caller 3 line 0", "caller 3 line 1")
                .endsWith("caller 3 line 249");
    }
}
