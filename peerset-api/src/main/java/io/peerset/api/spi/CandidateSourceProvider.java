package io.peerset.api.spi;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.PluginSettings;
import io.peerset.api.SettingException;
import io.peerset.wire.PeerAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Service-provider interface for {@link CandidateSource}s, found with {@link java.util.ServiceLoader}.
 * Every source without options of its own is used at start-up; {@link #priority()} only orders them.
 *
 * <p>A provider that declares {@linkplain #options() options} is a <em>plugin</em>: it is used only
 * when the configuration chooses it by name ({@link NodeConfig#plugins()}; in a file, its table
 * {@code [plugins.<name>]}), and it reads its settings from there. Its options are declared once, as
 * {@link ConfigOption}s whose section is {@code plugins.<name>} ({@link PluginSettings#section(String)}), so a
 * configuration file's loader can type-check them, range-check them, refuse unknown keys and write
 * them back with their documentation, without knowing the plugin.
 *
 * <p>Implementations have a public no-arg constructor and are thread-safe.
 */
public interface CandidateSourceProvider {

    /** @return a short unique name used in configuration, for example {@code "dns"} */
    String name();

    /** @return the rank among providers; higher is asked first */
    int priority();

    /**
     * Plans a source. Performs no I/O and starts no thread: that happens in
     * {@link CandidateSource#candidates()}.
     *
     * @param config  the node's configuration: the network, the initial peers, the cache directory,
     *                the DNS settings
     * @param context time, randomness and an executor the source may use for blocking work
     * @return a new source; one with nothing to do (for example DNS with seeding turned off) yields
     *         an empty list
     */
    CandidateSource create(NodeConfig config, AddressBookContext context);

    /**
     * The options of this provider's own table, {@code [plugins.<name()>]}: each option's section
     * is {@code PluginSettings.section(name())}. A provider that declares any is a plugin, used only
     * when {@link NodeConfig#plugins()} enables it.
     *
     * @return the options, in the order a configuration file lists them; the default is none (a
     *         built-in source, configured by the node's own settings and always used)
     */
    default List<ConfigOption<?>> options() {
        return List.of();
    }

    /**
     * Checks this plugin's settings as a whole, beyond each option's own range (which
     * {@link PluginSettings} has checked already): an option that must be set, options that go
     * together, what this Java runtime must provide. Called when a configuration file is loaded (so a
     * bad file stops with one line) and when a node chooses its sources from the module path
     * ({@code Providers.candidateSourceProviders(config)} in peerset-core); a provider given to a node
     * directly should check again in {@link #create}. Performs no I/O beyond looking at the runtime.
     *
     * @param settings the plugins' settings of a configuration; this provider reads only its own
     * @throws SettingException naming the option at fault and what was expected, for example
     *                          {@code "source: unset (expected: a file path or an https:// URL)"}
     */
    default void checkSettings(PluginSettings settings) {
    }

    /**
     * A provider of priority 0 whose sources answer from {@code candidates}: a fixed list, a seeder
     * in a simulation, a directory service of the application's.
     *
     * @param name       the provider's and its sources' name
     * @param candidates called once per source; returns the addresses (or a failed future)
     * @return the provider
     */
    static CandidateSourceProvider of(String name, Supplier<CompletableFuture<List<PeerAddress>>> candidates) {
        requireNonNull(name, "name");
        requireNonNull(candidates, "candidates");
        return new CandidateSourceProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return 0;
            }

            @Override
            public CandidateSource create(NodeConfig config, AddressBookContext context) {
                return CandidateSource.of(name, candidates);
            }

            @Override
            public String toString() {
                return "CandidateSourceProvider[" + name + "]";
            }
        };
    }
}
