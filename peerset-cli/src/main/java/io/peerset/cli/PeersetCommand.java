package io.peerset.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The top-level {@code peerset} command: the entry point of the distribution's
 * {@code bin/peerset} launcher.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@code --help} prints usage to standard output and exits {@code 0}; {@code --version}
 *       prints {@code peerset <version>} (the Maven project version, read from the resource
 *       {@code peerset-version.properties} that the build filters into this module), then the
 *       Java runtime in use, and exits {@code 0}.</li>
 *   <li>Every piece of work is a subcommand, registered in {@code subcommands} of the
 *       {@link Command} annotation below. Invoked without one, the command prints usage to standard
 *       error and exits {@code 2} ({@link ExitCode#USAGE}): a missing subcommand is a usage
 *       error.</li>
 *   <li>Invalid input (an unknown option, a missing or malformed parameter), at this level or in a
 *       subcommand, prints exactly one line to standard error (what was wrong, close-match
 *       suggestions, and where to find help) and exits with the command's
 *       {@code exitCodeOnInvalidInput} ({@code 2} by default); no stack trace, no usage dump.</li>
 *   <li>Subcommands: {@code run} (a node), {@code demo} (a network of nodes in one process),
 *       {@code crawl} (a census of a network), {@code decode} (frames to JSON), {@code ping} (one peer), {@code config}
 *       (the commented configuration file, or a file's effective settings), {@code demo} (N nodes on
 *       127.0.0.1 finding each other by gossip). Those that take a
 *       network share {@link NetworkOptions}.</li>
 *   <li>Only {@link #main} calls {@link System#exit}; {@link #run} returns the exit code, so tests
 *       and embedding programs can drive the command in-process.</li>
 * </ul>
 *
 * <p>Threading: an instance holds picocli's parse state and is confined to the thread that
 * executes it. {@link #run} builds a fresh instance and {@link CommandLine} per call, so
 * concurrent calls are independent as long as they write to different writers.
 */
@Command(
        name = "peerset",
        mixinStandardHelpOptions = true,
        versionProvider = PeersetCommand.VersionProvider.class,
        description = "A Zcash peer-to-peer node and toolbox.",
        subcommands = {})
public final class PeersetCommand implements Callable<Integer> {

    /** Classpath-relative name of the build-filtered resource that carries the version. */
    static final String VERSION_RESOURCE = "peerset-version.properties";

    private static final String VERSION_KEY = "peerset.version";

    @Spec
    private CommandSpec spec;

    /**
     * Runs the command with the process's standard streams and exits the JVM with its exit code.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int exitCode = run(out, err, args);
        System.exit(exitCode);
    }

    /**
     * Parses {@code args} and executes the selected command, writing to the given writers.
     * Both writers are flushed before this method returns; neither is closed.
     *
     * @param out receives requested output (usage for {@code --help}, the version, results)
     * @param err receives diagnostics (usage errors, the usage shown for a missing subcommand)
     * @param args the command-line arguments
     * @return the process exit code: {@code 0} on success, {@code 2} on a usage error
     */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        requireNonNull(out, "out");
        requireNonNull(err, "err");
        return run(System.in, out, err, args);
    }

    /**
     * As {@link #run(PrintWriter, PrintWriter, String...)}, reading standard input from {@code in}.
     *
     * @param in   what {@code peerset decode -} reads
     * @param out  receives requested output
     * @param err  receives diagnostics
     * @param args the command-line arguments
     * @return the process exit code
     */
    static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        requireNonNull(in, "in");
        requireNonNull(out, "out");
        requireNonNull(err, "err");
        requireNonNull(args, "args");
        CommandLine commandLine = new CommandLine(new PeersetCommand())
                .addSubcommand("decode", new DecodeCommand(in))
                .addSubcommand("ping", new PingCommand())
                // a CommandLine of its own: picocli applies run's model transformer (its setting flags) only there
                .addSubcommand("run", new CommandLine(new RunCommand()))
                .addSubcommand("config", new ConfigCommand())
                .addSubcommand("demo", new DemoCommand())
                .addSubcommand("crawl", new CrawlCommand())
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(PeersetCommand::reportInvalidInput);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Invoked when no subcommand was given: usage to standard error, exit code {@code 2}. */
    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        PrintWriter err = commandLine.getErr();
        err.println(spec.qualifiedName() + ": missing subcommand");
        commandLine.usage(err);
        return spec.exitCodeOnInvalidInput();
    }

    /**
     * Prints invalid input as a single line, for example
     * {@code peerset: Unknown option: '--bogus' (see 'peerset --help')}. One line, because a wall
     * of usage text buries the one thing that was wrong; the pointer to {@code --help} keeps the
     * full usage one step away.
     */
    private static int reportInvalidInput(ParameterException ex, String[] args) {
        CommandLine failed = ex.getCommandLine();
        CommandSpec failedSpec = failed.getCommandSpec();
        StringBuilder line = new StringBuilder(failedSpec.qualifiedName())
                .append(": ")
                .append(oneLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            line.append("; did you mean ")
                    .append(String.join(" or ", unmatched.getSuggestions()))
                    .append('?');
        }
        CommandSpec helpSpec = failedSpec.optionsMap().containsKey("--help")
                ? failedSpec
                : failedSpec.root();
        line.append(" (see '").append(helpSpec.qualifiedName()).append(" --help')");
        failed.getErr().println(line);
        return failedSpec.exitCodeOnInvalidInput();
    }

    private static String oneLine(String message) {
        return message == null ? "invalid input" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /**
     * The project version this module was built as.
     *
     * @return the Maven project version, for example {@code 0.1.0}
     * @throws IllegalStateException if the module was not built by the project's Maven build (the
     *     version resource is missing or was not filtered)
     */
    static String version() {
        return VersionHolder.VERSION;
    }

    /** Lazily loads the version once; a missing resource is a packaging bug, reported loudly. */
    private static final class VersionHolder {
        static final String VERSION = load();

        private static String load() {
            Properties properties = new Properties();
            try (InputStream in = PeersetCommand.class.getResourceAsStream(VERSION_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(VERSION_RESOURCE
                            + " is missing from module io.peerset.cli: rebuild it with Maven");
                }
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + VERSION_RESOURCE, e);
            }
            String version = properties.getProperty(VERSION_KEY, "").strip();
            if (version.isEmpty() || version.contains("${")) {
                throw new IllegalStateException(VERSION_RESOURCE + " holds no filtered "
                        + VERSION_KEY + " (found '" + version + "'): rebuild it with Maven");
            }
            return version;
        }
    }

    /** Supplies {@code --version}: the peerset version, then the Java runtime running it. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "peerset " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
