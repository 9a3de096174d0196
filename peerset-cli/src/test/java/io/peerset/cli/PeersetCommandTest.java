package io.peerset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class PeersetCommandTest {

    /** Output and exit code of one in-process run. */
    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = PeersetCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private static String expectedVersion() {
        String version = System.getProperty("peerset.expectedVersion");
        assertThat(version).as("peerset.expectedVersion (set by the POM)").isNotBlank();
        return version;
    }

    @Test
    void versionPrintsTheProjectVersionAndExitsZero() {
        Result result = run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().findFirst()).hasValue("peerset " + expectedVersion());
        assertThat(result.out()).contains("Java " + Runtime.version());
        assertThat(result.err()).isEmpty();
    }

    @Test
    void versionAccessorMatchesThePom() {
        assertThat(PeersetCommand.version()).isEqualTo(expectedVersion());
    }

    @Test
    void helpPrintsUsageToStdoutAndExitsZero() {
        Result result = run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .startsWith("Usage: peerset")
                .contains("-h, --help", "-V, --version", "Zcash");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void unknownOptionIsAOneLineErrorWithExitCodeTwo() {
        Result result = run("--no-such-option");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("peerset: ")
                .contains("'--no-such-option'")
                .endsWith("(see 'peerset --help')"));
        assertThat(result.err()).doesNotContain("Exception", "\tat ", "Usage:");
    }

    @Test
    void closeMisspellingGetsASuggestionOnTheSameLine() {
        Result result = run("--versio");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("'--versio'")
                .contains("did you mean")
                .contains("--version"));
    }

    @Test
    void missingSubcommandPrintsUsageToStderrAndExitsTwo() {
        Result result = run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .startsWith("peerset: missing subcommand")
                .contains("Usage: peerset");
    }

    @Test
    void runFlushesButDoesNotCloseTheWriters() {
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out);

        PeersetCommand.run(writer, new PrintWriter(new StringWriter()), "--version");
        writer.print("still open");
        writer.flush();

        assertThat(writer.checkError()).isFalse();
        assertThat(out.toString()).endsWith("still open");
    }
}
