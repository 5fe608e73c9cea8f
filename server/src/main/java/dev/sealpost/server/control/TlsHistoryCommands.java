package dev.sealpost.server.control;

import dev.sealpost.server.outbound.OutboundQueue;
import dev.sealpost.server.outbound.TlsHistory;
import java.util.List;

/**
 * {@code tls-history-forget HOST}: an administrator who knows an MX host dropped TLS for good lets its
 * deferred mail go at the next attempt. It has to reach the running server's memory: a second process
 * editing the file would be overwritten.
 */
public final class TlsHistoryCommands {

  private TlsHistoryCommands() {}

  public static ControlCommand forget(OutboundQueue queue) {
    return new ControlCommand() {
      @Override
      public String name() {
        return "tls-history-forget";
      }

      @Override
      public String run(List<String> args) throws ControlException {
        if (args.size() != 1 || !args.getFirst().matches("[A-Za-z0-9.-]{1,253}")) {
          throw new ControlException("give one MX host name");
        }
        TlsHistory history = queue.tlsHistory().orElseThrow(() -> new ControlException("no TLS history here"));
        if (!history.forget(args.getFirst())) {
          throw new ControlException(args.getFirst() + " is not remembered");
        }
        return args.getFirst() + " forgotten: its mail goes as its policy allows from the next attempt";
      }
    };
  }
}
