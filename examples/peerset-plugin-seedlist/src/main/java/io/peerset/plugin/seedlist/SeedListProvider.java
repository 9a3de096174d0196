package io.peerset.plugin.seedlist;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConfigOption;
import io.peerset.api.NodeConfig;
import io.peerset.api.PluginSettings;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.plugin.seedlist.internal.Fetcher;
import io.peerset.plugin.seedlist.internal.SeedListConstants;
import io.peerset.plugin.seedlist.internal.SeedListPlan;
import io.peerset.plugin.seedlist.internal.SeedListSource;
import java.util.List;

/**
 * Initial peers from a seed list: a file or an {@code https://} URL holding one address per line,
 * optionally signed with Ed25519 — for a private network whose peers are published somewhere, a
 * fleet that keeps its own list, or a node that must not depend on DNS. Found by
 * {@link java.util.ServiceLoader} (this module {@code provides} it), it is a plugin: a node uses it
 * only when its configuration chooses it, with a {@code [plugins.seed-list]} table (or
 * {@link PluginSettings} in code) whose options are {@link SeedListOptions}. Name
 * {@value SeedListOptions#NAME}, priority 40 (after the configured addresses and DNS, before the
 * peer cache: it only orders them in logs).
 *
 * <p>Each node start fetches the list once: a file on the node's blocking executor, a URL through the
 * JDK's {@code java.net.http} client within {@code timeout}; nothing read from a server is trusted
 * (the status, the announced length and the body are bounded before they are read; redirects are not
 * followed). With {@code public_key}, the list is used only if its detached signature verifies over
 * its exact bytes. The addresses then go through the node's own checks (the network's valid
 * addresses, bans, the outbound limits) like every other source's. Failures are logged by the node,
 * which goes on with its other sources: this source never retries, since the peer cache and gossip
 * take over once the node has a first peer.
 *
 * <p>Thread-safe and stateless: {@link #create} checks the settings and plans, with no I/O and no
 * thread; the source reads when asked ({@link CandidateSource#candidates()}).
 */
public final class SeedListProvider implements CandidateSourceProvider {

    /** Public no-arg constructor for {@link java.util.ServiceLoader}. */
    public SeedListProvider() {
    }

    @Override
    public String name() {
        return SeedListOptions.NAME;
    }

    @Override
    public int priority() {
        return SeedListConstants.PRIORITY;
    }

    @Override
    public List<ConfigOption<?>> options() {
        return SeedListOptions.all();
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code source} must be set; {@code signature} only with {@code public_key}; {@code http://}
     * only on a loopback host or for a signed list; and the runtime must have Ed25519 for a signed list
     * and TLS's elliptic curves for an {@code https://} one (the JDK module {@code jdk.crypto.ec} on
     * JDK 17 to 21).
     */
    @Override
    public void checkSettings(PluginSettings settings) {
        SeedListPlan.of(settings);
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.peerset.api.SettingException if the settings are refused (see {@link #checkSettings})
     */
    @Override
    public CandidateSource create(NodeConfig config, AddressBookContext context) {
        requireNonNull(config, "config");
        requireNonNull(context, "context");
        SeedListPlan plan = SeedListPlan.of(config.plugins());
        return new SeedListSource(plan, new Fetcher(context.scheduler(), context.blocking(), plan.timeout()));
    }

    @Override
    public String toString() {
        return "CandidateSourceProvider[" + SeedListOptions.NAME + "]";
    }
}
