package io.peerset.transport.netty;

import io.peerset.api.PeerSetConstants;
import java.time.Duration;

/**
 * Every limit, size and timeout of the Netty transport, each with its reason (DESIGN.md section
 * 5.7). {@code NettyTransportConstantsTest} checks the relations between them.
 */
final class NettyTransportConstants {

    private NettyTransportConstants() {
    }

    /** The provider's name, used to select it in configuration. */
    static final String PROVIDER_NAME = "netty";

    /**
     * The provider's priority: the only production transport, so it wins over anything a test
     * module might also put on the module path with a lower rank (the testkit's in-memory one).
     */
    static final int PROVIDER_PRIORITY = 100;

    /**
     * Payloads at least this long are read into an array of their own and decoded with
     * {@link io.peerset.wire.FrameCodec#decodePayload(byte[])}: a block then shares that array
     * instead of being copied a second time out of the accumulation buffer. Below it the copy is
     * cheaper than a dedicated allocation. Equal to {@link #MAX_READ_BUFFER_SIZE}, so the
     * accumulation buffer never has to grow beyond one read plus one small frame.
     */
    static final int OWNED_PAYLOAD_THRESHOLD = 64 * 1024;

    /**
     * The owned payload array is allocated once 1/4 of the announced payload has arrived. Until
     * then the bytes accumulate as they come: a header alone (24 bytes announcing 2 MiB) must not
     * make us allocate 2 MiB, or 200 peers trickling bytes could pin 400 MiB. The price is one copy
     * of a quarter of the payload into the array.
     */
    static final int OWNED_PAYLOAD_START_DIVISOR = 4;

    /*
     * Timers: this transport is real-time only, so the two delays it needs (the forced close after
     * CLOSE_FLUSH_TIMEOUT, the accept retry after ACCEPT_RETRY_DELAY) run on the connection's own
     * event loop rather than on the injected Scheduler of DESIGN.md section 4: they bound socket
     * operations that only exist in real time, and never decide protocol behaviour.
     */

    /**
     * Smallest socket read buffer (Netty's adaptive allocator shrinks to it on quiet connections):
     * one frame header, so a ping still arrives in one read.
     */
    static final int MIN_READ_BUFFER_SIZE = 64;

    /** First socket read buffer: a {@code version} message and its header fit twice over. */
    static final int INITIAL_READ_BUFFER_SIZE = 2048;

    /**
     * Largest socket read buffer. One read is the most the transport takes from the socket beyond
     * the frame it is assembling, so this bounds the undecoded bytes a peer can park in our memory
     * while we have no demand (the rest stays in the kernel, held back by TCP flow control).
     */
    static final int MAX_READ_BUFFER_SIZE = 64 * 1024;

    /**
     * Bytes read from the socket beyond the handler's demand. Keeping one read pending between
     * messages avoids re-arming the socket's read interest around each message (two system calls
     * per message with AUTO_READ off); a peer that floods stops being read once this much waits
     * undecoded, so memory stays bounded and TCP flow control holds it back.
     */
    static final int READ_AHEAD_LIMIT = 64 * 1024;

    /**
     * Inbound connections Netty accepted beyond the one {@code Acceptor.accept()} asked for, kept
     * for the next calls. Netty may accept a few at once; a small bound keeps a connection storm
     * from queueing here (the core's listener enforces the inbound cap and pacing, reference
     * section 8, #2 and #4). Connections beyond it are closed at once.
     */
    static final int MAX_UNCLAIMED_INBOUND_CONNECTIONS = 8;

    /**
     * Pause before the listener accepts again after an accept failed (usually out of file
     * descriptors): the failure would repeat at once, and the core paces accepts itself anyway
     * (reference section 8, #4: 10 ms after a failed accept, 1 s after a successful one).
     */
    static final Duration ACCEPT_RETRY_DELAY = Duration.ofMillis(100);

    /**
     * How long {@code Connection.close} waits for the frames already sent to be written before it
     * closes anyway: the time to send any message ({@link PeerSetConstants#REQUEST_TIMEOUT},
     * reference section 6.5), after which a peer that takes no bytes would have been dropped while
     * open too.
     */
    static final Duration CLOSE_FLUSH_TIMEOUT = PeerSetConstants.REQUEST_TIMEOUT;

    /**
     * How long {@code Transport.close()} waits for its connections to finish their close (their
     * last frames flushed) before the event loops are shut down under them. Short: closing the
     * transport is how an application stops, and it blocks the caller.
     */
    static final Duration TRANSPORT_CLOSE_GRACE = Duration.ofSeconds(2);

    /** How long {@code Transport.close()} waits for the event-loop threads to end. */
    static final Duration EVENT_LOOP_SHUTDOWN_TIMEOUT = Duration.ofSeconds(3);

    /** Name prefix of the I/O threads, so thread dumps show whose they are. */
    static final String THREAD_NAME_PREFIX = "peerset-netty";

    /*
     * DNS seeding (reference section 3.2), DnsSeedCandidateSourceProvider. Its per-name timeout and
     * its retry pause are scheduled on the injected Scheduler (DESIGN.md section 4); only the
     * resolver's own per-query timeout runs on the resolver's event loop, as a bound on a socket
     * operation.
     */

    /** The DNS candidate source's provider name, used to select it in configuration. */
    static final String DNS_PROVIDER_NAME = "dns";

    /**
     * The DNS provider's rank among candidate sources: below the configured IP literals (100, no
     * I/O) and above the disk cache (0). All sources are asked at once, so the rank only orders the
     * logs.
     */
    static final int DNS_PROVIDER_PRIORITY = 50;

    /**
     * How long one seeder name may take to answer (A and AAAA together) before it counts as failed
     * for this round: reference section 3.2, so that one dead seeder cannot hold up start-up while
     * the others have answered. Not retried on its own: the whole set is retried when all fail.
     */
    static final Duration DNS_LOOKUP_TIMEOUT = PeerSetConstants.DNS_LOOKUP_TIMEOUT;

    /**
     * The pause before every seeder name is asked again when a round produced no address at all
     * (reference section 3.2: without an address the node cannot start, so it retries for as long
     * as it runs, but no faster than this, to spare the resolvers).
     */
    static final Duration DNS_RETRY_PAUSE = PeerSetConstants.DNS_LOOKUP_TIMEOUT;

    /**
     * The resolver's timeout for one DNS query is this fraction (in percent) of the lookup timeout:
     * shorter, so that a name whose A (or AAAA) query is never answered still yields the other
     * family's addresses before the lookup timeout discards the whole name. The margin (1 s in
     * production) also absorbs the resolver's set-up on first use.
     */
    static final int DNS_QUERY_TIMEOUT_PERCENT = 80;

    /**
     * The most queries the resolver sends for one name (the A and AAAA questions, CNAME hops, the
     * next server of the system's list after a failure). Netty's default of 16 is meant for
     * recursive resolution; a seeder name needs a few, and the lookup timeout bounds them anyway.
     */
    static final int DNS_MAX_QUERIES_PER_RESOLVE = 8;

    /**
     * Threads of the resolver's event loop: one. A seeding round sends two small datagrams per
     * name, a few times per start-up; more threads would only cost memory.
     */
    static final int DNS_IO_THREADS = 1;

    /** Name prefix of the resolver's thread, so thread dumps show whose it is. */
    static final String DNS_THREAD_NAME_PREFIX = "peerset-dns";
}
