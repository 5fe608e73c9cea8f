package dev.sealpost.server.control;

import dev.sealpost.server.outbound.OutboundQueue;
import dev.sealpost.server.spool.QueueIds;
import java.util.List;

/** {@code queue-hold|queue-release|queue-delete|queue-retry ID}, and {@code queue-retry *} for all. */
public final class QueueCommands {

  private QueueCommands() {}

  public static List<ControlCommand> of(OutboundQueue queue) {
    return List.of(
        command("queue-hold", id -> describe(queue.hold(id), id, "held")),
        command("queue-release", id -> describe(queue.release(id), id, "released, trying now")),
        command("queue-delete", id -> describe(queue.delete(id), id, "deleted")),
        new ControlCommand() {
          @Override
          public String name() {
            return "queue-retry";
          }

          @Override
          public String run(List<String> args) throws Exception {
            if (args.size() == 1 && args.getFirst().equals("*")) {
              return queue.retryAll() + " message(s) being tried now";
            }
            String id = id(args);
            return describe(queue.retry(id), id, "being tried now");
          }
        });
  }

  private interface Action {
    String run(String queueId) throws Exception;
  }

  private static ControlCommand command(String name, Action action) {
    return ControlCommand.of(name, args -> action.run(id(args)));
  }

  private static String id(List<String> args) throws ControlException {
    if (args.size() != 1 || !QueueIds.isValid(args.getFirst())) {
      throw new ControlException("give one queue id (as `sealpost queue list` shows it)");
    }
    return args.getFirst();
  }

  /** The reply for a result: the message of success, or why not. */
  public static String describe(OutboundQueue.AdminResult result, String id, String done) throws ControlException {
    return switch (result) {
      case DONE -> id + " " + done;
      case NOT_FOUND -> throw new ControlException(id + " is not in the queue");
      case NOT_OUTBOUND -> throw new ControlException(id + " is not waiting for remote delivery (held, or being"
          + " delivered locally)");
      case NOT_HELD -> throw new ControlException(id + " is not on hold");
    };
  }
}
