package io.peerset.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IParameterExceptionHandler;
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
 *   <li>Every piece of work is a subcommand, listed in {@link #SUBCOMMANDS} and built only when
 *       the arguments can reach it ({@link #reachableSubcommands}). Invoked without one, the command prints usage to standard
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

    /** Every subcommand's name, in the order usage lists them; {@link #newSubcommand} builds each. */
    static final List<String> SUBCOMMANDS = List.of("decode", "ping", "run", "config", "demo", "crawl", "simulate",
            "peers", "bans", "ban", "unban", "connect", "disconnect");

    @Spec
    private CommandSpec spec;

    /**
     * Runs the command with the process's standard streams and exits the JVM with its exit code.
     *
     * <p>A command that succeeded and left no other non-daemon thread running simply returns: the JVM
     * then ends as {@link System#exit System.exit(0)} would end it (shutdown hooks included), but
     * without {@code Runtime.exit}'s own logging (JDK 21+), whose first look-up of a
     * {@code System.Logger} opens every jar on the module path, about a tenth of a second of a
     * {@code peerset --version}.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int exitCode = run(out, err, args);
        if (exitCode != 0 || otherNonDaemonThreadRuns()) {
            System.exit(exitCode);
        }
    }

    private static boolean otherNonDaemonThreadRuns() {
        Thread self = Thread.currentThread();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread != self && !thread.isDaemon() && thread.isAlive()) {
                return true;
            }
        }
        return false;
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
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The lines picocli would print (they hold no markup and no format specifier), without
            // building its model of the command: reflection and annotation proxies, most of the
            // start-up of a "peerset --version" otherwise.
            for (String line : new VersionProvider().getVersion()) {
                out.println(line);
            }
            out.flush();
            err.flush();
            return 0;
        }
        CommandLine commandLine = new CommandLine(new PeersetCommand());
        // Subcommands first: the settings below reach only the subcommands present when they are set.
        for (String name : reachableSubcommands(args)) {
            commandLine.addSubcommand(name, newSubcommand(name, in));
        }
        commandLine.setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(new InvalidInputHandler());
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * The subcommands that parsing {@code args} can reach, in the order usage lists them. Building a
     * subcommand's model makes picocli load and reflect on its class and every option type (the
     * node, the configuration loader, metrics), which is most of the start-up of {@code peerset
     * --version}; so only what can be used is built. When {@code args} starts with a subcommand's
     * name, every later argument belongs to that subcommand, so it alone is built. Anything else
     * ({@code --help}, no arguments, an unknown word that may earn a "did you mean") gets them all.
     * (A lone {@code --version} never gets here: {@link #run(InputStream, PrintWriter, PrintWriter,
     * String...)} answers it without picocli.)
     */
    static List<String> reachableSubcommands(String... args) {
        if (args.length > 0 && SUBCOMMANDS.contains(args[0])) {
            return List.of(args[0]);
        }
        return SUBCOMMANDS;
    }

    private static Object newSubcommand(String name, InputStream in) {
        return switch (name) {
            case "decode" -> new DecodeCommand(in);
            case "ping" -> new PingCommand();
            // a CommandLine of its own: picocli applies run's model transformer (its setting flags) only there
            case "run" -> new CommandLine(new RunCommand());
            case "config" -> new ConfigCommand();
            case "demo" -> new DemoCommand();
            case "crawl" -> new CrawlCommand();
            case "simulate" -> new SimulateCommand();
            case "peers" -> new AdminCommands.Peers();
            case "bans" -> new AdminCommands.Bans();
            case "ban" -> new AdminCommands.Ban();
            case "unban" -> new AdminCommands.Unban();
            case "connect" -> new AdminCommands.Connect();
            case "disconnect" -> new AdminCommands.Disconnect();
            default -> throw new IllegalArgumentException("unknown subcommand: " + name);
        };
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

    /**
     * {@link #reportInvalidInput} as a class rather than a method reference: the JVM's class-data
     * archive (see {@code bin/peerset}) cannot hold a lambda that implements one of picocli's
     * interfaces (Java 5 class files), nor then the interface and picocli's classes that use it.
     */
    private static final class InvalidInputHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            return reportInvalidInput(ex, args);
        }
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
