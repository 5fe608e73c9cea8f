package dev.sealpost.server.inbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The verdict of a message kept beside it in spool/auth/ID until local delivery has used it: the header
 * to add, and "quarantine" on the first line when it goes to Junk. Written durably before the 250, so a
 * crash does not deliver a quarantined message to the inbox.
 */
public final class InboundVerdicts {

  private final Path dir;

  public InboundVerdicts(Path spoolDir) {
    this.dir = spoolDir.resolve("auth");
  }

  /**
   * Saves through the spool's group committer: written to a temporary file, then forced, renamed and the
   * directory synced in the next batch, with other sessions' commits (one fsync per batch, not per message).
   */
  public java.util.concurrent.CompletableFuture<Void> save(String queueId, InboundVerdict v,
      dev.sealpost.server.spool.GroupCommitter committer) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(queueId + ".tmp");
      java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE);
      try {
        ch.write(java.nio.ByteBuffer.wrap(bytes(v)));
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      return committer.commit(ch, tmp, dir.resolve(queueId));
    } catch (IOException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  private static byte[] bytes(InboundVerdict v) {
    return ((v.quarantine() ? "quarantine" : "inbox") + "\n" + v.header()).getBytes(StandardCharsets.UTF_8);
  }

  public Optional<InboundVerdict> load(String queueId) {
    try {
      String text = Files.readString(dir.resolve(queueId), StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      return Optional.of(new InboundVerdict(text.substring(nl + 1), text.startsWith("quarantine"), Optional.empty()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // a damaged verdict: delivered as unchecked rather than not at all
    }
  }

  public void delete(String queueId) {
    try {
      Files.deleteIfExists(dir.resolve(queueId));
    } catch (IOException ignored) {
      // a stale verdict file is harmless: ids are never reused
    }
  }
}
