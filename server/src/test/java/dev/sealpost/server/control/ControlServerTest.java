package dev.sealpost.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket as a client sees it: permissions, limits, and replies for good and bad requests. */
class ControlServerTest {

  @TempDir Path dir;

  private static final ControlCommand ECHO = new ControlCommand() {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public String run(List<String> arguments) throws ControlException {
      if (arguments.isEmpty()) {
        throw new ControlException("nothing to echo");
      }
      return String.join(" ", arguments);
    }
  };

  private static String raw(Path socket, byte[] request) throws Exception {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket));
      c.write(ByteBuffer.wrap(request));
      ByteBuffer b = ByteBuffer.allocate(4096);
      StringBuilder out = new StringBuilder();
      while (c.read(b) >= 0) {
        b.flip();
        out.append(StandardCharsets.UTF_8.decode(b));
        b.clear();
      }
      return out.toString();
    } catch (java.io.IOException e) {
      return "closed: " + e.getMessage(); // the server may close while an oversized request is still sent
    }
  }

  @Test
  void onlyTheOwnerMayConnectAndAStaleSocketFileIsReplaced() throws Exception {
    Path socket = dir.resolve("control.sock");
    Files.writeString(socket, "left over by a crash");
    try (ControlServer server = ControlServer.start(socket, List.of(ECHO))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
      assertThat(ControlClient.request(socket, "echo hello  world")).contains("ok hello world");
    }
    assertThat(socket).doesNotExist();
    assertThat(ControlClient.request(socket, "echo again")).as("nobody listens").isEmpty();
  }

  @Test
  void unknownCommandsFailingCommandsAndControlCharactersGetAnErrorLine() throws Exception {
    Path socket = dir.resolve("control.sock");
    try (ControlServer server = ControlServer.start(socket, List.of(ECHO))) {
      assertThat(ControlClient.request(socket, "reboot now")).contains("error unknown command 'reboot'; known: echo");
      assertThat(ControlClient.request(socket, "echo")).contains("error nothing to echo");
      assertThat(raw(socket, "echo a\u0001b\n".getBytes(StandardCharsets.UTF_8)))
          .isEqualTo("error empty or malformed request\n");
    }
  }

  @Test
  void aRequestLineOverTheLimitIsRefusedWithoutBeingRead() throws Exception {
    Path socket = dir.resolve("control.sock");
    try (ControlServer server = ControlServer.start(socket, List.of(ECHO))) {
      String reply = raw(socket, ("echo " + "x".repeat(ControlServer.MAX_LINE) + "\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(reply).satisfiesAnyOf(r -> assertThat(r).startsWith("error request line missing, too long"),
          r -> assertThat(r).startsWith("closed:"));
      assertThat(reply).doesNotContain("ok ");
      assertThat(ControlClient.request(socket, "echo still serving")).contains("ok still serving");
    }
  }

  @Test
  void aClientThatSendsNothingIsCutOffAfterTheTimeout() throws Exception {
    Path socket = dir.resolve("control.sock");
    try (ControlServer server = ControlServer.start(socket, List.of(ECHO));
        SocketChannel idle = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      idle.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer b = ByteBuffer.allocate(256);
      StringBuilder reply = new StringBuilder();
      while (idle.read(b) >= 0) { // returns once the server gives up on the silent client
        b.flip();
        reply.append(StandardCharsets.UTF_8.decode(b));
        b.clear();
      }
      assertThat(reply.toString()).doesNotContain("ok");
    }
  }
}
