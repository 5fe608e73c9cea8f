package dev.sealpost.server.spool;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The administrator's moves of a queued message between outbound/ (tried), hold/ (kept, not tried) and
 * nowhere (deleted). Each is one atomic rename or unlink followed by an fsync of the directories, so a
 * crash leaves the message in one place. Used by the running server and, when none runs, by the CLI.
 */
public final class QueueFiles {

  /** Where a message of the outbound queue is. */
  public enum Place { OUTBOUND, HELD, INCOMING, ABSENT }

  private final SpoolLayout layout;

  public QueueFiles(Path spoolDir) {
    this.layout = new SpoolLayout(spoolDir.toAbsolutePath());
  }

  /**
   * @throws IllegalArgumentException if {@code queueId} is not a queue id (so never a path)
   */
  public Place find(String queueId) {
    check(queueId);
    if (Files.exists(layout.outbound().resolve(queueId))) {
      return Place.OUTBOUND;
    }
    if (Files.exists(layout.hold().resolve(queueId))) {
      return Place.HELD;
    }
    if (Files.exists(layout.incoming().resolve(queueId))) {
      return Place.INCOMING;
    }
    return Place.ABSENT;
  }

  /** outbound/ → hold/; false when the message is not in outbound/. */
  public boolean hold(String queueId) throws IOException {
    return move(layout.outbound(), layout.hold(), check(queueId));
  }

  /** hold/ → outbound/; false when the message is not held. */
  public boolean release(String queueId) throws IOException {
    return move(layout.hold(), layout.outbound(), check(queueId));
  }

  /** Removes the message from outbound/ or hold/; false when it is in neither. */
  public boolean delete(String queueId) throws IOException {
    check(queueId);
    for (Path dir : new Path[] {layout.outbound(), layout.hold()}) {
      if (Files.deleteIfExists(dir.resolve(queueId))) {
        Fsync.directory(dir);
        return true;
      }
    }
    return false;
  }

  /** The ids in hold/. */
  public java.util.List<String> held() throws IOException {
    if (!Files.isDirectory(layout.hold())) {
      return java.util.List.of();
    }
    try (var s = Files.list(layout.hold())) {
      return s.map(p -> p.getFileName().toString()).filter(QueueIds::isValid).sorted().toList();
    }
  }

  private static boolean move(Path from, Path to, String queueId) throws IOException {
    Files.createDirectories(to, Fsync.DIRECTORY_MODE);
    try {
      Files.move(from.resolve(queueId), to.resolve(queueId), StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return false;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot move " + queueId + " atomically between " + from + " and " + to, e);
    }
    Fsync.directory(to);
    Fsync.directory(from);
    return true;
  }

  private static String check(String queueId) {
    if (!QueueIds.isValid(queueId)) {
      throw new IllegalArgumentException("not a queue id: " + queueId);
    }
    return queueId;
  }
}
