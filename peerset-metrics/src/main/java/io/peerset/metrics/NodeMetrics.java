package io.peerset.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.peerset.api.Coded;
import io.peerset.api.FailureReason;
import io.peerset.api.HandshakeException;
import io.peerset.api.NodeEvent;
import io.peerset.api.NodeStatus;
import io.peerset.api.PeerAddrState;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetEvent.Broadcast;
import io.peerset.api.PeerSetEvent.DemandSignalled;
import io.peerset.api.PeerSetEvent.MinimumVersionChanged;
import io.peerset.api.PeerSetEvent.NotFoundInRegistry;
import io.peerset.api.PeerSetEvent.PeerAdded;
import io.peerset.api.PeerSetEvent.PeerRejected;
import io.peerset.api.PeerSetEvent.PeerRemoved;
import io.peerset.api.PeerSetEvent.RejectReason;
import io.peerset.api.PeerSetEvent.RemovalReason;
import io.peerset.api.PeerSetEvent.RequestExpired;
import io.peerset.api.PeerSetEvent.Routed;
import io.peerset.api.PeerSetEvent.Routing;
import io.peerset.api.PeerSetListener;
import io.peerset.api.PeerSetNode;
import io.peerset.api.Request;
import io.peerset.api.Traffic;
import io.peerset.api.spi.TrafficCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a running {@link PeerSetNode}'s status, traffic, its peer set's events and its node
 * events (handshake failures, inbound drops, address-book changes, bans) as Micrometer meters.
 * {@link #bind(PeerSetNode, MeterRegistry)} registers every meter below and adds one
 * {@link PeerSetListener} and one node listener; {@link #close()} removes them.
 *
 * <p>Names are Micrometer's dotted names; a Prometheus registry renders them in snake case and adds
 * {@code _total} to counters, which gives the names in the table. Tag values that name a reason,
 * cause, state, step or routing are the enums' {@link Coded#code() codes} (lower-case kebab-case,
 * the same spelling as in the events file, {@code peerset crawl} and {@code peerset ping}), so every
 * tag's cardinality is bounded by an enum: no meter is tagged with an address or anything a remote
 * peer chooses.
 *
 * <table>
 *   <caption>Meters (Prometheus names)</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 *   <tr><td>{@code peerset_connections}</td><td>gauge</td><td>{@code direction}: {@code outbound},
 *       {@code inbound}</td><td>connections holding a slot (dialling, handshaking or connected)
 *       ({@link NodeStatus#outbound()}, {@link NodeStatus#inbound()})</td></tr>
 *   <tr><td>{@code peerset_peers}</td><td>gauge</td><td>{@code state}: {@code ready}, {@code busy},
 *       {@code checking}</td><td>peers in the peer set: ready for a request, with a request in
 *       flight, added but not yet ready</td></tr>
 *   <tr><td>{@code peerset_address_book_records}</td><td>gauge</td><td>{@code state}:
 *       {@code connected}, {@code never-connected}, {@code failed}, {@code connecting}</td>
 *       <td>address-book records by connection state</td></tr>
 *   <tr><td>{@code peerset_requests_waiting}</td><td>gauge</td><td></td><td>requests waiting for a
 *       ready peer</td></tr>
 *   <tr><td>{@code peerset_minimum_peer_version}</td><td>gauge</td><td></td><td>the minimum peer
 *       protocol version in force</td></tr>
 *   <tr><td>{@code peerset_handshakes_total}</td><td>counter (function)</td><td>{@code outcome}:
 *       {@code ok}, {@code failed}</td><td>handshakes since the node started, both directions; failed
 *       includes failed dials</td></tr>
 *   <tr><td>{@code peerset_locator_version_mismatches_total}</td><td>counter (function)</td><td></td>
 *       <td>{@code getblocks}/{@code getheaders} received whose version field was not the negotiated
 *       version (bcoin writes its own), accepted unlike in the reference
 *       ({@link NodeStatus#locatorVersionMismatches()})</td></tr>
 *   <tr><td>{@code peerset_peers_added_total}</td><td>counter</td><td>{@code direction}:
 *       {@code outbound}, {@code inbound}</td><td>peers that joined the set</td></tr>
 *   <tr><td>{@code peerset_peers_rejected_total}</td><td>counter</td><td>{@code reason}:
 *       {@link RejectReason} ({@code duplicate-address}, {@code per-ip-limit},
 *       {@code connection-limit}, {@code outdated}, {@code banned}, {@code closed})</td><td>peers
 *       offered to the set and refused</td></tr>
 *   <tr><td>{@code peerset_peers_removed_total}</td><td>counter</td><td>{@code reason}:
 *       {@link RemovalReason} ({@code failed}, {@code protocol-error}, {@code outdated}, {@code banned},
 *       {@code stalled}, {@code closed})</td><td>peers that left the set</td></tr>
 *   <tr><td>{@code peerset_requests_routed_total}</td><td>counter</td><td>{@code routing}:
 *       {@link Routing} ({@code load-balanced}, {@code advertised}, {@code not-missing})</td>
 *       <td>requests sent to one peer, by how the peer was chosen</td></tr>
 *   <tr><td>{@code peerset_broadcasts_total}</td><td>counter</td><td></td><td>advertisements sent to
 *       several peers</td></tr>
 *   <tr><td>{@code peerset_demand_signals_total}</td><td>counter</td><td>{@code outcome}:
 *       {@code sent}, {@code dropped}</td><td>times no peer was ready for a request: a signal asking
 *       the dialer for one more peer, or dropped because the demand queue was full</td></tr>
 *   <tr><td>{@code peerset_requests_expired_total}</td><td>counter</td><td></td><td>requests that
 *       waited the ready timeout without a ready peer and failed</td></tr>
 *   <tr><td>{@code peerset_requests_not_found_total}</td><td>counter</td><td></td><td>single-item
 *       requests failed without contacting a peer: every ready peer had reported the item missing</td></tr>
 *   <tr><td>{@code peerset_minimum_version_changes_total}</td><td>counter</td><td></td><td>changes of
 *       the minimum peer version</td></tr>
 *   <tr><td>{@code peerset_handshake_failures_total}</td><td>counter</td><td>{@code direction};
 *       {@code step}: {@code connect} (outbound only), {@code version}, {@code verack}, {@code unknown};
 *       {@code reason}: {@link io.peerset.api.FailureReason} ({@code timeout}, {@code refused},
 *       {@code unreachable}, {@code obsolete-version}, {@code self-connection}, {@code wrong-magic},
 *       {@code protocol-error}, {@code closed}, {@code error})</td>
 *       <td>failed dials and handshakes</td></tr>
 *   <tr><td>{@code peerset_inbound_dropped_total}</td><td>counter</td><td>{@code reason}:
 *       {@code banned}, {@code inbound-limit}, {@code per-ip-throttle}</td><td>inbound connections
 *       closed before any handshake</td></tr>
 *   <tr><td>{@code peerset_request_latency_seconds}</td><td>timer (histogram)</td><td>{@code kind}:
 *       the request type in kebab-case ({@code blocks-by-hash}); {@code outcome}: {@code ok}, {@code failed}</td><td>time from
 *       handing a request to a peer to its answer, buckets {@link #LATENCY_BUCKETS}</td></tr>
 *   <tr><td>{@code peerset_messages_total}</td><td>counter (function)</td><td>{@code command}: every
 *       command the codec knows, and {@code other}; {@code direction}: {@code received},
 *       {@code sent}</td><td>messages by command ({@link PeerSetNode#traffic()})</td></tr>
 *   <tr><td>{@code peerset_message_bytes_total}</td><td>counter (function)</td><td>as above</td>
 *       <td>bytes of those messages, 24-byte headers included</td></tr>
 *   <tr><td>{@code peerset_address_book_transitions_total}</td><td>counter</td><td>{@code to}: a
 *       state's code</td><td>records created in ({@code never-connected}) or moved to a
 *       state</td></tr>
 *   <tr><td>{@code peerset_address_book_removals_total}</td><td>counter</td><td>{@code cause}:
 *       {@code evicted}, {@code banned}, {@code inbound-closed}</td><td>records removed from the book
 *       ({@code inbound-closed}: an inbound connection's record, when that connection ended)</td></tr>
 *   <tr><td>{@code peerset_bans_total}</td><td>counter</td><td></td><td>IPs banned for
 *       misbehaviour</td></tr>
 *   <tr><td>{@code peerset_discouraged_total}</td><td>counter</td><td></td><td>addresses whose
 *       misbehaviour score reached {@code discourage_score}</td></tr>
 *   <tr><td>{@code peerset_dials_total}</td><td>counter</td><td>{@code reason}: {@code anchor},
 *       {@code initial}, {@code crawler}, {@code feeler}, {@code operator}</td><td>addresses chosen for a dial</td></tr>
 *   <tr><td>{@code peerset_operator_actions_total}</td><td>counter</td><td>{@code action}: {@code connect},
 *       {@code disconnect}, {@code ban}, {@code unban}, {@code reload-sources}; {@code outcome}: {@code done},
 *       {@code refused}</td><td>an operator's commands ({@code PeerSetNode.connect} ..., the admin API)</td></tr>
 * </table>
 *
 * <p>Gauges, the handshake counters and the message counters are sampled when the registry is read
 * (a scrape). They read {@link PeerSetNode#status()} (which copies the address book's counts) and
 * {@link PeerSetNode#traffic()} at most once per {@link #STATUS_CACHE_TTL} each, so one scrape reads
 * each once, not once per meter. If {@code status()}
 * throws (a node closing), the gauges read {@code NaN} for that scrape.
 *
 * <p>The event counters count events from {@code bind} on. To see them all, {@link #create} the
 * meters before the node, register {@link #listener()} and {@link #nodeListener()} with the node
 * builder, then {@link #attach} the running node ({@code peerset run} does). Every counter is
 * registered at creation, at zero, so that a Prometheus {@code rate()} sees the first increment.
 *
 * <p>Threading: {@code bind} and {@link #close()} may be called from any thread; {@code close()} is
 * idempotent. The listeners run on the peer set's loop, I/O, timer and address-book threads and
 * only increment counters created at {@code bind} (no registry look-up, no lock, never blocks). Gauges are read on the registry's
 * reading thread (for example the {@link PrometheusEndpoint}'s).
 */
public final class NodeMetrics implements AutoCloseable {

    /**
     * How long one {@link PeerSetNode#status()} serves the gauges: long enough to cover one scrape
     * (dozens of gauges read one after another), far shorter than any scrape interval (≥ 5 s).
     */
    public static final Duration STATUS_CACHE_TTL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(NodeMetrics.class);

    /** The node whose status the gauges read: set by {@link #attach}, before that the gauges read NaN. */
    private volatile PeerSetNode node;
    private final MeterRegistry registry;
    private final SampleCache<NodeStatus> status;
    private final SampleCache<Traffic> traffic;
    private final List<Meter> meters = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Counter addedOutbound;
    private final Counter addedInbound;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Map<RemovalReason, Counter> removed = new EnumMap<>(RemovalReason.class);
    private final Map<Routing, Counter> routed = new EnumMap<>(Routing.class);
    private final Counter broadcasts;
    private final Counter demandSent;
    private final Counter demandDropped;
    private final Counter expired;
    private final Counter notFound;
    private final Counter minimumVersionChanges;
    private final PeerSetListener listener = this::onEvent;
    private final Map<String, Counter> handshakeFailuresOutbound = new HashMap<>();
    private final Map<String, Counter> handshakeFailuresInbound = new HashMap<>();
    private final Map<NodeEvent.DropReason, Counter> inboundDropped = new EnumMap<>(NodeEvent.DropReason.class);
    private final Consumer<NodeEvent> nodeListener = this::onNodeEvent;
    private final Map<PeerAddrState, Counter> bookTransitions = new EnumMap<>(PeerAddrState.class);
    private final Map<NodeEvent.AddressRemovalCause, Counter> bookRemovals =
            new EnumMap<>(NodeEvent.AddressRemovalCause.class);
    private final Counter bans;
    private final Counter evictions;
    private final Counter discouragements;
    private final Map<NodeEvent.DialReason, Counter> dialsChosen = new EnumMap<>(NodeEvent.DialReason.class);
    /** By "action/outcome": ten counters, all registered at creation. */
    private final Map<String, Counter> operatorActions = new HashMap<>();
    private final Map<Class<?>, io.micrometer.core.instrument.Timer> latencyOk = new HashMap<>();
    private final Map<Class<?>, io.micrometer.core.instrument.Timer> latencyFailed = new HashMap<>();

    /** The {@code step} tag of a failed dial: outbound only. */
    static final String CONNECT_STEP = tagValue(HandshakeException.Step.CONNECT);

    /** The {@code step} tag of a handshake failure whose step was not recorded. */
    static final String UNKNOWN_STEP = "unknown";

    /** Every {@code step} tag value: the handshake steps, then {@link #UNKNOWN_STEP}. */
    static final List<String> STEPS = Stream.concat(
            Arrays.stream(HandshakeException.Step.values()).map(NodeMetrics::tagValue),
            Stream.of(UNKNOWN_STEP)).toList();

    /**
     * Bucket bounds of the request-latency histogram: from a fast local answer to the reference's
     * 20 s request timeout (a fixed, small set: per-kind percentile histograms would multiply the series).
     */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(20)};

    private NodeMetrics(MeterRegistry registry, LongSupplier nanoTime) {
        this.registry = registry;
        // before attach() the readings are null (NaN), not failures: the one warning a cache gives is
        // kept for a node that cannot answer, not spent on a scrape that came before the node
        this.status = new SampleCache<>("status", () -> node == null ? null : node.status(), nanoTime,
                STATUS_CACHE_TTL.toNanos());
        this.traffic = new SampleCache<>("traffic", () -> node == null ? null : node.traffic(), nanoTime,
                STATUS_CACHE_TTL.toNanos());

        gauge("peerset.connections", "Connections holding a slot (dialling, handshaking or connected)",
                NodeStatus::outbound, "direction", "outbound");
        gauge("peerset.connections", "Connections holding a slot (dialling, handshaking or connected)",
                NodeStatus::inbound, "direction", "inbound");
        String peers = "Peers in the peer set: ready for a request, with a request in flight, or not yet ready";
        gauge("peerset.peers", peers, s -> s.peerSet().ready(), "state", "ready");
        gauge("peerset.peers", peers, s -> s.peerSet().busy(), "state", "busy");
        gauge("peerset.peers", peers, s -> s.peerSet().checking(), "state", "checking");
        for (PeerAddrState state : PeerAddrState.values()) {
            gauge("peerset.address.book.records", "Address-book records by connection state",
                    s -> s.addressBook().getOrDefault(state, 0), "state", state.code());
        }
        gauge("peerset.requests.waiting", "Requests waiting for a ready peer",
                s -> s.peerSet().waitingRequests());
        gauge("peerset.minimum.peer.version", "The minimum peer protocol version in force",
                s -> s.peerSet().minimumVersion());
        handshakes("ok", NodeStatus::handshakesOk);
        handshakes("failed", NodeStatus::handshakesFailed);
        meters.add(FunctionCounter.builder("peerset.locator.version.mismatches", status,
                        cache -> cache.read(NodeStatus::locatorVersionMismatches))
                .description("getblocks/getheaders received with a version other than the negotiated one (accepted)")
                .register(registry));

        String added = "Peers that joined the peer set";
        addedOutbound = counter("peerset.peers.added", added, "direction", "outbound");
        addedInbound = counter("peerset.peers.added", added, "direction", "inbound");
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, counter("peerset.peers.rejected", "Peers offered to the peer set and refused",
                    "reason", tagValue(reason)));
        }
        for (RemovalReason reason : RemovalReason.values()) {
            removed.put(reason, counter("peerset.peers.removed", "Peers that left the peer set",
                    "reason", tagValue(reason)));
        }
        for (Routing routing : Routing.values()) {
            routed.put(routing, counter("peerset.requests.routed",
                    "Requests sent to one peer, by how the peer was chosen", "routing", tagValue(routing)));
        }
        broadcasts = counter("peerset.broadcasts", "Advertisements sent to several peers");
        String demand = "Times no peer was ready for a request: a demand signal sent to the dialer, or dropped (queue full)";
        demandSent = counter("peerset.demand.signals", demand, "outcome", "sent");
        demandDropped = counter("peerset.demand.signals", demand, "outcome", "dropped");
        expired = counter("peerset.requests.expired", "Requests that waited the ready timeout without a ready peer");
        notFound = counter("peerset.requests.not.found",
                "Single-item requests failed without contacting a peer: every ready peer reported the item missing");
        minimumVersionChanges = counter("peerset.minimum.version.changes", "Changes of the minimum peer version");
        String failures = "Failed dials and handshakes, by direction, step and reason";
        for (FailureReason reason : FailureReason.values()) {
            String tag = reason.code();
            for (String step : STEPS) {
                handshakeFailuresOutbound.put(tag + '/' + step, counter("peerset.handshake.failures", failures,
                        "direction", "outbound", "step", step, "reason", tag));
                if (!step.equals(CONNECT_STEP)) { // we never dial an inbound peer
                    handshakeFailuresInbound.put(tag + '/' + step, counter("peerset.handshake.failures", failures,
                            "direction", "inbound", "step", step, "reason", tag));
                }
            }
        }
        for (Class<?> kind : Request.class.getPermittedSubclasses()) {
            latencyOk.put(kind, timer(kind, "ok"));
            latencyFailed.put(kind, timer(kind, "failed"));
        }
        for (NodeEvent.DropReason reason : NodeEvent.DropReason.values()) {
            inboundDropped.put(reason, counter("peerset.inbound.dropped",
                    "Inbound connections closed before any handshake, by reason", "reason", tagValue(reason)));
        }
        for (PeerAddrState state : PeerAddrState.values()) {
            bookTransitions.put(state, counter("peerset.address.book.transitions",
                    "Address-book records created in or moved to a connection state", "to", state.code()));
        }
        for (NodeEvent.AddressRemovalCause cause : NodeEvent.AddressRemovalCause.values()) {
            bookRemovals.put(cause, counter("peerset.address.book.removals",
                    "Address-book records removed, by cause", "cause", tagValue(cause)));
        }
        bans = counter("peerset.bans", "IPs banned after their misbehaviour score reached the limit");
        evictions = counter("peerset.inbound.evicted", "Inbound peers disconnected to make room for a new connection");
        discouragements = counter("peerset.discouraged",
                "Addresses whose misbehaviour score reached discourage_score (no longer dialled or gossiped)");
        for (NodeEvent.DialReason reason : NodeEvent.DialReason.values()) {
            dialsChosen.put(reason, counter("peerset.dials", "Addresses chosen for a dial, by reason", "reason",
                    reason.code()));
        }
        for (NodeEvent.Action action : NodeEvent.Action.values()) {
            for (String outcome : List.of("done", "refused")) {
                operatorActions.put(action.code() + "/" + outcome, counter("peerset.operator.actions",
                        "An operator's commands, by action and outcome", "action", action.code(), "outcome", outcome));
            }
        }
        for (String command : TrafficCounter.COMMANDS) {
            traffic("peerset.messages", "Messages by command and direction (unknown commands: other)",
                    command, "received", t -> t.command(command).map(Traffic.Command::messagesReceived).orElse(0L));
            traffic("peerset.messages", "Messages by command and direction (unknown commands: other)",
                    command, "sent", t -> t.command(command).map(Traffic.Command::messagesSent).orElse(0L));
            traffic("peerset.message.bytes", "Bytes of whole frames (header included) by command and direction",
                    command, "received", t -> t.command(command).map(Traffic.Command::bytesReceived).orElse(0L));
            traffic("peerset.message.bytes", "Bytes of whole frames (header included) by command and direction",
                    command, "sent", t -> t.command(command).map(Traffic.Command::bytesSent).orElse(0L));
        }
    }

    /**
     * The dispatch over the node's events. Runs on I/O, timer and address-book threads: increments
     * one pre-registered counter, nothing else.
     *
     * @return false for an event kind it does not know (a bug: {@code EventDispatchTest} checks that
     *         every permitted subtype of {@link NodeEvent} is handled)
     */
    boolean onNodeEvent(NodeEvent event) {
        if (event instanceof NodeEvent.HandshakeFailed f) {
            Counter c = (f.inbound() ? handshakeFailuresInbound : handshakeFailuresOutbound)
                    .get(f.reason().code() + '/' + f.step().map(NodeMetrics::tagValue).orElse(UNKNOWN_STEP));
            if (c != null) { // an inbound "connect" step cannot happen; a foreign event with one is not counted
                c.increment();
            }
        } else if (event instanceof NodeEvent.InboundDropped d) {
            inboundDropped.get(d.reason()).increment();
        } else if (event instanceof NodeEvent.AddressStateChanged c) {
            bookTransitions.get(c.current()).increment();
        } else if (event instanceof NodeEvent.AddressRemoved r) {
            bookRemovals.get(r.cause()).increment();
        } else if (event instanceof NodeEvent.IpBanned) {
            bans.increment();
        } else if (event instanceof NodeEvent.InboundEvicted) {
            evictions.increment();
        } else if (event instanceof NodeEvent.AddressDiscouraged) {
            discouragements.increment();
        } else if (event instanceof NodeEvent.DialChosen d) {
            dialsChosen.get(d.reason()).increment();
        } else if (event instanceof NodeEvent.ControlAction a) {
            operatorActions.get(a.action().code() + (a.refused() ? "/refused" : "/done")).increment();
        } else {
            return false;
        }
        return true;
    }

    /**
     * Registers the node's meters in {@code registry} and starts counting its peer set's events from
     * now on. To count every event from the node's first candidate on, use {@link #create} with the
     * node builder's listeners instead.
     *
     * @param node     a running node
     * @param registry where the meters go
     * @return the binding: {@link #close()} removes the listener and every meter it registered
     */
    public static NodeMetrics bind(PeerSetNode node, MeterRegistry registry) {
        return bind(node, registry, System::nanoTime);
    }

    /** As {@link #bind(PeerSetNode, MeterRegistry)}, with the status cache's clock (tests). */
    static NodeMetrics bind(PeerSetNode node, MeterRegistry registry, LongSupplier nanoTime) {
        requireNonNull(node, "node");
        NodeMetrics metrics = create(registry, nanoTime);
        node.addListener(metrics.listener);
        node.addNodeListener(metrics.nodeListener);
        metrics.attach(node);
        return metrics;
    }

    /**
     * Registers a node's meters in {@code registry} before the node exists: register
     * {@link #listener()} and {@link #nodeListener()} with the node builder (so that they count every
     * event from the first candidate on), start the node, then {@link #attach} it (the status gauges
     * read NaN until then).
     *
     * @param registry where the meters go
     * @return the binding: {@link #close()} removes every meter it registered (and the listeners from
     *         the attached node)
     */
    public static NodeMetrics create(MeterRegistry registry) {
        return create(registry, System::nanoTime);
    }

    static NodeMetrics create(MeterRegistry registry, LongSupplier nanoTime) {
        requireNonNull(registry, "registry");
        requireNonNull(nanoTime, "nanoTime");
        return new NodeMetrics(registry, nanoTime);
    }

    /** @return counts the peer set's events: register it with the node (builder) */
    public PeerSetListener listener() {
        return listener;
    }

    /** @return counts the node's events: register it with the node (builder) */
    public Consumer<NodeEvent> nodeListener() {
        return nodeListener;
    }

    /**
     * @param running the node whose status and traffic the gauges read (once)
     * @throws IllegalStateException if a node is attached already
     */
    public void attach(PeerSetNode running) {
        requireNonNull(running, "running");
        synchronized (this) {
            if (node != null) {
                throw new IllegalStateException("metrics: a node is attached already");
            }
            node = running;
        }
    }

    /**
     * The tag value of a reason, cause, state, step or routing: its code, e.g.
     * {@code PER_IP_LIMIT} → {@code per-ip-limit}.
     *
     * @param value a coded value
     * @return its tag value
     */
    static String tagValue(Coded value) {
        return value.code();
    }

    /** Removes the listener and every meter this binding registered. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        PeerSetNode n = node;
        if (n != null) {
            n.removeListener(listener);
            n.removeNodeListener(nodeListener);
        }
        meters.forEach(registry::remove);
        // registries without native histograms add a gauge per latency bucket beside each timer
        registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("peerset.request.latency"))
                .toList().forEach(registry::remove);
    }

    /**
     * The dispatch over the peer set's events. Runs on the peer set's loop: increments one
     * pre-registered counter, nothing else.
     *
     * @return false for an event kind it does not know (a bug: {@code EventDispatchTest} checks that
     *         every permitted subtype of {@link PeerSetEvent} is handled)
     */
    boolean onEvent(PeerSetEvent event) {
        if (event instanceof PeerAdded e) {
            (e.inbound() ? addedInbound : addedOutbound).increment();
        } else if (event instanceof PeerRejected e) {
            rejected.get(e.reason()).increment();
        } else if (event instanceof PeerRemoved e) {
            removed.get(e.reason()).increment();
        } else if (event instanceof Routed e) {
            routed.get(e.routing()).increment();
        } else if (event instanceof Broadcast) {
            broadcasts.increment();
        } else if (event instanceof DemandSignalled e) {
            (e.dropped() ? demandDropped : demandSent).increment();
        } else if (event instanceof RequestExpired) {
            expired.increment();
        } else if (event instanceof NotFoundInRegistry) {
            notFound.increment();
        } else if (event instanceof MinimumVersionChanged) {
            minimumVersionChanges.increment();
        } else if (event instanceof PeerSetEvent.Answered a) {
            io.micrometer.core.instrument.Timer t = (a.ok() ? latencyOk : latencyFailed).get(a.request().getClass());
            if (t != null) {
                t.record(a.latency());
            }
        } else {
            return false;
        }
        return true;
    }

    private void gauge(String name, String description, ToDoubleFunction<NodeStatus> value, String... tags) {
        meters.add(Gauge.builder(name, status, cache -> cache.read(value))
                .description(description).tags(tags).strongReference(true).register(registry));
    }

    private void traffic(String name, String description, String command, String direction,
                         ToDoubleFunction<Traffic> value) {
        meters.add(FunctionCounter.builder(name, traffic, cache -> cache.read(value))
                .description(description).tags("command", command, "direction", direction).register(registry));
    }

    private void handshakes(String outcome, ToDoubleFunction<NodeStatus> value) {
        meters.add(FunctionCounter.builder("peerset.handshakes", status, cache -> cache.read(value))
                .description("Handshakes since the node started, both directions (failed includes failed dials)")
                .tags("outcome", outcome).register(registry));
    }

    private io.micrometer.core.instrument.Timer timer(Class<?> kind, String outcome) {
        io.micrometer.core.instrument.Timer timer = io.micrometer.core.instrument.Timer.builder("peerset.request.latency")
                .description("Time from handing a request to a peer to its answer, by request kind and outcome")
                .tags("kind", requestKind(kind), "outcome", outcome).serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        meters.add(timer);
        return timer;
    }

    /**
     * @param kind a {@code Request} record class, e.g. {@code BlocksByHash}
     * @return its tag value, in kebab-case like every code, e.g. {@code blocks-by-hash}
     */
    static String requestKind(Class<?> kind) {
        return kind.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private Counter counter(String name, String description, String... tags) {
        Counter counter = Counter.builder(name).description(description).tags(tags).register(registry);
        meters.add(counter);
        return counter;
    }

    /**
     * One reading of the node (its status or its traffic), taken at most once per time-to-live.
     * Thread-safe (readers of the registry may be several threads); the sources do not block, so
     * holding the lock around them is cheap.
     *
     * @param <T> what is read
     */
    static final class SampleCache<T> {
        private final String what;
        private final Supplier<T> source;
        private final LongSupplier nanoTime;
        private final long ttlNanos;
        private T cached;
        private long readAt;
        private boolean sampled;
        private boolean warned;

        SampleCache(String what, Supplier<T> source, LongSupplier nanoTime, long ttlNanos) {
            this.what = what;
            this.source = source;
            this.nanoTime = nanoTime;
            this.ttlNanos = ttlNanos;
        }

        /** @return {@code value} of the cached reading, or NaN when the node could not give one */
        synchronized double read(ToDoubleFunction<T> value) {
            long now = nanoTime.getAsLong();
            if (!sampled || now - readAt >= ttlNanos) {
                sampled = true;
                readAt = now;
                try {
                    cached = source.get();
                } catch (RuntimeException e) {
                    // a closing node: "unknown" for this window rather than stale numbers, and one
                    // attempt per window rather than one per gauge
                    cached = null;
                    if (!warned) {
                        warned = true;
                        log.warn("cannot read the node's {} for metrics: {}", what, e.toString());
                    }
                }
            }
            return cached == null ? Double.NaN : value.applyAsDouble(cached);
        }
    }
}
