package io.peerset.testkit.doubles;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.peerset.api.PeerException;
import io.peerset.api.Request;
import io.peerset.api.Response;
import io.peerset.api.TransactionId;
import io.peerset.wire.Bytes;
import io.peerset.wire.Hash32;
import io.peerset.wire.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class FakePeerProperties {

    /** A version-1 transaction with no inputs and no outputs: the smallest one the codec parses. */
    private static final Transaction TX = Transaction.parse(Bytes.fromHex("01000000" + "00" + "00" + "00000000"));

    private static Hash32 hash(long n) {
        byte[] b = new byte[32];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (n >>> (8 * i));
        }
        return Hash32.ofInternal(b);
    }

    /** One request of every kind, its fields drawn from {@code n}. */
    private static List<Request<?>> everyKind(long n) {
        Hash32 h = hash(n);
        return List.of(new Request.Peers(), new Request.Ping(n), new Request.BlocksByHash(Set.of(h)),
                new Request.TransactionsById(Set.of(new TransactionId.Legacy(h))), new Request.FindBlocks(List.of(h), Hash32.ZERO),
                new Request.FindHeaders(List.of(h), Hash32.ZERO), new Request.PushTransaction(TX),
                new Request.AdvertiseTransactionIds(Set.of(new TransactionId.Legacy(h))), new Request.AdvertiseBlock(h),
                new Request.AdvertiseBlockToAll(h), new Request.MempoolTransactionIds());
    }

    private static Gen<Request<?>> requests() {
        return longs().all().zip(integers().between(0, everyKind(0).size() - 1), (n, k) -> everyKind(n).get(k));
    }

    @Test
    void theSampleHoldsEveryKindOfRequest() {
        Set<Class<?>> kinds = new HashSet<>(Arrays.asList(Request.class.getPermittedSubclasses()));
        org.assertj.core.api.Assertions.assertThat(everyKind(1).stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(kinds);
    }

    @Test
    void theEmptyAnswerIsOfTheRequestsResponseType() {
        qt().forAll(requests()).checkAssert(request -> {
            Response empty = FakePeer.empty(request);
            if (!request.responseType().isInstance(empty)) {
                throw new AssertionError(request + " answered " + empty);
            }
        });
    }

    /**
     * Whatever the test does — call, answer, fail, switch between holding and answering at once —
     * the peer never has two requests in flight: a call while one is held is refused and recorded as
     * a violation, and every accepted call is answered exactly once.
     */
    @Test
    void neverAcceptsASecondRequestInFlight() {
        qt().forAll(lists().of(integers().between(0, 4)).ofSizeBetween(1, 40), requests()).checkAssert((steps, request) -> {
            FakePeer peer = FakePeer.holding("203.0.113.9:8233");
            List<CompletableFuture<?>> accepted = new ArrayList<>();
            int refused = 0;
            for (int step : steps) {
                switch (step) {
                    case 0, 1 -> {
                        boolean held = peer.hasInFlight();
                        try {
                            accepted.add(peer.call(request));
                            if (held) {
                                throw new AssertionError("a second request was accepted: " + steps);
                            }
                        } catch (IllegalStateException e) {
                            if (!held) {
                                throw new AssertionError("refused with nothing in flight: " + steps, e);
                            }
                            refused++;
                        }
                    }
                    case 2 -> {
                        if (peer.hasInFlight()) {
                            peer.answer();
                        }
                    }
                    case 3 -> {
                        if (peer.hasInFlight()) {
                            peer.fail(new PeerException.ConnectionClosed(new java.io.IOException("test")));
                        }
                    }
                    default -> {
                        if (peer.hasInFlight()) {
                            peer.answer();
                        }
                        if (accepted.size() % 2 == 0) {
                            peer.respondWith(FakePeer::empty);
                        } else {
                            peer.hold();
                        }
                    }
                }
                if (peer.isReady() == peer.hasInFlight()) {
                    throw new AssertionError("ready while busy, or busy while ready: " + steps);
                }
            }
            long pending = accepted.stream().filter(f -> !f.isDone()).count();
            if (pending != (peer.hasInFlight() ? 1 : 0)) {
                throw new AssertionError(pending + " pending futures, in flight: " + peer.hasInFlight());
            }
            if (peer.violations().size() != refused || peer.received().size() != accepted.size() + refused) {
                throw new AssertionError("violations " + peer.violations() + ", refused " + refused);
            }
        });
    }

    @Test
    void everyRecordedRequestIsKeptInOrder() {
        qt().forAll(lists().of(requests()).ofSizeBetween(0, 30)).checkAssert(rs -> {
            FakePeer peer = FakePeer.answering("203.0.113.9:8233");
            rs.forEach(peer::call);
            if (!peer.received().equals(rs) || !peer.violations().isEmpty()) {
                throw new AssertionError(peer.received() + " / " + peer.violations());
            }
        });
    }

}
