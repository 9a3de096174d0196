package io.peerset.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.ConnectionInfo;
import io.peerset.api.PeerException;
import io.peerset.api.spi.AddressChange;
import io.peerset.core.common.PeerObserver;
import io.peerset.testkit.doubles.FakeAddressBook;
import io.peerset.testkit.ScriptedPeer;
import io.peerset.wire.Hash32;
import io.peerset.wire.InventoryItem;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PeerServices;
import io.peerset.wire.VersionMessage;
import io.peerset.wire.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressBookObserverTest {

    @Test
    void livenessEventsBecomeAddressBookChangesAndEverythingReachesTheNextObserver() {
        FakeAddressBook book = new FakeAddressBook();
        List<String> heard = new ArrayList<>();
        PeerObserver next = new PeerObserver() {
            @Override
            public void connected(ConnectionInfo peer) {
                heard.add("connected");
            }

            @Override
            public void inventory(ConnectionInfo peer, List<InventoryItem> advertised, List<InventoryItem> missing) {
                heard.add("inventory");
            }
        };
        AddressBookObserver observer = new AddressBookObserver(book, next);
        PeerAddress remote = PeerAddress.parse("203.0.113.7:8233");
        PeerServices services = new PeerServices(5);
        VersionMessage v = ScriptedPeer.version(Network.MAINNET, 170_140, 9, services);
        ConnectionInfo info = new ConnectionInfo(remote, PeerAddress.parse("10.0.0.1:8233"), false, v, 170_140,
                Duration.ZERO);
        observer.connected(info);
        observer.pingSent(info);
        observer.responded(info, Duration.ofMillis(40));
        observer.failed(info, new PeerException.ConnectionClosed());
        observer.failed(info, new PeerException.Serialization(new WireFormatException("inv", "count", 24, "too many")));
        observer.inventory(info, List.of(new InventoryItem.Block(Hash32.ofInternal(new byte[32]))), List.of());
        assertThat(book.changes()).containsExactly(
                new AddressChange.UpdateConnected(remote, services, false, v.userAgent(), 170_140),
                new AddressChange.UpdatePingSent(remote),
                new AddressChange.UpdateResponded(remote, Duration.ofMillis(40)),
                AddressChange.UpdateFailed.of(remote),
                AddressChange.UpdateFailed.of(remote, services));
        assertThat(heard).containsExactly("connected", "inventory");
    }

    @Test
    void theEndOfAnInboundConnectionIsMarkedInboundWhateverItsError() {
        // issue 14 §6: the book drops an inbound peer's ephemeral record with its connection
        FakeAddressBook book = new FakeAddressBook();
        AddressBookObserver observer = new AddressBookObserver(book, PeerObserver.NONE);
        PeerAddress ephemeral = PeerAddress.parse("203.0.113.7:40123");
        ConnectionInfo info = new ConnectionInfo(ephemeral, PeerAddress.parse("10.0.0.1:8233"), true,
                ScriptedPeer.version(Network.MAINNET, 170_140, 9, PeerServices.NETWORK), 170_140, Duration.ZERO);
        observer.failed(info, new PeerException.ConnectionClosed());
        observer.failed(info, new PeerException.Serialization(new WireFormatException("inv", "count", 24, "too many")));
        assertThat(book.changes()).containsExactly(AddressChange.UpdateFailed.ofInbound(ephemeral),
                AddressChange.UpdateFailed.ofInbound(ephemeral));
    }
}
