package dev.sealpost.server.inbound;

import dev.sealpost.server.auth.AtomicFileWriter;
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

  public void save(String queueId, InboundVerdict v) throws IOException {
    Files.createDirectories(dir);
    AtomicFileWriter.write(dir.resolve(queueId), ((v.quarantine() ? "quarantine" : "inbox") + "\n" + v.header())
        .getBytes(StandardCharsets.UTF_8));
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
