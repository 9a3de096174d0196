package io.peerset.transport.netty;

import static java.util.Objects.requireNonNull;

import io.peerset.api.NodeConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.api.spi.Scheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS seeding (reference section 3.2), found by {@link java.util.ServiceLoader} through this
 * module's {@code provides} clause: name {@value NettyTransportConstants#DNS_PROVIDER_NAME},
 * priority {@value NettyTransportConstants#DNS_PROVIDER_PRIORITY}.
 *
 * <p>Its source resolves the entries of {@link NodeConfig#initialPeers()} whose host is a name
 * (IP literals are left to core's {@code "configured"} source), every name at once, A and AAAA,
 * each within {@link NettyTransportConstants#DNS_LOOKUP_TIMEOUT} and without a retry of its own,
 * through Netty's asynchronous DNS client on a one-thread event loop of its own. The addresses
 * found get their entry's port and are canonicalised; the union completes
 * {@link CandidateSource#candidates()}. If it is empty, the whole set is asked again every
 * {@link NettyTransportConstants#DNS_RETRY_PAUSE} until an address is found or the source is
 * closed. With {@link NodeConfig#dnsSeeding()} off, or no names, the source yields an empty list
 * at once. The DNS server is {@link NodeConfig#dnsServer()} if set, else the system's
 * ({@code /etc/resolv.conf} on Unix). Failures are logged per name, never thrown.
 *
 * <p>Thread-safe and stateless. {@link #create} only plans (it parses the entries and logs the
 * invalid ones): no I/O, no thread; the source creates its event loop on its first
 * {@link CandidateSource#candidates()} and shuts it down in {@link CandidateSource#close()}.
 */
public final class DnsSeedCandidateSourceProvider implements CandidateSourceProvider {

    private static final Logger log = LoggerFactory.getLogger(DnsSeedCandidateSourceProvider.class);

    /** Found by {@link java.util.ServiceLoader}. */
    public DnsSeedCandidateSourceProvider() {
    }

    @Override
    public String name() {
        return NettyTransportConstants.DNS_PROVIDER_NAME;
    }

    @Override
    public int priority() {
        return NettyTransportConstants.DNS_PROVIDER_PRIORITY;
    }

    @Override
    public CandidateSource create(NodeConfig config, AddressBookContext context) {
        requireNonNull(context, "context");
        return create(config, context.scheduler(), NettyTransportConstants.DNS_LOOKUP_TIMEOUT,
                NettyTransportConstants.DNS_RETRY_PAUSE);
    }

    /**
     * The test knob: a source resolving through Netty with shorter waits than the reference's.
     *
     * @param config        the node's configuration
     * @param scheduler     the timers of the lookup timeouts and retry pauses
     * @param lookupTimeout how long each name may take per round
     * @param retryPause    the pause before asking again after a round found nothing
     * @return the source
     */
    static DnsSeedSource create(NodeConfig config, Scheduler scheduler, Duration lookupTimeout, Duration retryPause) {
        requireNonNull(config, "config");
        Duration queryTimeout = queryTimeout(lookupTimeout);
        Optional<InetSocketAddress> server = config.dnsServer();
        return plan(config, scheduler, () -> new NettyNameLookup(server, queryTimeout), lookupTimeout, retryPause);
    }

    /**
     * Plans a source over any {@link NameLookup} (unit tests script one).
     *
     * @param config        the node's configuration: its initial peers and whether seeding is on
     * @param scheduler     the timers of the lookup timeouts and retry pauses
     * @param lookups       creates the resolver on the source's first use
     * @param lookupTimeout how long each name may take per round
     * @param retryPause    the pause before asking again after a round found nothing
     * @return the source
     */
    static DnsSeedSource plan(NodeConfig config, Scheduler scheduler, Supplier<? extends NameLookup> lookups,
                              Duration lookupTimeout, Duration retryPause) {
        requireNonNull(config, "config");
        Set<SeedEntry> seeds = new LinkedHashSet<>();
        int literals = 0;
        for (String entry : config.initialPeers()) {
            try {
                Optional<SeedEntry> seed = SeedEntry.parse(entry);
                if (seed.isPresent()) {
                    seeds.add(seed.get());
                } else {
                    literals++;
                }
            } catch (IllegalArgumentException e) {
                log.warn("DNS seeding: skipped {}", e.getMessage());
            }
        }
        String idleReason = null;
        if (!config.dnsSeeding()) {
            idleReason = "turned off (dnsSeeding = false), " + seeds.size() + " seeder names not resolved";
        } else if (seeds.isEmpty()) {
            idleReason = "no seeder names among the " + config.initialPeers().size() + " initial peers ("
                    + literals + " IP literals, dialled by the \"configured\" source)";
        }
        return new DnsSeedSource(new ArrayList<>(seeds), idleReason, scheduler, lookups, lookupTimeout, retryPause);
    }

    /**
     * @param lookupTimeout the per-name timeout of a round
     * @return the resolver's per-query timeout: {@value NettyTransportConstants#DNS_QUERY_TIMEOUT_PERCENT}%
     *         of it, at least 1 ms
     */
    static Duration queryTimeout(Duration lookupTimeout) {
        long millis = lookupTimeout.toMillis() * NettyTransportConstants.DNS_QUERY_TIMEOUT_PERCENT / 100;
        return Duration.ofMillis(Math.max(1, millis));
    }
}
