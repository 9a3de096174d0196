package io.peerset.cli;

import static io.peerset.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help;

class PeersetCommandTest {

    /** Output and exit code of one in-process run. */
    private static String expectedVersion() {
        String version = System.getProperty("peerset.expectedVersion");
        assertThat(version).as("peerset.expectedVersion (set by the POM)").isNotBlank();
        return version;
    }

    @Test
    void versionPrintsTheProjectVersionAndExitsZero() {
        Cli.Result result = run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().findFirst()).hasValue("peerset " + expectedVersion());
        assertThat(result.out()).contains("Java " + Runtime.version());
        assertThat(result.err()).isEmpty();
    }

    @Test
    void loneVersionPrintsExactlyWhatPicocliPrints() {
        StringWriter picocli = new StringWriter();
        new CommandLine(new PeersetCommand()).printVersionHelp(new PrintWriter(picocli, true), Help.Ansi.OFF);

        assertThat(run("--version").out()).isEqualTo(picocli.toString());
        assertThat(run("-V").out()).isEqualTo(picocli.toString());
    }

    @Test
    void onlyTheNamedSubcommandIsBuilt() {
        assertThat(PeersetCommand.reachableSubcommands("config", "--network", "testnet")).containsExactly("config");
        assertThat(PeersetCommand.reachableSubcommands("run", "--help")).containsExactly("run");
        // usage lists them all; an unknown word may be a misspelt one; top-level options come first
        assertThat(PeersetCommand.reachableSubcommands()).isEqualTo(PeersetCommand.SUBCOMMANDS);
        assertThat(PeersetCommand.reachableSubcommands("--help")).isEqualTo(PeersetCommand.SUBCOMMANDS);
        assertThat(PeersetCommand.reachableSubcommands("confg")).isEqualTo(PeersetCommand.SUBCOMMANDS);
        assertThat(PeersetCommand.reachableSubcommands("--help", "run")).isEqualTo(PeersetCommand.SUBCOMMANDS);
    }

    @Test
    void everySubcommandIsListedInUsage() {
        String usage = run("--help").out();

        for (String name : PeersetCommand.SUBCOMMANDS) {
            assertThat(usage).containsPattern("(?m)^\\s+" + name + "\\s");
        }
    }

    @Test
    void versionAccessorMatchesThePom() {
        assertThat(PeersetCommand.version()).isEqualTo(expectedVersion());
    }

    @Test
    void helpPrintsUsageToStdoutAndExitsZero() {
        Cli.Result result = run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .startsWith("Usage: peerset")
                .contains("-h, --help", "-V, --version", "Zcash");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void unknownOptionIsAOneLineErrorWithExitCodeTwo() {
        Cli.Result result = run("--no-such-option");

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
        Cli.Result result = run("--versio");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("'--versio'")
                .contains("did you mean")
                .contains("--version"));
    }

    @Test
    void missingSubcommandPrintsUsageToStderrAndExitsTwo() {
        Cli.Result result = run();

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
