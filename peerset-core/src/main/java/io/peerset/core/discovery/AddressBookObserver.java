package io.peerset.core.discovery;

import static java.util.Objects.requireNonNull;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerException;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressChange;
import io.peerset.core.common.ForwardingPeerObserver;
import io.peerset.core.common.PeerObserver;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the connections' liveness events into address-book changes (reference sections 4.3, 6.4,
 * 6.10, 4.12): a handshake is {@code UpdateConnected} (services, direction, user agent and version
 * of the remote's {@code version}), a heartbeat ping {@code UpdatePingSent}, its pong
 * {@code UpdateResponded}, the end of a connection {@code UpdateFailed} — with the handshake's
 * services when the connection ended on a decode error, so the record keeps them, as upstream; for
 * an inbound connection {@link AddressChange.UpdateFailed#ofInbound}, so the book drops the
 * record of its ephemeral address instead of keeping it as failed (unlike upstream, Appendix A.4).
 * Inventory events go to {@code next} (the peer set's registry); liveness events go to it too.
 *
 * <p>Thread-safe: it only submits to the book, which never blocks.
 */
public final class AddressBookObserver extends ForwardingPeerObserver {

    private static final Logger log = LoggerFactory.getLogger(AddressBookObserver.class);

    private final AddressBook book;

    /**
     * @param book the address book
     * @param next hears every event afterwards (e.g. {@code peerSet.observer()}); {@link PeerObserver#NONE} for none
     */
    public AddressBookObserver(AddressBook book, PeerObserver next) {
        super(next);
        this.book = requireNonNull(book, "book");
    }

    @Override
    public void connected(ConnectionInfo peer) {
        submit(new AddressChange.UpdateConnected(peer.remoteAddress(), peer.remoteVersion().services(), peer.inbound(),
                peer.remoteVersion().userAgent(), peer.negotiatedVersion()));
        super.connected(peer);
    }

    @Override
    public void pingSent(ConnectionInfo peer) {
        submit(new AddressChange.UpdatePingSent(peer.remoteAddress()));
        super.pingSent(peer);
    }

    @Override
    public void responded(ConnectionInfo peer, Duration rtt) {
        submit(new AddressChange.UpdateResponded(peer.remoteAddress(), rtt));
        super.responded(peer, rtt);
    }

    @Override
    public void failed(ConnectionInfo peer, PeerException error) {
        // an inbound peer's record is its ephemeral address: the book drops it with the connection
        submit(peer.inbound() ? AddressChange.UpdateFailed.ofInbound(peer.remoteAddress())
                : error instanceof PeerException.Serialization
                ? AddressChange.UpdateFailed.of(peer.remoteAddress(), peer.remoteVersion().services())
                : AddressChange.UpdateFailed.of(peer.remoteAddress()));
        super.failed(peer, error);
    }

    private void submit(AddressChange change) {
        if (!book.submit(change)) {
            log.debug("address book: change dropped (queue full or closed): {}", change.getClass().getSimpleName());
        }
    }
}
