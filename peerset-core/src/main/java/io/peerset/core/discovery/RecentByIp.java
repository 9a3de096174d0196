package io.peerset.core.discovery;

import io.peerset.api.Netgroups;
import io.peerset.api.PeerSetConstants;
import io.peerset.api.internal.Checks;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The listener's per-IP throttle (reference section 5.6, {@code RecentByIp}): at most
 * {@code maxPerIp} inbound attempts per IP within {@link PeerSetConstants#MIN_PEER_RECONNECTION_DELAY}
 * (119 s). Attempts older than the window are pruned on every call. Memory is bounded: at most
 * {@code maxTracked} attempts are remembered (the oldest forgotten first), so a flood from many
 * IPs cannot grow it; an IP whose attempts were forgotten early can only be let in sooner, never
 * kept out wrongly.
 *
 * <p>Not thread-safe: the listener loop owns it. Times are the injected clock's nanoseconds.
 */
public final class RecentByIp {

    private record Attempt(InetAddress ip, long at) {
    }

    private final int maxPerIp;
    private final int maxTracked;
    private final long windowNanos;
    private final ArrayDeque<Attempt> attempts = new ArrayDeque<>();
    private final Map<InetAddress, Integer> counts = new HashMap<>();

    /**
     * @param maxPerIp   attempts allowed per IP in the window ({@code max_connections_per_ip}), &gt; 0
     * @param maxTracked attempts remembered at most, &gt; 0
     */
    public RecentByIp(int maxPerIp, int maxTracked) {
        this(maxPerIp, maxTracked, PeerSetConstants.MIN_PEER_RECONNECTION_DELAY);
    }

    RecentByIp(int maxPerIp, int maxTracked, Duration window) {
        Checks.positive("maxPerIp", maxPerIp);
        Checks.positive("maxTracked", maxTracked);
        this.maxPerIp = maxPerIp;
        this.maxTracked = maxTracked;
        this.windowNanos = window.toNanos();
    }

    /**
     * @param remote the remote IP
     * @param now    the clock's nanoseconds
     * @return whether {@link #tryAttempt} would allow an attempt from {@code remote} now (nothing is recorded)
     */
    public boolean allows(InetAddress remote, long now) {
        prune(now);
        return counts.getOrDefault(Netgroups.host(remote), 0) < maxPerIp;
    }

    /**
     * Records an attempt from {@code remote} if it is allowed.
     *
     * @param remote the remote IP (canonical); an IPv6 address counts as its /64 ({@link Netgroups#host})
     * @param now    the clock's nanoseconds
     * @return whether the attempt is allowed (and was recorded)
     */
    public boolean tryAttempt(InetAddress remote, long now) {
        InetAddress ip = Netgroups.host(remote);
        prune(now);
        int n = counts.getOrDefault(ip, 0);
        if (n >= maxPerIp) {
            return false;
        }
        if (attempts.size() == maxTracked) {
            forget(attempts.poll());
        }
        attempts.add(new Attempt(ip, now));
        counts.put(ip, n + 1);
        return true;
    }

    /**
     * @param ip  an IP
     * @param now the clock's nanoseconds
     * @return attempts from {@code ip} within the window
     */
    public int attempts(InetAddress ip, long now) {
        prune(now);
        return counts.getOrDefault(ip, 0);
    }

    /** @return attempts remembered now, all IPs */
    public int tracked() {
        return attempts.size();
    }

    private void prune(long now) {
        while (!attempts.isEmpty() && now - attempts.peek().at() >= windowNanos) {
            forget(attempts.poll());
        }
    }

    private void forget(Attempt a) {
        counts.computeIfPresent(a.ip(), (ip, n) -> n <= 1 ? null : n - 1);
    }
}
