package dev.mosaic.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    private String printed() {
        String text = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        return text;
    }

    @Test
    void followedLinesArePrefixedWithTheProcessNameAndAnUnfinishedLineWaits() throws IOException {
        Path log = dir.resolve("catalog.log");
        Files.writeString(log, "before\n");
        LogFollower follower = new LogFollower(out, false, List.of("kafka", "catalog"));
        follower.follow("catalog", log, Files.size(log));

        append(log, "first\nsecond ha");
        follower.pollOnce();
        assertThat(printed()).isEqualTo("catalog | first\n");

        append(log, "lf done\n");
        follower.pollOnce();
        assertThat(printed()).isEqualTo("catalog | second half done\n");
    }

    @Test
    void everyProcessGetsItsOwnColourOnlyWhenAsked() {
        LogFollower plain = new LogFollower(out, false, List.of("kafka", "catalog"));
        LogFollower coloured = new LogFollower(out, true, List.of("kafka", "catalog"));

        assertThat(plain.prefix("kafka")).doesNotContain("\u001b");
        assertThat(coloured.prefix("kafka")).startsWith("\u001b[").contains("kafka");
        assertThat(coloured.prefix("kafka")).isNotEqualTo(coloured.prefix("catalog").replace("catalog", "kafka  "));
    }

    @Test
    void printLastShowsTheTailAndReturnsWhereToFollowFrom() throws IOException {
        Path log = dir.resolve("gateway.log");
        Files.writeString(log, "one\ntwo\nthree\n");
        LogFollower follower = new LogFollower(out, false, List.of("gateway"));

        long position = follower.printLast("gateway", log, 2);

        assertThat(printed()).isEqualTo("gateway | two\ngateway | three\n");
        assertThat(position).isEqualTo(Files.size(log));
    }

    @Test
    void fileThatShrankIsReadAgainFromTheStart() throws IOException {
        Path log = dir.resolve("kafka.log");
        Files.writeString(log, "a long first life of this file\n");
        LogFollower follower = new LogFollower(out, false, List.of("kafka"));
        follower.follow("kafka", log, Files.size(log));

        Files.writeString(log, "new\n");
        follower.pollOnce();

        assertThat(printed()).isEqualTo("kafka  | new\n");
    }

    @Test
    void missingFileIsWaitedFor() throws IOException {
        Path log = dir.resolve("later.log");
        LogFollower follower = new LogFollower(out, false, List.of("later"));
        follower.follow("later", log, 0);
        follower.pollOnce();
        assertThat(printed()).isEmpty();

        Files.writeString(log, "here\n");
        follower.pollOnce();
        assertThat(printed()).isEqualTo("later  | here\n");
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }
}
