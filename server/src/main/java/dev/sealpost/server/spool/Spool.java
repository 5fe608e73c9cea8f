package dev.sealpost.server.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletionException;

/**
 * The durable message spool. A message is written to tmp/, and {@link SpoolWriter#commit} makes it
 * durable and renames it to incoming/ in one group commit; local delivery then deletes it or moves it
 * to outbound/ for remote delivery. A file in incoming/ or outbound/ is therefore always complete.
 */
public final class Spool {

  private final SpoolLayout layout;
  private final GroupCommitter committer;

  private Spool(SpoolLayout layout, GroupCommitter committer) {
    this.layout = layout;
    this.committer = committer;
  }

  /** Creates (mode 700) the spool directories under {@code spoolDir} when missing. */
  public static Spool open(Path spoolDir, GroupCommitter committer) {
    SpoolLayout layout = new SpoolLayout(spoolDir.toAbsolutePath());
    layout.create();
    return new Spool(layout, committer);
  }

  /**
   * Starts spooling a message for {@code envelope}: creates tmp/&lt;queue id&gt; and writes the header.
   * Does page-cache I/O only, so it may run on an event loop.
   *
   * @throws IllegalArgumentException if the queue id is not one made by {@link QueueIds}
   * @throws UncheckedIOException if the file cannot be created
   */
  public SpoolWriter begin(Envelope envelope) {
    String id = checkId(envelope.queueId());
    byte[] header = SpoolFormat.header(EnvelopeJson.write(envelope));
    Path tmp = layout.tmp().resolve(id);
    FileChannel ch;
    try {
      ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          Fsync.FILE_MODE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create spool file " + tmp, e);
    }
    return new SpoolWriter(id, ch, tmp, incomingFile(id), committer, header);
  }

  public Path directory() {
    return layout.root();
  }

  public Path incomingFile(String queueId) {
    return layout.incoming().resolve(checkId(queueId));
  }

  public Path outboundFile(String queueId) {
    return layout.outbound().resolve(checkId(queueId));
  }

  /** A held message's file: it is not tried until released. */
  public Path holdFile(String queueId) {
    return layout.hold().resolve(checkId(queueId));
  }

  /** The directory of messages awaiting remote delivery. */
  public Path outboundDirectory() {
    return layout.outbound();
  }

  public GroupCommitter committer() {
    return committer;
  }

  /** Moves incoming/&lt;id&gt; to outbound/ durably. Blocks until the directory fsync: not on an event loop. */
  public void moveToOutbound(String queueId) throws IOException {
    Files.move(incomingFile(queueId), outboundFile(queueId), StandardCopyOption.ATOMIC_MOVE);
    try {
      committer.syncDirectory(layout.outbound()).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException("cannot sync " + layout.outbound(), e);
    }
  }

  /** Deletes incoming/&lt;id&gt; once every recipient has it; false when it was already gone. */
  public boolean deleteIncoming(String queueId) throws IOException {
    return Files.deleteIfExists(incomingFile(queueId));
  }

  /** Moves a file whose header cannot be read to corrupt/; returns its new path. */
  public Path quarantine(Path file) throws IOException {
    return layout.quarantine(file);
  }

  private static String checkId(String queueId) {
    if (!QueueIds.isValid(queueId)) {
      throw new IllegalArgumentException("not a queue id: " + queueId);
    }
    return queueId;
  }
}
