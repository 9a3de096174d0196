package io.peerset.cli;

import io.peerset.cli.config.ConfigException;
import io.peerset.cli.config.ConfigLoader;
import io.peerset.cli.config.ConfigWriter;
import io.peerset.cli.config.LoadedConfig;
import io.peerset.wire.Network;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code peerset config}: prints a complete configuration file, every key with a comment giving
 * its meaning, unit, range and default.
 *
 * <ul>
 *   <li>Without {@code --file}: the defaults for the network chosen with the shared network options
 *       ({@code --network mainnet} by default, or a custom network with {@code --magic ...}), ready
 *       to edit. Loading the output gives back exactly these defaults.</li>
 *   <li>With {@code --file FILE}: reads FILE (a zebrad.toml or peerset configuration) with every
 *       check the node applies and prints its effective settings, defaults filled in and warnings
 *       listed as comments at the top. The network comes from the file, so the network options are
 *       refused alongside it.</li>
 * </ul>
 *
 * <p>Exit status: 0 with the configuration on standard output; 1 when FILE cannot be used, with one
 * line on standard error naming the file, the key and what was expected; 2 on usage errors. Runs
 * on the calling thread.
 */
@Command(name = "config", sortOptions = false,
        description = {"Print a complete, commented configuration file (zebrad.toml-compatible).",
                "Without --file: the defaults for the network. With --file: that file's effective settings, "
                        + "checked as the node checks them."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
final class ConfigCommand implements Callable<Integer> {

    /** Exit status when the file cannot be used (the usage-error status is 2). */
    static final int EXIT_BAD_FILE = 1;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @ArgGroup(exclusive = true)
    NetworkOptions networkOptions = new NetworkOptions();

    @Option(names = "--file", paramLabel = "FILE",
            description = "Read FILE and print its effective configuration instead of the defaults.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Network network = null;
        try {
            if (file == null) {
                network = networkOptions.network();
            } else {
                ParseResult parsed = spec.commandLine().getParseResult();
                for (String option : new String[] {"--network", "--magic"}) {
                    if (parsed.hasMatchedOption(option)) {
                        throw new IllegalArgumentException("--file and " + option
                                + " cannot be combined (expected: the network set in the file)");
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("peerset config: " + e.getMessage() + " (see 'peerset config --help')");
            err.flush();
            return spec.exitCodeOnInvalidInput();
        }
        LoadedConfig config;
        try {
            config = file == null ? ConfigLoader.defaults(network) : ConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println("peerset config: " + e.getMessage());
            err.flush();
            return EXIT_BAD_FILE;
        }
        out.print(ConfigWriter.write(config));
        out.flush();
        return 0;
    }
}
