package io.peerset.transport.netty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link NameLookup} whose answers the test gives: every {@link #resolve} is recorded with a
 * pending future the test completes (or leaves pending, for a name that never answers). No I/O.
 */
final class ScriptedLookup implements NameLookup {

    /** One {@link #resolve} call. */
    record Query(String host, CompletableFuture<List<InetAddress>> answer) {
        void reply(String... ips) {
            List<InetAddress> addresses = new ArrayList<>();
            for (String ip : ips) {
                addresses.add(ip(ip));
            }
            answer.complete(addresses);
        }

        void fail(String why) {
            answer.completeExceptionally(new UnknownHostException(why));
        }
    }

    private final List<Query> queries = new ArrayList<>();
    private int closes;

    @Override
    public synchronized CompletableFuture<List<InetAddress>> resolve(String host) {
        Query query = new Query(host, new CompletableFuture<>());
        queries.add(query);
        return query.answer();
    }

    @Override
    public synchronized void close() {
        closes++;
    }

    synchronized List<Query> queries() {
        return List.copyOf(queries);
    }

    /** @return the latest query for {@code host} */
    synchronized Query last(String host) {
        for (int i = queries.size() - 1; i >= 0; i--) {
            if (queries.get(i).host().equals(host)) {
                return queries.get(i);
            }
        }
        throw new AssertionError("no query for " + host + " among " + queries);
    }

    synchronized int closes() {
        return closes;
    }

    /** @return the address of an IP literal (no lookup) */
    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }
}
