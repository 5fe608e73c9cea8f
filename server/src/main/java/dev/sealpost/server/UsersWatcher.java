package dev.sealpost.server;

import dev.sealpost.server.auth.UsersFile;
import dev.sealpost.server.auth.UsersFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the users file current: `sealpost user add` changes the file, and the running server sees the
 * change within seconds without a restart. A broken new file is refused and the old one kept.
 */
final class UsersWatcher implements Supplier<UsersFile> {

  private static final Logger LOG = LoggerFactory.getLogger(UsersWatcher.class);

  private final Path file;
  private final AtomicReference<UsersFile> current;
  private volatile FileTime seen;

  UsersWatcher(Path file) {
    this.file = file;
    this.current = new AtomicReference<>(UsersFile.load(file));
    this.seen = modified();
  }

  @Override
  public UsersFile get() {
    return current.get();
  }

  /** Called periodically off the event loop. */
  void poll() {
    FileTime now = modified();
    if (now == null || now.equals(seen)) {
      return;
    }
    try {
      current.set(UsersFile.load(file));
      seen = now;
      LOG.info("event=users-reloaded file={} users={}", file, current.get().users().size());
    } catch (UsersFileException e) {
      seen = now;
      LOG.error("event=users-reload-failed keeping=previous error=\"{}\"", e.getMessage());
    }
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }
}
