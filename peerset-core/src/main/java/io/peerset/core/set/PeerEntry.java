package io.peerset.core.set;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerClient;
import io.peerset.wire.PeerAddress;
import java.time.Instant;

/**
 * One peer, as the loop sees it: <em>checking</em> ({@code readyIndex < 0}, not busy), <em>ready</em>
 * ({@code readyIndex >= 0}) or <em>busy</em>. Touched on the loop only.
 */
final class PeerEntry {
    final PeerClient client;
    final PeerAddress address;
    final long version;
    final PeakEwma ewma;
    /** When it joined the set (wall clock), for peer views. */
    final Instant added;
    /** Its place in {@link PeerIndex}'s ready array, or -1. */
    int readyIndex = -1;
    boolean busy;
    boolean removed;
    /** Block or header searches answered with nothing in a row (reference 5.9). */
    int stalls;

    PeerEntry(PeerClient client, ConnectionInfo info, PeakEwma ewma) {
        this(client, info, ewma, Instant.EPOCH);
    }

    PeerEntry(PeerClient client, ConnectionInfo info, PeakEwma ewma, Instant added) {
        this.added = added;
        this.client = client;
        this.address = info.remoteAddress();
        this.version = info.remoteVersion().version();
        this.ewma = ewma;
    }
}
