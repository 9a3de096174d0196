package io.peerset.sim;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectFailedException;
import io.peerset.api.FailureReason;
import io.peerset.api.Traffic;
import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.Transport;
import io.peerset.inmemory.ForwardingConnection;
import io.peerset.inmemory.InMemoryTransport;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.sim.spi.AdversaryContext;
import io.peerset.sim.spi.AdversaryStrategy;
import io.peerset.sim.spi.Link;
import io.peerset.wire.Message;
import io.peerset.wire.PeerAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One simulated host's transport: the in-memory transport, with the scenario's network faults (dials
 * refused at a given rate, links reset after an exponential lifetime) and, for an adversary node, its
 * strategy between the node and each connection. The node above it is unchanged production code.
 *
 * <p>Threading: everything runs on the simulation's virtual clock, like the in-memory transport.
 */
final class SimTransport implements Transport {

    private final InMemoryTransport delegate;
    private final VirtualScheduler clock;
    private final SplittableRandom random;
    private final double connectFailure;
    private final Duration meanLinkLifetime;
    private final AdversaryStrategy strategy;
    private final AdversaryContext context;

    /**
     * @param strategy null for an honest node
     * @param context  null for an honest node
     */
    SimTransport(InMemoryTransport delegate, VirtualScheduler clock, SplittableRandom random, double connectFailure,
                 Duration meanLinkLifetime, AdversaryStrategy strategy, AdversaryContext context) {
        this.delegate = requireNonNull(delegate, "delegate");
        this.clock = clock;
        this.random = random;
        this.connectFailure = connectFailure;
        this.meanLinkLifetime = meanLinkLifetime;
        this.strategy = strategy;
        this.context = context;
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public CompletableFuture<Acceptor> listen(PeerAddress address) {
        return delegate.listen(address).thenApply(acceptor -> new Acceptor() {
            @Override
            public PeerAddress localAddress() {
                return acceptor.localAddress();
            }

            @Override
            public CompletableFuture<Connection> accept() {
                return acceptor.accept().thenApply(c -> wrap(c, false));
            }

            @Override
            public void close() {
                acceptor.close();
            }
        });
    }

    @Override
    public CompletableFuture<Connection> connect(PeerAddress address, Duration timeout) {
        if (connectFailure > 0 && random.nextDouble() < connectFailure) {
            return CompletableFuture.failedFuture(new ConnectFailedException(address, FailureReason.REFUSED,
                    "refused by the simulated network (connect_failure)"));
        }
        return delegate.connect(address, timeout).thenApply(c -> wrap(c, true));
    }

    /** @param dialled whether this end dialled: a link's reset is drawn there only, once per link */
    private Connection wrap(Connection connection, boolean dialled) {
        if (dialled && !meanLinkLifetime.isZero()) {
            // exponential lifetime: the network resets links at a constant rate
            double lifetime = -Math.log(1 - random.nextDouble()) * meanLinkLifetime.toNanos();
            long nanos = (long) Math.min(lifetime, Long.MAX_VALUE / 2.0);
            clock.schedule(Duration.ofNanos(nanos), () -> connection.close("reset by the simulated network"));
        }
        return strategy == null ? connection : new TapConnection(connection, strategy, context, clock);
    }

    @Override
    public Traffic traffic() {
        return delegate.traffic();
    }

    @Override
    public Optional<Executor> sharedExecutor() {
        return delegate.sharedExecutor();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * An adversary node's connection: once the handshake is complete, every message the node sends
     * passes its strategy, which may replace, drop or delay it, and push messages of its own.
     */
    static final class TapConnection extends ForwardingConnection implements Link {
        private final AdversaryStrategy strategy;
        private final AdversaryContext context;
        private final VirtualScheduler clock;
        private boolean handshaken;
        /** The latest due time of a held message, so that held messages keep their order. */
        private long lastDueNanos;

        TapConnection(Connection delegate, AdversaryStrategy strategy, AdversaryContext context, VirtualScheduler clock) {
            super(delegate);
            this.strategy = strategy;
            this.context = context;
            this.clock = clock;
        }

        @Override
        public void completeHandshake(long negotiatedVersion) {
            delegate().completeHandshake(negotiatedVersion);
            handshaken = true;
            strategy.onOpen(this);
        }

        @Override
        public CompletableFuture<Void> send(Message message) {
            if (!handshaken) {
                return delegate().send(message);
            }
            List<Message> out = strategy.onSend(message, this);
            CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
            for (Message m : out) {
                last = sendHeld(m);
            }
            return last;
        }

        private CompletableFuture<Void> sendHeld(Message message) {
            long delay = strategy.sendDelay(message).toNanos();
            long now = clock.nanoTime();
            if (delay <= 0 && lastDueNanos <= now) {
                return delegate().send(message);
            }
            long due = Math.max(now + Math.max(0, delay), lastDueNanos);
            lastDueNanos = due;
            CompletableFuture<Void> sent = new CompletableFuture<>();
            clock.schedule(Duration.ofNanos(due - now), () -> {
                if (!isOpen()) {
                    sent.complete(null);
                    return;
                }
                delegate().send(message).whenComplete((v, e) -> {
                    if (e != null) {
                        sent.completeExceptionally(e);
                    } else {
                        sent.complete(null);
                    }
                });
            });
            return sent;
        }

        @Override
        public PeerAddress remote() {
            return remoteAddress();
        }

        @Override
        public boolean inbound() {
            return isInbound();
        }

        @Override
        public void push(Message message) {
            if (isOpen()) {
                sendHeld(message);
            }
        }

        @Override
        public AdversaryContext context() {
            return context;
        }
    }
}
