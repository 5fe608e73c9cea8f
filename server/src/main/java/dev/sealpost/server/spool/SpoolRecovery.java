package dev.sealpost.server.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the spool back to a known state at start, before any listener opens. tmp/ only ever holds
 * messages that were never acknowledged with 250, so they are deleted. Every file in incoming/ was
 * committed but maybe not (fully) delivered, so it is delivered again: at-least-once. A file that does
 * not parse goes to corrupt/ with a WARN; a bad file never stops the server.
 */
public final class SpoolRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

  /** What recovery found, oldest first. */
  public record Recovered(List<String> incoming, List<String> outbound) {
    public Recovered {
      incoming = List.copyOf(incoming);
      outbound = List.copyOf(outbound);
    }
  }

  private SpoolRecovery() {}

  /** Recovers the spool and returns the ids in incoming/ to hand to local delivery. */
  public static List<String> recover(Path spoolDir) {
    return recoverAll(spoolDir).incoming();
  }

  /**
   * Recovers the spool and returns the ids in incoming/ and in outbound/. Call it once at start, before
   * any listener accepts mail: it deletes whatever is in tmp/.
   *
   * @throws UncheckedIOException only if a spool directory itself cannot be listed
   */
  public static Recovered recoverAll(Path spoolDir) {
    SpoolLayout layout = new SpoolLayout(spoolDir.toAbsolutePath());
    int cleared = 0;
    for (Path f : list(layout.tmp())) {
      try {
        Files.deleteIfExists(f);
        cleared++;
      } catch (IOException e) {
        LOG.warn("event=spool-tmp-delete-failed file={} error=\"{}\"", f, e.toString());
      }
    }
    if (cleared > 0) {
      LOG.info("event=spool-tmp-cleared files={} reason=incomplete-writes-never-acknowledged", cleared);
    }
    Recovered r = new Recovered(valid(layout, layout.incoming()), valid(layout, layout.outbound()));
    LOG.info("event=spool-recovered incoming={} outbound={}", r.incoming().size(), r.outbound().size());
    return r;
  }

  /** The ids of the files in {@code dir} that parse; the others are moved to corrupt/. */
  private static List<String> valid(SpoolLayout layout, Path dir) {
    List<String> ids = new ArrayList<>();
    for (Path f : list(dir)) {
      String name = f.getFileName().toString();
      try {
        if (!QueueIds.isValid(name) || !Files.isRegularFile(f)) {
          throw new SpoolCorruptException(f, "not a spool file name");
        }
        Envelope e = SpoolReader.open(f).envelope();
        if (!e.queueId().equals(name)) {
          throw new SpoolCorruptException(f, "envelope names queue id " + e.queueId());
        }
        ids.add(name);
      } catch (SpoolCorruptException e) {
        quarantine(layout, f, e);
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof NoSuchFileException)) {
          LOG.warn("event=spool-file-unreadable file={} error=\"{}\" action=left-in-place", f, e.getCause());
        }
      }
    }
    ids.sort(null); // queue ids sort by time
    return ids;
  }

  private static void quarantine(SpoolLayout layout, Path f, SpoolCorruptException why) {
    try {
      Path to = layout.quarantine(f);
      LOG.warn("event=spool-file-corrupt file={} moved-to={} reason=\"{}\"", f, to, why.getMessage());
    } catch (IOException e) {
      LOG.warn("event=spool-file-corrupt file={} reason=\"{}\" move-failed=\"{}\"", f, why.getMessage(), e);
    }
  }

  private static List<Path> list(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list spool directory " + dir, e);
    }
    return out;
  }
}
