package io.peerset.core.discovery;

import io.peerset.api.NodeConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.CandidateSource;
import io.peerset.api.spi.CandidateSourceProvider;
import io.peerset.wire.PeerAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Initial peers given as IP literals in {@link NodeConfig#initialPeers()} ({@code 1.2.3.4:8233},
 * {@code [2001:db8::1]:8233}), under the name {@code "configured"}: they are used as they are, with
 * no I/O. Names in the same list are DNS seeders, left to the {@code "dns"} source.
 *
 * <p>Thread-safe and stateless.
 */
public final class ConfiguredPeersProvider implements CandidateSourceProvider {

    /** The configuration name of this provider. */
    public static final String NAME = "configured";

    /** Public no-arg constructor for {@link java.util.ServiceLoader}. */
    public ConfiguredPeersProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public CandidateSource create(NodeConfig config, AddressBookContext context) {
        List<PeerAddress> literals = literals(config.initialPeers());
        return CandidateSource.of(NAME, () -> CompletableFuture.completedFuture(literals));
    }

    /**
     * @param peers {@code host:port} strings
     * @return the IP literals among them, canonical, in order; names are skipped
     */
    public static List<PeerAddress> literals(List<String> peers) {
        List<PeerAddress> out = new ArrayList<>();
        for (String peer : peers) {
            literal(peer).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    /**
     * @param peer a {@code host:port} string
     * @return the address if the host is an IP literal
     */
    public static Optional<PeerAddress> literal(String peer) {
        try {
            return Optional.of(PeerAddress.parse(peer));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
