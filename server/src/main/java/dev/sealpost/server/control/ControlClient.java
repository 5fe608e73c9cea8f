package dev.sealpost.server.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/** The CLI's side of {@link ControlServer}: one request, one reply line. */
public final class ControlClient {

  private ControlClient() {}

  /** The reply line ("ok ..." or "error ..."), or empty when no server listens at {@code socket}. */
  public static Optional<String> request(Path socket, String line) throws IOException {
    if (!Files.exists(socket)) {
      return Optional.empty();
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (java.net.SocketException e) {
      return Optional.empty(); // a stale socket of a server that died: nobody answers
    }
    try (channel) {
      channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      while (channel.read(buffer) >= 0 && reply.size() < 65536) {
        buffer.flip();
        reply.write(buffer.array(), 0, buffer.limit());
        buffer.clear();
      }
      return Optional.of(reply.toString(StandardCharsets.UTF_8).strip());
    }
  }
}
