package dev.sealpost.server.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sealpost.server.auth.AtomicFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file behind {@link TlsHistory}, {@code DATA/tls-history.json}:
 * {@code {"version":1,"hosts":[{"host":"mx.example.com","lastVerified":"2026-11-01T10:00:00Z",
 * "protocol":"TLSv1.3","sha256":"ab12..."}]}}. One file rather than one per host: the table is bounded
 * and evicted as a whole, and it is small (about 150 bytes a host). Replaced atomically (temporary file,
 * fsync, rename, fsync of the directory). A file that cannot be read is moved aside and the history
 * starts empty: losing the memory weakens protection for a while, refusing to start would stop all mail.
 */
final class TlsHistoryFile {

  private static final Logger LOG = LoggerFactory.getLogger(TlsHistoryFile.class);
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final int VERSION = 1;

  record Stored(int version, List<TlsHistory.Sighting> hosts) {}

  private final Path path;

  TlsHistoryFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  Path path() {
    return path;
  }

  /** The stored sightings; empty, with a warning, when the file is missing, unreadable or damaged. Never throws. */
  List<TlsHistory.Sighting> load() {
    try {
      Stored s = JSON.readValue(Files.readAllBytes(path), Stored.class);
      if (s == null || s.version() != VERSION || s.hosts() == null || s.hosts().contains(null)) {
        throw new IOException("not a version " + VERSION + " TLS history");
      }
      return s.hosts();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException | RuntimeException e) {
      Path aside = path.resolveSibling(path.getFileName() + ".corrupt");
      try {
        Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException moveFailed) {
        aside = path; // left in place; the next save replaces it
      }
      LOG.warn("event=tls-history-unreadable file={} kept-as={} error=\"{}\" action=start-empty", path, aside,
          e.toString().replace('"', '\''));
      return List.of();
    }
  }

  void save(Collection<TlsHistory.Sighting> hosts) throws IOException {
    Files.createDirectories(path.getParent());
    AtomicFileWriter.write(path, JSON.writeValueAsBytes(new Stored(VERSION, List.copyOf(hosts))));
  }
}
