package dev.mosaic.devstack.command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import dev.mosaic.devstack.Health;
import dev.mosaic.devstack.ProcessControl;
import dev.mosaic.devstack.ServiceSpec;
import dev.mosaic.devstack.ServiceSpec.Kind;
import dev.mosaic.devstack.Stack;
import dev.mosaic.devstack.StackLifecycle;

/** The table of {@code status} and {@code up}: name, pid, port, health and address of every process. */
final class ProcessTable {

    private record Row(String name, String pid, String port, String health, String url) {
    }

    private final List<Row> rows;

    private ProcessTable(List<Row> rows) {
        this.rows = rows;
    }

    /** Every process as it is now; {@code assumeUp} skips the probes right after everything was found ready. */
    static ProcessTable of(StackLifecycle lifecycle, boolean assumeUp) {
        Stack stack = lifecycle.stack();
        ProcessControl control = lifecycle.processes();
        List<Row> rows = new ArrayList<>();
        for (ServiceSpec spec : stack.specs()) {
            OptionalLong pid = control.pid(spec.name());
            OptionalInt recorded = control.port(spec.name());
            int port = pid.isPresent() && recorded.isPresent() ? recorded.getAsInt() : stack.port(spec);
            String health;
            if (pid.isEmpty()) {
                health = "not running";
            } else if (assumeUp) {
                health = "UP";
            } else if (spec.kind() == Kind.KAFKA) {
                try (Health.KafkaProbe kafka = new Health.KafkaProbe("127.0.0.1", port)) {
                    health = kafka.probe().ready() ? "UP" : "DOWN";
                }
            } else {
                health = Health.http(port).ready() ? "UP" : "DOWN";
            }
            String url = spec.kind() == Kind.KAFKA ? "127.0.0.1:" + port : "http://127.0.0.1:" + port;
            rows.add(new Row(spec.name(), pid.isPresent() ? Long.toString(pid.getAsLong()) : "-",
                    Integer.toString(port), health, url));
        }
        return new ProcessTable(rows);
    }

    boolean allUp() {
        return rows.stream().allMatch(r -> r.health().equals("UP"));
    }

    void print(PrintStream out) {
        int name = Math.max(4, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        int pid = Math.max(3, rows.stream().mapToInt(r -> r.pid().length()).max().orElse(0));
        int health = Math.max(6, rows.stream().mapToInt(r -> r.health().length()).max().orElse(0));
        String format = "%-" + name + "s  %-" + pid + "s  %-5s  %-" + health + "s  %s%n";
        out.printf(format, "NAME", "PID", "PORT", "HEALTH", "URL");
        rows.forEach(r -> out.printf(format, r.name(), r.pid(), r.port(), r.health(), r.url()));
        out.flush();
    }
}
