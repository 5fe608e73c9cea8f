package dev.sealpost.cli;

import dev.sealpost.server.spool.QueueEntry;
import dev.sealpost.server.spool.QueueInspector;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "queue", mixinStandardHelpOptions = true, description = "Inspect the mail queue.",
    subcommands = {QueueCommand.ListQueue.class})
final class QueueCommand implements Runnable {

  @Override
  public void run() {
    throw new CliException("queue: give a subcommand: list (see sealpost queue --help)");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List queued messages.")
  static final class ListQueue implements Runnable {
    @Mixin DataDirOptions where;

    @Override
    public void run() {
      List<QueueEntry> entries = QueueInspector.list(where.spoolDir());
      if (entries.isEmpty()) {
        System.out.println("queue is empty");
        return;
      }
      System.out.printf("%-18s %-9s %-20s %10s  %s%n", "ID", "STATE", "RECEIVED", "SIZE", "SENDER -> RECIPIENTS");
      for (QueueEntry e : entries) {
        System.out.printf("%-18s %-9s %-20s %10d  <%s> -> %s%n", e.queueId(), e.state(),
            e.receivedAt().toString().substring(0, 19), e.sizeBytes(), e.sender(), String.join(", ", e.recipients()));
      }
      System.out.println(entries.size() + " message(s)");
    }
  }
}
