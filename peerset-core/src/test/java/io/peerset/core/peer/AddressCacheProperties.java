package io.peerset.core.peer;

import static io.peerset.core.peer.PeerRequestsTest.addresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.peerset.api.PeerSetConstants;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.inmemory.VirtualScheduler;
import io.peerset.wire.AddrMessage;
import io.peerset.wire.AddressEntry;
import io.peerset.wire.GetAddrMessage;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Properties of the per-connection address cache (reference sections 6.7 and 8, #11; Zebra's
 * {@code cache_is_updated_correctly}): the cache never holds more than 1,000 entries, a
 * {@code Peers} answer never has more than 37, and no address is invented or handed out twice.
 */
class AddressCacheProperties {

    private static int serial;

    /** {@code count} distinct entries never seen before. */
    private static List<AddressEntry> fresh(int count) {
        List<AddressEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = serial++;
            entries.add(new AddressEntry(VirtualScheduler.DEFAULT_START, PeerServices.NETWORK,
                    PeerAddress.of(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n}, 8233)));
        }
        return entries;
    }

    /**
     * Operations: {@code -1} takes, {@code 0..1000} adds that many unsolicited entries,
     * {@code 1001..2001} answers a getaddr with {@code op - 1001} entries.
     */
    @Test
    void cacheNeverExceedsItsCapacityAndAnswersNeverExceed37() {
        qt().withExamples(300).forAll(lists().of(integers().between(-1, 2001)).ofSizeBetween(1, 25), integers().all())
                .checkAssert((ops, seed) -> {
                    AddressCache cache = new AddressCache(new SplittableRandom(seed));
                    Set<AddressEntry> known = new HashSet<>();
                    Set<AddressEntry> handedOut = new HashSet<>();
                    for (int op : ops) {
                        int before = cache.size();
                        if (op < 0) {
                            List<AddressEntry> taken = cache.take(PeerSetConstants.PEER_ADDR_RESPONSE_LIMIT);
                            assertThat(taken).hasSize(Math.min(37, before));
                            check(taken, known, handedOut);
                            assertThat(cache.size()).isEqualTo(before - taken.size());
                        } else if (op <= 1000) {
                            List<AddressEntry> added = fresh(op);
                            known.addAll(added);
                            cache.addAll(added);
                            assertThat(cache.size()).isEqualTo(Math.min(1000, before + op));
                        } else {
                            List<AddressEntry> received = fresh(op - 1001);
                            known.addAll(received);
                            List<AddressEntry> taken = cache.takeWith(received, PeerSetConstants.PEER_ADDR_RESPONSE_LIMIT);
                            int total = before + received.size();
                            assertThat(taken).hasSize(Math.min(37, total));
                            check(taken, known, handedOut);
                            assertThat(cache.size()).isEqualTo(Math.min(1000, total - taken.size()));
                        }
                        assertThat(cache.size()).isBetween(0, PeerSetConstants.MAX_CONNECTION_ADDRESS_CACHE);
                    }
                });
    }

    private static void check(List<AddressEntry> taken, Set<AddressEntry> known, Set<AddressEntry> handedOut) {
        assertThat(taken.size()).isLessThanOrEqualTo(PeerSetConstants.PEER_ADDR_RESPONSE_LIMIT);
        assertThat(known).containsAll(taken);
        for (AddressEntry entry : taken) {
            assertThat(handedOut.add(entry)).as("handed out twice: %s", entry).isTrue();
        }
    }

    /** The same through a real connection: unsolicited addr, then Peers requests answered from the cache or a getaddr. */
    @Test
    void connectionAnswersPeersFromItsCacheWithinTheLimits() {
        qt().withExamples(25).forAll(integers().between(0, 1000), integers().between(0, 1000))
                .checkAssert((unsolicited, answered) -> {
                    PeerHarness h = new PeerHarness();
                    PeerHarness.Peer peer = h.connect();
                    if (unsolicited > 0) {
                        peer.remote().send(new AddrMessage(addresses(unsolicited, 11)));
                    }
                    h.scheduler.runUntilIdle();
                    int cached = unsolicited;
                    int handedOut = 0;
                    for (int round = 0; round < 3; round++) {
                        var response = peer.client().call(new Request.Peers());
                        h.scheduler.runUntilIdle();
                        boolean asked = peer.remote().poll(GetAddrMessage.class).isPresent();
                        assertThat(asked).isEqualTo(cached == 0);
                        if (asked) {
                            peer.remote().send(new AddrMessage(addresses(answered, 12)));
                            h.scheduler.runUntilIdle();
                            cached = answered;
                        }
                        List<AddressEntry> got = response.join().addresses();
                        assertThat(got).hasSize(Math.min(37, cached));
                        cached = Math.min(1000, cached - got.size());
                        handedOut += got.size();
                    }
                    assertThat(handedOut).isLessThanOrEqualTo(3 * 37);
                    assertThat(peer.client().error()).isEmpty();
                });
    }
}
