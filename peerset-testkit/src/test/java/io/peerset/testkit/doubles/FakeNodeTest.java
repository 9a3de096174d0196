package io.peerset.testkit.doubles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.NodeEvent;
import io.peerset.api.PeerSetEvent;
import io.peerset.api.PeerSetListener;
import io.peerset.api.PeerSetStatus;
import io.peerset.wire.PeerAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FakeNodeTest {

    private static final PeerAddress A = PeerAddress.parse("203.0.113.1:8233");

    @Test
    void statusIsWhatTheTestSetAndReadsAreCounted() {
        FakeNode node = new FakeNode();
        assertThat(node.localAddress()).isEqualTo(FakeNode.DEFAULT_ADDRESS);
        var status = FakeNode.status(3, 2, new PeerSetStatus(4, 1, 0, 5, 170_120, 9, 1), 7, 11, 13, 17, 23, 29);
        node.status(status);
        assertThat(node.status()).isEqualTo(status);
        node.failStatus(new IllegalStateException("closed"));
        assertThatThrownBy(node::status).hasMessage("closed");
        node.clearStatusFailure();
        assertThat(node.status()).isEqualTo(status);
        assertThat(node.statusReads()).hasValue(3);

        node.trafficCounter().received("ping", 32);
        assertThat(node.traffic()).isEqualTo(node.trafficCounter().snapshot());
        assertThat(node.trafficReads()).hasValue(1);
    }

    @Test
    void firesToItsListenersAndRunsNothing() {
        FakeNode node = new FakeNode(A);
        List<Object> seen = new ArrayList<>();
        PeerSetListener setListener = seen::add;
        Consumer<NodeEvent> nodeListener = seen::add;
        node.addListener(setListener);
        node.addNodeListener(nodeListener);
        PeerSetEvent added = new PeerSetEvent.PeerAdded(A, true, 170_120);
        NodeEvent dropped = new NodeEvent.InboundDropped(A, NodeEvent.DropReason.BANNED);
        node.fire(added);
        node.fire(dropped);
        assertThat(seen).containsExactly(added, dropped);
        node.removeListener(setListener);
        node.removeNodeListener(nodeListener);
        assertThat(node.listeners()).isEmpty();
        assertThat(node.nodeListeners()).isEmpty();

        assertThatThrownBy(node::peerSet).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(node::addressBook).isInstanceOf(UnsupportedOperationException.class);
        assertThat(node.closeFuture()).isNotDone();
        node.close();
        assertThat(node.closeFuture()).isCompleted();
    }
}
