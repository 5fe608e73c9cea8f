package dev.sealpost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sealpost.server.DataDirLock;
import dev.sealpost.server.control.ControlClient;
import dev.sealpost.server.control.ControlException;
import dev.sealpost.server.control.QueueCommands;
import dev.sealpost.server.outbound.DeliveryState;
import dev.sealpost.server.outbound.OutboundQueue;
import dev.sealpost.server.outbound.RecipientOutcome;
import dev.sealpost.server.outbound.StoppedQueue;
import dev.sealpost.server.spool.EnvelopeRecipient;
import dev.sealpost.server.spool.QueueEntry;
import dev.sealpost.server.spool.QueueIds;
import dev.sealpost.server.spool.QueueInspector;
import dev.sealpost.server.spool.SpooledMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sealpost queue list|show|retry|hold|release|delete}. Reading works on the files at any time;
 * changes go through the running server's control socket, or, when no server runs, straight to the
 * files while this command holds the data directory's lock (so that none can start halfway).
 */
@Command(name = "queue", mixinStandardHelpOptions = true, description = "Inspect and manage the mail queue.",
    subcommands = {QueueCommand.ListQueue.class, QueueCommand.Show.class, QueueCommand.Retry.class,
        QueueCommand.Hold.class, QueueCommand.Release.class, QueueCommand.Delete.class})
final class QueueCommand implements Runnable {

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Override
  public void run() {
    throw new CliException("queue: give a subcommand: list, show ID, retry [ID], hold ID, release ID, delete ID"
        + " (see sealpost queue --help)");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List queued messages.")
  static final class ListQueue implements Runnable {
    @Mixin DataDirOptions where;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "One JSON array of messages.")
    boolean json;

    @Override
    public void run() {
      Path spool = where.spoolDir();
      List<QueueEntry> entries = QueueInspector.list(spool);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ArrayNode all = JSON.createArrayNode();
        for (QueueEntry e : entries) {
          ObjectNode n = all.addObject().put("id", e.queueId()).put("state", e.state())
              .put("received", e.receivedAt().toString()).put("size", e.sizeBytes()).put("sender", e.sender());
          e.recipients().forEach(n.putArray("recipients")::add);
          DeliveryState.read(spool, e.queueId()).ifPresent(s -> {
            n.put("attempts", s.attempts()).put("nextAttempt", s.nextAttempt().toString());
            lastError(s).ifPresent(err -> n.put("lastError", err));
          });
        }
        out.println(all.toPrettyString());
        out.flush();
        return;
      }
      if (entries.isEmpty()) {
        out.println("queue is empty");
        out.flush();
        return;
      }
      out.printf("%-18s %-9s %-20s %10s %8s %-20s  %s%n", "ID", "STATE", "RECEIVED", "SIZE", "ATTEMPTS", "NEXT",
          "SENDER -> RECIPIENTS");
      for (QueueEntry e : entries) {
        Optional<DeliveryState> s = DeliveryState.read(spool, e.queueId());
        out.printf("%-18s %-9s %-20s %10d %8s %-20s  <%s> -> %s%n", e.queueId(), e.state(),
            e.receivedAt().toString().substring(0, 19), e.sizeBytes(),
            s.map(d -> String.valueOf(d.attempts())).orElse("0"),
            e.state().equals("outbound") ? s.map(d -> d.nextAttempt().toString().substring(0, 19)).orElse("now") : "-",
            e.sender(), String.join(", ", e.recipients()));
        s.flatMap(QueueCommand::lastError).ifPresent(err -> out.println("    last error: " + err));
      }
      out.println(entries.size() + " message(s)");
      out.flush();
    }
  }

  /** A pending recipient's last temporary failure, for the list. */
  static Optional<String> lastError(DeliveryState s) {
    return s.recipients().values().stream().filter(o -> o.kind() == RecipientOutcome.Kind.TRANSIENT)
        .map(o -> o.status() + " " + o.diagnostic() + (o.remoteMta().isEmpty() ? "" : " (" + o.remoteMta() + ")"))
        .findFirst();
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show one message: envelope, each recipient's state, headers.")
  static final class Show implements Callable<Integer> {
    @Mixin DataDirOptions where;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The queue id, as `sealpost queue list` shows it.")
    String id;

    @Option(names = "--body", description = "Print the whole message, not only its header.")
    boolean body;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      checkId(id);
      Path spool = where.spoolDir();
      SpooledMessage m = QueueInspector.show(spool, id)
          .orElseThrow(() -> new CliException("queue show: " + id + " is not in the queue"));
      Optional<DeliveryState> state = DeliveryState.read(spool, id);
      String state0 = QueueInspector.list(spool).stream().filter(e -> e.queueId().equals(id)).map(QueueEntry::state)
          .findFirst().orElse("?");
      String content = content(m, body);
      PrintWriter out = spec.commandLine().getOut();
      var env = m.envelope();
      if (json) {
        ObjectNode n = JSON.createObjectNode().put("id", id).put("state", state0)
            .put("received", env.receivedAt().toString()).put("sender", env.reversePath()).put("size", m.bodySize())
            .put("requireTls", env.requireTls()).put("client", env.clientAddress()).put("helo", env.heloName());
        env.authenticatedUser().ifPresent(u -> n.put("authenticatedUser", u));
        env.envId().ifPresent(v -> n.put("envid", v));
        env.ret().ifPresent(v -> n.put("ret", v));
        state.ifPresent(s -> n.put("attempts", s.attempts()).put("nextAttempt", s.nextAttempt().toString()));
        ArrayNode rcpts = n.putArray("recipients");
        for (int i = 0; i < env.recipients().size(); i++) {
          EnvelopeRecipient r = env.recipients().get(i);
          RecipientOutcome o = outcome(state, i);
          ObjectNode rn = rcpts.addObject().put("address", r.address()).put("local", r.local())
              .put("state", recipientState(r, o));
          r.dsnNotify().forEach(rn.putArray("notify")::add);
          r.orcpt().ifPresent(v -> rn.put("orcpt", v));
          if (o != null) {
            rn.put("status", o.status()).put("diagnostic", o.diagnostic()).put("remoteMta", o.remoteMta());
          }
        }
        n.put(body ? "message" : "header", content);
        out.println(n.toPrettyString());
        out.flush();
        return 0;
      }
      out.println("id:        " + id + " (" + state0 + ")");
      out.println("received:  " + env.receivedAt() + " from " + env.clientAddress() + " (" + env.heloName() + ")"
          + env.authenticatedUser().map(u -> ", authenticated as " + u).orElse(""));
      out.println("sender:    <" + env.reversePath() + ">" + env.envId().map(v -> " ENVID=" + v).orElse("")
          + env.ret().map(v -> " RET=" + v).orElse(""));
      out.println("size:      " + m.bodySize() + " octets" + (env.requireTls() ? ", REQUIRETLS" : ""));
      state.ifPresent(s -> out.println("attempts:  " + s.attempts() + (state0.equals("outbound")
          ? ", next " + s.nextAttempt() : "")));
      for (int i = 0; i < env.recipients().size(); i++) {
        EnvelopeRecipient r = env.recipients().get(i);
        RecipientOutcome o = outcome(state, i);
        out.println("recipient: <" + r.address() + "> " + recipientState(r, o)
            + (r.dsnNotify().isEmpty() ? "" : " NOTIFY=" + String.join(",", r.dsnNotify()))
            + (o == null ? "" : " " + o.status() + " " + o.diagnostic()
                + (o.remoteMta().isEmpty() ? "" : " (" + o.remoteMta() + ")")));
      }
      out.println();
      out.print(content);
      out.flush();
      return 0;
    }

    private static RecipientOutcome outcome(Optional<DeliveryState> state, int index) {
      return state.map(s -> s.recipients().get(index)).orElse(null);
    }
  }

  private static String recipientState(EnvelopeRecipient r, RecipientOutcome o) {
    if (r.local()) {
      return "local";
    }
    if (o == null) {
      return "pending";
    }
    return switch (o.kind()) {
      case DELIVERED -> "delivered";
      case TRANSIENT -> "pending";
      case PERMANENT -> "failed";
    };
  }

  /** The header block (up to the empty line), or everything; never more than 1 MiB of header. */
  private static String content(SpooledMessage m, boolean whole) throws IOException {
    try (InputStream in = m.body()) {
      if (whole) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      StringBuilder header = new StringBuilder();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null && !line.isEmpty() && header.length() < (1 << 20); ) {
        header.append(line).append('\n');
      }
      return header.toString();
    }
  }

  private static void checkId(String id) {
    if (!QueueIds.isValid(id)) {
      throw new CliException("'" + id + "' is not a queue id (as `sealpost queue list` shows it)");
    }
  }

  /** A change to the queue: through the running server, or on the files of a stopped one. */
  abstract static class Change implements Callable<Integer> {
    @Mixin DataDirOptions where;
    @Spec CommandSpec spec;

    /** The control request for a running server. */
    abstract String request();

    /** The same on a stopped server's files. */
    abstract String offline(StoppedQueue queue) throws IOException, ControlException;

    @Override
    public Integer call() throws IOException {
      Path data = where.dataDirectory();
      PrintWriter out = spec.commandLine().getOut();
      Optional<String> reply = ControlClient.request(data.resolve("control.sock"), request());
      if (reply.isPresent()) {
        if (reply.get().startsWith("ok ")) {
          out.println(reply.get().substring(3));
          out.flush();
          return 0;
        }
        throw new CliException(reply.get().startsWith("error ") ? reply.get().substring(6) : reply.get());
      }
      DataDirLock lock;
      try {
        lock = DataDirLock.acquire(data);
      } catch (dev.sealpost.server.StartupException e) {
        throw new CliException("a server holds " + data + " but its control socket does not answer; try again"
            + " once it has started, or stop it");
      }
      try (lock) {
        out.println(offline(new StoppedQueue(where.spoolDir(), Clock.systemUTC())) + " (server not running)");
        out.flush();
        return 0;
      } catch (ControlException e) {
        throw new CliException(e.getMessage());
      }
    }
  }

  @Command(name = "retry", mixinStandardHelpOptions = true,
      description = "Try a message now (or all, without ID), whatever its backoff says. Held messages are not tried.")
  static final class Retry extends Change {
    @Parameters(paramLabel = "ID", arity = "0..1", description = "The queue id; all messages when left out.")
    String id;

    @Override
    String request() {
      if (id != null) {
        checkId(id);
      }
      return "queue-retry " + (id == null ? "*" : id);
    }

    @Override
    String offline(StoppedQueue queue) throws IOException, ControlException {
      if (id != null) {
        return QueueCommands.describe(queue.retry(id), id, "will be tried at the next start");
      }
      int n = 0;
      for (QueueEntry e : QueueInspector.list(where.spoolDir())) {
        if (e.state().equals("outbound") && queue.retry(e.queueId()) == OutboundQueue.AdminResult.DONE) {
          n++;
        }
      }
      return n + " message(s) will be tried at the next start";
    }
  }

  @Command(name = "hold", mixinStandardHelpOptions = true, description = "Keep a message from being tried until released.")
  static final class Hold extends Change {
    @Parameters(paramLabel = "ID") String id;

    @Override
    String request() {
      checkId(id);
      return "queue-hold " + id;
    }

    @Override
    String offline(StoppedQueue queue) throws IOException, ControlException {
      return QueueCommands.describe(queue.hold(id), id, "held");
    }
  }

  @Command(name = "release", mixinStandardHelpOptions = true, description = "Take a message off hold and try it.")
  static final class Release extends Change {
    @Parameters(paramLabel = "ID") String id;

    @Override
    String request() {
      checkId(id);
      return "queue-release " + id;
    }

    @Override
    String offline(StoppedQueue queue) throws IOException, ControlException {
      return QueueCommands.describe(queue.release(id), id, "released, tried at the next start");
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a waiting or held message for good, without telling the sender.")
  static final class Delete extends Change {
    @Parameters(paramLabel = "ID") String id;

    @Override
    String request() {
      checkId(id);
      return "queue-delete " + id;
    }

    @Override
    String offline(StoppedQueue queue) throws IOException, ControlException {
      return QueueCommands.describe(queue.delete(id), id, "deleted");
    }
  }
}
