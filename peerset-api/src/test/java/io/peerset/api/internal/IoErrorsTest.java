package io.peerset.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.PeerSetException;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class IoErrorsTest {

    @Test
    void reasonsLeaveThePathToTheCaller() {
        assertThat(IoErrors.reason(new NoSuchFileException("/x/y"))).isEqualTo("no such file or directory");
        assertThat(IoErrors.reason(new AccessDeniedException("/x/y"))).isEqualTo("permission denied");
        assertThat(IoErrors.reason(new FileSystemException("/x/y", null, "Is a directory"))).isEqualTo("Is a directory");
        assertThat(IoErrors.reason(new IOException("Is a directory"))).isEqualTo("Is a directory");
    }

    @Test
    void aBusyPortIsRecognisedInEveryWording() {
        assertThat(IoErrors.addressInUse(new BindException("Address already in use"))).as("JDK").isTrue();
        assertThat(IoErrors.addressInUse(new PeerSetException("cannot listen on 127.0.0.1:8233: x",
                new IOException("bind(..) failed: Address already in use")))).as("epoll, as a cause").isTrue();
        assertThat(IoErrors.addressInUse(new PeerSetException("cannot listen on 127.0.0.1:8233: address already in"
                + " use (another process holds it; choose another listen address)"))).as("peerset").isTrue();
        assertThat(IoErrors.addressInUse(new BindException("Permission denied"))).isFalse();
    }
}
