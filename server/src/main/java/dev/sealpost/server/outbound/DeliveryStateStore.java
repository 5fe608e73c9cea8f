package dev.sealpost.server.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One JSON file per queued message under {@code spool/outbound-state/}, replaced atomically (write,
 * fsync, rename, fsync the directory): a crash leaves the old state or the new, never half of one.
 */
final class DeliveryStateStore {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Path dir;

  DeliveryStateStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  Optional<DeliveryState> load(String queueId) {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(file(queueId)), DeliveryState.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // A damaged state only costs a repeat attempt: recipients may get the message twice, never zero times.
      return Optional.empty();
    }
  }

  void save(String queueId, DeliveryState state) throws IOException {
    Path tmp = dir.resolve(queueId + ".tmp");
    Files.write(tmp, JSON.writeValueAsBytes(state));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, file(queueId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  void delete(String queueId) throws IOException {
    Files.deleteIfExists(file(queueId));
  }

  private Path file(String queueId) {
    return dir.resolve(queueId + ".json");
  }
}
