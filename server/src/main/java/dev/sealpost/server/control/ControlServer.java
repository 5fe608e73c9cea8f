package dev.sealpost.server.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local control channel of a running server ({@code sealpost queue hold}, {@code retry}, ...): a
 * Unix domain socket in the data directory, mode 0600, so only the server's own user can use it; no
 * network exposure and no password. One request line per connection (at most {@value #MAX_LINE}
 * octets, {@value #TIMEOUT_SECONDS} s to send it), one reply: {@code ok TEXT} (further lines may
 * follow, e.g. metrics) or {@code error TEXT} on one line. Served on virtual threads, never on the event
 * loops; a command may take as long as it needs (an ACME renewal waits for the CA).
 */
public final class ControlServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
  static final int MAX_LINE = 1024;
  static final int TIMEOUT_SECONDS = 5;

  private final Path path;
  private final ServerSocketChannel server;
  private final Map<String, ControlCommand> commands;
  private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
      Thread.ofVirtual().name("sealpost-control-deadline").factory());
  private final Thread acceptor;

  private ControlServer(Path path, ServerSocketChannel server, List<ControlCommand> commands) {
    this.path = path;
    this.server = server;
    this.commands = commands.stream().collect(Collectors.toUnmodifiableMap(ControlCommand::name, Function.identity()));
    this.acceptor = Thread.ofVirtual().name("sealpost-control").start(this::accept);
  }

  /** Listens at {@code path} (a stale socket file from a crash is replaced), mode 0600. */
  public static ControlServer start(Path path, List<ControlCommand> commands) throws IOException {
    Files.deleteIfExists(path); // the data-dir lock is held: a socket file here is a dead server's
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(path));
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return new ControlServer(path, server, commands);
  }

  public Path path() {
    return path;
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        Thread.ofVirtual().name("sealpost-control-request").start(() -> serve(client));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.warn("event=control-accept-failed error=\"{}\"", e.toString());
      }
    }
  }

  private void serve(SocketChannel client) {
    var deadline = deadlines.schedule(() -> closeQuietly(client), TIMEOUT_SECONDS, TimeUnit.SECONDS);
    try (client) {
      String reply;
      String line = readLine(client);
      // The deadline bounds a slow or silent client, not the command: an ACME renewal takes seconds.
      deadline.cancel(false);
      reply = line == null ? "error request line missing, too long (over " + MAX_LINE + " octets) or too slow"
          : handle(line);
      client.write(ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      LOG.debug("event=control-request-failed error=\"{}\"", e.toString());
    } finally {
      deadline.cancel(false);
    }
  }

  /** The line without its LF, or null when none came within the limits. */
  private static String readLine(SocketChannel client) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE + 1);
    while (buffer.hasRemaining()) {
      int n;
      try {
        n = client.read(buffer);
      } catch (ClosedChannelException e) {
        return null; // the deadline closed it
      }
      if (n < 0) {
        break;
      }
      for (int i = buffer.position() - n; i < buffer.position(); i++) {
        if (buffer.get(i) == '\n') {
          return new String(buffer.array(), 0, i, StandardCharsets.UTF_8).strip();
        }
      }
    }
    return null;
  }

  String handle(String line) {
    List<String> words = Arrays.stream(line.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    if (words.isEmpty() || words.stream().anyMatch(w -> w.chars().anyMatch(c -> c < 32 || c == 127))) {
      return "error empty or malformed request";
    }
    ControlCommand command = commands.get(words.getFirst());
    if (command == null) {
      return "error unknown command '" + words.getFirst() + "'; known: "
          + commands.keySet().stream().sorted().collect(Collectors.joining(", "));
    }
    try {
      String result = command.run(words.subList(1, words.size()));
      LOG.info("event=control-request command={} args=\"{}\" result=ok", command.name(),
          String.join(" ", words.subList(1, words.size())));
      return "ok " + result; // further lines (metrics, status) follow the first
    } catch (ControlException e) {
      return "error " + e.getMessage().replace('\n', ' ');
    } catch (Exception e) {
      LOG.error("event=control-request-failed command={} error=\"{}\"", command.name(), e.toString());
      return "error " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ');
    }
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    deadlines.shutdownNow();
    acceptor.interrupt();
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("event=control-socket-not-removed path={} error=\"{}\"", path, e.toString());
    }
  }
}
