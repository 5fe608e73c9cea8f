package dev.sealpost.server.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Read-only view of the queue for the CLI, safe while a server runs: files that move or vanish while
 * being read are skipped, and corrupt ones are skipped rather than moved (recovery does that).
 */
public final class QueueInspector {

  private QueueInspector() {}

  /** The messages in incoming/, outbound/ and hold/, oldest first. */
  public static List<QueueEntry> list(Path spoolDir) {
    SpoolLayout layout = new SpoolLayout(spoolDir);
    List<QueueEntry> out = new ArrayList<>();
    collect(layout.incoming(), "incoming", out);
    collect(layout.outbound(), "outbound", out);
    collect(layout.hold(), "held", out);
    out.sort(Comparator.comparing(QueueEntry::queueId));
    return out;
  }

  /**
   * The message with this id, from incoming/ or outbound/.
   *
   * @throws IllegalArgumentException if {@code queueId} is not a queue id (so never a path)
   */
  public static Optional<SpooledMessage> show(Path spoolDir, String queueId) {
    if (!QueueIds.isValid(queueId)) {
      throw new IllegalArgumentException("not a queue id: " + queueId);
    }
    SpoolLayout layout = new SpoolLayout(spoolDir);
    for (Path dir : List.of(layout.incoming(), layout.outbound(), layout.hold())) {
      Optional<SpooledMessage> m = read(dir.resolve(queueId));
      if (m.isPresent()) {
        return m;
      }
    }
    return Optional.empty();
  }

  private static void collect(Path dir, String state, List<QueueEntry> out) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (QueueIds.isValid(f.getFileName().toString())) {
          read(f).ifPresent(m -> out.add(entry(m, state)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static QueueEntry entry(SpooledMessage m, String state) {
    Envelope e = m.envelope();
    return new QueueEntry(e.queueId(), state, e.receivedAt(), e.reversePath(),
        e.recipients().stream().map(EnvelopeRecipient::address).toList(), m.bodySize());
  }

  private static Optional<SpooledMessage> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(SpoolReader.open(file));
    } catch (SpoolCorruptException | UncheckedIOException e) {
      return Optional.empty();
    }
  }
}
