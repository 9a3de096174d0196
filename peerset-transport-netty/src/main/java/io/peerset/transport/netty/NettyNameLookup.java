package io.peerset.transport.netty;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link NameLookup} on Netty's asynchronous DNS client ({@link DnsNameResolver}), with an event
 * loop of its own: one NIO thread (a daemon named {@value NettyTransportConstants#DNS_THREAD_NAME_PREFIX}),
 * shared by every name. NIO rather than epoll: a few datagrams per start-up gain nothing from the
 * native transport, and NIO needs no native module.
 *
 * <p>Each name is asked for its A and AAAA records at once and yields both families. The server
 * is the configured one if any, else the system's ({@code /etc/resolv.conf} on Unix, with its
 * search domains and {@code ndots}); {@code /etc/hosts} is consulted first, as the system resolver
 * does. Nothing is cached: every seeding round asks the server again, since a seeder answers each
 * query with a fresh sample of peers, and a cached failure would defeat the retry of reference
 * section 3.2 (caching is the upstream resolver's job).
 *
 * <p>Thread-safe. The constructor creates the event loop but starts no thread and reads no file;
 * the resolver (which reads the system's resolver configuration) is built on the loop's thread on
 * first use. {@link #resolve} never blocks; {@link #close()} shuts the loop down without waiting.
 */
final class NettyNameLookup implements NameLookup {

    private final Optional<InetSocketAddress> server;
    private final Duration queryTimeout;
    private final EventLoopGroup group;
    private final EventLoop loop;

    /** Built on first use, on the loop's thread; only touched there. */
    private DnsNameResolver resolver;

    /** Set on the loop's thread by {@link #close()}; only touched there. */
    private boolean closed;

    /**
     * @param server       the DNS server to ask; empty = the system's configuration
     * @param queryTimeout how long one DNS query may wait for its answer
     */
    NettyNameLookup(Optional<InetSocketAddress> server, Duration queryTimeout) {
        this.server = requireNonNull(server, "server");
        this.queryTimeout = requireNonNull(queryTimeout, "queryTimeout");
        // A daemon thread: a source the application forgot to close must not keep the JVM alive.
        this.group = new MultiThreadIoEventLoopGroup(NettyTransportConstants.DNS_IO_THREADS,
                new DefaultThreadFactory(NettyTransportConstants.DNS_THREAD_NAME_PREFIX, true),
                NioIoHandler.newFactory());
        this.loop = group.next();
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        requireNonNull(host, "host");
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        try {
            loop.execute(() -> start(host, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the DNS resolver is closed", e));
        }
        return result;
    }

    /** On the loop: sends the queries and ties Netty's future to {@code result}, both ways. */
    private void start(String host, CompletableFuture<List<InetAddress>> result) {
        if (result.isDone()) {
            return; // cancelled (timed out) before the loop got to it
        }
        if (closed) {
            result.completeExceptionally(new IllegalStateException("the DNS resolver is closed"));
            return;
        }
        Future<List<InetAddress>> query;
        try {
            query = resolver().resolveAll(host);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        query.addListener(done -> {
            if (done.isSuccess()) {
                result.complete(List.copyOf(query.getNow()));
            } else {
                result.completeExceptionally(done.cause());
            }
        });
        result.whenComplete((addresses, failure) -> {
            if (result.isCancelled()) {
                query.cancel(false);
            }
        });
    }

    private DnsNameResolver resolver() {
        if (resolver == null) {
            DnsServerAddressStreamProvider servers = server
                    .<DnsServerAddressStreamProvider>map(SingletonDnsServerAddressStreamProvider::new)
                    .orElseGet(DnsServerAddressStreamProviders::platformDefault);
            resolver = new DnsNameResolverBuilder(loop)
                    .datagramChannelType(NioDatagramChannel.class)
                    // Truncated answers (a seeder returning many addresses) are asked again over TCP.
                    .socketChannelType(NioSocketChannel.class)
                    .nameServerProvider(servers)
                    .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                    .queryTimeoutMillis(Math.max(1, queryTimeout.toMillis()))
                    .maxQueriesPerResolve(NettyTransportConstants.DNS_MAX_QUERIES_PER_RESOLVE)
                    .resolveCache(NoopDnsCache.INSTANCE)
                    .cnameCache(NoopDnsCnameCache.INSTANCE)
                    .build();
        }
        return resolver;
    }

    @Override
    public void close() {
        try {
            loop.execute(() -> {
                closed = true;
                if (resolver != null) {
                    resolver.close();
                }
            });
        } catch (RejectedExecutionException e) {
            return; // already closed
        }
        group.shutdownGracefully(0, NettyTransportConstants.EVENT_LOOP_SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return a future that completes when the loop's thread has ended (for tests) */
    Future<?> terminationFuture() {
        return group.terminationFuture();
    }
}
